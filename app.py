"""产教融合知识图谱 — the explorer. Run ``streamlit run app.py`` (or ``kg app``); serves on 127.0.0.1.

Works on the embedded store with zero set-up (opened read-only, per query) and on Neo4j when configured
(KG_STORE=neo4j, NEO4J_URI …). Chinese interface with an English switch; labels live in pages/i18n.py.
"""
from __future__ import annotations

import streamlit as st

from pages.i18n import LANGS, t

st.set_page_config(page_title="产教融合知识图谱 · KG Explorer", layout="wide", initial_sidebar_state="expanded")

if "lang" not in st.session_state:
    st.session_state["lang"] = "zh"

PAGES = [  # (file, label key, icon)
    ("pages/overview.py", "page_overview", ":material/dashboard:"),
    ("pages/explore.py", "page_explore", ":material/hub:"),
    ("pages/gaps.py", "page_gaps", ":material/join_inner:"),
    ("pages/suggest.py", "page_suggest", ":material/recommend:"),
    ("pages/coverage.py", "page_coverage", ":material/insights:"),
    ("pages/workbench.py", "page_workbench", ":material/terminal:"),
    ("pages/ingest.py", "page_ingest", ":material/upload_file:"),
    ("pages/review.py", "page_review", ":material/fact_check:"),
]

with st.sidebar:
    st.markdown(f"### {t('app_title')}")
    st.radio(t("language"), options=list(LANGS), key="lang", horizontal=True,
             format_func=lambda x: {"zh": "中文", "en": "English"}[x])

nav = st.navigation([st.Page(path, title=t(key), icon=icon, default=(i == 0))
                     for i, (path, key, icon) in enumerate(PAGES)])

with st.sidebar:
    from kg.config import settings

    cfg = settings()
    where = t("store_embedded") if cfg.store == "embedded" else f"{t('store_neo4j')} · {cfg.neo4j_uri}"
    st.caption(f"{t('store')}: {where}")

nav.run()

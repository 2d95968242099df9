"""产教融合知识图谱 — the explorer. Run ``streamlit run app.py`` (or ``kg app``); serves on 127.0.0.1.

Works on the embedded store with zero set-up (opened read-only, per query) and on Neo4j when configured
(KG_STORE=neo4j, NEO4J_URI …). Chinese interface with an English switch; labels live in explorer/i18n.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# the page scripts live in explorer/ (a folder named pages/ would switch Streamlit to its old
# directory-based navigation); make it importable however the app is started
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from explorer.i18n import LANGS, t  # noqa: E402
from explorer.launch import PAGES  # noqa: E402

st.set_page_config(page_title="产教融合知识图谱 · KG Explorer", layout="wide", initial_sidebar_state="expanded")

if "lang" not in st.session_state:
    st.session_state["lang"] = "zh"


with st.sidebar:
    st.markdown(f"### {t('app_title')}")
    st.radio(t("language"), options=list(LANGS), key="lang", horizontal=True,
             format_func=lambda x: {"zh": "中文", "en": "English"}[x])

nav = st.navigation([st.Page(path, title=t(key), default=(i == 0)) for i, (path, key) in enumerate(PAGES)])

with st.sidebar:
    from kg.config import settings

    cfg = settings()
    where = t("store_embedded") if cfg.store == "embedded" else f"{t('store_neo4j')} · {cfg.neo4j_uri}"
    st.caption(f"{t('store')}: {where}")

nav.run()

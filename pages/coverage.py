import streamlit as st
from pages.i18n import t
st.title(t("page_coverage"))

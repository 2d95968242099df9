import streamlit as st
from explorer.i18n import t
st.title(t("page_explore"))

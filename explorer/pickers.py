"""The province → college → professional group picker shared by the gaps, suggestions and coverage pages."""
from __future__ import annotations

import streamlit as st

from explorer import ui
from explorer.i18n import t, value
from queries import pickers


def province_college_group(prefix: str, allow_all_groups: bool = False) -> tuple[dict | None, dict | None]:
    """Three select boxes; returns (college row, group row or None for "all groups").

    Rows come from :func:`queries.pickers.group_choices` (cached on the graph version). The
    selection is shared between pages through session-state keys ``pick_province`` / ``pick_college`` /
    ``pick_group`` so a user moving from gaps to suggestions keeps the same group. A link may preselect
    them: ``?college=<学校标识码>&group=<group id>``.
    """
    rows = ui.call(pickers.group_choices) or []
    if not rows:
        st.info(t("gp_no_college"))
        return None, None
    qp_college, qp_group = st.query_params.get("college"), st.query_params.get("group")
    if qp_college and not st.session_state.get("pick_from_link"):
        st.session_state["pick_from_link"] = True
        hit = next((r for r in rows if r["moe_code"] == qp_college), None)
        if hit:
            st.session_state["pick_province"], st.session_state["pick_college"] = hit["province"], qp_college
            if qp_group:
                st.session_state["pick_group"] = qp_group
    provinces = sorted({r["province"] for r in rows})
    c1, c2, c3 = st.columns(3)
    prov = c1.selectbox(t("gp_province"), provinces, key=f"{prefix}-province",
                        index=_index(provinces, st.session_state.get("pick_province")))
    colleges = {}
    for r in rows:
        if r["province"] == prov:
            colleges.setdefault(r["moe_code"], r)
    codes = list(colleges)
    code = c2.selectbox(t("gp_college"), codes, key=f"{prefix}-college",
                        index=_index(codes, st.session_state.get("pick_college")),
                        format_func=lambda k: colleges[k]["college"])
    groups = {r["group_id"]: r for r in rows if r["moe_code"] == code}
    options = ([""] if allow_all_groups else []) + list(groups)
    gid = c3.selectbox(t("gp_group"), options, key=f"{prefix}-group",
                       index=_index(options, st.session_state.get("pick_group")),
                       format_func=lambda k: t("gp_all_groups") if k == "" else
                       f"{groups[k]['group']}" + (f" · {value(groups[k]['tier'])}" if groups[k].get("tier") else ""))
    st.session_state["pick_province"], st.session_state["pick_college"] = prov, code
    if gid:
        st.session_state["pick_group"] = gid
    return colleges.get(code), groups.get(gid)


def _index(options: list, value) -> int:
    return options.index(value) if value in options else 0

"""Partner suggestions: ranked firms, score parts as a bar chart, explanation paths drawn as small
graphs, filters (region, tags, size), download."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer import charts, tables, ui
from explorer.i18n import path_text, phrase, t, value
from explorer.pickers import province_college_group
from queries import graph, pickers, suggest

PARTS = ["industry", "demand", "proximity", "ties", "research", "tags"]
PART_LABELS = {"zh": {"industry": "产业匹配", "demand": "岗位需求", "proximity": "地理邻近", "ties": "已有合作",
                      "research": "科研合作", "tags": "企业资质"},
               "en": {"industry": "industry fit", "demand": "job demand", "proximity": "proximity",
                      "ties": "existing ties", "research": "research", "tags": "firm standing"}}

st.title(t("page_suggest"))
st.caption(t("sg_intro"))

college, group = province_college_group("suggest")
if college is None or group is None:
    st.stop()

facets = ui.call(pickers.firm_facets) or {"tags": [], "sizes": []}
f1, f2, f3, f4 = st.columns([2, 2, 2, 1])
provinces = sorted({r["province"] for r in ui.call(pickers.group_choices) or [] if r["province"]})
region = f1.selectbox(t("sg_region"), ["", "全国", *[p for p in provinces if p != college.get("province")]],
                      key="sg_region", format_func=lambda v: {"": f"{college.get('province') or ''} ({t('sg_default')})",
                                                              "全国": t("sg_nationwide")}.get(v, v))
tags = f2.multiselect(t("sg_tags"), facets["tags"], key="sg_tags", placeholder=t("any"), format_func=value)
sizes = f3.multiselect(t("sg_size"), facets["sizes"], key="sg_sizes", placeholder=t("any"), format_func=value)
top = f4.number_input(t("sg_top"), 3, 50, 10, key="sg_top")

with st.spinner(t("loading")):
    res = ui.call(pickers.suggest_filtered, group["group_id"], college["moe_code"], top=int(top),
                  region=region or None, tags=tags, sizes=sizes)
if res is None:
    st.stop()
for note in res.notes:
    st.caption(f"ℹ {phrase(note)}")
if res.empty:
    st.info(t("sg_none"))
    st.stop()
df = res.rows
counts = ui.call(graph.graph_counts)
if counts and not counts["relationships"].get("PARTNERS_WITH"):  # "existing ties" can only be 0
    st.warning(t("no_partnerships_any"))

labels = PART_LABELS["zh" if st.session_state.get("lang", "zh") == "zh" else "en"]
parts = [p for p in PARTS if p in df.columns]
PART_COLORS = dict(zip(PARTS, ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]))
st.subheader(t("sg_parts"))
# (HTML bars, explorer/charts.py: no chart library for a new session to load, #24)
charts.show([charts.Row(f"{r['rank']}. {r['firm']}", [charts.Part(float(r[p] or 0), PART_COLORS[p], labels[p])
                                                      for p in parts])
             for r in df.sort_values("rank").to_dict(orient="records")],
            axis=t("col_score"), legend=True, fmt=lambda v: f"{v:.3f}")

table = pd.DataFrame({"#": df["rank"], t("sg_firm"): df["firm"], t("col_score"): df["score"].round(3),
                      **{labels[p]: df[p].round(3) for p in parts},
                      t("sg_region"): df["region"], t("sg_tags"): df["firm_tags"].map(lambda v: "、".join(str(value(x)) for x in v or [])),
                      t("sg_size"): df["firm_size"].fillna("").map(value), t("sg_reasons"): df["reasons"].map(phrase)})
# key columns first (rank, firm, score, reasons); the score parts after them, scrolled inside the frame
table = table[["#", t("sg_firm"), t("col_score"), t("sg_reasons"),
               *[c for c in table.columns if c not in ("#", t("sg_firm"), t("col_score"), t("sg_reasons"))]]]
tables.show(table, height=560, wide=[t("sg_reasons")])  # HTML (explorer/tables.py): no grid code to load, #24
ui.downloads(df.drop(columns=["paths"]).assign(paths=df["paths"].map(lambda ps: " | ".join(p["text"] for p in ps))),
             f"suggestions-{group['group_id'].replace('/', '-')}", key="dl-suggest")

st.subheader(t("sg_paths"))
# the paths of every suggestion as text; the chosen firm's paths drawn as one small graph
firm_id = st.selectbox(t("sg_firm"), list(df["firm_id"]), key=f"sg_path_firm-{group['group_id']}",
                       format_func=lambda f: f"{int(df.loc[df['firm_id'] == f, 'rank'].iloc[0])}. "
                                             f"{df.loc[df['firm_id'] == f, 'firm'].iloc[0]}")
row = df[df["firm_id"] == firm_id].iloc[0]
merged = None
for p in row["paths"] or []:
    st.caption(f"[{labels.get(p.get('kind'), p.get('kind'))}] {path_text(p['text'])}")
    pg = graph.graph_from_explanation(p)
    if merged is None:
        merged = pg
    else:
        merged.nodes.update(pg.nodes)
        merged.edges.update(pg.edges)
if merged:
    ui.draw_graph(merged, key=f"sg-path-{firm_id}", height=300)
with st.expander(t("sg_all_paths")):
    for _, r in df.iterrows():
        st.markdown(f"**{r['rank']}. {r['firm']}** ({r['score']:.3f})")
        for p in r["paths"] or []:
            st.caption(f"[{labels.get(p.get('kind'), p.get('kind'))}] {path_text(p['text'])}")

# "Why not higher?": any firm (picked from the list or typed) beside the last suggested firm
with st.expander(t("sg_why")):
    w1, w2 = st.columns(2)
    picked = w1.selectbox(t("sg_why_pick"), ["", *df["firm"]], key=f"sg_why_pick-{group['group_id']}")
    typed = w2.text_input(t("sg_why_typed"), key=f"sg_why_typed-{group['group_id']}")
    target = (typed or picked or "").strip()
    if target:
        why = ui.call(suggest.why_not, group["group_id"], target, college["moe_code"], top=int(top),
                      region=region or None)
        if why is not None:
            st.markdown(t("sg_why_head", firm=why.firm, rank=why.rank or "–", score=why.score,
                          top=why.top, last=why.last, last_score=why.last_score))
            for note in why.notes:
                st.caption(f"ℹ {note}")
            parts_of = why.rows
            tables.show(pd.DataFrame({t("sg_part"): parts_of["part"].map(labels), t("sg_firm"): parts_of["firm"],
                                      why.last or "": parts_of["last_suggested"], "Δ": parts_of["gap"],
                                      t("sg_lacks"): parts_of["lacks"]}), wide=[t("sg_lacks")])

# a data steward lists the group's member majors (until then: "known by its lead major only")
with st.expander(t("sg_comp")):
    st.caption(t("sg_comp_help"))
    members = st.text_area(t("sg_comp"), key=f"sg_comp-{group['group_id']}", label_visibility="collapsed")
    lines = [m.strip() for m in (members or "").splitlines() if m.strip()]
    if lines:
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["院校(college)", "专业群(group)", "专业(major)", "角色(role)"])
        for m in lines:
            w.writerow([college.get("college") or college["moe_code"], group["group_id"], m, "成员"])
        st.download_button(t("sg_comp_dl"), buf.getvalue().encode("utf-8-sig"),
                           file_name=f"group-composition-{group['group_id'].replace('/', '-').replace(':', '-')}.csv",
                           mime="text/csv", key=f"sg_comp_dl-{group['group_id']}")

"""Ingest: upload → temporary folder → pick/detect kind → preview (highlighted spans + records + rejects)
→ write to the graph with a progress bar, only after the user confirms."""
from __future__ import annotations

import tempfile
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from explorer import ui
from explorer.i18n import rel_name, t, type_name, value
from explorer.highlight import displacy_html
from ingest.registry import UPLOAD_KINDS
from ingest.pipeline import IngestPreview, detect_kind, preview_ingest, write_ingest

KINDS = UPLOAD_KINDS

st.title(t("page_ingest"))
st.caption(t("in_intro"))

uploads = st.file_uploader(t("in_upload"), accept_multiple_files=True, key="in_files",
                           type=["md", "txt", "docx", "pdf", "html", "htm", "csv", "tsv", "xlsx", "xls", "json", "jsonl",
                                 "ndjson", "ttl", "jsonld", "nt", "rdf"])


def _save(files) -> list[Path]:
    """Write the uploads into this session's temporary folder (nothing reaches the graph)."""
    if "in_tmp" not in st.session_state:
        st.session_state["in_tmp"] = tempfile.mkdtemp(prefix="kg-upload-")
    folder = Path(st.session_state["in_tmp"])
    paths = []
    for f in files:
        p = folder / Path(f.name).name
        data = f.getvalue()
        if not p.exists() or p.read_bytes() != data:
            p.write_bytes(data)
        paths.append(p)
    return paths


if not uploads:
    st.session_state.pop("in_preview", None)
    st.stop()

paths = _save(uploads)
detected = {p.name: detect_kind(p) for p in paths}
kinds_found = {k for k in detected.values() if k}
for p in paths:
    k = detected[p.name]
    st.caption(t("in_file_kind", file=p.name, what=t("in_detected", kind=value(k)) if k else t("in_undetected")))
default = next(iter(kinds_found)) if len(kinds_found) == 1 else None
kind = st.selectbox(t("in_kind"), KINDS, index=KINDS.index(default) if default in KINDS else 0, key="in_kind",
                    format_func=value)

token = (kind, tuple(sorted((p.name, p.stat().st_size) for p in paths)))
if st.button(t("in_preview"), type="primary", key="in_preview_btn"):
    with st.status(t("loading"), expanded=False) as status:
        st.session_state["in_preview"] = (token, preview_ingest(ui.store(), kind, paths, {}))
        status.update(label=t("done"), state="complete")
    st.session_state.pop("in_written", None)

saved = st.session_state.get("in_preview")
if not saved or saved[0] != token:
    st.stop()
preview: IngestPreview = saved[1]
if preview.error:
    st.error(t("in_kind_unavailable", msg=preview.error) if "not available" in preview.error
             else t("in_failed", msg=preview.error))
    st.stop()

n_records = sum(preview.counts.values())
st.success(t("in_summary", docs=len(preview.documents), records=n_records, rejects=len(preview.rejects)))
if preview.counts:
    counts = pd.DataFrame([{"type": k, "n": v,
                            "name": type_name(k) if k in ui.TYPE_COLORS else rel_name(k),
                            "color": ui.TYPE_COLORS.get(k, "#9aa5b1")} for k, v in preview.counts.items()])
    st.altair_chart(alt.Chart(counts).mark_bar().encode(
        x=alt.X("n:Q", title=t("count")), y=alt.Y("name:N", sort="-x", axis=ui.band_axis()),
        color=alt.Color("color:N", scale=None),
        tooltip=[alt.Tooltip("name:N", title=t("type")), alt.Tooltip("n:Q", title=t("count"))],
    ).properties(height=ui.bar_height(len(counts))), width="stretch")

st.subheader(t("in_spans"))
names = {lb: type_name(lb) for lb in ui.TYPE_COLORS}
for i, doc in enumerate(preview.documents[:20]):
    with st.expander(f"{Path(doc.path).name} — {doc.title or ''} ({doc.records})", expanded=(i == 0)):
        if doc.text:
            labels = sorted({s["label"] for s in doc.spans})
            if labels:
                ui.legend(labels)
            st.html(f'<div class="kg-displacy" style="max-height:460px;overflow:auto">'
                    f'{displacy_html(doc.text, doc.spans, names, ui.TYPE_COLORS)}</div>')
        for line in doc.rejects[:50]:
            st.warning(line)

st.subheader(t("in_records"))
records = pd.DataFrame(preview.records)
if "type" in records.columns:  # a node label or relationship type → its name
    records["type"] = records["type"].map(lambda k: type_name(k) if k in ui.TYPE_COLORS else rel_name(k))
st.dataframe(ui.frame(records), width="stretch", hide_index=True, height=320)

st.subheader(t("in_rejects"))
if preview.rejects:
    st.dataframe(ui.frame(pd.DataFrame({"reason": preview.rejects})), width="stretch", hide_index=True)
else:
    st.caption(t("in_no_rejects"))

if st.button(t("in_confirm"), type="primary", key="in_confirm_btn"):
    bar = st.progress(0.0, text=t("in_writing"))

    def _progress(done: int, total: int, path: str) -> None:
        bar.progress(done / max(total, 1), text=f"{t('in_writing')} {done}/{total} {Path(path).name}")

    try:
        store = ui.write_store()
    except Exception as e:  # noqa: BLE001 - StoreError: locked by another writer, …
        st.error(t("in_failed", msg=str(e)))
        st.stop()
    try:
        store.apply_schema()
        summary = write_ingest(store, kind, paths, {}, on_progress=_progress)
    except Exception as e:  # noqa: BLE001 - one clear line for the user
        st.error(t("in_failed", msg=str(e).splitlines()[0] if str(e) else type(e).__name__))
        st.stop()
    finally:
        store.close()
    ui.after_write()
    st.session_state["in_written"] = summary

summary = st.session_state.get("in_written")
if summary:
    st.success(t("in_done", docs=summary["documents"], nodes=sum(summary["nodes"].values()),
                 rels=sum(summary["relationships"].values())))
    if summary["rejected"] or summary["skipped_relationships"]:
        st.dataframe(ui.frame(pd.DataFrame({"reason": summary["rejected"] + summary["skipped_relationships"]})),
                     width="stretch", hide_index=True)

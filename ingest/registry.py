"""The one list of ingest kinds: which function reads which kind of input. The CLI's help, the explorer's
ingest page and the tests take their lists of kinds from here (the evaluations are listed where `kg eval`
runs them: :data:`kgcli.eval_cmds.EVALUATIONS`).

Each kind's ``batches`` function has the signature::

    def batches(paths: list[pathlib.Path], store: kg.store.Store, options: dict) -> Iterator[ingest.base.Batch]

(``store`` is available for gazetteers built from the graph; the function must not write to it).
``reference`` takes the reference-data folder as its single path.

A kind is loaded on first use (its ``load`` imports the extractor module), so that `kg` starts without
importing every extractor. To add a kind: write ``ingest/<kind>.py`` with ``batches``, add one
:class:`Kind` below, add its test (docs/architecture.md, "Add a document type").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Kind:
    name: str
    load: Callable[[], Callable]  # → the kind's ``batches`` function
    reads_graph: bool = False  # runs without files (reads the graph already loaded)
    upload: bool = True  # offered on the explorer's ingest page
    title: tuple[str, str] | None = None  # (中文, English) shown for the kind in the explorer


def _reference():
    from ingest.reference import batches
    return batches


def _curriculum():
    from ingest.curriculum import batches
    return batches


def _policy():
    from ingest.policy import batches
    return batches


def _jobs():
    from ingest.jobs import batches
    return batches


def _teaches():
    from ingest.teaches import batches
    return batches


def _firm_profile():
    from ingest.firm_profile import batches
    return batches


def _partnerships():
    from ingest.partnerships import batches
    return batches


def _group_composition():
    from ingest.group_composition import batches
    return batches


def _rdf():
    from ingest.rdf import batches
    return batches


def _csv_export():
    from ingest.rdf import csv_batches
    return csv_batches


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("reference", _reference, upload=False, title=("参考数据", "reference data")),
    Kind("curriculum", _curriculum, title=("专业简介", "curriculum")),
    Kind("policy", _policy, title=("政策文件", "policy")),
    Kind("jobs", _jobs, reads_graph=True, title=("招聘信息", "job posts")),
    Kind("teaches", _teaches, reads_graph=True, upload=False),
    Kind("firm-profile", _firm_profile, title=("企业简介", "firm profile")),
    Kind("partnerships", _partnerships, title=("合作清单", "partnerships")),
    Kind("group-composition", _group_composition, upload=False),
    Kind("rdf", _rdf, title=("RDF 数据", "RDF")),
    Kind("csv-export", _csv_export, title=("CSV 导出", "CSV export")),
)}

#: the kinds a user may upload on the explorer's ingest page, in the order offered
UPLOAD_KINDS: list[str] = [k.name for k in KINDS.values() if k.upload]
#: the kinds that run without files
GRAPH_KINDS: tuple[str, ...] = tuple(k.name for k in KINDS.values() if k.reads_graph)


def ingest_function(kind: str) -> Callable:
    if kind not in KINDS:
        raise LookupError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    return KINDS[kind].load()

"""Which function reads which kind of input, and which evaluates which extractor.

Each ingest kind maps to ``"module:function"`` with the signature::

    def batches(paths: list[pathlib.Path], store: kg.store.Store, options: dict) -> Iterator[ingest.base.Batch]

(``store`` is available for gazetteers built from the graph; the function must not write to it).
``reference`` takes the reference-data folder as its single path. Each eval maps to a function
``evaluate(store | None) -> dict`` returning ``{"extractor": ..., "fields": {field: {"precision", "recall",
"f1", "tp", "fp", "fn"}}, ...}``.
"""
from __future__ import annotations

import importlib
from typing import Callable

KINDS: dict[str, str] = {
    "reference": "ingest.reference:batches",
    "curriculum": "ingest.curriculum:batches",
    "policy": "ingest.policy:batches",
    "jobs": "ingest.jobs:batches",
    "teaches": "ingest.teaches:batches",
    "firm-profile": "ingest.firm_profile:batches",
    "partnerships": "ingest.partnerships:batches",
    "group-composition": "ingest.group_composition:batches",
    "rdf": "ingest.rdf:batches",
    "csv-export": "ingest.rdf:csv_batches",
}

EVALS: dict[str, str] = {
    "curriculum": "ingest.curriculum_eval:evaluate",
    "policy": "ingest.policy_eval:evaluate",
    "jobs": "ingest.jobs_eval:evaluate",
    "firms": "ingest.firms_eval:evaluate",
    "posts": "ingest.posts_eval:evaluate",
    "teaches": "ingest.teaches_eval:evaluate",
    "industry-linker": "ingest.major_industry_train:evaluate_cli",
}


def resolve(target: str) -> Callable:
    mod, fn = target.split(":")
    try:
        module = importlib.import_module(mod)
    except ModuleNotFoundError as e:
        if e.name == mod:
            raise LookupError(f"{mod} is not available in this build") from None
        raise
    return getattr(module, fn)


def ingest_function(kind: str) -> Callable:
    if kind not in KINDS:
        raise LookupError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    return resolve(KINDS[kind])


def eval_function(name: str) -> Callable:
    if name not in EVALS:
        raise LookupError(f"unknown evaluation {name!r}; known: {', '.join(EVALS)}")
    return resolve(EVALS[name])

"""`kg eval NAME` — precision / recall / F1 of an extractor on its hand-annotated gold set, or the partner
suggestions against held-out postings. :data:`EVALUATIONS` is the one list of what `kg eval` runs: the
extractor evaluations (:data:`EVALS`: ``evaluate(store | None) -> dict`` returning ``{"extractor": ...,
"fields": {field: {"precision", "recall", "f1", "tp", "fp", "fn"}}, ...}``), then ``suggest``."""
from __future__ import annotations

import json
from typing import Callable

import typer

from kgcli.common import OUT, die, emit_rows


def _curriculum_eval():
    from ingest.curriculum_eval import evaluate
    return evaluate


def _policy_eval():
    from ingest.policy_eval import evaluate
    return evaluate


def _jobs_eval():
    from ingest.jobs_eval import evaluate
    return evaluate


def _firms_eval():
    from ingest.firms_eval import evaluate
    return evaluate


def _posts_eval():
    from ingest.posts_eval import evaluate
    return evaluate


def _teaches_eval():
    from ingest.teaches_eval import evaluate
    return evaluate


def _industry_linker_eval():
    from ingest.major_industry_train import evaluate_cli
    return evaluate_cli


#: extractor evaluations: name → loader of its ``evaluate`` function (imported on first use)
EVALS: dict[str, Callable[[], Callable]] = {
    "curriculum": _curriculum_eval,
    "policy": _policy_eval,
    "jobs": _jobs_eval,
    "firms": _firms_eval,
    "posts": _posts_eval,
    "teaches": _teaches_eval,
    "industry-linker": _industry_linker_eval,
}


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_(
        name: str = typer.Argument(..., help="an evaluation: " + " | ".join(EVALUATIONS)),
        as_json: bool = typer.Option(False, "--json", help="print JSON"),
        fit: bool = typer.Option(False, "--fit", help="industry-linker: after scoring, refit on the whole "
                                                      "development set and write the shipped model; suggest: also "
                                                      "fit the weights on the in-sample half"),
        seed: int = typer.Option(0, "--seed", help="suggest: seed of the posting split"),
        write: str = typer.Option("", "--write", help="suggest: also write the JSON result to this file "
                                                     "(e.g. bench/results/suggest_eval.json)"),
        seeds: str = typer.Option("", "--seeds", help="suggest: e.g. 0-4 — only the posting split over these "
                                                      "seeds, mean ± sd per ranking and sector; industry-linker: "
                                                      "also the CV with each seed's folds, mean ± sd"),
        signals: str = typer.Option("", "--signals", help="industry-linker: optional signals to add, comma-separated "
                                                          "(hiring, similar_profiles); the default features are scored "
                                                          "beside them on the same folds"),
    ) -> None:
        """Score an extractor against its gold set under tests/ (per field P/R/F1); `suggest`: partner
        suggestions against held-out real postings (hit@10, NDCG@10, coverage, baselines, ablations)."""
        run = EVALUATIONS.get(name)
        if run is None:
            die(f"unknown evaluation {name!r}; known: {', '.join(EVALS)}")
        run(name, as_json=as_json, fit=fit, seed=seed, write=write, seeds=seeds, signals=signals)


def _eval_extractor(name: str, *, as_json: bool, fit: bool, seeds: str = "", signals: str = "",
                    **_: object) -> None:
    """An extractor against its gold set: per field P/R/F1, then its summary and notes."""
    fn = EVALS[name]()
    kw: dict = {"fit": True} if fit else {}
    if signals:
        if name != "industry-linker":
            die(f"--signals applies to industry-linker, not {name}")
        kw["signals"] = tuple(x.strip() for x in signals.split(",") if x.strip())
        from ingest.major_industry import features_with

        try:
            features_with(kw["signals"])  # the names checked where the features are made
        except ValueError as e:
            die(str(e))
    if seeds:
        if name != "industry-linker":
            die(f"--seeds applies to suggest and industry-linker, not {name}")
        kw["seeds"] = _span(seeds)
    result = fn(None, **kw)
    if as_json:
        OUT.write(json.dumps(result, ensure_ascii=False) + "\n")
        return
    rows = [{"field": f, **{k: (round(v, 3) if isinstance(v, float) else v) for k, v in m.items()}}
            for f, m in result["fields"].items()]
    typer.echo(f"extractor: {result.get('extractor')}  gold: {result.get('gold')}")
    emit_rows(rows, "table", result.get("columns") or ["field", "precision", "recall", "f1", "tp", "fp", "fn"])
    for line in [*(result.get("summary") or []), *(result.get("notes") or [])]:
        typer.echo(line)
    for t in result.get("extra_tables") or []:  # further tables an evaluation adds (title, columns, rows)
        typer.echo(f"\n{t['title']}")
        emit_rows(t["rows"], "table", t["columns"])


def _span(seeds: str) -> range:
    a, _, b = seeds.partition("-")
    if not (a.isdigit() and (not b or b.isdigit())):
        die(f"--seeds {seeds!r}: expected N or N-M (e.g. 0-4)")
    return range(int(a), int(b or a) + 1)


def _eval_suggest(_name: str, *, as_json: bool, seed: int, fit: bool, write: str, seeds: str = "", signals: str = "") -> None:
    from pathlib import Path

    from kgcli.common import open_store
    from queries import suggest_eval

    if signals:
        die("--signals applies to industry-linker, not suggest")
    st = open_store(read_only=True)
    span = _span(seeds) if seeds else None
    try:
        result = suggest_eval.run(st, seed=seed, fit=fit) if span is None else suggest_eval.seeds_summary(st, span)
    except LookupError as e:
        die(str(e))
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if write:
        out = Path(write)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"wrote {out}", err=True)
    md = suggest_eval.markdown if span is None else suggest_eval.markdown_seeds
    OUT.write((text if as_json else md(result)) + "\n")


#: name → how `kg eval NAME` runs it
EVALUATIONS: dict[str, Callable[..., None]] = {**{name: _eval_extractor for name in EVALS}, "suggest": _eval_suggest}

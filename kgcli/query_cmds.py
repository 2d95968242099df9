"""`kg query` (the named query library) and the analyses: `kg gaps`, `kg coverage`, `kg skills-gap`,
`kg suggest`, `kg suggest-groups`, `kg review-partners`, `kg pathways`, `kg network`.

Thin shells: each command resolves its options, calls one library function in ``queries/`` and prints
the rows of its result (a ``queries.Table``) with ``--format table|json|csv``. Notes from the analysis
(e.g. missing data) go to stderr; errors exit non-zero with one line.
"""
from __future__ import annotations

import contextlib
import json
import math
from typing import Any, Callable, Iterable, Iterator, Optional

import typer

from kgcli.common import die, emit_rows, open_store, parse_params

FORMAT_HELP = "table | json | csv"


def _plain(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item") and not isinstance(v, (list, dict, str)):
        try:
            return _plain(v.item())
        except (ValueError, AttributeError):
            pass
    try:
        import pandas as pd

        if v is pd.NA:
            return None
    except ImportError:  # pragma: no cover
        pass
    return v


def rows_of(df) -> list[dict]:
    """DataFrame → JSON-ready rows (NaN/NA → None, numpy scalars → Python)."""
    return [{k: _plain(v) for k, v in r.items()} for r in df.to_dict(orient="records")]


def _notes(notes: Iterable[str]) -> None:
    for n in notes:
        typer.echo(f"note: {n}", err=True)


@contextlib.contextmanager
def _session() -> Iterator[Any]:
    """A read-only store; library errors become one clear line."""
    from kg.store import StoreError
    from queries.library import QueryError

    st = open_store(read_only=True)
    try:
        yield st
    except (LookupError, QueryError, StoreError, ValueError) as e:
        die(str(e).splitlines()[0] if str(e) else type(e).__name__)
    finally:
        st.close()


def _emit(df, fmt: str, drop: tuple[str, ...] = ()) -> None:
    cols = [c for c in df.columns if not (fmt != "json" and c in drop)]
    emit_rows(rows_of(df), fmt, cols)


def _run(fn: Callable[..., Any], fmt: str, *args, drop: tuple[str, ...] = (), **kwargs) -> Any:
    """Call an analysis, print its notes (stderr) and its rows."""
    with _session() as st:
        res = fn(st, *args, **kwargs)
    _notes(res.notes)
    _emit(res.rows, fmt, drop)
    return res


def register(app: typer.Typer) -> None:
    @app.command("query")
    def query(
        name: Optional[str] = typer.Argument(None, help="named query (see --list)"),
        param: list[str] = typer.Option([], "-p", "--param", help="key=value (repeatable)"),
        fmt: str = typer.Option("table", "--format", "-f", help=FORMAT_HELP),
        list_: bool = typer.Option(False, "--list", help="list the named queries"),
        describe: bool = typer.Option(False, "--describe", help="show the query's parameters, columns, example"),
        show_cypher: bool = typer.Option(False, "--cypher", help="print the Cypher for the configured store"),
        limit: Optional[int] = typer.Option(None, "--limit", help="row limit (default KG_MAX_ROWS)"),
    ) -> None:
        """Run a named query from the library (queries/named/*.cypher), e.g.
        `kg query college_groups -p college=深圳职业技术大学`."""
        from kgcli.common import cfg
        from queries import library

        try:
            if list_ or not name:
                rows = [{"name": q.name, "parameters": ", ".join(p.name + ("" if p.required else "?")
                                                                for p in q.params),
                         "description": q.description} for q in library.list_queries()]
                emit_rows(rows, fmt, ["name", "parameters", "description"])
                return
            q = library.get(name)
            if describe:
                typer.echo(library.describe(name))
                return
            if show_cypher:
                typer.echo(q.text("neo4j" if cfg().store == "neo4j" else "ladybug"))
                return
            params = library.coerce_params(name, parse_params(param))
        except library.QueryError as e:
            die(str(e))
        with _session() as st:
            df = library.run(st, name, params, limit=limit)
        _emit(df, fmt)

    @app.command("gaps")
    def gaps_cmd(
        college: str = typer.Option(..., "--college", "-c", help="college name, former name or 学校标识码"),
        group: Optional[str] = typer.Option(None, "--group", "-g", help="one professional group (id or name)"),
        candidates: int = typer.Option(5, "--candidates", help="candidate firms listed per gap"),
        only_gaps: bool = typer.Option(False, "--only-gaps", help="show only industries without a partner"),
        min_confidence: float = typer.Option(0.0, "--min-confidence",
                                             help="ignore served-industry links below this confidence (0–1)"),
        fmt: str = typer.Option("table", "--format", "-f", help=FORMAT_HELP),
    ) -> None:
        """Partner gaps: per industry the group's majors serve, partner firms — or candidates where none."""
        from queries.analyses import gaps

        with _session() as st:
            res = gaps(st, college, group, candidates=candidates, min_confidence=min_confidence)
        df = res.rows
        if only_gaps:
            df = df[df["gap"] == True].reset_index(drop=True)  # noqa: E712 - object column
        _notes(res.notes)
        # candidates as text: "firm (n postings)"
        _emit(df.assign(candidates=df["candidates"].map(lambda cs: [str(c) for c in cs])), fmt)

    @app.command("coverage")
    def coverage_cmd(
        region: Optional[str] = typer.Option(None, "--region", "-r", help="province or city; empty = every province"),
        level: str = typer.Option("大类", "--level", help="industry level compared: 门类 or 大类"),
        part: str = typer.Option("index", "--part", help="index | industries | uncovered | majors"),
        fmt: str = typer.Option("table", "--format", "-f", help=FORMAT_HELP),
    ) -> None:
        """Regional industry structure vs. majors offered: the matching index (0–1) per region, and the
        industries no major serves / majors no regional industry needs (--part)."""
        from queries.analyses import coverage

        parts = {"index": "index", "industries": "industries", "uncovered": "uncovered", "majors": "unmatched_majors"}
        if part not in parts:
            die(f"--part must be one of {', '.join(parts)}")
        with _session() as st:
            res = coverage(st, region, industry_level=level)
        _notes(res.notes)
        _emit(getattr(res, parts[part]), fmt)

    @app.command("skills-gap")
    def skills_gap_cmd(
        college: str = typer.Option(..., "--college", "-c", help="college name, former name or 学校标识码"),
        group: Optional[str] = typer.Option(None, "--group", "-g", help="one professional group (id or name)"),
        region: Optional[str] = typer.Option(None, "--region", "-r", help="region of demand (default: the college's province)"),
        all_posts: bool = typer.Option(False, "--all-posts", help="every post in demand, not only relevant ones"),
        limit: int = typer.Option(50, "--limit", help="rows per group"),
        fmt: str = typer.Option("table", "--format", "-f", help=FORMAT_HELP),
    ) -> None:
        """Posts in demand in the region whose required skills the group's courses/abilities do not cover."""
        from queries.analyses import skills_gap

        _run(skills_gap, fmt, college, group, region=region, all_posts=all_posts, limit=limit)

    @app.command("suggest")
    def suggest_cmd(
        group: str = typer.Option(..., "--group", "-g", help="professional group: id, name or lead major"),
        college: Optional[str] = typer.Option(None, "--college", "-c", help="college (when the group name is shared)"),
        top: int = typer.Option(10, "--top", "-n", help="how many firms"),
        region: Optional[str] = typer.Option(None, "--region", "-r", help="where to look (default: the college's province; 全国 = everywhere)"),
        include_partners: bool = typer.Option(False, "--include-partners", help="also rank current partners"),
        by_score: bool = typer.Option(False, "--by-score", help="rank by score alone (default: firms of the "
                                                               "college's city first, each tier by score)"),
        explain: bool = typer.Option(False, "--explain", help="print the explanation paths under the table"),
        min_confidence: float = typer.Option(0.0, "--min-confidence",
                                             help="ignore served-industry links below this confidence (0–1)"),
        fmt: str = typer.Option("table", "--format", "-f", help=FORMAT_HELP),
        why_not: Optional[str] = typer.Option(None, "--why-not", help="a firm (id or name): its parts beside "
                                              "the last suggested firm's, and the evidence it lacks"),
    ) -> None:
        """Ranked partner firms for a group, the score broken into named parts (weights: queries/suggest.py)."""
        from queries.suggest import suggest

        if why_not is not None:
            from queries.suggest import why_not as why_not_fn

            with _session() as st:
                why = why_not_fn(st, group, why_not, college, top=top, region=region, min_confidence=min_confidence)
            _notes(why.notes)
            if fmt == "table":
                typer.echo(f"{why.firm}: rank {why.rank or '– (not a candidate)'}, score {why.score}; "
                           f"last of the top {why.top}: {why.last} ({why.last_score})", err=True)
            _emit(why.rows, fmt)
            return
        with _session() as st:
            res = suggest(st, group, college, top=top, region=region, include_partners=include_partners,
                          local_first=not by_score,
                          min_confidence=min_confidence)
        _notes(res.notes)
        if fmt == "table":
            typer.echo(f"group {res.group} ({res.college}), scope {res.scope}; "
                       "weights " + ", ".join(f"{k} {v}" for k, v in res.weights.items()), err=True)
        _emit(res.rows, fmt, drop=("paths",))
        if explain and fmt == "table":
            for r in rows_of(res.rows):
                typer.echo(f"\n#{r['rank']} {r['firm']}  score {r['score']}")
                for p in r["paths"]:
                    typer.echo(f"  [{p['kind']}] {p['text']}")

    @app.command("suggest-groups")
    def suggest_groups_cmd(
        industry: str = typer.Option(..., "--industry", "-i", help="GB/T 4754 code or name"),
        region: Optional[str] = typer.Option(None, "--region", "-r", help="province or city of the colleges"),
        college: Optional[str] = typer.Option(None, "--college", "-c", help="only pairs with this college's groups"),
        top: int = typer.Option(20, "--top", "-n"),
        min_confidence: float = typer.Option(0.0, "--min-confidence",
                                             help="ignore served-industry links below this confidence (0–1)"),
        fmt: str = typer.Option("table", "--format", "-f", help=FORMAT_HELP),
    ) -> None:
        """Inter-school professional-group pairs whose majors complement each other on one industry chain."""
        from queries.analyses import suggest_groups

        _run(suggest_groups, fmt, industry, region, college=college, top=top, min_confidence=min_confidence)

    @app.command("review-partners")
    def review_partners_cmd(
        college: str = typer.Option(..., "--college", "-c", help="college name, former name or 学校标识码"),
        year: Optional[int] = typer.Option(None, "--year", help="review year (default: this year)"),
        many_groups: int = typer.Option(2, "--many-groups", help="'keep' when a partner carries this many groups"),
        fmt: str = typer.Option("table", "--format", "-f", help=FORMAT_HELP),
    ) -> None:
        """The annual partnership review: each partner's record and flags (exit candidate, no activity, keep …)."""
        from queries.analyses import review_partners

        _run(review_partners, fmt, college, many_groups=many_groups, year=year)

    @app.command("pathways")
    def pathways_cmd(
        major: str = typer.Option(..., "--major", "-m", help="major code or name"),
        region: Optional[str] = typer.Option(None, "--region", "-r", help="where the colleges are"),
        level: Optional[str] = typer.Option(None, "--level", help="中职 / 高职专科 / 高职本科 (for a name used at several levels)"),
        fmt: str = typer.Option("table", "--format", "-f", help=FORMAT_HELP),
    ) -> None:
        """A major's 接续 route 中职 → 高职专科 → 高职本科 and the colleges in a region offering each step."""
        from queries.analyses import pathways

        _run(pathways, fmt, major, region, level=level)

    @app.command("network")
    def network_cmd(
        analysis: str = typer.Argument(..., help="centrality | communities | bridges"),
        region: Optional[str] = typer.Option(None, "--region", "-r", help="province or city (centrality, bridges)"),
        level: Optional[str] = typer.Option(None, "--level", help="major level (communities)"),
        top: int = typer.Option(20, "--top", "-n"),
        fmt: str = typer.Option("table", "--format", "-f", help=FORMAT_HELP),
    ) -> None:
        """networkx analytics: key firms/industries (centrality), communities of majors sharing posts and
        skills (communities), colleges bridging the college network (bridges)."""
        from queries import network

        if analysis == "centrality":
            _run(network.central_firms, fmt, region, top=top)
        elif analysis == "communities":
            _run(network.major_communities, fmt, level=level)
        elif analysis == "bridges":
            _run(network.bridging_colleges, fmt, region, top=top)
        else:
            die("analysis must be centrality, communities or bridges")


__all__ = ["register", "rows_of", "json"]

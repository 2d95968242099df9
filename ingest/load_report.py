"""The load's report: one JSON line per ingest step (the full summary), and the short text a person reads.

``append(report, summary, seconds)`` adds a step's full summary to the report file (JSON lines);
``brief(summary, seconds)`` is the one line printed after the step; ``rejected_by_reason(lines)`` groups
rejected rows by file, field and the wording of the reason (numbers, codes and quoted names taken out);
``final_summary(report, stats)`` is the few lines printed at the end of ``make run``.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

_REJECT = re.compile(r"^(?P<file>[^:]+?):\s*(?:row \d+:\s*)?(?:field (?P<field>[^:]+):\s*)?(?P<msg>.*)$")
_PARENS = re.compile(r"[（(][^()（）]*[)）]")
_CODEISH = re.compile(r"[0-9][0-9A-Za-z.\-]*")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaff·、，]*")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”|「[^」]*」")


def reason_of(line: str) -> tuple[str, str, str]:
    """(file, field, reason pattern) of one rejected-row line ``file: row N: field F: message``.

    The pattern keeps the message's wording and drops what varies from row to row: parenthesised
    names, numbers and codes (→ N), quoted values and Chinese names (→ …)."""
    m = _REJECT.match(line.strip())
    if not m:
        return "", "", line.strip()[:120]
    msg = m.group("msg")
    msg = msg.split(": ", 1)[1] if re.match(r"^[^\s:]*[\u3400-\u9fff][^:]*-[^:]*: ", msg) else msg  # sheet name
    msg = _PARENS.sub("", msg)
    msg = _QUOTED.sub("…", msg)
    msg = _CJK_RUN.sub("…", msg)
    msg = _CODEISH.sub("N", msg)
    msg = re.sub(r"\s+", " ", msg).strip(" ;,")
    return m.group("file").strip(), (m.group("field") or "").strip(), msg


def rejected_by_reason(lines: list[str]) -> list[tuple[int, str, str, str]]:
    """[(count, file, field, reason pattern)], most frequent first."""
    c = Counter(reason_of(x) for x in lines)
    return sorted(((n, *k) for k, n in c.items()), key=lambda r: (-r[0], r[1], r[2], r[3]))


def brief(summary: dict, seconds: float | None = None) -> str:
    """One line for a finished step: documents, nodes and relationships written, rejected rows, time."""
    nodes = sum(summary.get("nodes", {}).values())
    rels = sum(summary.get("relationships", {}).values())
    parts = [f"{summary.get('kind', '?')}: {summary.get('documents', 0)} documents written",
             f"{summary.get('documents_skipped', 0)} unchanged",
             f"{summary.get('rows_read', 0):,} rows read", f"{nodes:,} nodes", f"{rels:,} relationships",
             f"{len(summary.get('rejected', [])):,} rejected"]
    if summary.get("skipped_relationships"):
        parts.append(f"{len(summary['skipped_relationships']):,} relationships skipped")
    line = ", ".join(parts)
    return line + (f" ({seconds:.1f} s)" if seconds is not None else "")


def append(report: str | Path, summary: dict, seconds: float | None = None, paths: list[str] | None = None) -> None:
    """Add one step's full summary (every rejected row, every per-document report) to the report file."""
    p = Path(report)
    p.parent.mkdir(parents=True, exist_ok=True)
    with open(p, "a", encoding="utf-8") as f:
        f.write(json.dumps({**summary, "seconds": seconds, "paths": paths or []}, ensure_ascii=False,
                           default=str) + "\n")


def read(report: str | Path) -> list[dict]:
    """The steps in a report file; ValueError naming the line when one is not JSON."""
    out = []
    with open(report, encoding="utf-8") as f:
        for i, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except ValueError:
                raise ValueError(f"{report}: line {i}: not a JSON object") from None
    return out


def final_summary(report: str | Path, stats: dict | None = None, *, top: int = 8) -> list[str]:
    """The lines printed at the end of the load: counts per label, rejected rows by reason, report path."""
    steps = read(report)
    lines = []
    secs = sum(s.get("seconds") or 0 for s in steps)
    lines.append(f"loaded {len(steps)} steps, {sum(s.get('documents', 0) for s in steps)} documents "
                 f"({sum(s.get('documents_skipped', 0) for s in steps)} unchanged) in {secs:.0f} s")
    if stats:
        nodes = sorted(stats.get("nodes", {}).items(), key=lambda kv: -kv[1])
        rels = sorted(stats.get("relationships", {}).items(), key=lambda kv: -kv[1])
        lines.append(f"graph: {sum(n for _, n in nodes):,} nodes, {sum(n for _, n in rels):,} relationships")
        lines += _wrap("  nodes: ", [f"{k} {v:,}" for k, v in nodes if v])
        lines += _wrap("  relationships: ", [f"{k} {v:,}" for k, v in rels if v])
    rejected = [x for s in steps for x in s.get("rejected", [])]
    groups = rejected_by_reason(rejected)
    lines.append(f"rejected rows: {len(rejected):,}" + (" — by reason:" if rejected else ""))
    for n, file, field, msg in groups[:top]:
        where = f"{file}" + (f" [{field}]" if field else "")
        lines.append(f"  {n:>6,}  {where}: {msg[:90]}")
    if len(groups) > top:
        lines.append(f"  … {len(groups) - top} more reasons ({sum(g[0] for g in groups[top:]):,} rows)")
    lines.append(f"full report (every rejected row, per-document notes): {report}")
    return lines


def _wrap(prefix: str, items: list[str], width: int = 100) -> list[str]:
    out, cur = [], prefix
    for it in items:
        piece = it if cur == prefix else ", " + it
        if len(cur) + len(piece) > width and cur != prefix:
            out.append(cur + ",")
            cur = " " * len(prefix) + it
        else:
            cur += piece
    if cur.strip():
        out.append(cur)
    return out

"""Dump every node and relationship table of an embedded graph to sorted JSON lines + a sha256 per table, to check
that a change leaves a load's output identical (BENCHMARKS.md session 12).

    python scripts/graph_dump.py GRAPH OUTDIR [--root PREFIX ...] > hashes.txt   # then diff two hashes.txt

A node is its properties but the internal id and ``ingested_at``; a relationship is its start label/key, end
label/key and properties. Each ``--root`` prefix (default: this checkout's root) is replaced by ``<ROOT>`` so two
checkouts' ``Document`` paths compare equal."""
from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path

import ladybug


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("graph")
    ap.add_argument("outdir")
    ap.add_argument("--root", action="append", default=None)
    a = ap.parse_args()
    roots = a.root or [str(Path(__file__).resolve().parent.parent)]
    root_rx = re.compile("|".join(re.escape(r) for r in sorted(roots, key=len, reverse=True)))
    out = Path(a.outdir)
    out.mkdir(parents=True, exist_ok=True)
    conn = ladybug.Connection(ladybug.Database(a.graph, read_only=True))

    def rows(q: str) -> list:
        r = conn.execute(q)
        res = []
        while r.has_next():
            res.append(r.get_next())
        return res

    def norm(v) -> str:  # noqa: ANN001
        return root_rx.sub("<ROOT>", json.dumps(v, ensure_ascii=False, sort_keys=True, default=str))

    tables = rows("CALL show_tables() RETURN name, type")
    pk = {}
    for name, typ in tables:
        if typ == "NODE":
            for x in rows(f"CALL table_info('{name}') RETURN *"):
                if x[-1] is True:
                    pk[name] = x[1]
    for typ, name in sorted((t, n) for n, t in tables):
        if typ == "NODE":
            lines = sorted(norm({k: v for k, v in d[0].items() if k not in ("_ID", "ingested_at")})
                           for d in rows(f"MATCH (n:{name}) RETURN n"))
        elif typ == "REL":
            lines = sorted(norm([a_["_LABEL"], a_[pk[a_["_LABEL"]]], b_["_LABEL"], b_[pk[b_["_LABEL"]]],
                                 {k: v for k, v in r_.items() if k not in ("_ID", "_SRC", "_DST", "ingested_at")}])
                           for a_, b_, r_ in rows(f"MATCH (a)-[r:{name}]->(b) RETURN a, b, r"))
        else:
            continue
        text = "\n".join(lines) + "\n"
        (out / f"{typ}-{name}.jsonl").write_text(text)
        print(f"{typ}-{name}\t{len(lines)}\t{hashlib.sha256(text.encode()).hexdigest()[:16]}")


if __name__ == "__main__":
    main()

"""Session 10 probe for #21 (not the product): can a ranking built from the harness's own in-sample data beat
the shipped demand part? Mean hit@10 over the posting splits of seeds 0–4, every firm hiring in the group's
province a candidate (empty top-10 slots filled by volume), on the configured graph:

    KG_DB=<graph scripts/load-all.sh built> .venv/bin/python scripts/suggest_family_probe.py

Rankings (k_F = a firm's in-sample postings of the group's family F in the province, vol = all its in-sample
postings there, any = its in-sample postings of the group's families anywhere):
* ``family-busiest``: Σ_F k_F, then vol (the harness's diagnostic, with filled slots);
* ``sum log1p``: Σ_F log(1 + k_F) — concave per family, so firms hiring across several of the group's
  families rise; ``+ vol + any``: + 0.3·log(1 + vol) + 0.1·log(1 + any);
* ``+ co-hiring c``: + c·log(1 + vol)·Σ_{F: k_F = 0} max_G P(F | a firm posts G) over the families G the firm
  posts anywhere (collaborative filtering on in-sample firms);
* ``+ industry affinity c``: the same with max_I P(F | a firm of the firm's industry 大类 I).
"""
from __future__ import annotations

import math
import statistics

from kg.store import open_store
from queries import suggest_eval as se


def probe(store, seeds=range(5)) -> dict[str, float]:
    data = se.read_data(store)
    ind: dict[str, set[str]] = {}
    for r in store.read("MATCH (f:Firm)-[:IN_INDUSTRY]->(i:Industry) RETURN f.id AS f, i.code AS c", limit=None):
        ind.setdefault(r["f"], set()).add(r["c"][:2])
    out: dict[str, list[float]] = {}
    for seed in seeds:
        heldout = se.split(data, "posting", seed)
        gone = data.hidden_firms(heldout)
        vis: dict = {}
        fam: dict = {}
        anyw: dict = {}
        firmfam: dict = {}
        for p, d in data.postings.items():
            if p in heldout:
                continue
            v = vis.setdefault(d["province"], {})
            v[d["firm"]] = v.get(d["firm"], 0) + 1
            for F in d["families"]:
                x = fam.setdefault(d["province"], {}).setdefault(F, {})
                x[d["firm"]] = x.get(d["firm"], 0) + 1
                y = anyw.setdefault(F, {})
                y[d["firm"]] = y.get(d["firm"], 0) + 1
                firmfam.setdefault(d["firm"], set()).add(F)
        nG: dict = {}
        nGF: dict = {}
        nI: dict = {}
        nIF: dict = {}
        for f, fs in firmfam.items():
            for G in fs:
                nG[G] = nG.get(G, 0) + 1
                for F in fs - {G}:
                    nGF[(G, F)] = nGF.get((G, F), 0) + 1
            for i in ind.get(f, ()):
                nI[i] = nI.get(i, 0) + 1
                for F in fs:
                    nIF[(i, F)] = nIF.get((i, F), 0) + 1
        hits: dict[str, list[float]] = {}
        for grp in data.groups:
            rel = se.relevant_firms(data, heldout, grp)
            if not rel or not grp["province"]:
                continue
            fams = data.group_families.get(grp["id"], set())
            byf, vol = fam.get(grp["province"], {}), vis.get(grp["province"], {})
            per: dict = {}
            for F in fams:
                for f, n in byf.get(F, {}).items():
                    per.setdefault(f, {})[F] = n
            any_: dict = {}
            for F in fams:
                for f, n in anyw.get(F, {}).items():
                    any_[f] = any_.get(f, 0) + n
            cands = [f for f in set(per) | set(vol) if f not in gone]

            def missing(f, cond):
                return sum(cond(f, F) for F in fams if not per.get(f, {}).get(F))

            cf = {f: missing(f, lambda f, F: max([nGF.get((G, F), 0) / (nG[G] + 5) for G in firmfam.get(f, ())] or [0]))
                  for f in cands}
            ia = {f: missing(f, lambda f, F: max([nIF.get((i, F), 0) / (nI[i] + 5) for i in ind.get(f, ())] or [0]))
                  for f in cands}
            fb = {f: sum(per.get(f, {}).values()) for f in cands}
            sl = {f: sum(math.log1p(k) for k in per.get(f, {}).values()) for f in cands}
            base = {f: sl[f] + 0.3 * math.log1p(vol.get(f, 0)) + 0.1 * math.log1p(any_.get(f, 0)) for f in cands}
            rankings = {"busiest": lambda f: (-vol.get(f, 0), f),
                        "family-busiest": lambda f: (-fb[f], -vol.get(f, 0), f),
                        "sum log1p": lambda f: (-sl[f], -vol.get(f, 0), f),
                        "sum log1p + vol + any": lambda f: (-base[f], f)}
            for c in (0.3, 1.0):
                rankings[f"+ co-hiring {c}"] = lambda f, c=c: (-(base[f] + c * cf[f] * math.log1p(vol.get(f, 0))), f)
                rankings[f"+ industry affinity {c}"] = lambda f, c=c: (-(base[f] + c * ia[f] * math.log1p(vol.get(f, 0))), f)
            for name, key in rankings.items():
                ranked = sorted(cands, key=key)
                hits.setdefault(name, []).extend(se.hit_at(ranked, r) for r in rel.values())
        for name, hs in hits.items():
            out.setdefault(name, []).append(statistics.fmean(hs))
    return {name: round(statistics.fmean(v), 4) for name, v in out.items()}


if __name__ == "__main__":
    for name, h in probe(open_store(read_only=True)).items():
        print(f"{name:<28} {h:.4f}")

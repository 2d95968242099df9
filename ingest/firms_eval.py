"""`kg eval firms`: city and GB/T 4754 大类 of firms against the development set ``tests/ingest/gold/firms``.

Each gold row names a firm as written in one reference row; the firm is resolved the way the loaders do
(:mod:`ingest.firm_resolution`) and its city / industries are compared with the annotation:

* **city precision** = firms whose predicted prefecture-level city is the annotated one / firms with a
  predicted city and an annotated one; **coverage** = firms with a predicted city / firms in the group
  (listed, 专精特新, job-post employers; all);
* **industry** at 大类: a predicted code counts at its 大类 (门类-only links are not at 大类 and are not
  counted); precision = predicted 大类 in the annotated set / predicted 大类 (firms with an annotation);
  recall = annotated firms with at least one correct 大类 / annotated firms (the annotated codes are
  alternatives); coverage = firms with any predicted 大类 / all firms.

The ``v5_*`` columns are firm-resolution@5 (``resolve(ctx, rules=5)``), the previous version, computed in the
same run (same label tables and models). The **baseline** is the pipeline before this work, computed in the same run: city from the Tushare
``area`` (municipalities and 深圳 only) and the 专精特新 list, job-post employers unplaced (only
``job_posts_cn.csv`` loaded); industry from the Tushare class and the job labels of ``job_posts_cn.csv``.
"""
from __future__ import annotations

import csv
from pathlib import Path

from ingest.normalize import firm_key
from ingest.reference.firms import RESOLUTION_EXTRACTOR

GOLD = Path(__file__).resolve().parent.parent / "tests" / "ingest" / "gold" / "firms" / "firms_dev.csv"
PREV = 5  # the previous firm-resolution version, scored in the same run
GROUPS = {"listed": "listed", "zjtx_nanjing": "zjtx", "zjtx_hangzhou": "zjtx"}  # the rest: job-post employers


def load_gold(path: Path = GOLD) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(ln for ln in f if not ln.startswith("#"))]
    for r in rows:
        r["group"] = GROUPS.get(r["stratum"], "job_employer")
        r["codes"] = set((r.get("industry") or "").split())
    return rows


def _baseline(ctx):
    """{firm key: (city or None, {大类})} as the loaders predicted before firm resolution."""
    from ingest.reference.industry_map import split_job_labels
    from ingest.reference.regions import ashare_region

    out: dict[str, tuple[str | None, set[str]]] = {}

    def put(key, city=None, codes=()):
        c, s = out.get(key, (None, set()))
        out[key] = (c or city, s | set(codes))

    m = ctx.industry_mapper
    for r in ctx.csv("firms/a_share_listed_companies.csv")[1]:
        reg = ashare_region((r.get("area") or "").strip(), ctx.gazetteer)
        codes = [x.code for x in m.map(r["industry"], "tushare")] if (r.get("industry") or "").strip() else []
        put(firm_key(r["fullname"]), reg[1] if reg and reg[1] else None, codes)
    for rel in ("firms/zhuanjingtexin_nanjing.csv", "firms/zhuanjingtexin_hangzhou_2025_batch1.csv"):
        for r in ctx.csv(rel)[1]:
            hit = ctx.gazetteer.resolve(r.get("city"))
            put(firm_key(r["company"]), hit[1] if hit else None)
    listed = {firm_key(r["fullname"]) for r in ctx.csv("firms/a_share_listed_companies.csv")[1]}
    for r in ctx.csv("jobs/job_posts_cn.csv")[1]:
        key = firm_key(r.get("company") or "")
        if not key or key in listed:
            continue
        codes = [x.code for lab in split_job_labels((r.get("company_industry") or "").strip(), r["source"])
                 for x in m.map(lab, "jobs")]
        put(key, None, codes)
    return {k: (c, {x[:2] for x in s if not x.isalpha()}) for k, (c, s) in out.items()}


def _score(gold: list[dict], predict) -> dict:
    groups: dict[str, dict] = {}
    errors = []
    for g in gold:
        city, divs = predict(g)
        for grp in (g["group"], "all"):
            b = groups.setdefault(grp, {"firms": 0, "city_pred": 0, "city_judged": 0, "city_ok": 0,
                                        "ind_pred_codes": 0, "ind_ok_codes": 0, "ind_gold_firms": 0,
                                        "ind_found_firms": 0, "ind_covered": 0})
            b["firms"] += 1
            if city:
                b["city_pred"] += 1
                if g["city"]:
                    b["city_judged"] += 1
                    b["city_ok"] += city == g["city"]
            if divs:
                b["ind_covered"] += 1
            if g["codes"]:
                b["ind_gold_firms"] += 1
                b["ind_pred_codes"] += len(divs)
                b["ind_ok_codes"] += len(divs & g["codes"])
                b["ind_found_firms"] += bool(divs & g["codes"])
        if grp == "all" and ((city and g["city"] and city != g["city"]) or (divs and g["codes"] and not divs & g["codes"])):
            errors.append({"name": g["name"], "stratum": g["stratum"], "city": city, "gold_city": g["city"],
                           "industry": sorted(divs), "gold_industry": sorted(g["codes"])})
    out = {}
    for grp, b in groups.items():
        d = lambda a, c: round(a / c, 3) if c else None  # noqa: E731
        out[grp] = {"firms": b["firms"],
                    "city_precision": d(b["city_ok"], b["city_judged"]), "city_coverage": d(b["city_pred"], b["firms"]),
                    "industry_precision": d(b["ind_ok_codes"], b["ind_pred_codes"]),
                    "industry_recall": d(b["ind_found_firms"], b["ind_gold_firms"]),
                    "industry_coverage": d(b["ind_covered"], b["firms"])}
    return {"groups": out, "errors": errors}


def evaluate(store=None, gold_path: Path = GOLD) -> dict:
    from ingest.firm_resolution import resolve
    from ingest.reference.context import Context
    from kg.config import settings

    ctx = Context(Path(settings().reference_data))
    gold = load_gold(gold_path)
    res = resolve(ctx)
    prev_res = resolve(ctx, combiner=None)
    prev_version = resolve(ctx, rules=PREV)
    base = _baseline(ctx)

    def predictor(r):
        def predict(g):
            fid = r.employer_id(g["name"]) if "jobs/" in g["file"] else firm_key(g["name"])
            f = r.facts.get(fid)
            if f is None:
                return None, set()
            city = f.city.value[1] if f.city else None
            return city, {d.value[:2] for d in f.industries if not d.value.isalpha()}
        return predict

    ours = predictor(res)

    def before(g):
        return base.get(firm_key(g["name"]), (None, set()))

    now, then, prev = _score(gold, ours), _score(gold, before), _score(gold, predictor(prev_res))
    then_v = _score(gold, predictor(prev_version))
    fields = {}
    industry = ("industry_precision", "industry_recall", "industry_coverage")
    measures = ("city_precision", "city_coverage", *industry)
    for grp in ("listed", "zjtx", "job_employer", "all"):
        n, b, pv = now["groups"].get(grp, {}), then["groups"].get(grp, {}), prev["groups"].get(grp, {})
        pp = then_v["groups"].get(grp, {})
        fields[grp] = {"firms": n.get("firms"), **{k: n.get(k) for k in measures},
                       **{f"baseline_{k}": b.get(k) for k in measures}, **{f"v{PREV}_{k}": pp.get(k) for k in measures},
                       **{f"v1_{k}": pv.get(k) for k in industry}}
    columns = ["field", "firms"] + [c for m in measures
                                    for c in (m, f"v{PREV}_{m}", f"baseline_{m}") + ((f"v1_{m}",) if m in industry else ())]
    return {"columns": columns, "extractor": RESOLUTION_EXTRACTOR, "gold": str(gold_path.relative_to(gold_path.parents[4])) if len(gold_path.parents) > 4 else str(gold_path),
            "fields": fields, "errors": now["errors"], "name_model_cv": (res.name_model.cv if res.name_model else None),
            "combiner_cv": (res.combiner.cv if res.combiner else None),
            "brand_review": len(res.review)}

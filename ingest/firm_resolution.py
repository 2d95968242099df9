"""Firm resolution: one identity, a city and GB/T 4754 industries for every firm of the reference files.

Reads the A-share list, the 专精特新 lists and every job file of a :class:`ingest.reference.context.Context`
(never the graph) and returns one :class:`FirmFacts` per firm id; the firms part
(:mod:`ingest.reference.firms`) writes them, the job loader only hooks its employers in (:func:`employer_id`).

**Identity.** ``Firm.id`` is :func:`ingest.normalize.firm_id` of the full name, so the same company in
several files is one node. A name without a legal form (a job board's brand: BOSS直聘 ``迪安诊断``, a cut
``长沙鑫汇志诚商务...``) is linked to a known full name only when exactly one candidate fits (the A-share
short name, or the one full name it begins — place prefix allowed for cut names); with several candidates
it stays its own Firm and ``SAME_AS`` candidates go to the review queue. A branch (``…有限公司武汉分公司``)
is its own Firm with ``BRANCH_OF`` its parent.

**City** (prefecture level; each decision carries method, confidence and the source text), first that
applies: the 专精特新 list's city; the place in the name (:mod:`ingest.vocab.places`: brackets — since
firm-resolution@5 a bare county stem too, ``(昆山)`` → 苏州市 — or before the legal form, then the leading place, a county mapped to its prefecture; a branch's own place); a
local-government controller (``act_name`` 溧阳市人民政府); Tushare ``area`` when it is a city; the city
of the firm's own postings when they agree (within the province the other evidence names). A place
that contradicts the A-share province is dropped. Otherwise the province only, or nothing.

A listed firm with a province only takes the city its English name opens with (``Hangzhou Oxygen``;
spellings learnt from the listed firms the Chinese name places), or (@5) the place in brackets of its English
name (``WUS Printed Circuit (Kunshan)``); an employer whose postings name several
cities of one province is placed in that province. A leading place word that is the trade name is not read
(德州仪器: a brand where only an industry word follows the place; 中山大学…: an institution's name).

**Industry**: the Tushare class and the job boards' labels through the reviewed tables
(:mod:`ingest.reference.industry_map`); when a label spans several 大类 (快速消费品 → 14 15 26), the
combiner (:mod:`ingest.firm_industry_model`: name model, the postings' occupations and BOSS categories)
picks its best among them (firm-resolution@4; @2/@3 only when its scores gave one ≥ 0.5 of their sum, else
every code was kept: :data:`COMBINER_PICK`; @6 on the models' probabilities conditioned on the label's 大类,
:func:`ingest.firm_industry_model.within`); a firm with no label
gets the combiner's 大类 when its probability reaches the combiner's cross-validated threshold. The name
model reads a listed firm's English name too (firm-resolution@3). Without a
fitted combiner (``resolve(ctx, combiner=None)``, the firm-resolution@1 rules) the name model alone does
both (:data:`NAME_MODEL_MIN`).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.normalize import MUNICIPALITIES, city_stem, firm_key, nfkc, province_name
from ingest.reference.sources import ASHARE, JOB_FILES, ZJTX_HANGZHOU, ZJTX_NANJING
from ingest.vocab.places import PlaceIndex

ZJTX = (ZJTX_NANJING, ZJTX_HANGZHOU)
NAME_MODEL_MIN = 0.5  # name-model probability for a firm without any label (chosen on the training CV, not the dev set)
INDUSTRY_WORD_MIN = 10  # registered names that must end with a two-character word for it to be an industry word
NAME_MODEL_PICK = 0.5  # share of the label's 大类 mass the name model must give one 大类 to narrow the label (@1 rules)
#: share of the combiner's scores among a multi-大类 label's 大类 its best one must reach to narrow the label to it
#: (firm-resolution@4: always narrow). Chosen on the training CV's narrowing simulation
#: (:func:`ingest.firm_industry_model_train.narrowing_cv`), not the dev set: inside a label that spans several 大类,
#: the combiner's top 大类 is right 0.89 of the time, while keeping all k codes is right 1/k per code (0.44
#: weighted); @2/@3's share ≥ 0.5 rule (else all codes) gave P 0.66 R 0.91, share ≥ 0 P 0.89 R 0.89.
COMBINER_PICK = 0.0
#: the resolver's version (``firm-resolution@6``); ``Resolver(rules=5)`` reproduces @5 for the eval's previous-version
#: columns (@6: inside a multi-大类 label the combiner scores features conditioned on the label, :meth:`Resolver._narrow`)
VERSION = 6
_LEGAL = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "公司", "集团")
_SHORT_MARKS = re.compile(r"^(\*?ST|S\*ST|N|C)|(-[A-Z]+|[AB])$")


@dataclass
class Decision:
    value: object  # (province, city) | province | industry code | firm id
    confidence: float
    method: str
    evidence: str  # the source's own text the decision rests on
    file: str | None = None
    row: int | None = None
    review: bool | None = None

    @property
    def locator(self) -> str:
        return f"row {self.row}" if self.row else ""


@dataclass
class FirmFacts:
    id: str
    name: str
    files: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    city: Decision | None = None  # value (province, city)
    province: Decision | None = None  # value province (when no city)
    industries: list[Decision] = field(default_factory=list)
    parent: Decision | None = None  # BRANCH_OF: value = parent firm id
    same_as: list[Decision] = field(default_factory=list)  # brand → candidate full names (review)
    tags: list[str] = field(default_factory=list)
    size: str | None = None
    ownership: str | None = None
    listed: bool = False
    is_brand: bool = False
    english: str | None = None  # a listed firm's English name (a name-model input)


@dataclass
class _Rows:
    ashare: list[tuple[int, dict]] = field(default_factory=list)
    zjtx: list[tuple[str, int, dict]] = field(default_factory=list)
    posts: list[tuple[str, int, dict]] = field(default_factory=list)
    names: Counter = field(default_factory=Counter)


def has_legal_form(name: str) -> bool:
    s = nfkc(name)
    return any(s.endswith(f) for f in _LEGAL) or bool(PlaceIndex.default().branch(s))


_INSTITUTION = re.compile(r"^(大学|学院|医院|中学|小学)")
_TAIL = re.compile(r"(\([^()]*\)|（[^（）]*）|股份有限公司|有限责任公司|有限公司|股份公司|集团公司|公司|集团|\.\.\.|…)+$")


def place_is_trade_name(name: str, end: int, industry_words: set[str]) -> str | None:
    """Why a leading place word written without its suffix (ending at ``end``) may be the trade name rather
    than where the firm is: ``"institution"`` when it opens an institution's name (中山大学…: the firm is
    named after the institution; read only when the firm's postings are in that city); ``"brand"`` when the name is a mark without a legal
    form and only an industry word follows the place (德州仪器 = Texas Instruments: a registered name is
    行政区划 + 字号 + 行业, here no 字号 follows, so the place is the 字号) — read only when another source
    confirms the province. ``industry_words``: the frequent last two characters of registered names."""
    s = nfkc(name).replace(" ", "")
    if _INSTITUTION.match(s[end:]):
        return "institution"
    if has_legal_form(s):
        return None  # a registered name's leading place is where it was registered (广州银行股份有限公司)
    rest = _TAIL.sub("", s[end:])
    return "brand" if not rest or rest in industry_words else None


_PINYIN = re.compile(r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|uan|ian|iao|uai|"
                     r"ai|ei|ao|ou|an|en|er|in|un|ia|ie|iu|ua|uo|ue|ui|a|o|e|i|u|v)")


def is_pinyin(word: str) -> bool:
    """Whether a word is a run of pinyin syllables (hangzhou, xi'an) — not an English word (holding)."""
    w = word.lower().replace("'", "").replace("’", "")
    ok = [True] + [False] * len(w)
    for i in range(len(w)):
        if ok[i]:
            for j in range(i + 1, min(len(w), i + 6) + 1):
                if _PINYIN.fullmatch(w[i:j]):
                    ok[j] = True
    return bool(w) and ok[len(w)]


_EN_BRACKET = re.compile(r"\(([^()]{2,30})\)")
_EN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")


def _en_words(enname: str | None) -> list[str]:
    """Lower-case words of an English firm name (Xi'an kept whole)."""
    return [w.lower().replace("’", "'") for w in _EN_WORD.findall(enname or "")]


def short_name(ts_name: str | None) -> str | None:
    """A-share short name without its trading marks (*ST椰岛 → 椰岛, 芯联集成-U → 芯联集成)."""
    s = nfkc(ts_name or "").replace(" ", "")
    s = _SHORT_MARKS.sub("", s)
    return s if len(s) >= 2 else None


class BrandIndex:
    """Known full names (legal form present) and A-share short names, to link brand names."""

    def __init__(self, full_keys: dict[str, str], shorts: dict[str, set[str]], places: PlaceIndex):
        self.full = full_keys  # firm key → display name
        self.shorts = shorts  # short name → firm ids
        self.places = places
        self._sorted = sorted(full_keys)
        self._core: dict[str, set[str]] = {}  # key without its leading place → ids
        for k in full_keys:
            lead = places.leading(k)
            core = k[lead[-1].end:] if lead else k
            if len(core) >= 2:
                self._core.setdefault(core, set()).add(k)

    def candidates(self, brand: str) -> tuple[list[str], str]:
        s = nfkc(brand).replace(" ", "")
        cut = s.endswith("...") or s.endswith("…")
        s = s.rstrip(".…")
        if len(s) < 2:
            return [], ""
        if not cut and s in self.shorts:
            return sorted(self.shorts[s]), "A-share short name"
        key = firm_key(s)
        import bisect

        i = bisect.bisect_left(self._sorted, key)
        pref = []
        while i < len(self._sorted) and self._sorted[i].startswith(key) and len(pref) < 6:
            pref.append(self._sorted[i])
            i += 1
        if cut and len(key) >= 4:
            return pref, "beginning of a full name (cut brand)"
        if key in self._core and len(key) >= 3:
            return sorted(self._core[key]), "full name without its leading place"
        if len(key) >= 4 and pref:
            return pref, "beginning of a full name"
        return [], ""


#: columns a file must have to be read (the parts reject a file without them: it then says nothing here either)
NEED = {ASHARE: {"ts_code", "name", "fullname", "area", "industry", "enname", "market", "list_date"},
        **{rel: {"company", "city"} for rel in ZJTX},
        **{rel: {"job_id", "source", "title", "company", "city", "description"} for rel in JOB_FILES}}


def _usable(ctx, rel: str) -> bool:
    return ctx.exists(rel) and NEED[rel] <= set(ctx.csv(rel)[0])


def _read(ctx) -> _Rows:
    rows = _Rows()
    if _usable(ctx, ASHARE):
        for i, r in enumerate(ctx.csv(ASHARE)[1], start=2):
            if r and (r.get("fullname") or "").strip():
                rows.ashare.append((i, r))
    for rel in ZJTX:
        if _usable(ctx, rel):
            for i, r in enumerate(ctx.csv(rel)[1], start=2):
                if r and (r.get("company") or "").strip():
                    rows.zjtx.append((rel, i, r))
    for rel in JOB_FILES:
        if _usable(ctx, rel):
            for i, r in enumerate(ctx.csv(rel)[1], start=2):
                if r and (r.get("company") or "").strip() and firm_key(r["company"]):
                    rows.posts.append((rel, i, r))
    return rows


def _city_of_cell(ctx, text: str | None):
    return ctx.gazetteer.resolve(text) if text else None


class Resolver:
    """Builds :class:`FirmFacts` for every firm of the Context's files (see the module doc)."""

    def __init__(self, ctx, name_model=None, combiner=None, rules: int = VERSION):
        self.ctx = ctx
        self.rules = rules  # firm-resolution@N: 4 gives the @4 city rules (the eval's baseline row), 5 this version
        self.combiner = combiner  # ingest.firm_industry_model.IndustryCombiner (None: firm-resolution@1 rules)
        self.places = PlaceIndex.default()
        self.rows = _read(ctx)
        self.mapper = ctx.industry_mapper
        self.name_model = name_model
        self.facts: dict[str, FirmFacts] = {}
        self.brand_of: dict[str, str] = {}  # employer name as written → firm id
        self.review: list[dict] = []
        self._first_row: dict[str, tuple[str, int]] = {}
        self._words: set[str] | None = None

    # ---------------------------------------------------------------------------------- identity
    def _fact(self, fid: str, name: str, file: str) -> FirmFacts:
        f = self.facts.get(fid)
        if f is None:
            f = self.facts[fid] = FirmFacts(fid, name)
        if file not in f.files:
            f.files.append(file)
        if name != f.name and name not in f.aliases:
            f.aliases.append(name)
        return f

    def employer_id(self, company: str) -> str:
        """The Firm id a job post's employer name resolves to (after :meth:`run`)."""
        return self.brand_of.get(nfkc(company).strip()) or firm_key(company)

    def _identities(self) -> None:
        for i, r in self.rows.ashare:
            full = nfkc(r["fullname"]).strip()
            f = self._fact(firm_key(full), full, ASHARE)
            f.listed = True
            f.english = (r.get("enname") or "").strip() or f.english
            sn = nfkc(r.get("name") or "").strip()
            if sn and sn not in f.aliases:
                f.aliases.append(sn)
        for rel, i, r in self.rows.zjtx:
            name = nfkc(r["company"]).strip()
            self._fact(firm_key(name), name, rel)
        shorts: dict[str, set[str]] = {}
        for i, r in self.rows.ashare:
            s = short_name(r.get("name"))
            if s:
                shorts.setdefault(s, set()).add(firm_key(r["fullname"]))
        full_keys = {f.id: f.name for f in self.facts.values()}
        for rel, i, r in self.rows.posts:
            name = nfkc(r["company"]).strip()
            if has_legal_form(name):
                full_keys.setdefault(firm_key(name), name)
        brands = BrandIndex(full_keys, shorts, self.places)
        seen: set[str] = set()
        for rel, i, r in self.rows.posts:
            name = nfkc(r["company"]).strip()
            key = firm_key(name)
            if name in seen:
                self._fact(self.brand_of.get(name, key), name, rel)
                continue
            seen.add(name)
            if key in full_keys or has_legal_form(name):
                self._fact(key, name, rel)
                continue
            cands, how = brands.candidates(name)
            for c in list(cands):  # a brand names the company, not one of its branches
                b = self.places.branch(full_keys[c])
                if b and firm_key(b[0]) != c:
                    full_keys.setdefault(firm_key(b[0]), b[0])
                    cands[cands.index(c)] = firm_key(b[0])
            cands = list(dict.fromkeys(cands))
            if key in cands:  # the brand is the parent of the branches it prefixed
                cands = [key]
            if len(cands) == 1:
                if cands[0] != key:
                    self.brand_of[name] = cands[0]
                f = self._fact(cands[0], full_keys[cands[0]], rel)
                if name not in f.aliases:
                    f.aliases.append(name)
                continue
            f = self._fact(key, name, rel)
            f.is_brand = True
            if cands:
                for c in cands:
                    f.same_as.append(Decision(c, round(1 / len(cands), 3), "brand-candidates",
                                              f"{name} → {full_keys[c]} ({how})", rel, i, True))
                self.review.append({"brand": name, "file": rel, "row": i, "candidates": [full_keys[c] for c in cands],
                                    "how": how})

    def _branches(self) -> None:
        for f in list(self.facts.values()):
            b = self.places.branch(f.name)
            if not b:
                continue
            parent, _, word = b
            pid = firm_key(parent)
            if pid == f.id:
                continue
            f.parent = Decision(pid, 0.95, "branch-name", f.name, *self._rowref(f, f.name))
            if pid not in self.facts:
                self.facts[pid] = FirmFacts(pid, parent, files=[f.files[0]])

    # ---------------------------------------------------------------------------------- city
    def _posts_by_firm(self) -> dict[str, list[tuple[str, int, dict]]]:
        out: dict[str, list] = {}
        for rel, i, r in self.rows.posts:
            out.setdefault(self.employer_id(r["company"]), []).append((rel, i, r))
        return out

    def _cities(self) -> None:
        ctx = self.ctx
        posts = self._posts_by_firm()
        area: dict[str, tuple[int, dict]] = {firm_key(r["fullname"]): (i, r) for i, r in self.rows.ashare}
        zjtx: dict[str, tuple[str, int, dict]] = {firm_key(r["company"]): (rel, i, r) for rel, i, r in self.rows.zjtx}
        for fid, f in self.facts.items():
            a = area.get(fid)
            a_prov = province_name(a[1].get("area")) if a else None
            if a and not a_prov:  # 深圳
                hit = _city_of_cell(ctx, a[1].get("area"))
                a_prov = hit[0] if hit else None
            # 1. the 专精特新 list's city
            z = zjtx.get(fid)
            if z:
                hit = _city_of_cell(ctx, z[2].get("city"))
                if hit:
                    f.city = Decision(hit, 0.95, "list-city", f"{z[2]['company']} | {z[2]['city']}", z[0], z[1])
                    continue
            # 2. the name
            own = self._name_place(f, a_prov, posts.get(fid, []))
            if own and own.value[1]:
                f.city = own
                continue
            prov_hint = own.value[0] if own else a_prov
            # 3. a local-government controller
            if a:
                c = self.places.controller(a[1].get("act_name"))
                if c and c.place.city and (not a_prov or c.place.province == a_prov):
                    f.city = Decision((c.place.province, c.place.city), 0.85, "controller",
                                      a[1]["act_name"], ASHARE, a[0])
                    continue
                hit = _city_of_cell(ctx, a[1].get("area")) if not province_name(a[1].get("area")) else None
                p = province_name(a[1].get("area"))
                if hit or (p in MUNICIPALITIES):
                    val = hit or (p, p)
                    f.city = Decision(val, 0.9, "a-share-area", f"{a[1]['fullname']} | area={a[1]['area']}", ASHARE, a[0])
                    continue
            # 4. the firm's own postings
            pc = self._posting_city(f, posts.get(fid, []), prov_hint)
            if pc:
                f.city = pc
                continue
            if own:
                f.province = Decision(own.value[0], own.confidence, own.method, own.evidence, own.file, own.row)
            elif a_prov:
                f.province = Decision(a_prov, 0.9, "a-share-area", f"{a[1]['fullname']} | area={a[1]['area']}",
                                      ASHARE, a[0])
            else:
                f.province = self._posting_province(posts.get(fid, []))
        self._english_name_cities(area)

    def _posting_province(self, posts) -> Decision | None:
        """The province of a firm's postings when they name several cities but all in one province."""
        hits = [(rel, i, r, h) for rel, i, r in posts for h in [self._post_city(r.get("city"))] if h]
        provs = {h[0] for *_, h in hits}
        if len(provs) != 1:
            return None
        rel, i, r, h = hits[0]
        return Decision(h[0], 0.7, "postings-province",
                        f"{r['company']} | {' / '.join(sorted({x[2].get('city') or '' for x in hits}))} "
                        f"({len(hits)} postings)", rel, i)

    def _english_name_cities(self, area: dict[str, tuple[int, dict]]) -> None:
        """A listed firm with a province only gets the city its English name opens with (``Hangzhou Oxygen
        Plant Group`` for 杭氧集团, ``Avic Xi'an Aircraft`` for 中航西安飞机工业) when that city lies in its
        Tushare province. The spelling of a city is learnt from the listed firms whose Chinese name places
        them: the first two words of their English names; a word counts when ≥ 2 such firms share it and
        ≥ 90 % of them are in one city (so ``Zhejiang``, ``China`` or ``Avic`` never name a city).

        firm-resolution@5: a place **in brackets** of the English name places the firm as a bracketed place
        of the Chinese name does (``WUS Printed Circuit (Kunshan)`` for 沪士电子, ``Jason Furniture(Hangzhou)``
        for 顾家家居; method ``english-name-bracket``, 0.85); the spellings are learnt from the placed firms'
        bracketed words as well as their first two words."""
        seen: dict[str, Counter] = {}
        for fid, (i, r) in area.items():
            f = self.facts.get(fid)
            if f and f.city and f.city.method.startswith("name-"):
                words = _en_words(r.get("enname"))[:2]
                if self.rules >= 5:
                    words += [w for b in _EN_BRACKET.findall(r.get("enname") or "") for w in _en_words(b)]
                for w in dict.fromkeys(words):
                    seen.setdefault(w, Counter())[f.city.value] += 1
        spelling = {}
        for w, c in seen.items():
            (city, n), total = c.most_common(1)[0], sum(c.values())
            if n >= 2 and n / total >= 0.9 and is_pinyin(w):
                spelling[w] = city
        provinces = {w for w, c in seen.items() for ((prov, _), _n) in [c.most_common(1)[0]]
                     if sum(n for (p2, _), n in c.items() if p2 == prov) >= 0.9 * sum(c.values()) and len(c) >= 2}
        for fid, (i, r) in area.items():
            f = self.facts.get(fid)
            if f is None or f.city or not f.province:
                continue
            en = r.get("enname") or ""
            words = list(_EN_WORD.finditer(en))[:2]
            for k, m in enumerate(words):
                city = spelling.get(m.group().lower().replace("’", "'"))
                # "Jiangsu Zhenjiang New Energy" for 江苏振江新能源: after the province word stands the 字号
                after_province = k == 1 and words[0].group().lower() in provinces and "(" not in en[:m.start()]
                if city and city[0] == f.province.value and not after_province:
                    f.city = Decision(city, 0.8, "english-name", m.group(), ASHARE, i)  # the word as written
                    f.province = None
                    break
            if f.city or self.rules < 5:
                continue
            for b in _EN_BRACKET.findall(en):  # "(Kunshan)": one place word alone in brackets
                words = _en_words(b)
                city = spelling.get(words[0]) if len(words) == 1 else None
                if city and city[0] == f.province.value:
                    f.city = Decision(city, 0.85, "english-name-bracket", f"({b})", ASHARE, i)
                    f.province = None
                    break

    def _name_place(self, f: FirmFacts, a_prov: str | None, posts) -> Decision | None:
        """(province, city or None) named by the firm's own name (a branch: its own part only)."""
        names = [f.name] + [n for n in f.aliases if has_legal_form(n)]
        post_hits = [h for _, _, r in posts for h in [self._post_city(r.get("city"))] if h]
        post_provs, post_cities = {h[0] for h in post_hits}, {h[1] for h in post_hits}
        for name in names:
            where = self._rowref(f, name)
            b = self.places.branch(name)
            if b:
                hit = b[1]
                if hit:
                    return Decision((hit.place.province, hit.place.city), 0.9, "branch-name", hit.text, *where)
                return None  # a branch's place is not its parent's
            hits = self.places.bracketed(name, county_stems=self.rules >= 5)
            blf = self.places.before_legal_form(name)
            lead = self.places.leading(name)
            chosen = None
            for h in hits + ([blf] if blf else []):
                if h.place.province != "中国" and (h.place.city or h.place.level == "province"):
                    chosen = h
            if chosen is None and lead:
                strong = [h for h in lead if not h.weak]
                weak = [h for h in lead if h.weak]
                chosen = strong[-1] if strong else None
                provs = {a_prov} | post_provs | ({strong[-1].place.province} if strong else set())
                if weak and weak[0].place.province in provs and (not chosen or chosen.place.province == weak[0].place.province):
                    chosen = weak[0]
            if chosen is None:
                continue
            if a_prov and chosen.place.province != a_prov:
                continue  # the name's place contradicts the listed firm's province
            if chosen.how == "lead" and chosen.text != chosen.place.name:
                why = place_is_trade_name(name, chosen.end, self._industry_words())
                if (why == "institution" and chosen.place.city not in post_cities) or (
                        why == "brand" and chosen.place.province not in post_provs | {a_prov}):
                    continue  # the place word is the trade name (德州仪器 = Texas Instruments, 中山大学…)
            if (chosen.how == "lead" and chosen.place.level == "prefecture" and chosen.text == city_stem(chosen.place.name)
                    and not chosen.place.name.endswith("市") and chosen.place.province not in post_provs | {a_prov}):
                continue  # a bare 地区/盟/自治州 short name (阿里, 兴安, 海西) is a common word unless confirmed
            conf = 0.95 if chosen.how in ("bracket", "before-legal-form") or not chosen.weak else 0.85
            return Decision((chosen.place.province, chosen.place.city), conf, f"name-{chosen.how}", chosen.text, *where)
        return None

    def _industry_words(self) -> set[str]:
        """Industry words: the last two characters of registered names' cores (legal form and brackets
        removed) shared by at least :data:`INDUSTRY_WORD_MIN` firms of the files (仪器, 银行, 电气, 科技 …)."""
        if self._words is None:
            c = Counter(core[-2:] for f in self.facts.values() if has_legal_form(f.name)
                        for core in [_TAIL.sub("", nfkc(f.name).replace(" ", ""))] if len(core) >= 4)
            self._words = {w for w, n in c.items() if n >= INDUSTRY_WORD_MIN}
        return self._words

    def _rowref(self, f: FirmFacts, name: str) -> tuple[str | None, int | None]:
        """The first row that writes ``name`` (the firm's name is the evidence of a name-based decision)."""
        if not self._first_row:
            for i, r in self.rows.ashare:
                self._first_row.setdefault(nfkc(r["fullname"]).strip(), (ASHARE, i))
                self._first_row.setdefault(nfkc(r.get("name") or "").strip(), (ASHARE, i))
            for rel, i, r in self.rows.zjtx:
                self._first_row.setdefault(nfkc(r["company"]).strip(), (rel, i))
            for rel, i, r in self.rows.posts:
                self._first_row.setdefault(nfkc(r["company"]).strip(), (rel, i))
        hit = self._first_row.get(name) or next((self._first_row[a] for a in f.aliases if a in self._first_row), None)
        return hit if hit else ((f.files[0] if f.files else None), None)

    def _post_city(self, text: str | None) -> tuple[str, str] | None:
        """(province, prefecture city) of a posting's city cell: the gazetteer's cities, else a county-level
        city or county of the divisions table (太仓, 张家港, 澄迈 → their prefecture) when only one has the name —
        in a city field a bare county name is a place, not a trade name."""
        if not text:
            return None
        hit = _city_of_cell(self.ctx, text)
        if hit and self.rules >= 5:  # the gazetteer knows some county-level cities as cities (昆山市): their prefecture
            county = [p for p in self.places.full.get(hit[1], []) if p.level == "county" and p.province == hit[0]]
            if len(county) == 1 and county[0].prefecture:
                return hit[0], county[0].prefecture
        if hit:
            return hit
        s = nfkc(text).strip()
        places = self.places.full.get(s) or self.places.stem.get(s) or self.places.weak_stem.get(s) or []
        if len(places) == 1 and places[0].city:
            return places[0].province, places[0].city
        return None

    def _posting_city(self, f: FirmFacts, posts, prov_hint: str | None) -> Decision | None:
        cities: Counter = Counter()
        first: dict[tuple, tuple[str, int, str]] = {}
        for rel, i, r in posts:
            hit = self._post_city(r.get("city"))
            if not hit or (prov_hint and hit[0] != prov_hint):
                continue
            cities[hit] += 1
            first.setdefault(hit, (rel, i, f"{r['company']} | {r.get('city')}"))
        if not cities:
            return None
        (top, n), total = cities.most_common(1)[0], sum(cities.values())
        if f.listed and not prov_hint:
            return None  # a listed firm posts everywhere: its postings place it only inside its province
        if len(cities) == 1:
            conf = 0.8
        elif n / total >= 0.75 and total >= 4:
            conf = 0.7
        else:
            return None
        rel, i, ev = first[top]
        return Decision(top, conf, "postings-city", f"{ev} ({n} of {total} postings)", rel, i)

    # ---------------------------------------------------------------------------------- industry
    def _industries(self) -> None:
        from ingest.reference.industry_map import split_job_labels

        labels: dict[str, list[tuple[str, str, str, int]]] = {}  # fid → (scheme, label, file, row)
        for i, r in self.rows.ashare:
            if (r.get("industry") or "").strip():
                labels.setdefault(firm_key(r["fullname"]), []).append(("tushare", r["industry"].strip(), ASHARE, i))
        for rel, i, r in self.rows.posts:
            fid = self.employer_id(r["company"])
            f = self.facts.get(fid)
            if f is None or (f.listed and labels.get(fid)):
                continue  # the A-share class is authoritative for listed firms
            for lab in split_job_labels((r.get("company_industry") or "").strip(), r.get("source") or ""):
                labels.setdefault(fid, []).append(("jobs", lab, rel, i))
        names = self.ctx.industries.names
        posts = self._posts_by_firm() if self.combiner is not None else {}
        if self.combiner is not None:
            from ingest.firm_industry_model import PostingVotes

            self._votes = PostingVotes(self.ctx)
        for fid, f in self.facts.items():
            self._signals = None
            if self.combiner is not None:
                self._signals = self._combined(f, posts.get(fid, []))
            seen: dict[str, Decision] = {}
            for scheme, lab, rel, i in labels.get(fid, []):
                matches = self.mapper.map(lab, scheme)
                if not matches:
                    continue
                picked = self._narrow(f, [m.code for m in matches])
                for m in matches:
                    code, conf, method = m.code, m.confidence, f"{scheme}-{m.method}"
                    if picked and code in picked[0]:
                        how = "+combined" if self._signals is not None else "+name"
                        code, conf, method = picked[1], m.confidence, f"{scheme}-{m.method}{how}"
                    elif picked:
                        continue
                    if code in seen:
                        continue
                    seen[code] = Decision(code, conf, method,
                                          f"{lab} → {code} {names.get(code, '')}" + (f" (name: {f.name})" if picked else ""),
                                          rel, i, True if m.method == "similarity" else None)
            if not seen and self._signals is not None:
                code, p, ev = self._best(None)
                if code and p >= self.combiner.threshold:
                    seen[code] = Decision(code, round(p, 3), "combined", f"{f.name} → {code} {names.get(code, '')}{ev}",
                                          *self._rowref(f, f.name), True if p < 0.6 else None)
            elif not seen and self.name_model is not None:
                code, p = self.name_model.predict(f.name, f.english)
                if code and p >= NAME_MODEL_MIN:
                    seen[code] = Decision(code, round(p, 3), "name-model", f"{f.name} → {code} {names.get(code, '')}",
                                          *self._rowref(f, f.name), True if p < 0.7 else None)
            f.industries = list(seen.values())

    def _combined(self, f: FirmFacts, posts):
        """The combiner's inputs for a firm: (name-model probabilities, occupation votes, category votes,
        postings-model probabilities, evidence per 大类)."""
        nb = self.name_model.proba(f.name, f.english) if self.name_model is not None else {}
        occ, cat, ev = self._votes.votes(posts)
        return nb, occ, cat, self.combiner.postings_proba(self._votes.tokens(posts)), ev

    def _best(self, allowed: set[str] | None) -> tuple[str | None, float, str]:
        from ingest.firm_industry_model import candidate_features

        nb, occ, cat, post, ev = self._signals
        code, p = self.combiner.best(candidate_features(nb, occ, cat, allowed, post=post))
        return code, p, (f"; {ev[code]}" if code in ev else "")

    def _narrow(self, f: FirmFacts, codes: list[str]) -> tuple[set[str], str, float] | None:
        """When a label's codes span several 大类, the name model's 大类 among them (if it has most of the mass):
        (the label codes it replaces, the chosen 大类, its share). With the combiner: its scores' share instead."""
        if self.name_model is None:
            return None
        divisions = self.name_model.divisions_of(codes)
        if len(divisions) < 2:
            return None
        if self._signals is not None:  # the combiner's share among the label's 大类, same rule as the name model's
            from ingest.firm_industry_model import candidate_features

            nb, occ, cat, post, _ = self._signals
            # @6: the name and postings models' probabilities conditioned on the label's 大类 (the label says the
            # firm is in one of them): out-of-fold on the training firms the best 大类 is right 0.897 vs 0.888
            # unconditioned (``cv.narrowing.argmax_accuracy_by`` of firm_industry_lr.json)
            feats = candidate_features(nb, occ, cat, divisions, post=post, conditional=self.rules >= 6)
            scored = {d: self.combiner.score(x) for d, x in feats.items()}
            total = sum(scored.values())
            if not total:
                return None
            best = max(scored, key=lambda k: (scored[k], k))
            share = scored[best] / total
            return (set(codes), best, share) if share >= COMBINER_PICK else None
        probs = self.name_model.proba(f.name, f.english)
        mass = {d: probs.get(d, 0.0) for d in divisions}
        total = sum(mass.values())
        if total <= 0:
            return None
        best = max(mass, key=mass.get)
        share = mass[best] / total
        if share < NAME_MODEL_PICK:
            return None
        return set(codes), best, share

    # ---------------------------------------------------------------------------------- standing
    def _standing(self) -> None:
        for i, r in self.rows.ashare:
            f = self.facts[firm_key(r["fullname"])]
            f.tags = list(dict.fromkeys(f.tags + ["A股"] + ([r["market"].strip()] if (r.get("market") or "").strip() else [])))
            f.ownership = (r.get("act_ent_type") or "").strip() or f.ownership
        for rel, i, r in self.rows.zjtx:
            f = self.facts[firm_key(r["company"])]
            note = (r.get("category_note") or "").strip()
            extra = ["专精特新"] + (["小巨人"] if "小巨人" in note else []) + (["单项冠军"] if "单项冠军" in note else [])
            f.tags = list(dict.fromkeys(f.tags + extra))
        for rel, i, r in self.rows.posts:
            f = self.facts.get(self.employer_id(r["company"]))
            if f is None or f.listed:
                continue
            f.size = f.size or (r.get("company_size") or "").strip() or None
            f.ownership = f.ownership or (r.get("company_type") or "").strip() or None

    def run(self) -> dict[str, FirmFacts]:
        self._identities()
        self._branches()
        self._cities()
        self._industries()
        self._standing()
        return self.facts


def employer_id(ctx, company: str) -> str:
    """The Firm id of a job post's employer as the reference load resolves it (brand names linked)."""
    return resolve(ctx).employer_id(company)


def resolve(ctx, name_model="default", combiner="default", rules: int = VERSION) -> Resolver:
    """A finished :class:`Resolver` for ``ctx`` (memoised on the Context); ``combiner=None`` gives the
    firm-resolution@1 industry rules (name model alone); ``rules=5`` the firm-resolution@5 rules (the eval's
    baseline row)."""
    def build():
        model, comb = name_model, combiner
        if model == "default":
            from ingest.firm_name_model import NameModel

            model = NameModel.load()
        if comb == "default":
            from ingest.firm_industry_model import IndustryCombiner

            comb = IndustryCombiner.load()
        r = Resolver(ctx, model, comb, rules=rules)
        r.run()
        return r

    if name_model == "default" and combiner == "default":
        return ctx.memo("firm-resolution" if rules == VERSION else f"firm-resolution@{rules}", build)
    return build()

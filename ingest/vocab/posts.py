"""Posting title → normalised ``Post`` → 2022 大典 ``Occupation`` (细类), for every sector.

:func:`post_name` cleans a board title into the post it names: hiring noise, salary, benefits and
working conditions ("底薪6000", "周末双休", "五险一金", "包吃住", "接受小白"), places and bracketed notes
are dropped, the title is cut at its separators (/, +, |, 、, spaces) and the first part that names a role
is kept, level words (高级/资深/初级/实习生 …) are removed, and a qualified head that is itself an occupation
title is reduced to it (总账会计/成本会计/主办会计 → 会计).

:class:`OccupationMatcher` places a post, in this order (confidence):

1. the post equals an occupation name or one of the 大典 file's job-title aliases (0.9);
2. a **reviewed head map** (:data:`HEADS`): the frequent role heads of the job boards (会计, 销售, 客服,
   运营, Java/Python/后端 …, 翻译 …) with their 细类, levels told apart where the 大典 splits by level
   (HR/sales 经理·总监 vs 专员) (0.8);
3. the longest alias that ends the post (0.75) or that it contains, when one occupation owns it (0.7);
4. otherwise the most similar occupation by character n-gram TF-IDF over names and aliases (confidence
   0.3 + 0.5 × cosine, a review flag below 0.6); posts with no similarity ≥ 0.35 stay unplaced.

Every placement carries its evidence: the matched alias/head or the most similar alias.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable

from ingest.nlp import fold_width, norm_key

_NOISE = re.compile(
    r"(?:急聘|急招|诚聘|高薪诚聘|高薪聘请|高薪|热招|直招|名企|国企|央企|外企|纯外企|德资|日资|美资|五百强|500强|世界500强|"
    r"周末双休|双休|单休|大小周|五险一金|六险一金|五险|社保|包吃住|包吃|包住|提供住宿|住宿|餐补|房补|"
    r"无责底薪\d*|底薪\d*|保底\d*|月薪\S*|年薪\S*|月入\S*|年入\S*|日结|周结|月结|\d+(?:\.\d+)?[kKwW万千元]\S*|"
    r"\d{3,}|\d+(?:/天|/时|/小时|元)|\d+小时制|\d+小时|朝九晚[五六]|955|965|到点走|不加班|长白班|两班倒|"
    r"接受小白|小白|有人带|带薪培训?|可培养|老带新|接受应届生?|应届生?|秋招|校招|社招|实习生?|兼职|全职|"
    r"可就近分配|待遇好|福利好|薪资高|高提成|提成|奖金|绩效|年终奖|晋升|有晋升|上不封顶|入职|找个徒弟|"
    r"线上面试|不收学生|急|^招聘[:：]?|招聘(?=$|[-—\s/])|热招|在线|远程|居家|^求)")
_PLACE = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}(?:市|区|县))|（[^）]*）|\([^)]*\)")
_LEVEL = re.compile(r"(?:中高级|中初级|高级|资深|初级|中级|见习|储备|首席|senior|junior|sr\.?|jr\.?)\s*|"
                    r"(?:实习生|实习|学徒|岗位|岗)$", re.I)
_ROLE = re.compile(r"(?:工程师|专员|经理|会计|助理|销售|主管|运营|总监|开发|顾问|管理员|老师|教师|客服|策划|文员|营销|"
                   r"翻译|主播|业务员|代表|研究员|测试|编辑|讲师|分析师|设计师|技术员|检验员|操作员|负责人|专家|主任|司机|"
                   r"前台|摄影师|秘书|财务|跟单|普工|采购|出纳|审计|律师|法务|架构师|程序员|运维|人事|招聘|行政|推广|"
                   r"文案|电工|护士|医生|保安|厨师|店长|店员|收银|师|员|工)$")
_SEP = re.compile(r"\s*(?:[/|+＋、,，;；!！~～。]|-|—|–|_|(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff]))\s*")
_GENERIC = re.compile(r"^(?:专员|助理|经理|主管|总监|工程师|顾问|负责人|专家|岗|职员)$")


@functools.lru_cache(maxsize=1 << 16)  # pure; a title is named by the reference load and the jobs step, and titles recur
def post_name(title: str) -> str:
    """The post a posting title names ("" when nothing is left).

    >>> post_name("主办会计+周末双休+适合带崽")
    '会计'
    >>> post_name("销售 底薪6000/房补+高提成（接受小白）")
    '销售'
    >>> post_name("高级Java开发工程师【急招】")
    'Java开发工程师'
    """
    t = fold_width(title or "").strip()
    t = re.sub(r"(\.\.\.|…+)$", "", t)
    brackets = [b.strip() for b in re.findall(r"[（(【\[]([^）)】\]]*)[）)】\]]", t)]
    t = re.sub(r"[【\[][^】\]]*[】\]]|[（(][^）)]*[）)]|[（(【\[][^）)】\]]*$", " ", t)
    t = _NOISE.sub("", t)
    parts = [p.strip(" -_·.:：*#!！") for p in _SEP.split(t)]
    parts = [p for p in parts if len(p) >= 2 and re.search(r"[\u4e00-\u9fffA-Za-z]{2}", p)]
    if not parts:
        return ""
    best = next((p for p in parts if _ROLE.search(_LEVEL.sub("", p))), parts[0])
    if re.fullmatch(r"[A-Za-z+#.]+", best) and len(parts) > 1:  # "Java（线上面试）" stays Java; "AI/销售" → 销售
        role = next((p for p in parts if _ROLE.search(p)), None)
        best = role or best
    for _ in range(2):
        best = _LEVEL.sub("", best).strip()
    best = _PLACE.sub("", best).strip() or best
    if _GENERIC.match(best):  # "高级专员（供应链方向）": the bracket names the work
        q = next((re.sub(r"(?:方向|岗位|岗|类)$", "", _NOISE.sub("", b)).strip() for b in brackets
                  if re.search(r"[\u4e00-\u9fff]{2}", _NOISE.sub("", b))), "")
        best = q + best if q else best
    return _qualified_head(best)


#: qualified heads reduced to the head (a qualifier that names a kind of the same work)
_HEAD_OF = re.compile(r"^(?:总账|成本|主办|薪酬|维护|代账|全职|财务|税务|往来|应收|应付|费用|核算|销售|项目|工程|资产|"
                      r"管理|生产|外账|内账|全盘|审核|结算|记账|报税|出纳)(会计)$")


def _qualified_head(post: str) -> str:
    m = _HEAD_OF.match(post)
    return m.group(1) if m else post


#: reviewed head map: frequent role heads of the job boards → 2022 细类 (guideline in
#: tests/ingest/gold/posts/README.md). Checked in order; the first pattern that matches the post wins.
HEADS: tuple[tuple[str, str], ...] = (
    # specific heads first, catch-all ones (销售, 人力资源, 运营, 文员) last; the first that matches wins
    (r"HRD|HRBP|人力资源(?:经理|总监|主管|管理)|人事(?:经理|总监)", "2-06-08-01"),
    (r"招聘", "4-07-03-08"),
    (r"讲师|培训师", "4-07-03-05"),
    (r"审计", "2-06-04-00"),
    (r"税务", "2-06-05-00"),
    (r"会计|出纳|财务|总账|记账|核算", "2-06-03-00"),
    (r"外贸|外销|国际贸易|跨境", "2-06-07-01"),
    (r"供应链", "4-02-06-05"),
    (r"仓库|仓管|仓储", "4-02-06-01"),
    (r"货代|海运|空运|货运代理", "4-02-05-03"),
    (r"物流", "4-02-06-03"),
    (r"采购", "4-01-01-00"),
    (r"电商运营|淘宝|天猫|京东|拼多多|亚马逊|店铺运营", "4-01-06-01"),
    (r"主播|直播|带货|网络营销|网络销售|互联网营销", "4-01-06-02"),
    (r"新媒体|内容运营|内容营销|抖音", "4-13-01-05"),
    (r"银行.*(?:客户经理|理财经理)|理财经理", "4-05-01-03"),
    (r"金融(?:销售|电销|顾问|产品|客户经理)|理财顾问", "2-06-11-04"),
    (r"置业|房产|房地产|二手房|租赁顾问|中介", "4-06-02-01"),
    (r"客服|话务", "4-04-05-03"),
    (r"前端|Web前端|H5", "4-04-05-01"),
    (r"测试", "4-04-05-02"),
    (r"运维", "2-02-10-08"),
    (r"Java|Python|PHP|C\+\+|Golang|Go开发|\.NET|C#|后端|全栈|软件开发|软件工程师|程序员|开发工程师", "2-02-10-03"),
    (r"产品经理", "2-02-34-01"),
    (r"翻译", "2-10-05-00"),
    (r"法务|法律顾问", "2-07-09-00"),
    (r"律师", "2-07-04-00"),
    (r"电工", "6-31-01-03"),
    (r"(?:销售|营销|市场)(?:经理|总监)|营销总", "2-06-07-02"),
    (r"销售|营销|业务员|业务代表|市场专员|市场推广|商务专员|商务助理|地推|电销", "4-01-02-01"),
    (r"人力资源(?:咨询|项目|服务)?顾问", "2-06-08-02"),
    (r"人力资源|人事|薪酬|薪资|薪税|绩效|员工关系|HR", "4-07-03-04"),
    (r"运营", "4-13-01-05"),
    (r"前台|秘书|经理助理|总助|执行助理|行政助理|文员", "3-01-02-02"),
)
_HEADS = tuple((re.compile(p, re.I), c) for p, c in HEADS)


#: posts whose similarity step runs in one product (a dense aliases × chunk block, ≈ 40 MB)
SIMILARITY_CHUNK = 256
_SIMILARITY = object()  # "no rule placed it: the similarity step decides"


@dataclass(frozen=True)
class Placement:
    code: str
    confidence: float
    method: str        # name | head | suffix | contains | similarity
    evidence: str      # "<post> ~ <matched alias or head>"
    review: bool = False


class OccupationMatcher:
    """Post → occupation (see the module doc). ``occupations``: (code, name, aliases) of the 细类."""

    def __init__(self, occupations: list[tuple[str, str, list[str]]]):
        self.names: dict[str, str] = {}
        self.exact: dict[str, set[str]] = {}
        docs: list[tuple[str, str]] = []
        for code, name, aliases in occupations:
            self.names[code] = name
            for a in {name, *(aliases or [])}:
                a = re.sub(r"(?:L/S|[SL])$", "", a.strip()) if a else a
                k = norm_key(a or "")
                if len(k) >= 2:
                    self.exact.setdefault(k, set()).add(code)
                    docs.append((k, code))
        # the aliases longest first (equal lengths in first-seen order): the rank decides between aliases
        # of one length that a post contains
        self._rank = {a: i for i, a in enumerate(sorted(self.exact, key=len, reverse=True))}
        self._doc_keys = [k for k, _ in docs]
        self._doc_codes = [c for _, c in docs]
        self._vec = self._mat = None
        self._cache: dict[str, Placement | None] = {}

    def _tfidf(self):
        if self._vec is None:
            from sklearn.feature_extraction.text import TfidfVectorizer

            self._vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)
            self._mat = self._vec.fit_transform(self._doc_keys)
        return self._vec, self._mat

    def place(self, post: str) -> Placement | None:
        k = norm_key(post or "")
        if len(k) < 2:
            return None
        if k in self._cache:
            return self._cache[k]
        out = self._place(k, post)
        self._cache[k] = out
        return out

    def place_many(self, posts: Iterable[str]) -> None:
        """Place several posts into the cache :meth:`place` answers from, as :meth:`place` would one after
        the other; the posts that reach the similarity step share one TF-IDF transform and one product
        per chunk of :data:`SIMILARITY_CHUNK` instead of one of each per post (each post's row and its
        cosines are computed exactly as alone)."""
        todo: dict[str, str] = {}  # key → the first post with it (its evidence names that post)
        for post in posts:
            k = norm_key(post or "")
            if len(k) < 2 or k in self._cache or k in todo:
                continue
            out = self._by_rules(k, post)
            if out is _SIMILARITY:
                todo[k] = post
            else:
                self._cache[k] = out
        if not todo:
            return
        vec, mat = self._tfidf()
        keys = list(todo)
        for i in range(0, len(keys), SIMILARITY_CHUNK):
            chunk = keys[i:i + SIMILARITY_CHUNK]
            sims = (mat @ vec.transform(chunk).T).toarray()
            for j, k in enumerate(chunk):
                self._cache[k] = self._most_similar(todo[k], sims[:, j])

    def _place(self, k: str, post: str) -> Placement | None:
        out = self._by_rules(k, post)
        if out is not _SIMILARITY:
            return out
        vec, mat = self._tfidf()
        return self._most_similar(post, (mat @ vec.transform([k]).T).toarray().ravel())

    def _by_rules(self, k: str, post: str) -> Placement | None | object:
        """Steps 1–3 of the module doc; :data:`_SIMILARITY` when only the similarity step can place it."""
        hit = self.exact.get(k)
        if hit and len(hit) == 1:
            code = next(iter(hit))
            return Placement(code, 0.9, "name", f"{post} = {self.names[code]} (大典 name/alias)")
        for rx, code in _HEADS:
            m = rx.search(post)
            if m and code in self.names:
                return Placement(code, 0.8, "head", f"{post} ~ {m.group()} → {self.names[code]} (reviewed head)")
        for mode, conf in (("suffix", 0.75), ("contains", 0.7)):
            a = self._longest_alias(k, mode)
            if a is not None:
                codes = self.exact[a]
                if len(codes) == 1:
                    code = next(iter(codes))
                    return Placement(code, conf, mode, f"{post} ~ {a} ({self.names[code]})")
                # the longest alias is shared by several occupations: undecided at this step
        return _SIMILARITY if self._doc_keys else None

    def _most_similar(self, post: str, sims) -> Placement | None:
        """Step 4: the alias most similar to the post (``sims``: its cosine with every alias)."""
        i = int(sims.argmax())
        if sims[i] < 0.35:
            return None
        conf = round(0.3 + 0.5 * float(sims[i]), 3)
        code = self._doc_codes[i]
        return Placement(code, conf, "similarity", f"{post} ~ {self._doc_keys[i]} ({self.names[code]}, "
                                                     f"cosine {sims[i]:.2f})", review=conf < 0.6)

    def _longest_alias(self, k: str, mode: str) -> str | None:
        """The longest alias shorter than ``k`` that ends it (``suffix``) or that it contains (``contains``;
        of several as long, the first seen), or None: the post's own substrings looked up, longest first."""
        n = len(k)
        for size in range(n - 1, 1, -1):
            if mode == "suffix":
                if k[n - size:] in self.exact:
                    return k[n - size:]
                continue
            found = [k[i:i + size] for i in range(n - size + 1) if k[i:i + size] in self.exact]
            if found:
                return min(found, key=self._rank.__getitem__)
        return None

    @classmethod
    def from_csv(cls, path) -> "OccupationMatcher":
        """From the 大典 CSV of the reference folder (细类 rows: level 4)."""
        import csv

        occ = []
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                if r.get("level") == "4":
                    occ.append((r["code"], r["name"], [a for a in (r.get("alias") or "").split(",") if a]))
        return cls(occ)

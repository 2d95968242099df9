"""Open-vocabulary skill extraction from job postings and job-board skill tags.

:class:`SkillFinder` adds to the curated vocabulary match (:class:`ingest.vocab.entities.EntityMatcher`):

* **sections** (:func:`sections`): a description is cut at its headings into duties, requirements,
  company presentation and benefits; only duties and requirements (and text before any heading) count;
* **masks**: degree and major requirements ("统计学、数学等相关专业", "专业：…", "…学历") and URLs are
  not skills, and a Latin name inside a longer Latin token is not matched (C in W3C);
* **open candidates**: Latin-script technical tokens (``PMC``, ``KOL``, ``Appium``; ``C/C++`` → C and
  C++; a misspelling of a known name → that name, with rapidfuzz) and Chinese skill phrases taken from
  requirement clauses (objects of 熟悉/掌握/精通/了解/会使用 …, "有…经验", split at 、/和/及/与/或) when
  the phrase ends like a skill (…管理, …分析, …核算, …设计 …) and is not a soft skill;
* **named areas** (:func:`area_phrases`): clause pieces of duties and requirements ending in a professional-work
  head (…管理/核算/分析/策划/推广 …), kept when several employers of an unlabelled corpus ask for them
  (:func:`area_document_frequency`, ``ingest.jobs.reference_areas``);
* **rule classes of jobs@5** (:attr:`SkillFinder.v5`): a prefix alias whose name's head closes the compound a few
  characters on names the term ("后端主要开发" → 后端开发); a known area written with 的 is the term ("供应商的管理" →
  供应商管理); a Chinese method/knowledge term before a role, document or department noun ("数据分析师", "仓库管理单据"),
  and a management term before 系统/软件, modifies that noun and is not the skill; an open phrase right after a named
  tool is its category noun ("Linux操作系统"); a broad head after a generic modifier ("业务开发") is no skill;
* **listed areas of jobs@6** (:attr:`SkillFinder.v6`, :func:`_listed_areas`): an area phrase in an enumeration
  (、/和/及/与/或) with a known area term is one too, however few employers write it ("生产计划和物料控制" → 物料控制);
* **rules of jobs@7** (:attr:`SkillFinder.v7`, :data:`V7_RULES`): a heading glued to the word before it and closed by a
  colon starts its section, and a short keyword line before the first heading lists areas; "X管理体系" names X管理; a known
  area's modifier with another area head is an area ("库存管理" → "库存分析"), unless it is a plan carried out or an
  item listed with a post or a document; space-stripped English prose and the part after & are no Latin tool; a degree
  mask ends at a list marker;
* **tags** (:meth:`SkillFinder.tags`): a job board's skill tags (BOSS直聘) read one by one: benefits,
  conditions, customer types and industry domains dropped, "…经验" cut, vocabulary names normalised.

Each mention: name (canonical when the vocabulary knows it), ``known`` (False = a new term: lower
confidence, review flag), offsets into the text given, section, and the exact clause as evidence.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ingest.vocab.entities import normalise
from ingest.nlp import CJK

# ------------------------------------------------------------------------------------ sections
_HEADS = (
    ("requirements", r"任职要求|任职资格(?:要求)?|岗位要求|职位要求|技能要求|任职条件|应聘要求|招聘要求|资格要求|"
                     r"专业能力要求|能力要求|其他要求|加分项|优先条件|我们希望你|希望你|你需要|要求|"
                     r"Requirements?|Qualifications?"),
    ("duties", r"岗位职责|工作职责|职位职责|职责描述|工作职责描述|主要职责|工作内容|岗位描述|职位描述|工作描述|"
               r"岗位内容|你将负责|职责|Responsibilities|Job description"),
    ("company", r"公司介绍|公司简介|企业简介|企业介绍|公司概况|关于我们|我们是|About us"),
    ("benefits", r"福利待遇|薪资福利|薪酬福利|公司福利|薪资待遇|薪酬待遇|职位福利|员工福利|我们提供|福利|待遇|"
                 r"工作时间|上班时间|工作地点|工作地址|上班地址|联系方式|联系人|Benefits"),
)
_HEAD = re.compile(
    r"(?:(?<=^)|(?<=[\s。；;！!?？、)）\]】:：]))\s*(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．)）]|[【\[])?\s*"
    r"(?P<h>" + "|".join(f"(?P<{k}>{v})" for k, v in _HEADS) + r")\s*(?:[】\]])?\s*(?:[:：]|(?=\s*(?:\d|[一1①（(])))",
    re.I)
COUNTED = ("requirements", "duties", "body")


#: jobs@7: a duties/requirements heading of two words glued to the text before it and closed by a colon
#: ("物流管理，物流调度岗位职责：…", "…服务岗位要求：") — a heading of 51job's text without its line break
_HEAD_GLUED = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z0-9])(?P<h>(?P<requirements>任职要求|任职资格|岗位要求|职位要求|任职条件)|"
                         r"(?P<duties>岗位职责|工作职责|职位职责|职责描述|工作内容|岗位描述|职位描述|工作描述))\s*[:：]")


def sections(text: str, glued: bool = False) -> list[tuple[str, int, int]]:
    """(kind, start, end) spans covering ``text``: body (before any heading), requirements, duties,
    company, benefits. ``glued`` (jobs@7): also a heading glued to the word before it when a colon closes it
    (:data:`_HEAD_GLUED`)."""
    out: list[tuple[str, int, int]] = []
    pos, kind = 0, "body"
    heads = list(_HEAD.finditer(text))
    if glued:
        heads = sorted(heads + [m for m in _HEAD_GLUED.finditer(text)
                                if not any(h.start() <= m.start() < h.end() for h in heads)], key=lambda m: m.start())
    for m in heads:
        k = next(name for name, _ in _HEADS if name in m.groupdict() and m.group(name))
        if m.start() > pos or not out:
            out.append((kind, pos, m.start()))
        pos, kind = m.start(), k
    out.append((kind, pos, len(text)))
    return [s for s in out if s[2] > s[1]]


def section_at(secs: list[tuple[str, int, int]], i: int) -> str:
    for k, s, e in secs:
        if s <= i < e:
            return k
    return "body"


# ------------------------------------------------------------------------------------ masks
_CLAUSE_PUNCT = "，,。；;！!？?\n"
_MAJOR = re.compile(rf"[^{_CLAUSE_PUNCT}:：]*?(?:相关专业|等专业|类专业|专业优先|专业毕业|专业背景|专业不限|专业者|专业方向|"
                    rf"专业\s*(?:及以上|以上)|(?<=[{CJK}A-Za-z])专业(?=[{_CLAUSE_PUNCT}]|$))|专业\s*[:：][^{_CLAUSE_PUNCT}]*"
                    rf"|(?:本科|大专|专科|硕士|博士|研究生|高中|中专|学士)[^{_CLAUSE_PUNCT}]{{0,10}}?(?:学历|学位)"
                    rf"|学历\s*[:：][^{_CLAUSE_PUNCT}]*")
#: clause ends: sentence punctuation, a list marker ("2、", "(3)"), a bullet, a colon before a list
_CLAUSE_END = re.compile(r"[。！？；;!?\n]|[:：](?=\s*\d{1,2}\s*[、.．)）])|(?<=\D)(?=\d{1,2}\s*[、.．)）]\s*\D)|"
                         r"\s(?=[（(]\d{1,2}[)）])|[·•]|(?:&nbsp;)+")


def clause_bounds(norm: str, s: int, e: int) -> tuple[int, int]:
    """Bounds of the clause around the mention [s, e) (list items and punctuation end clauses)."""
    start = 0
    for m in _CLAUSE_END.finditer(norm, max(0, s - 300), s):
        start = m.end()
    m = _CLAUSE_END.search(norm, e)
    end = m.end() if m and m.group() in "。！？；;!?" else (m.start() if m else len(norm))
    while start < s and norm[start] in " \t:：,，":
        start += 1
    while end > e and norm[end - 1] in " \t":
        end -= 1
    if end - start > 200:  # a run-on clause: a window around the mention (still the source's own text)
        start, end = max(start, s - 80), min(end, e + 80)
    return start, max(end, e)


_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9./_%?=&#:~+-]+|[A-Za-z0-9.-]+\.(?:com|cn|net|org|io)\b(?:/[A-Za-z0-9./_%?=&#:~+-]*)?",
                  re.I)


#: every match of _MAJOR holds one of these: without them the text needs no scan (which is quadratic
#: in the length of a clause that names no major: each start tries the lazy prefix to the clause's end)
_MAJOR_ANCHORS = ("专业", "学历", "学位")


#: where _MAJOR's alternatives other than the first can start (their opening words)
_MAJOR_OPENING = re.compile(r"专业|学历|本科|大专|专科|硕士|博士|研究生|高中|中专|学士")
#: the first character of a run of text holding no clause punctuation and no colon
_MAJOR_RUN_START = re.compile(rf"(?<=[{_CLAUSE_PUNCT}:：])[^{_CLAUSE_PUNCT}:：]")


def _major_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``_MAJOR.finditer(text)``, without trying the positions where no match can start.

    ``finditer`` tries every position, and at each the first alternative (a lazy run to a major word)
    scans to the end of the run of text without punctuation or colon it is in: quadratic in a long run.
    But if that alternative fails at a position it fails at every later position of the same run (it can
    only end on a word inside the run, whatever its start), so after a failed position the next one that
    can match is the next run's start or the next opening word of the other alternatives
    (专业/学历/本科/…) — whichever comes first. Same matches, in the same order."""
    out: list[tuple[int, int]] = []
    n, p = len(text), 0
    while p < n:
        m = _MAJOR.match(text, p)
        if m:
            out.append(m.span())
            p = m.end() if m.end() > p else p + 1
            continue
        a = _MAJOR_OPENING.search(text, p + 1)
        b = _MAJOR_RUN_START.search(text, p + 1)
        p = min(a.start() if a else n, b.start() if b else n)
    return out


def masked_spans(text: str) -> list[tuple[int, int]]:
    """Spans that name no required skill: degree/major requirements and URLs."""
    majors = _major_spans(text) if any(a in text for a in _MAJOR_ANCHORS) else []
    return majors + [m.span() for m in _URL.finditer(text)]


#: a list marker inside a masked span ("学历：大专及以上2、有3年…"): the next item of a glued list
_MASK_MARKER = re.compile(r"(?<=[^\d\s])\s*\d{1,2}\s*[、.．)）](?=\s*\D)")


def _cut_at_marker(norm: str, a: int, b: int) -> tuple[int, int]:
    """jobs@7: a degree/major mask ends at the next list marker — in text without line breaks a "学历：…" or "专业：…"
    span would run on over the items after it ("学历：大专及以上2、有3年以上供应链岗位经验")."""
    for m in _MASK_MARKER.finditer(norm, a + 1, b):
        # only where the degree/major words are all before the marker: the items after it are not the mask's
        if _MAJOR_OPENING.search(norm, a, m.start()) and not _MAJOR_OPENING.search(norm, m.end(), b):
            return a, m.start()
    return a, b


def _inside(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(a <= s and e <= b for a, b in spans)


# ------------------------------------------------------------------------------------ candidates
_LATIN = re.compile(r"(?<![A-Za-z0-9+#._-])[A-Za-z][A-Za-z0-9]*(?:[+#]+|(?:[.\-/][A-Za-z0-9]+)*[+#]*)")
#: acronyms and words that name roles, degrees, business models, units or conditions, not skills
LATIN_STOP = {w.lower() for w in (
    "IT HR HRBP HRD HRM MBA EMBA CEO CFO COO CTO CIO CMO VP BD KA KPI OKR B2B B2C C2C O2O B2B2C APP App PC OK "
    "ID NO TOP GMV SKU VIP LOGO DIY QQ PK HC JD ROI UV PV DAU MAU PPT2 BOSS TO Top GM PM PMO OEM ODM MCN "
    "VS WEB etc e.g i.e and or the of to in for with on at by a an is are be as we you our your "
    "PHONE EMAIL URL". split())}  # the last three: the reference files' anonymisation placeholders ([PHONE] …)
_CUE = re.compile(r"(?:熟悉|掌握|精通|了解|熟练使用|熟练掌握|熟练运用|熟练操作|熟练|会使用|能使用|能够使用|能够运用|会用|懂得|"
                  r"具备|具有|擅长|运用|使用过?|能进行|能够进行|会)")
_HAVE = re.compile(r"有(?:过)?(?:[^，,。；;！!？?\n]{0,4}?年以上)?([^，,。；;！!？?\n有]{2,40}?)(?:相关)?(?:工作)?(?:经验|经历|背景)")
_FOLLOW = re.compile(r"经验|知识|管理|运作|流程|相关|等|和|及|与|或|方面|领域|工作|岗位|各|的|类|背景|理论")
_LIST_GAP = re.compile(r"\s*(?:[、,，/和及与或]|以及)\s*")
_SPLIT = re.compile(r"[、/和及与或,，]|以及|并且|并")
_LEAD = re.compile(r"^(?:一定的?|基本的?|相关的?|良好的?|较强的?|丰富的?|扎实的?|专业的?|各类|各种|常用的?|日常|基础的?|主流的?|"
                   r"熟练|的|对|于|如|例如|包括|包含|其他|相应的?|必要的?|较好的?|优秀的?|深厚的?|一些|过|在|各项|各个|"
                   r"全面的?|系统的?|具体的?|熟悉|掌握|精通|了解|熟练|拥有|具备|具有)+")
_TAIL = re.compile(r"(?:等相关|等|相关|的)?(?:专业知识|知识体系|知识|技能|能力|经验|工作|业务|操作|流程|的使用|使用|工具|"
                   r"方法|理论|技巧|原理|规则|规范|者|优先|基础|软件|者优先|背景|领域|方面|常识|体系知识|相关工作|的)+$")
#: a Chinese phrase is a skill when it ends like one (a general list of skill-forming heads)
_SKILL_END = re.compile(r"(?:管理|分析|核算|设计|开发|营销|运营|推广|策划|测试|建模|编程|运维|控制|工艺|技术|法规|体系|系统|"
                        r"审计|税务|翻译|剪辑|制图|绘图|写作|调度|规划|采购|仓储|物流|会计|统计|预算|报关|结算|销售|摄影|维修|"
                        r"调试|检测|评估|谈判|计划|实施|优化|建设|招聘|核保|理赔|报税|记账|编辑|排版|配置|标注|架构|"
                        r"算法|挖掘|识别|可视化|仿真|施工|造价|监理|焊接|装配|加工|检验|质检|护理|急救|拓展)$")
_BROAD_END = re.compile(r"(?:开发|设计|运营|销售|推广|实施|技术|系统|建设|优化)$")
#: generic modifiers of a broad head: "业务开发", "应用开发", "项目实施" name no particular skill
_GENERIC_MOD = re.compile(r"^(?:业务|应用|项目|系统|软件|程序|功能|模块|代码|工程|技术|相关|日常)")
#: nouns that turn the term before them into a modifier: a role ("数据分析师"), a product or system ("数据分析系统",
#: "项目管理软件"), a document ("仓库管理单据") or a department ("采购管理部") is not the skill
_HEADED_BY = re.compile(r"(?:师|员|单据|部门|部(?!分)|经理|主管|总监|岗位?)")
#: … and, after a management area (vocabulary kind ``knowledge``), a product: "仓库管理系统", "项目管理软件" (a
#: technical method before 系统 keeps its skill: building a 机器学习系统 or 网络爬虫系统 uses the method)
_HEADED_BY_PRODUCT = re.compile(r"(?:系统|软件)")
#: the category noun of a named tool after it ("Linux操作系统", "MySQL数据库"): the tool is the skill
_TOOL_BEFORE = re.compile(r"[A-Za-z][A-Za-z0-9+#.]*\s?$")


def _noun_follows(norm: str, end: int) -> bool:
    """A role, document, department (:data:`_HEADED_BY`) or product (:data:`_HEADED_BY_PRODUCT`) noun starts at
    ``end``: the area term before it modifies that noun."""
    return bool(_HEADED_BY.match(norm, end) or _HEADED_BY_PRODUCT.match(norm, end))
_SOFT = re.compile(r"沟通|协调|表达|学习|组织|执行|抗压|团队|领导|逻辑|思维|判断|决策|创新|责任|吃苦|亲和|应变|人际|服务意识|"
                   r"自我|情绪|时间管理|压力|主动|细致|敬业|职业道德|语言|文字|观察|理解|分析问题|问题分析|解决问题|问题解决|统筹|管理能力|"
                   r"团队管理|人员管理|自我管理")


def _clean_phrase(p: str) -> str:
    p = p.strip(" \t:：（）()【】[]“”\"'·-—_.")
    for _ in range(2):
        p = _LEAD.sub("", p)
        p = _TAIL.sub("", p)
        p = p.strip(" \t:：（）()【】[]“”\"'·-—_.")
    return p


#: function words of a described experience or requirement, not a skill's name (的/等/以上/相关/一定 …)
_FUNCTION_WORDS = re.compile(r"[的等之一个]|以[上下]|相关|一定|如下|实际")


def _zh_skill(p: str, shortest: int = 4, generic: bool = False) -> bool:
    """A Chinese phrase that reads as a skill: ``shortest``–8 characters, ends like a skill, no soft skill,
    no digits, no function words (的/等/以上/相关: an experience description, not a skill name); with
    ``generic`` (jobs@5), a broad head (开发, 设计, 实施 …) after a generic modifier is not one either."""
    longest = 4 if _BROAD_END.search(p) else 6  # "大型网站项目开发" describes a project, "后端开发" a skill
    if generic and _BROAD_END.search(p) and _GENERIC_MOD.match(p):
        return False  # "业务开发", "应用开发": a broad head needs a domain modifier
    return (shortest <= len(p) <= longest and not _FUNCTION_WORDS.search(p)
            and not re.match(r"使用|实现|进行|完成|负责|参与|利用|通过", p)  # a verb phrase is not a skill's name
            and re.fullmatch(rf"[{CJK}A-Za-z0-9+#/]+", p) is not None
            and re.search(rf"[{CJK}]", p) is not None and _SKILL_END.search(p) is not None
            and not _SOFT.search(p) and not re.search(r"\d", p))


# ------------------------------------------------------------------------------------ named areas in clauses
#: a board's skill-tag line ("技能标签：…", BOSS直聘) in place of a description; group 1 holds the tags
TAG_LINE = re.compile(r"^\s*技能标签\s*[:：]\s*(.*)$", re.S)
#: heads of named professional work (a closed class, from the guidelines' examples: 供应链管理, 成本核算, 数据分析,
#: 内容营销, 活动策划, 品牌推广, 生产计划, 成本控制, 物流调度, 电商运营, 库存盘点)
AREA_HEADS = "管理|核算|分析|营销|策划|推广|计划|控制|调度|运营|盘点"
AREA_HEAD = re.compile(rf"(?:{AREA_HEADS})$")
#: 的 before an area head ("供应商的管理"): where a known area term may be written apart (SkillFinder._split_terms)
_OF_HEAD = re.compile(rf"的({AREA_HEADS})")
#: a clause piece: the text between punctuation, list separators (、/和/及/与/或/等/并/+) and parentheses
_AREA_PIECE_SPAN = re.compile(r"[^，,。；;！!？?\n、/和及与或等并+：:（）()\[\]【】\s]+")
_AREA_HEAD_IN = re.compile(AREA_HEADS)
#: duty and requirement verbs, modals and manner adverbs that open a piece before its object (负责…, 能够独立…, 定期…)
_AREA_VERB = re.compile(r"^(?:负责|进行|做好|参与|协助|组织|制定|完善|建立|健全|推动|开展|跟进|落实|执行|实施|熟悉|掌握|精通|了解|"
                        r"具备|具有|拥有|有|从事|主导|配合|支持|统筹|优化|提升|完成|对|做|编制|撰写|提供|根据|通过|利用|"
                        r"运用|擅长|善于|懂|熟练|能够|能|会|可|需|独立|定期|及时|认真|积极|主动|协同|提交|汇总|总结|"
                        r"监督|计算|实地|按时|全程)+")
#: generic or deictic modifiers: "工作计划", "日常管理", "公司运营", "部门内部管理" name no area
_AREA_GENERIC = re.compile(r"^(?:工作|日常|年度|季度|月度|各项|各类|公司|部门|内部|整体|个人|团队|全面|有效|合理|综合|相关|"
                           r"本部门|所属|区域内|自身)")


#: jobs@7: "X管理体系", "X分析体系" — the system of an area's work, named by the area ("供应商管理体系" → 供应商管理);
#: only after an area head, so "质量管理体系" (a vocabulary term, matched before) and "课程体系" are untouched
_SYSTEM_TAIL = re.compile(rf"(?<=(?:{AREA_HEADS}))体系$")  # every head has two characters: a fixed-width lookbehind


def area_phrases(norm: str, secs=None, masks=None, known: set[str] | frozenset | None = None, tails: bool = False):
    """(start, end, phrase) of named professional areas in the counted sections of a normalised description:
    each clause piece (split at punctuation, 、/和/及/与/或/等, +), stripped of a leading duty verb, modal or
    manner adverb and of modifiers/tails (…工作, …经验, …能力), that is 4–6 Chinese characters ending in a
    professional-work head (:data:`AREA_HEAD`), without a generic modifier, soft skill or function word.
    A candidate only: :class:`SkillFinder` keeps those that recur in the postings of several employers.

    With ``known`` (the phrases that recur), only those are yielded, and a longer piece yields its longest
    ending that is one: Chinese compounds are head-final, so "5年以上产品型工厂生产管理" names 生产管理 and
    "采购招投标管理" 招投标管理.

    ``tails`` (jobs@7): a piece ending in 体系 names the area it is the system of ("建设和维护供应商管理体系" →
    供应商管理; :data:`_SYSTEM_TAIL`)."""
    secs = sections(norm) if secs is None else secs
    masks = masked_spans(norm) if masks is None else masks
    for kind, s, e in secs:
        if kind not in COUNTED:
            continue
        for m in _AREA_PIECE_SPAN.finditer(norm, s, e):
            piece, i = m.group(), m.start()
            if not _AREA_HEAD_IN.search(piece):
                continue  # most pieces name no work area: skip the cleaning
            p = _clean_phrase(_AREA_VERB.sub("", _clean_phrase(piece)))
            if tails:
                p = _SYSTEM_TAIL.sub("", p)
            run = re.search(rf"[{CJK}]+$", p)
            if not run or not AREA_HEAD.search(run.group()):
                continue
            whole = run.group() == p and 4 <= len(p) <= 6 and not _SOFT.search(p) and not _AREA_GENERIC.match(p) \
                and not re.search(r"[的等之一个地]|以[上下]|相关", p)
            if whole and (known is None or p in known):
                hit = p
            elif known:
                r = run.group()
                hit = next((r[-n:] for n in range(min(6, len(r) - 1), 3, -1) if r[-n:] in known), None)
            else:
                hit = None
            if hit is None:
                continue
            j = norm.find(hit, i)
            if j < 0 or _inside(masks, j, j + len(hit)):
                continue
            yield j, j + len(hit), hit


#: what stands between two items of one enumeration (pieces of :data:`_AREA_PIECE_SPAN`)
_LIST_SEP = re.compile(r"\s*(?:[、/和及与或]|以及)\s*")
#: a count or a time before the head ("五年左右计划", "两年计划"): a plan's extent, not an area
_AREA_QUANTITY = re.compile(r"^(?:[一二三四五六七八九十两几半每]|\d)")


def _area_piece(p: str) -> bool:
    """A cleaned clause piece that reads as a named professional area: 4–6 Chinese characters ending in a
    professional-work head (:data:`AREA_HEAD`), no generic modifier, count, soft skill or function word."""
    return re.fullmatch(rf"[{CJK}]{{4,6}}", p) is not None and AREA_HEAD.search(p) is not None \
        and not _SOFT.search(p) and not _AREA_GENERIC.match(p) and not _AREA_QUANTITY.match(p) \
        and not _FUNCTION_WORDS.search(p) and "地" not in p


def _listed_areas(norm: str, secs, masks, taken, known_spans):
    """(start, end, phrase) of area phrases (:func:`_area_piece`) that stand in an enumeration — clause pieces joined
    only by 、/和/及/与/或 — another item of which holds a known area term (``known_spans``: the Chinese area terms,
    …管理/分析/计划 …, found before this step — vocabulary names, admitted areas): the items of one enumeration are
    of one kind, so "完善生产计划和物料控制" names 物料控制 as it names 生产计划, however few employers write it. Not a
    phrase inside a mention already found (``taken``), masked (a major), or modifying a role/document/product noun."""
    known = list(known_spans)  # the terms found before this step (the result does not depend on the list's order)
    for kind, s, e in secs:
        if kind not in COUNTED:
            continue
        pieces = list(_AREA_PIECE_SPAN.finditer(norm, s, e))
        group = [0] * len(pieces)  # enumeration number of each piece
        for i in range(1, len(pieces)):
            group[i] = group[i - 1] + (not _LIST_SEP.fullmatch(norm[pieces[i - 1].end():pieces[i].start()]))
        holding: dict[int, list[int]] = {}  # enumeration → its pieces that hold a known term
        for i, o in enumerate(pieces):
            if any(o.start() <= a and b <= o.end() for a, b in known):
                holding.setdefault(group[i], []).append(i)
        for idx, m in enumerate(pieces):
            if not any(k != idx for k in holding.get(group[idx], ())) or not _AREA_HEAD_IN.search(m.group()):
                continue  # no other item of its enumeration holds a known term
            p = _clean_phrase(_AREA_VERB.sub("", _clean_phrase(m.group())))
            if not _area_piece(p):
                continue
            j = norm.find(p, m.start())
            end = j + len(p)
            if j < 0 or _inside(masks, j, end) or _noun_follows(norm, end) or any(a < end and j < b for a, b in taken):
                continue
            yield j, end, p


#: jobs@7: a plan carried out or followed ("执行销售计划", "完成销售计划", "根据…销售计划") is a target, not the
#: planning work that "制定销售计划" names
_PLAN_CARRIED = re.compile(r"(?:执行|完成|落实|根据|按照|依据|达成|实现)(?:并完成|并|和|及)?$")
#: … or opening the clause the plan stands in ("根据公司发展战略和营销计划，…", "实现公司产品的销售和市场计划")
_PLAN_CLAUSE = re.compile(r"^(?:\d{1,2}(?:\.\d)?\s*[、.．)）]?\s*)?(?:根据|按照|依据|结合|基于|实现|完成|执行|落实|达成)")
#: role and document nouns ending an item of an enumeration: its items are posts ("商务经理/商务专员/航线管理/市场管理")
#: or documents ("提交采购分析和总结报告": 采购分析报告 and 总结报告)
_ROLE_END = re.compile(r"(?:经理|主管|专员|总监|助理|工程师|师|员|报告|报表|表格|文档|单据)$")


def _piece_start(norm: str, s: int) -> int:
    """jobs@7: where the comma-delimited piece holding position ``s`` starts (after the last ，,。；;！!？?, line
    break or colon before it)."""
    return max(norm.rfind(c, 0, s) for c in "，,。；;！!？?\n：:") + 1


def _role_listed(norm: str, s: int, e: int) -> bool:
    """jobs@7: the phrase at [s, e) stands in an enumeration (、/和/及/与/或 or /) another item of which ends in a role
    or document noun — the items of one enumeration are of one kind, so there they are posts or documents, not areas."""
    a = _piece_start(norm, s)
    b = min([i for i in (norm.find(c, e) for c in "，,。；;！!？?\n") if i >= 0] or [len(norm)])
    items = re.split(r"[、/和及与或]|以及", norm[a:b])
    return any(_ROLE_END.search(x.strip()) for x in items if x.strip() and norm[s:e] not in x)


#: jobs@7 (``latin``): a version number split off a name's list ("Python2.x/3.x" → 3.x; "2.7", "3.x", "v5.0")
_VERSION = re.compile(r"v?\d+(?:\.(?:\d+|x))+", re.I)
#: the case parts of a Latin token: "BasicknowledgeofSAP" → Basicknowledgeof, SAP; "APScheduler" → AP, Scheduler
_CASE_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def _glued_prose(tok: str) -> bool:
    """jobs@7: an unknown Latin token of several case parts that is space-stripped English prose (51job 2023:
    "BasicknowledgeofSAP", "inparticularExcel", "ERPcompetency", "Bachelordegree1-2", "Qualifications1"): a part longer
    than 12 characters, or a part of ≥ 8 letters in lower case ("ERP" + "competency") — a name's parts are capitalised
    words or acronyms ("PrecisionTree", "APScheduler"); a single word ("multiprocessing") is left alone."""
    parts = _CASE_PART.findall(tok)
    if len(parts) < 2:
        return False
    return any(len(p) > 12 or len(p) >= 8 and p.isalpha() and p[0].islower() for p in parts)


def _header_keywords(norm: str, secs):
    """(start, end, phrase) of area phrases (:func:`_area_piece`) in a keyword line: the text before the first
    heading, when a heading follows it, it is short (≤ 60 characters) and is a list of at least two short items
    (≤ 10 characters, no clause punctuation) — a board's keyword header ("物流管理，供应链物流，物流调度岗位职责：…")."""
    if len(secs) < 2 or secs[0][0] != "body" or secs[1][0] not in ("duties", "requirements"):
        return
    s0, e0 = secs[0][1], secs[0][2]
    line = norm[s0:e0]
    if len(line.strip()) > 60 or re.search(r"[。；;！!？?\n:：]", line.strip()):
        return
    items = [m for m in re.finditer(r"[^，,、/|\s]+", line)]
    if len(items) < 2 or any(len(m.group()) > 10 for m in items):
        return
    for m in items:
        p = m.group()
        if _area_piece(p):
            yield s0 + m.start(), s0 + m.end(), p


def area_document_frequency(postings) -> dict[str, int]:
    """Phrase → number of distinct employers whose postings **ask for** it as an area — named in a requirements
    section (:func:`area_phrases`) — over ``postings``: (employer, description) pairs of an unlabelled corpus
    (a board's tag lists are skipped). A phrase only ever written as a duty ("登记管理", "提交采购分析") is a
    task, not a skill an employer asks for."""
    return area_document_frequencies(postings)[0]


def area_document_frequencies(postings) -> tuple[dict[str, int], dict[str, int]]:
    """(asked, named): employers asking for each phrase in a requirements section (:func:`area_document_frequency`)
    and employers naming it in any counted section (duties too), in one pass over ``postings``."""
    asked: dict[str, set] = {}
    named: dict[str, set] = {}
    for employer, text in postings:
        if not text or TAG_LINE.match(text):
            continue
        norm, _ = normalise(text, "zh")
        secs = sections(norm)
        masks = None  # the text's masked spans, found once for all its sections
        for kind, s, e in secs:
            if kind not in COUNTED:
                continue
            masks = masked_spans(norm) if masks is None else masks
            for _s, _e, p in area_phrases(norm, [(kind, s, e)], masks):
                named.setdefault(p, set()).add(employer)
                if kind == "requirements":
                    asked.setdefault(p, set()).add(employer)
    return {p: len(v) for p, v in asked.items()}, {p: len(v) for p, v in named.items()}


#: a phrase asked for as an area by at least this many employers is a term; a one-off is not. Chosen by
#: cross-validation over the postings of both development sets (5 folds × 5 seeds, k ∈ {0, 2, 3, 5, 8}, the
#: k maximising the lower of the IT and non-IT F1 on the training folds: 5 in 16 of 25 folds; docs/job-demand.md)
MIN_AREA_EMPLOYERS = 5
#: … or named in duties or requirements by at least this many employers (jobs@5: 库存管理, 生产计划 are mostly
#: written as duties). Chosen with MIN_AREA_EMPLOYERS by cross-validation (5 folds × 5 seeds over the 124 dev
#: postings, counts without the dev postings, (asked, named) ∈ {3, 5, 8, off} × {3, 5, 8, 12, 20, off}, the pair
#: maximising the lower F1 on the training folds: (5, 20) in 19 of 25 folds; docs/job-demand.md)
MIN_AREA_NAMED = 20


#: the rules of jobs@7 (:attr:`SkillFinder.v7`): ``header`` — headings glued to the text before them and a keyword
#: line before the first one; ``system`` — X管理体系 → X管理; ``modifier`` — a known area's modifier with another
#: area head; ``latin`` — no unknown Latin token after & or made of space-stripped English prose; ``mask`` — a
#: degree/major mask ends at a list marker
V7_RULES = frozenset({"header", "system", "modifier", "latin", "mask"})


@dataclass
class Mention:
    name: str
    key: str | None          # vocabulary key (label, key) when known
    label: str | None
    known: bool              # in the curated vocabulary / graph
    start: int               # offsets into the text given
    end: int
    section: str
    evidence: str            # exact substring of the text given (the clause)
    confidence: float
    method: str              # vocabulary | latin | phrase | fuzzy | tag
    ev_start: int = -1       # offsets of ``evidence`` in the text given (text[ev_start:ev_end] == evidence)
    ev_end: int = -1


class SkillFinder:
    """Skill mentions in a posting: vocabulary + open candidates (see the module doc)."""

    def __init__(self, vocab, matcher, areas: set[str] | frozenset = frozenset()):
        """``areas``: phrases that recur as named areas in the postings of several employers of an unlabelled
        corpus (:func:`area_document_frequency` ≥ :data:`MIN_AREA_EMPLOYERS`); found in any counted clause."""
        from rapidfuzz import process  # noqa: F401  (fail early if missing)

        self.vocab = vocab
        self.matcher = matcher
        self.areas = set(areas)
        #: jobs@5's rule classes (compound split by modifiers, terms heading a role/product/document, a tool's
        #: category noun, generic modifiers of broad heads); False = jobs@4, the baseline of ``kg eval jobs``
        self.v5 = True
        #: jobs@6: an area phrase listed with a known Chinese area term is one too (:func:`_listed_areas`);
        #: False = jobs@5, the baseline of ``kg eval jobs``
        self.v6 = True
        #: jobs@7's rules (:data:`V7_RULES`): glued headings and a keyword line before them, an area's 体系, a known
        #: area's modifier with another area head, no glued-prose Latin tokens, masks cut at list markers; empty = jobs@6
        self.v7: frozenset[str] = V7_RULES
        # lower-cased surface → (label, key) for all Skill-like entries, to normalise open candidates
        self.surface: dict[str, tuple[str, str]] = {}
        for lang_forms in vocab.forms.values():
            for surface, eks in lang_forms.items():
                eks = sorted(eks)
                if eks:
                    self.surface.setdefault(surface.lower(), eks[0])
                    self.surface.setdefault(surface.lower().replace(" ", ""), eks[0])
        self.exact = {x.lower(): x for x in vocab.exact}
        self.latin_names = sorted({s for s in self.surface if re.fullmatch(r"[a-z][a-z0-9+#. -]*", s) and len(s) >= 4})
        # known area terms (Chinese vocabulary names of kind method/knowledge and the admitted areas) by their
        # modifier: "库存管理" → 库存: [(管理, 库存管理)], for compounds split by 的 (_split_terms)
        self.by_modifier: dict[str, list[tuple[str, str]]] = {}
        names = {e.name for e in vocab.entries.values() if e.kind in ("method", "knowledge")} | self.areas
        for n in names:
            if re.fullmatch(rf"[{CJK}]{{4,7}}", n) and AREA_HEAD.search(n):
                self.by_modifier.setdefault(n[:-2], []).append((n[-2:], n))

    # ---------------------------------------------------------------- helpers
    def _entry(self, ek):
        return self.vocab.entries[ek]

    def _latin_canonical(self, tok: str) -> tuple[str, tuple[str, str] | None, str]:
        """(name, vocabulary key or None, method) for a Latin token."""
        ek = self.surface.get(tok.lower()) or (self.surface.get(tok.lower().replace(" ", "")) if " " in tok else None)
        exact = self.exact.get(tok.lower())
        if ek and (exact is None or tok in (exact, exact.upper()) or  # "word", "go" in running text: not Word, Go
                   len(tok) >= 4 and tok == exact[:1].upper() + exact[1:]):  # "Golang" (alias golang) is Go
            return self._entry(ek).name, ek, "vocabulary"
        if exact is not None:
            return tok, None, "latin"
        if len(tok) >= 5 and not tok.isupper() and tok.isalpha():
            from rapidfuzz import fuzz, process

            best = process.extractOne(tok.lower(), self.latin_names, scorer=fuzz.ratio, score_cutoff=80)
            if best and best[0][0] == tok[0].lower():
                ek = self.surface[best[0]]
                return self._entry(ek).name, ek, "fuzzy"
        return tok, None, "latin"

    # ---------------------------------------------------------------- postings
    def find(self, description: str) -> list[Mention]:
        text = description or ""
        norm, offs = normalise(text, "zh")
        if not norm.strip():
            return []
        v7 = self.v7 if self.v6 else frozenset()
        secs = sections(norm, glued="header" in v7)
        masks = masked_spans(norm)
        if "mask" in v7:
            masks = [_cut_at_marker(norm, a, b) for a, b in masks]
        out: list[Mention] = []
        taken: list[tuple[int, int]] = []
        taken_zh: list[tuple[int, int]] = []  # spans of Chinese area terms (…管理/分析/计划 …), for jobs@6's lists

        def clause(s: int, e: int) -> tuple[int, int]:
            return clause_bounds(norm, s, e)

        def add(name, ek, known, s, e, method):
            sec = section_at(secs, s)
            if sec not in COUNTED or _inside(masks, s, e):
                return
            cs, ce = clause(s, e)
            os_, oe = offs[s], offs[e - 1] + 1
            raw = text[offs[cs]:offs[ce - 1] + 1]
            ev = raw.strip()
            ev_start = offs[cs] + (len(raw) - len(raw.lstrip()))
            conf = (0.9 if sec == "requirements" else 0.8) if known else 0.6
            out.append(Mention(name, ek[1] if ek else None, ek[0] if ek else None, known, os_, oe,
                               {"requirements": "任职要求", "duties": "岗位职责"}.get(sec, "描述"), ev, conf, method,
                               ev_start, ev_start + len(ev)))
            taken.append((s, e))
            if re.fullmatch(rf"[{CJK}]+", name) and AREA_HEAD.search(name):
                taken_zh.append((s, e))

        # 1. vocabulary
        for h in self.matcher.find(norm):
            ek = h.targets[0]
            name = self._entry(ek).name
            if re.fullmatch(r"[A-Za-z0-9+#. -]+", h.text):
                # a Latin name inside a longer Latin token is not that name (C in W3C, R in R&D… )
                before = norm[h.start - 1] if h.start else " "
                after = norm[h.end] if h.end < len(norm) else " "
                if before.isalnum() and before.isascii() or after.isalnum() and after.isascii() or \
                        (after in "&" or before in "&"):
                    continue
            if h.text != name and name.startswith(h.text) and re.fullmatch(rf"[{CJK}]+", h.text) and \
                    h.end < len(norm) and (re.match(rf"[{CJK}]", norm[h.end]) and not _FOLLOW.match(norm, h.end) or
                                           self._stop_latin_at(norm, h.end)):
                # a short alias used as a modifier ("供应链系统", "供应链IT产品") is not the skill — unless the
                # name's own head closes the compound a few characters on: "后端主要开发", "后端技术开发" are
                # 后端开发 (alias 后端 + head 开发), the modifiers between them do not change what is named
                if not (self.v5 and self._split_compound(norm, h.end, name[len(h.text):])):
                    continue
            elif self.v5 and self._headed(norm, h, name):
                continue  # "数据分析师", "数据分析系统", "仓库管理单据": the term modifies a role, a product, a document
            add(name, ek, True, h.start, h.end, "vocabulary")
        # 2. Latin tokens (an unknown one counts when it looks technical — acronym, digits, inner capitals
        #    — in a requirement clause, or when it stands in a list next to another Latin name)
        glued: set[tuple[int, int]] = set()  # parts of a glued list ("CFenginePuppetChef…") stand in a list
        latin = [(p, m) for m in _LATIN.finditer(norm) for p in self._latin_parts(m.group(), m.start(), glued)]
        latin = self._join_spaced(norm, [self._strip_marker(norm, p, m) for p, m in latin])
        for i, ((tok, s, e), m) in enumerate(latin):
            if any(a < e and s < b for a, b in taken):
                continue
            if tok.lower() in LATIN_STOP or len(tok) < 2 and tok not in ("C", "R"):
                continue
            name, ek, method = self._latin_canonical(tok)
            if ek is None and len(tok) <= 2 and tok.islower():
                continue  # "io", "ui" in running text: a fragment or a typo, not a named tool
            if ek is None and "latin" in v7 and (s and norm[s - 1] == "&" or
                                                    _glued_prose(tok) and not self.surface.get(tok.rstrip("0123456789").lower())):
                continue  # "S&OP": a part of an &-joined acronym; "BasicknowledgeofSAP": space-stripped prose
            if ek is None and "latin" in v7 and _VERSION.fullmatch(tok):
                continue  # "Python2.x/3.x": the part after the slash is the name's version, not a tool
            if ek is None:
                technical = (tok.isupper() and len(tok) >= 2) or re.search(r"[0-9+#.]|[a-z][A-Z]", tok)
                listed = any(0 < abs(j - i) <= 1 and _LIST_GAP.fullmatch(norm[min(e, e2):max(s, s2)] or "x")
                             and self._latin_canonical(t2)[1] is not None
                             for j, ((t2, s2, e2), _m) in enumerate(latin) if j != i)
                listed = listed or (s, e) in glued or self._cued_latin(norm, s)
                if len(tok) > 24 or not (listed or technical and section_at(secs, s) == "requirements"):
                    continue
            add(name, ek, ek is not None, s, e, method)
        # 2b. known area terms written with 的 between modifier and head ("供应商的管理" → 供应商管理)
        if self.v5:
            for s, e, name in self._split_terms(norm):
                if not any(a < e and s < b for a, b in taken):
                    ek = self.surface.get(name.lower())
                    add(self._entry(ek).name if ek else name, ek, ek is not None, s, e, "compound")
        # 3. Chinese phrases in requirement clauses
        for s, e, phrase in self._phrases(norm):
            if any(a < e and s < b for a, b in taken) or self.v5 and self._after_tool(norm, s, phrase):
                continue
            ek = self.surface.get(phrase.lower())
            if ek:
                add(self._entry(ek).name, ek, True, s, e, "vocabulary")
            elif _zh_skill(phrase, generic=self.v5):
                add(phrase, None, False, s, e, "phrase")
        # 4. named areas in duty and requirement clauses that recur across employers ("负责…品牌推广工作")
        if self.areas:
            for s, e, phrase in area_phrases(norm, secs, masks, self.areas, tails="system" in v7):
                if any(a < e and s < b for a, b in taken) or \
                        self.v5 and _noun_follows(norm, e):
                    continue
                ek = self.surface.get(phrase.lower())
                if ek:
                    add(self._entry(ek).name, ek, True, s, e, "vocabulary")
                else:
                    add(phrase, None, False, s, e, "area")
        # 4b. (jobs@7) an area phrase whose modifier is a known area's and whose head is another area head: the
        #     object of a known area's work named by another kind of work ("库存管理" known → "库存分析")
        if "modifier" in v7:
            for s, e, phrase in area_phrases(norm, secs, masks):
                if phrase[-2:] in {h for h, _t in self.by_modifier.get(phrase[:-2], ())} or \
                        phrase[:-2] not in self.by_modifier or any(a < e and s < b for a, b in taken) or \
                        _noun_follows(norm, e) or not _area_piece(phrase) or \
                        phrase.endswith("计划") and self._plan_carried(norm, s) or _role_listed(norm, s, e):
                    continue
                ek = self.surface.get(phrase.lower())
                add(self._entry(ek).name if ek else phrase, ek, ek is not None, s, e, "modifier")
        # 4c. (jobs@7) a keyword line before the first heading ("物流管理，供应链物流，物流调度岗位职责：…")
        if "header" in v7:
            for s, e, phrase in _header_keywords(norm, secs):
                if not any(a < e and s < b for a, b in taken) and not _inside(masks, s, e):
                    ek = self.surface.get(phrase.lower())
                    add(self._entry(ek).name if ek else phrase, ek, ek is not None, s, e, "header")
        # 5. (jobs@6) an area phrase in a list beside a known Chinese area term ("生产计划和物料控制")
        if self.v6:
            for s, e, phrase in _listed_areas(norm, secs, masks, taken, taken_zh):
                ek = self.surface.get(phrase.lower())
                add(self._entry(ek).name if ek else phrase, ek, ek is not None, s, e, "listed")
        return out

    @staticmethod
    def _plan_carried(norm: str, s: int) -> bool:
        """jobs@7: a …计划 at ``s`` is a plan carried out or followed, not planning work: right after 执行/完成/根据 …
        (:data:`_PLAN_CARRIED`) or in a clause opened by one (:data:`_PLAN_CLAUSE`)."""
        if _PLAN_CARRIED.search(norm, max(0, s - 4), s):
            return True
        return _PLAN_CLAUSE.match(norm[_piece_start(norm, s):s].strip()) is not None

    def _split_terms(self, norm: str):
        """(start, end, term) of known area terms (:attr:`by_modifier`) written with 的 between modifier and head:
        "供应商的管理" is 供应商管理, "营销活动的策划" 活动策划, "人工成本的核算" 成本核算 (X的H ≡ XH); not when a role, product
        or document noun follows the head (:data:`_HEADED_BY`). Other inserted words change the term ("客户关系管理"
        is not 客户管理, "采购招投标管理" not 采购管理) and verb + object ("控制成本", "管理客户") names a task
        more often than a skill the gold counts: both measured and left out (docs/job-demand.md)."""
        for m in _OF_HEAD.finditer(norm):
            j, head, e = m.start(), m.group(1), m.end()
            if _noun_follows(norm, e):
                continue
            for n in range(5, 1, -1):  # the longest modifier before 的 that makes a known term with the head
                name = next((t for h, t in self.by_modifier.get(norm[j - n:j], ())
                             if h == head and (t in self.areas or t.lower() in self.surface)), None) if j >= n else None
                if name:
                    yield j - n, e, name
                    break

    @staticmethod
    def _split_compound(norm: str, end: int, head: str) -> bool:
        """The head of a name follows its modifier alias within the same clause piece, at most 6 characters
        on, with no clause break, role or organisation between ("后端架构的规划和开发" → 后端开发)."""
        if len(head) < 2 or not re.fullmatch(rf"[{CJK}]+", head):
            return False
        gap = norm[end:end + 6 + len(head)]
        i = gap.find(head)
        # a role or an organisation between them: "前端工程师配合开发", "供应链企业管理" (a firm's management)
        return i > 0 and re.search(rf"[^{CJK}]|工程师|人员|团队|同事|部门|配合|协作|对接|企业|公司|行业|单位|机构|工厂",
                                   gap[:i]) is None and not _HEADED_BY.match(norm, end + i + len(head)) \
            and not norm.startswith("工程师", end + i + len(head))

    def _headed(self, norm: str, h, name: str) -> bool:
        """A Chinese area or knowledge term followed by a role, product, document or department noun."""
        kind = self._entry(h.targets[0]).kind
        return re.fullmatch(rf"[{CJK}]+", h.text) is not None and len(h.text) >= 4 and kind in ("method", "knowledge") \
            and bool(_HEADED_BY.match(norm, h.end) or kind == "knowledge" and _HEADED_BY_PRODUCT.match(norm, h.end))

    def _after_tool(self, norm: str, s: int, phrase: str) -> bool:
        """An open phrase right after a named tool is that tool's category ("Linux操作系统", "MySQL数据库")."""
        if not s or not (norm[s - 1].isascii() and (norm[s - 1].isalnum() or norm[s - 1] in "+# ")):
            return False
        m = _TOOL_BEFORE.search(norm, max(0, s - 24), s)
        return m is not None and m.group().strip().lower() in self.surface

    def _covering(self, text: str):
        """The vocabulary key of the one known skill that covers at least half of a short text, or None.
        Remembered per text (the same tags recur across postings) for as long as the matcher is the same."""
        memo = self.__dict__.get("_covering_memo")
        if memo is None or memo[0] is not self.matcher:
            memo = self._covering_memo = (self.matcher, {})
        found = memo[1]
        if text not in found:
            if len(found) >= 200_000:
                found.clear()
            found[text] = self._covering_uncached(text)
        return found[text]

    def _covering_uncached(self, text: str):
        norm, _ = normalise(text, "zh")
        hits = self.matcher.find(norm)
        if len(hits) == 1 and (hits[0].end - hits[0].start) * 2 >= len(norm.strip()):
            return hits[0].targets[0]
        return None

    @staticmethod
    def _cued_latin(norm: str, s: int) -> bool:
        """The Latin token at ``s`` is the object of a requirement verb, alone or in its list of Latin names
        ("熟悉Appium", "掌握Jmeter、LoadRunner"); not a Latin word that modifies the Chinese noun after it
        ("熟悉Web开发", "了解App设计")."""
        m = _LATIN.match(norm, s)
        if m is None:
            return False
        after = norm[m.end():m.end() + 12]
        nxt = after.lstrip()[:1]
        if re.fullmatch(rf"[{CJK}]", nxt) and nxt not in "等和及与或、框工":
            return False
        if re.match(r" [A-Za-z]", after) or re.search(r"[A-Za-z] $", norm[max(0, s - 12):s]):
            return False  # a word of an English phrase ("Pull Request", "Linked in"), not a tool's name
        cs, _ce = clause_bounds(norm, s, s + 1)
        cue = None
        for m in _CUE.finditer(norm, cs, s):
            cue = m
        return cue is not None and re.fullmatch(r"[A-Za-z0-9+#.\-/\s、,，和及与或]*", norm[cue.end():s]) is not None

    @staticmethod
    def _stop_latin_at(norm: str, i: int) -> bool:
        """A role/business acronym (IT, HR, KA …) starts at ``i``: the alias before it names a domain
        ("供应链IT产品"), while a tool name after it keeps the skill ("前端JS开发")."""
        m = re.match(r"[A-Za-z]+", norm[i:i + 12])
        return bool(m) and m.group().lower() in LATIN_STOP

    @staticmethod
    def _strip_marker(norm: str, part, m):
        """A list number glued to the word before it ("深入理解OOP3、熟练使用…") is not part of the word."""
        tok, s, e = part
        mk = re.fullmatch(r"([A-Za-z]{2,}?)(\d)", tok)
        d = int(mk.group(2)) if mk else 0
        prev = [int(x.group(1)) for x in re.finditer(r"(?<![\dA-Za-z])(\d{1,2})\s*[、.．)）]", norm[max(0, s - 400):s])]
        if mk and d > 1 and re.match(r"\s*[、.．)）]", norm[e:e + 2]) and not re.match(r"\s*[.．]\d", norm[e:e + 3]) \
                and prev and prev[-1] == d - 1:  # it continues the numbering of the list before it
            return (mk.group(1), s, s + len(mk.group(1))), m
        return part, m

    def _join_spaced(self, norm: str, latin):
        """Adjacent Latin words one space apart that together spell a known name ("Tensor Flow") → one token."""
        out = []
        i = 0
        while i < len(latin):
            (tok, s, e), m = latin[i]
            if i + 1 < len(latin):
                (t2, s2, e2), _m2 = latin[i + 1]
                if norm[e:s2] == " " and self.surface.get((tok + t2).lower()) and not self.surface.get(tok.lower()):
                    out.append(((norm[s:e2], s, e2), m))
                    i += 2
                    continue
            out.append(latin[i])
            i += 1
        return out

    def _latin_parts(self, tok: str, start: int, glued: set | None = None):
        """A Latin token, or its parts when it is a slash list not known as a whole (C/C++ → C, C++), or when
        it is several names glued together by space-stripped text ("CFenginePuppetChefSaltStack")."""
        tok = tok.rstrip(".-")
        if "/" in tok and tok.lower() not in self.surface:
            pos = start
            for p in tok.split("/"):
                if p:
                    yield from self._latin_parts(p, pos, glued)
                pos += len(p) + 1
            return
        parts = self.split_glued(tok)
        if parts is None:
            yield tok, start, start + len(tok)
            return
        for p, i in parts:
            if glued is not None:
                glued.add((start + i, start + i + len(p)))
            yield p, start + i, start + i + len(p)

    def split_glued(self, tok: str) -> list[tuple[str, int]] | None:
        """Names glued without spaces (51job's space-stripped text): "CFenginePuppetChefSaltStack" →
        CFengine, Puppet, Chef, SaltStack; "WordandPowerPoint" → Word, PowerPoint; "GoodcommandofOfficeExcel"
        → Office, Excel. The token is cut only at case boundaries (lower → upper) or after a known name
        (≥ 3 letters) that ends at one, optionally joined by and/or/&; it is split only when at least two
        known names are found. An unknown piece is kept when it reads as a name (capitalised, ≤ 12
        characters), dropped when it is glued prose ("Goodcommandof"). None: not a glued list."""
        if tok.lower() in self.surface or len(tok) < 7 or not re.search(r"[a-z0-9][A-Z]", tok):
            return None
        low = tok.lower()
        n = len(tok)

        def boundary(j: int) -> bool:
            return j == n or (tok[j].isupper() and (tok[j - 1].islower() or tok[j - 1].isdigit()
                                                    or j + 1 < n and tok[j + 1].islower()))

        out: list[tuple[str, int, bool]] = []
        i = 0
        while i < n:
            hit = None
            for j in range(n, i + 2, -1):  # longest known name from i ending at a boundary
                if low[i:j] in self.surface and re.fullmatch(r"[a-z0-9+#]+", low[i:j]):
                    c = re.match(r"(?:and|or|&)(?=[A-Z])", tok[j:])
                    if boundary(j) or c:
                        hit = (j, j + (c.end() if c and not boundary(j) else 0))
                        break
            if hit:
                out.append((tok[i:hit[0]], i, True))
                i = hit[1]
                continue
            j = i + 1
            while j < n and not (tok[j].isupper() and (tok[j - 1].islower() or tok[j - 1].isdigit())):
                j += 1
            out.append((tok[i:j], i, False))
            i = j
        if sum(1 for _p, _i, k in out if k) < 2:
            return None
        from rapidfuzz import fuzz, process

        if process.extractOne(low, self.latin_names, scorer=fuzz.ratio, score_cutoff=90):
            return None  # one name misspelt ("PostgresSql" is PostgreSQL, not Postgres + SQL)
        return [(p, i) for p, i, k in out
                if k or re.fullmatch(r"[A-Z][A-Za-z0-9]{1,11}", p) and not re.search(r"[a-z]{9}", p)]

    def _phrases(self, norm: str):
        """(start, end, phrase) candidates: objects of requirement verbs and of "有…经验", split at list
        separators and trimmed of modifiers."""
        spans = []
        for m in _CUE.finditer(norm):
            end = len(norm)
            for c in _CLAUSE_PUNCT:
                i = norm.find(c, m.end())
                if 0 <= i < end:
                    end = i
            seg = norm[m.end():min(end, m.end() + 40)]
            # "较强的数据分析能力和成本控制能力": each "…能力/经验" closes one item of the list
            seg = re.split(r"者优先|优先", seg)[0]
            seg = re.sub(r"的?(?:能力|经验)", lambda x: "、" + " " * (len(x.group()) - 1), seg)
            spans.append((m.end(), seg))
        for m in _HAVE.finditer(norm):
            spans.append((m.start(1), m.group(1)))
        for base, seg in spans:
            pos = 0
            for piece in _SPLIT.split(seg):
                i = seg.find(piece, pos)
                pos = i + len(piece)
                p = _clean_phrase(re.sub(r"^[A-Za-z0-9+#. ]+(?=[\u4e00-\u9fff])", "", _clean_phrase(piece)))
                if len(p) < 2:
                    continue
                j = seg.find(p, i)
                if j < 0:
                    continue
                yield base + j, base + j + len(p), p

    # ---------------------------------------------------------------- tags
    def tags(self, tags_text: str) -> list[Mention]:
        """A board's skill tags ("Java, MySQL, 电话销售经验, 五险一金, category:…") → skill mentions; offsets
        into ``tags_text``; evidence = the tag as written."""
        out: list[Mention] = []
        pos = 0
        seen: set[str] = set()
        for raw in (tags_text or "").split(","):
            start = tags_text.find(raw, pos)
            pos = start + len(raw)
            tag = raw.strip()
            if not tag:
                continue
            s = start + raw.find(tag)
            ek = self.surface.get(tag.lower()) or self.surface.get(_TAG_EXP.sub("", tag).lower())
            name = self._entry(ek).name if ek else tag_skill(tag)
            if not name and not _TAG_DROP.search(tag):
                ek = self._covering(tag)  # "高并发电商": a known skill covering most of the tag
                name = self._entry(ek).name if ek else None
            if not name:
                continue
            if ek is None:
                ek = self.surface.get(name.lower())
            if ek is None and "/" in name and re.fullmatch(r"[A-Za-z0-9+#. /-]+", name):
                # "C/C++", "PS/AI": each part its own skill
                off = 0
                for part in name.split("/"):
                    cname, pek, _ = self._latin_canonical(part.strip())
                    if part.strip() and cname.lower() not in seen and cname.lower() not in LATIN_STOP:
                        seen.add(cname.lower())
                        out.append(Mention(cname, pek[1] if pek else None, pek[0] if pek else None, pek is not None,
                                           s + off, s + off + len(part), "技能标签", tag, 0.85 if pek else 0.65, "tag",
                                           s, s + len(tag)))
                    off += len(part) + 1
                continue
            if ek is None and re.fullmatch(r"[A-Za-z][A-Za-z0-9+#. -]*", name):
                cname, ek, _ = self._latin_canonical(name)
                name = cname if ek else name
            elif ek is None:
                # a known skill that covers most of the tag ("微服务架构" → 微服务, "ERP系统" → ERP)
                ek = self._covering(name)
                if ek is None and " " in name:
                    # "家居用品 验厂培训": the last word carries the skill
                    last = _clean_phrase(name.split()[-1])
                    if _zh_skill(last, 2):
                        name = last
            if ek:
                name = self._entry(ek).name
            if name.lower() in seen:
                continue
            seen.add(name.lower())
            out.append(Mention(name, ek[1] if ek else None, ek[0] if ek else None, ek is not None, s, s + len(tag),
                               "技能标签", tag, 0.85 if ek else 0.65, "tag", s, s + len(tag)))
        return out


_TAG_DROP = re.compile(
    r"^category:|居家|五险|一金|双休|单休|休[一二三四五六日天]|月休|坐班|坐岗|出差|包吃|包住|宿舍|兼职|全职|工作制|加班|"
    r"[白夜晚早倒轮]班|两班|三班|底薪|年终|带薪|年假|月结|日结|周结|工资|薪|补贴|餐补|房补|空调|无尘服|显微镜|安检门|人间|"
    r"福利|小白|学生|应届|留学|专业|学历|无经验|经验不限|无.*要求|不限|接受|不需要|需要|^无[需须]|^免|^可|不可|现场办公|体检|旅游|"
    r"To ?[BC]|公司$|机构$|行业|企业服务|产品$|产品/|厂$|^其他|^不|站立|下班|上班|全勤|节假日|晋升|培训机构|"
    r"沟通|协调|表达|抗压|责任心|团队合作|亲和|形象|气质|能力强|^优秀的|性格|踏实|认真|吃苦|稳定|"
    r"人$|宝妈|退伍|男|女|岁|身高|小时|元|万|千|K$|\d+w\+|爆文|涨粉", re.I)
_ROLE_TAG = re.compile(r"(?:工程师|教师|老师|专员|助理|经理|主管|总监|机构|公司|班)$")
_TAG_EXP = re.compile(r"(?:相关)?(?:工作|从业|业务|行业)?经验$|^(?:熟悉|懂得|擅长|精通|会使用)|标准$")


@functools.lru_cache(maxsize=1 << 16)  # pure; the boards' tags recur across postings
def tag_skill(tag: str) -> str | None:
    """The skill a board tag names, or None (benefit, condition, customer type, domain, soft skill)."""
    t = tag.strip()
    if not t or _TAG_DROP.search(t):
        return None
    experience = bool(re.search(r"经验$", t))
    t = _TAG_EXP.sub("", t).strip()
    t = re.sub(r"^(?:有|具备|具有|\d+(?:-\d+)?年(?:以上)?)", "", t).strip()  # "有质检经验", "1-3年动画设计"
    if not t or _ROLE_TAG.search(t):  # a job title is not a skill (教师, 软件工程师)
        return None
    if not t:
        return None
    if experience:  # the board writes a required skill as "X经验" (电话销售经验, 面销/陌拜经验)
        return t if len(t) >= 3 and not _SOFT.search(t) else None
    if re.search(r"[A-Za-z]", t) and not re.search(rf"[{CJK}]", t):
        return None if t.lower() in LATIN_STOP else t
    if re.search(r"[A-Za-z]", t):  # mixed: "金蝶EAS", "ERP开发", "JLPT-N1"
        return t
    core = t.split()[-1]
    if _SKILL_END.search(core) or re.search(r"证$|证书$|师$|(?:应收应付|总账|税务|结算|出纳|纪要|翻译文档|笔译|口译|"
                                             r"剪辑|直播|文案|话术|成本|账|审计)$", core):
        return t if not _SOFT.search(t) else None
    return None

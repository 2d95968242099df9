"""Policy-text matching that generalises beyond the documents it was written on (issue #20).

Three parts, used by :class:`ingest.policy.PolicyExtractor` (``policy@2``):

* **Phrase patterns** (:data:`ZH_PATTERNS`, :data:`EN_PATTERNS`): how laws, regulations and papers phrase
  the mechanisms of ``ingest/data/measures.csv`` beyond its fixed variants — families of wordings written as
  regular expressions (e.g. ``(职工|员工|从业人员)…培训`` for employee training, "integration / fusion /
  combination of industry (production) and education" for 产教融合, "group-based / group-run school
  running" for 集团化办学, an incentive word in a sentence about enterprises for enterprise incentives),
  and industries named inside compounds (装备制造, 先进制造业 → 制造业). The wordings were collected from the
  policy texts of the reference data that no gold set annotates (职业教育法 and 上海市职业教育条例 outside
  their annotated chapters, 就业促进法, paper 001) and from the fresh development set
  (``tests/ingest/gold/policy_fresh``); each pattern is a family, not a copied phrase.
* **Boundary rules** (:func:`keep_hit`): a name is not reported inside a longer word or an organisation's
  name — a short major/occupation/industry name must stand as a word (助产 in 教学辅助产品 is not the
  major; 金融业 in 金融业务 is not the industry), a name followed in the same word by an office suffix is an
  organisation (农业 in 农业农村部/局), an insurance class is the insurance industry only when the text
  names the trade (保险业, 保险公司 …) — not in 实习责任保险 or 失业保险基金 — and GB/T 4754 section S/T
  "industries" (国家机构, 社会团体, 社会保障 …) are the actors and schemes of a law, not economic sectors.
* **Issuing level** (:func:`issuing_level`): national / provincial / municipal from the body that adopted
  the text (通过/发布, not the provincial body that 批准 a city's regulation) and the jurisdiction its title
  names; a 直辖市 is provincial-level, any other 市 municipal.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from kg.codes import region_id

CJK = "\u4e00-\u9fff"


@dataclass(frozen=True)
class Pattern:
    """A family of wordings: ``target`` is a Measure id or ``Industry:<GB/T code>``; the mention is group
    ``m`` of the match (the whole match without it); ``needs`` is a regex that must occur in the same
    sentence (the beneficiary of an incentive, the two parties of a cooperation …)."""

    target: str
    rx: re.Pattern
    needs: re.Pattern | None = None
    needs_also: re.Pattern | None = None
    needs_before: re.Pattern | None = None  # must occur in the sentence before the mention


    def label_key(self) -> tuple[str, str]:
        if self.target.startswith("Industry:"):
            return "Industry", self.target.split(":", 1)[1]
        return "Measure", self.target


def _zh(target: str, rx: str, needs: str | None = None, needs_also: str | None = None,
        needs_before: str | None = None) -> Pattern:
    return Pattern(target, re.compile(rx), re.compile(needs) if needs else None,
                   re.compile(needs_also) if needs_also else None, re.compile(needs_before) if needs_before else None)


def _en(target: str, rx: str, needs: str | None = None, needs_also: str | None = None) -> Pattern:
    return Pattern(target, re.compile(rx, re.I), re.compile(needs, re.I) if needs else None,
                   re.compile(needs_also, re.I) if needs_also else None)


_ENTERPRISE_ZH = r"企业|用人单位|行业组织|企业事业组织|公司"
#: an enterprise as the beneficiary: "对…企业…给予", "企业…享受"; not "企业举办的(学校)"
_ENTERPRISE_BENEFICIARY = (r"(?:对|向|为)[^。；]{0,60}企业(?![^，。；]{0,12}?(?:举办|开办|兴办|设立|办)的)"
                           r"|企业[^。；，]{0,12}(?:享受|获得)")
_SCHOOL_ZH = r"学校|院校|高校|学院|职业培训机构"
_ENTERPRISE_EN = r"\b(?:enterprises?|compan(?:y|ies)|firms?|business(?:es)?|industr(?:y|ies))\b"
_SCHOOL_EN = r"\b(?:schools?|colleges?|universit(?:y|ies)|institutions?)\b"

ZH_PATTERNS: tuple[Pattern, ...] = (
    # training of a firm's own staff: 职工(的)(职业)(技能)(教育)培训, 职工的学习和培训, 上岗/在岗/转岗培训
    _zh("employee-training", rf"(?:职工|员工|从业人员|在职人员|企业职工)(?:的)?(?:职业)?(?:技能)?(?:教育)?(?:学习和|教育和)?培训"),
    _zh("employee-training", r"(?:上岗|在岗|转岗|岗前|适岗)培训"),
    # studios of master craftsmen: 首席技师工作室, 技能大师工作室, 劳模和工匠人才创新工作室, 名师工作室
    _zh("skill-master-studio", rf"(?:首席技师|技能大师|大师|劳模|工匠|名师|名匠)[{CJK}和]{{0,8}}?工作室"),
    # training bases: (高技能)人才培养基地, 公共/生产性/校内外 实训/实习/实践/见习 基地
    _zh("training-base", r"(?:(?:高技能|技术技能|技能)?人才培养|(?:公共|生产性|校内外|校内|校外|产教融合|共享型?)?"
                         r"(?:实训|实习|实践|见习|实践教学))基地"),
    # incubators and parks
    _zh("industry-education-park", rf"(?:创业|创新创业|科技)?孵化(?:基地|器|园区?)|创业(?:园区?|基地)|科技园区?|产业园区?"),
    _zh("skills-competition", r"(?:职业技能|技术技能|技能)(?:竞赛|大赛)"),
    # a bare 竞赛/大赛 is a skills competition only among skills and training (not 劳动竞赛 of a union)
    _zh("skills-competition", r"(?<!劳动)(?:竞赛|大赛)", needs=r"技能|培训|人才培养|人才评价"),
    _zh("cooperation-agreement", r"(?:校企合作|合作|联合办学|联合培养|委托培养|订单培养|共建)(?:协议|合同)"),
    _zh("innovation-entrepreneurship-education", r"(?:创新创业|创业|创新)(?:意识|素质|精神)?(?:教育|培训)"),
    # enterprise incentives, only in a sentence about enterprises (the old set's rule for bare 奖励)
    _zh("enterprise-incentives", r"(?:税收|税费|财政|金融|用地|土地|信用)(?:等)?(?:优惠|支持|激励|补贴|补助|奖励|扶持)(?:政策|措施)?",
        needs=_ENTERPRISE_ZH),
    _zh("enterprise-incentives", r"(?:税前|应纳税所得额时?)扣除|(?:减免|抵免)(?:税费|税收)?", needs=_ENTERPRISE_ZH),
    _zh("enterprise-incentives", rf"(?:给予|享受|获得)(?:[{CJK}和、]{{0,6}}?)(?:补贴|补助|奖补|优惠|减免|扶持|奖励|资助|资金支持|政策支持)",
        needs_before=_ENTERPRISE_BENEFICIARY),
    _zh("employee-education-funds", r"(?:职工教育|职业教育培训|职业培训|职工培训|教育培训)经费"),
    _zh("credit-bank", r"(?:学习成果|学分|学历证书)(?:的)?(?:互认|认定|转换|积累|互通)"),
    # a school and an enterprise in one sentence, and their cooperation named (多种形式的合作, 开展协作 …)
    _zh("school-enterprise-cooperation", r"(?P<m>(?:多种形式的|深度|紧密|广泛|开展|进行)?(?:合作|协作))"
                                         r"(?!办学|协议|合同|企业|社|伙伴|举办|培养|开发|研究)",
        needs=_ENTERPRISE_ZH, needs_also=_SCHOOL_ZH),
    _zh("enterprise-run-school", r"参与(?:审议)?(?:职业)?(?:学校|院校)?(?:的)?(?:重大事项|举办|办学|管理|治理)", needs=r"企业"),
    _zh("teacher-training-system", r"(?:教师|师资)(?:参加|的)?(?:培训|培养培训|研修|进修)"),
    _zh("achievement-transfer", r"(?:科学技术|科技|研究|科研|技术)成果(?:的)?(?:转化|转让|转移)?",
        needs=r"转化|转让|转移|收益|推广"),
    _zh("curriculum-standard-alignment", r"职业(?:技能)?标准"),
    _zh("vocational-qualification-certificate", r"职业技能(?:考核)?鉴定|职业资格(?:证书)?(?:制度)?"),
    _zh("modern-apprenticeship", rf"[{CJK}]?师带徒"),
    # curriculum / teaching-material development with enterprises or trades
    _zh("co-developed-curriculum", rf"(?:共同|联合|合作|参与)(?:开发|编写|编制|建设)(?:[{CJK}、]{{0,8}}?)(?:课程|教材|教学资源)",
        needs=r"企业|行业"),
    _zh("co-developed-curriculum", r"(?:课程|教材|教学资源)(?:的)?(?:开发|共建)", needs=r"企业|行业"),
    _zh("major-setting", r"设置专业|专业(?:设置|布局)"),
    # wordings mined from the unannotated chapters of 职业教育法 / 上海市职业教育条例:
    # staff of enterprises teaching in schools ("…专业技术人员…担任职业学校的专职或者兼职专业课教师")
    _zh("enterprise-part-time-teachers", rf"兼职(?:[{CJK}]{{0,4}}?)(?:教师|导师)|(?:担任|兼任)(?:[{CJK}]{{0,8}}?)(?:教师|导师)",
        needs_before=r"企业|行业"),
    # enterprise staff teaching at schools (到学校任教 / 兼课 / 授课)
    _zh("enterprise-part-time-teachers", r"(?:到|在|进)(?:职业)?(?:学校|院校|校园)(?:任教|兼课|授课|兼职|讲课)",
        needs_before=r"企业|行业"),
    # alliances of schools and firms (产教联盟, 校企联盟, 职教联盟 …)
    _zh("vocational-education-group", r"(?:产教|校企|职教|职业教育)(?:融合)?(?:发展)?联盟"),
    # service platforms matching schools and firms
    _zh("industry-education-service-platform", r"(?:校企合作|产教融合|产教对接|校企对接|供需对接)(?:公共)?(?:信息)?(?:服务)?平台"),
    # teachers' practice in enterprises ("企业应当为…教师的实践和培训提供条件")
    _zh("teacher-enterprise-practice", r"教师(?:的)?(?:企业)?实践", needs=r"企业"),
    _zh("curriculum-standard-alignment", r"行业标准|岗位(?:能力)?标准"),
    # industries inside compounds: 装备制造(业), 先进/高端/智能制造业 → 制造业
    _zh("Industry:C", r"(?:先进|高端|智能|绿色|现代|数字化?|传统)?装备制造(?:业|产业)?(?!技术|工程|专业|类)"
                      r"|(?:先进|高端|智能|绿色|现代|数字化?)制造(?:业|产业)?(?!技术|工程|专业|类|单元|系统)"),
)

EN_PATTERNS: tuple[Pattern, ...] = (
    _en("industry-education-integration",
        r"\b(?:integration|integrating|fusion|combination|combining|merging|convergence|blending)\s+(?:of|between)\s+"
        r"(?:the\s+)?(?:industry|industries|production|enterprises?)\s+(?:and|with)\s+(?:the\s+)?"
        r"(?:education|teaching|schools?|colleges?)\b"),
    _en("industry-education-integration",
        r"\b(?:industry|production|industrial)[-\s]+(?:and[-\s]+)?(?:education|teaching)[-\s]+"
        r"(?:integration|fusion|combination|convergence|integrated)\b"),
    _en("industry-education-integration", r"\b(?:industry|industrial)[-\s](?:academia|academic|university|school)[-\s]"
                                          r"(?:integration|fusion)\b"),
    _en("industry-education-integration", r"\bintegrat(?:e|es|ed|ing)\s+(?:the\s+)?(?:industry|production)\s+and\s+"
                                          r"(?:the\s+)?education\b"),
    _en("school-enterprise-cooperation",
        r"\b(?:cooperation|co-operation|collaboration|partnerships?|cooperative\s+relations?(?:hips?)?|"
        r"cooperat(?:e|es|ing)|collaborat(?:e|es|ing)|partner(?:s|ing)?)\s+(?:between|of|among|with)\s+(?:the\s+)?"
        r"(?:higher\s+vocational\s+|vocational\s+|local\s+)?(?:colleges?|schools?|universities|institutions)\s+"
        r"(?:and|with)\s+(?:the\s+)?(?:related\s+|relevant\s+|local\s+|partner\s+)?"
        r"(?:enterprises|companies|firms|industr(?:y|ies)|businesses)\b"),
    # any relation "between schools and enterprises" (integration, mechanism … between the two)
    _en("school-enterprise-cooperation", r"\bbetween\s+(?:the\s+)?(?:higher\s+vocational\s+)?(?:colleges|schools|universities)"
                                         r"\s+and\s+(?:the\s+)?(?:related\s+)?(?:enterprises|companies|firms)\b"),
    _en("school-enterprise-cooperation", r"\b(?:school|college|university)[-\s](?:enterprise|industry|company)\s+"
                                         r"(?:cooperation|co-operation|collaboration|partnerships?)\b"),
    # 集团化办学: group-based / group-run / grouped school running, running schools in groups …
    _en("group-based-school-running",
        r"\bgroup(?:[-\s]?(?:based|oriented|style|ed|ized|ised|run|running))?\s+(?:school[-\s]running|running\s+of\s+"
        r"(?:schools|colleges)|school\s+operation|operation\s+of\s+schools|education\s+running|schooling|education\s+mode)\b"),
    _en("group-based-school-running",
        r"\b(?:school[-\s]running|running\s+(?:of\s+)?(?:schools?|colleges?)|education)\s+(?:in|by|through)\s+"
        r"(?:the\s+form\s+of\s+)?(?:groups|group(?:ing)?s?|alliances?|consorti(?:a|ums?)|clusters?)\b"),
    _en("group-based-school-running", r"\b(?:collectivi[sz]ation|grouping|conglomeration)\s+of\s+(?:school[-\s]running|"
                                      r"running\s+schools|schools|vocational\s+education)\b"),
    _en("group-based-school-running", r"\b(?:collectivi[sz]ed|conglomerate|grouping)\s+(?:school[-\s]running|education|"
                                      r"running\s+of\s+schools)\b|\bgroup[-\s]running\b"),
    _en("partner-selection",
        r"\b(?:choice|choosing|choose|chose|select(?:ing|ion)?|re-?select(?:ing|ion)?|screen(?:ing)?|evaluation)\s+"
        r"(?:of\s+)?(?:the\s+|a\s+|an\s+)?(?:right\s+|suitable\s+|appropriate\s+|cooperative\s+|potential\s+)?"
        r"(?:partner(?:s|ship)?|cooperative\s+enterprises?|partner\s+enterprises?)\b"),
    _en("collaborative-innovation-center", r"\bcollaborative\s+(?:development\s+and\s+)?innovation\b"),
    # school and firm educating together (校企共同育人 / 双主体育人)
    _en("joint-talent-training",
        r"\b(?:jointly|co-?)\s*(?:cultivat(?:e|es|ed|ing)|educat(?:e|es|ed|ing))\b|\bco-?cultivation\b|"
        r"\bjoint(?:ly)?\s+(?:cultivation|education)\s+of\s+(?:talents?|students|personnel)\b|"
        r"\bdual[-\s](?:subject|main[-\s]body)\s+(?:education|training|cultivation|talent\s+training)\b"),
    # teachers working or training in enterprises (教师企业实践)
    _en("teacher-enterprise-practice",
        r"\bteachers?'?\s+(?:practice|practise|internships?|placements?|training|secondments?)\s+in\s+(?:the\s+)?"
        r"(?:enterprises|companies|firms|industry)\b|\bteachers?\s+(?:go|going|work|working|practi[cs]e|practi[cs]ing)\s+"
        r"(?:to|in|into|at)\s+(?:the\s+)?(?:enterprises|companies|firms)\b"),
    # staff of firms teaching (企业兼职教师 / 产业导师)
    _en("enterprise-part-time-teachers",
        r"\b(?:enterprise|industry|company|corporate)\s+(?:experts?|mentors?|tutors?|engineers?|technicians?|masters?)\b",
        needs=r"\bteach|\blectur|\bcourses?\b|\bclass|\bguid|\binstruct"),
    _en("co-developed-curriculum",
        r"\b(?:jointly|co-?)\s*(?:develop(?:s|ed|ing)?|compil(?:e|ed|ing)|design(?:ed|ing)?|buil[dt]|construct(?:ed|ing)?)\s+"
        r"(?:the\s+)?(?:curricul(?:um|a)|courses?|textbooks?|teaching\s+materials)\b"),
    _en("co-developed-curriculum",
        r"\b(?:joint|co-?)\s*(?:development|construction|compilation|design)\s+of\s+(?:the\s+)?"
        r"(?:curricul(?:um|a)|courses?|textbooks?|teaching\s+materials)\b"),
    _en("enterprise-incentives",
        r"\b(?:tax\s+(?:incentives?|breaks?|reductions?|exemptions?|relief|preferences?|deductions?)|preferential\s+"
        r"(?:policies|policy|treatment|taxation)|financial\s+(?:subsidies|subsidy|incentives?)|subsid(?:y|ies)|"
        r"incentive\s+(?:mechanisms?|policies|policy|funds?|measures))\b", needs=_ENTERPRISE_EN),
    _en("Industry:C", r"\b(?:advanced|high-end|intelligent|smart|equipment|green)\s+manufacturing(?:\s+industry)?\b"),
)


def pattern_hits(text: str, lang: str, sentence_of: Callable[[int], tuple[int, int]]) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, label, key) of every pattern match in normalised ``text``; ``sentence_of(pos)`` gives the
    bounds of the sentence holding ``pos`` (for the ``needs`` conditions)."""
    for p in ZH_PATTERNS if lang == "zh" else EN_PATTERNS:
        for m in p.rx.finditer(text):
            s, e = (m.span("m") if "m" in p.rx.groupindex and m.group("m") else m.span())
            if e <= s:
                continue
            if p.needs is not None or p.needs_also is not None or p.needs_before is not None:
                a, b = sentence_of(s)
                sent = text[a:b]
                if p.needs_before is not None and not p.needs_before.search(text[a:e]):
                    continue
                if p.needs is not None and not p.needs.search(sent):
                    continue
                if p.needs_also is not None and not p.needs_also.search(sent):
                    continue
            yield (s, e, *p.label_key())


# --------------------------------------------------------------------------------------- boundaries
_DELIM = set("、，,。；;：:（）()《》〈〉“”‘’\"'「」【】[]/\\!！?？ \n\t-—·")
#: single characters that end or start a word in running text (function words)
_FUNCTION = set("的和与及或等在对为向由把被将是了并而从于之其各个以到")
_OFFICE = re.compile(r"^[\u4e00-\u9fff]{0,6}?(?:主管部门|行政部门|部门|委员会|办公室|协会|学会)"
                     r"|^[\u4e00-\u9fff]{0,4}?(?:部|局|厅|委|署|司)(?=$|[、，,。；;：:）)\s和与及等的])")
_INSURANCE_TRADE = re.compile(r"^(?:业|行业|公司|机构|企业|集团)")
_NUMERIC_S_T = re.compile(r"^(?:9[0-7])")
#: characters that make a word with a preceding 业 (业务, 业主, 业余, 业绩, 业态, 业界, 业内 …)
_YE_WORDS = set("务主余绩态界内者")


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _bounded(text: str, s: int, e: int, right_ok: Iterable[str] = ()) -> bool:
    """The span [s, e) stands as a word: each side is the text edge, a non-CJK character, a delimiter or a
    function word (on the right also one of ``right_ok``)."""
    left = s == 0 or not _is_cjk(text[s - 1]) or text[s - 1] in _FUNCTION or text[s - 1] in _DELIM
    if not left:
        return False
    if e >= len(text) or not _is_cjk(text[e]) or text[e] in _FUNCTION or text[e] in _DELIM:
        return True
    return any(text.startswith(w, e) for w in right_ok)


def keep_hit(text: str, s: int, e: int, label: str, key: str, lang: str) -> bool:
    """Whether a vocabulary hit of ``label``/``key`` at [s, e) of normalised ``text`` is a mention (see the
    module doc). Measures are always kept here (their conditions are in the patterns)."""
    if label == "Industry" and (key[:1] in ("S", "T") or _NUMERIC_S_T.match(key)):
        return False  # 国家机构, 社会团体, 社会保障 …: the actors and schemes of a law
    if lang == "zh" and label == "Measure":
        surface, after = text[s:e], text[e:e + 4]
        if surface.endswith(("培训", "教育")) and after.startswith(("中心", "机构", "学校", "学院")):
            return False  # an institution's name (创业培训中心), not the mechanism
        if after.startswith(("能力", "水平")):
            return False  # a competence (创新创业能力), not the mechanism
        return True
    if lang != "zh" or label not in ("Industry", "Major", "Occupation"):
        return True
    surface = text[s:e]
    after = text[e:e + 8]
    if label == "Industry" and surface.endswith("保险") and not _INSURANCE_TRADE.match(after):
        return False  # an insurance policy or scheme (实习责任保险, 失业保险基金), not the trade
    if after and _is_cjk(after[0]) and _OFFICE.match(after):
        return False  # part of an office's or association's name (农业农村部, 护理学会)
    if label == "Industry":
        # an industry name ending in 业 whose 业 starts another word (金融业务, 农业主体 …) is not the industry;
        # industries are otherwise often named as modifiers (农业企业, 农业富余劳动力), so no word-boundary test
        return not (surface.endswith("业") and after[:1] in _YE_WORDS)
    cjk_len = sum(1 for ch in surface if _is_cjk(ch))
    if cjk_len <= 3 and not _bounded(text, s, e, right_ok=("专业", "类", "行业", "产业", "领域")):
        return False  # a short major/occupation name inside a longer word (辅[助产]品, 社会[保险], 相关[保险])
    return True


# -------------------------------------------------------------------------------------- issuing level
_NATIONAL = re.compile(r"全国人民代表大会|国务院|中共中央|^教育部|人力资源和社会保障部|国家发展和改革委员会|^中华人民共和国")
_PROVINCE_SUFFIX = re.compile(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$")


def adopting_lines(lines: Iterable[str]) -> list[str]:
    """Header lines naming the body that adopted/revised/issued the text — not a line where a provincial
    standing committee only 批准 (approves) a city's regulation."""
    return [ln for ln in lines if not (re.search(r"批准", ln) and not re.search(r"通过|修订|修正|发布|公布|印发", ln))]


def issuing_level(title: str, issuer: str | None, header: str, provinces: Iterable[str],
                  municipalities: Iterable[str]) -> tuple[str | None, str | None]:
    """(level, region id) of a policy document: the jurisdiction at the start of the title decides
    ("宁波市…条例" municipal, "上海市…条例" provincial — a 直辖市 is provincial-level — "中华人民共和国…法"
    national), else the issuer's. A city's province is taken from the title or the header (e.g. the
    province whose standing committee approved the regulation): region "浙江省/宁波市", else the city."""
    provinces = tuple(provinces)
    munis = set(municipalities)
    for s in (title.strip(), (issuer or "").strip()):
        if not s:
            continue
        if _NATIONAL.search(s):
            return "national", "全国"
        for p in provinces:
            short = _PROVINCE_SUFFIX.sub("", p)
            if s.startswith(p) or (len(short) >= 2 and s.startswith(short)):
                rest = s[len(p):] if s.startswith(p) else s[len(short):]
                cm = re.match(r"([\u4e00-\u9fff]{2,8}?市)", rest)
                if cm and p not in munis and not cm.group(1).startswith("人民"):
                    return "municipal", region_id(p, cm.group(1))
                return "provincial", p
        cm = re.match(r"([\u4e00-\u9fff]{2,6}?(?<!城)市)(?!场)", s)
        if cm and not cm.group(1).startswith("人民"):
            city = cm.group(1)
            prov = next((p for p in provinces if p not in munis and p in header), None)
            return "municipal", region_id(prov, city) if prov else city
    return None, None


_INCENTIVE_NEEDS = {"zh": re.compile(_ENTERPRISE_ZH), "en": re.compile(_ENTERPRISE_EN, re.I)}


def measure_condition(measure: str, sentence: str, lang: str) -> bool:
    """Conditions on vocabulary hits of a Measure: an incentive (优惠政策, tax incentives …) is the
    enterprise-incentives mechanism only in a sentence about enterprises (not a school's 优惠政策)."""
    if measure == "enterprise-incentives":
        return bool(_INCENTIVE_NEEDS.get(lang, _INCENTIVE_NEEDS["zh"]).search(sentence))
    return True


def longest_spans(cands: list[tuple[int, int, str, str, float]]) -> list[tuple[int, int, str, str, float]]:
    """Overlapping candidates (start, end, label, key, confidence): the longest span wins; every target of
    the winning span is kept once; result in text order."""
    accepted: list[tuple[int, int]] = []
    out: list[tuple[int, int, str, str, float]] = []
    seen: set[tuple[int, int, str, str]] = set()
    for c in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0])):
        s, e = c[0], c[1]
        if (s, e) in accepted:
            if (s, e, c[2], c[3]) not in seen:
                seen.add((s, e, c[2], c[3]))
                out.append(c)
            continue
        if any(a < e and s < b for a, b in accepted):
            continue
        accepted.append((s, e))
        seen.add((s, e, c[2], c[3]))
        out.append(c)
    return sorted(out, key=lambda c: (c[0], c[1]))

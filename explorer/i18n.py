"""Every label the explorer shows, in Chinese (default) and English — the one place to edit them.

``t(key, **fmt)`` returns the label in the current language (``st.session_state["lang"]``: ``"zh"`` or
``"en"``). Node and relationship type names come from :mod:`kg.schema` (``zh``/``en`` there), so the
schema stays the single declaration of the graph.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg import schema

if TYPE_CHECKING:
    from queries.analyses import GapCandidate

LANGS = ("zh", "en")

# key: (中文, English)
LABELS: dict[str, tuple[str, str]] = {
    # app shell
    "app_title": ("产教融合知识图谱", "Industry–Education Knowledge Graph"),
    "language": ("语言", "Language"),  # the options name each language in itself (中文 / English)
    "store": ("图数据库", "Graph store"),
    "store_embedded": ("内嵌 LadybugDB（只读打开）", "embedded LadybugDB (opened read-only)"),
    "store_neo4j": ("Neo4j", "Neo4j"),
    "store_error": ("无法打开图数据库：{msg}", "Cannot open the graph store: {msg}"),
    "store_hint": ("先运行 `make load`（或 `kg init && kg ingest reference`）加载数据。",
                   "Run `make load` (or `kg init && kg ingest reference`) to load data first."),
    "graph_empty": ("图谱为空：先加载参考数据。", "The graph is empty: load the reference data first."),
    "api_missing": ("此功能所需的分析函数尚不可用：{name}", "The analysis this needs is not available yet: {name}"),
    "query_failed": ("查询失败：{msg}", "Query failed: {msg}"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_xlsx": ("下载 Excel", "Download Excel"),
    "no_rows": ("没有结果。", "No results."),
    "rows_n": ("{n} 行", "{n} rows"),
    "loading": ("正在计算…", "Working…"),
    "legend": ("图例", "Legend"),
    "show_more": ("显示更多", "Show more"),
    "all_types": ("全部类型", "All types"),
    # pages
    "page_overview": ("概览", "Overview"),
    "page_explore": ("图谱浏览", "Explore"),
    "page_gaps": ("合作缺口", "Partner gaps"),
    "page_suggest": ("合作企业推荐", "Partner suggestions"),
    "page_coverage": ("覆盖与技能", "Coverage & skills"),
    "page_workbench": ("查询工作台", "Query workbench"),
    "page_ingest": ("数据导入", "Ingest"),
    "page_review": ("审核队列", "Review"),
    # overview
    "ov_intro": ("职业教育与产业的知识图谱：院校、双高专业群、专业、课程、技能、岗位、职业、行业、企业、政策，"
                 "每条事实都带来源与证据。",
                 "A knowledge graph of vocational education and industry: colleges, professional groups of the "
                 "Double High-Level Plan, "
                 "majors, courses, skills, posts, occupations, industries, firms and policies — every fact "
                 "with its source and evidence."),
    "ov_nodes": ("各类实体数量", "Entities per type"),
    "ov_rels": ("各类关系数量", "Relationships per type"),
    "ov_total_nodes": ("实体总数", "Entities"),
    "ov_total_rels": ("关系总数", "Relationships"),
    "ov_documents": ("来源文档", "Source documents"),
    "ov_sources": ("数据来源与更新时间", "Data sources and freshness"),
    "ov_majors_per_industry": ("各行业门类对应的专业数", "Majors per industry section"),
    "ov_matching": ("各省专业–产业匹配指数", "Major–industry matching index per province"),
    "type": ("类型", "Type"),
    "count": ("数量", "Count"),
    "ch_log": ("对数刻度", "log scale"),
    # explore
    "ex_search": ("搜索实体（中文或英文，支持模糊匹配）", "Search entities (Chinese or English, fuzzy)"),
    "ex_placeholder": ("例如：深圳职业技术大学、计算机应用技术、制造业", "e.g. Shenzhen, software, manufacturing"),
    "ex_types": ("实体类型", "Entity types"),
    "ex_results": ("搜索结果", "Results"),
    "ex_pick": ("选择一个实体", "Pick an entity"),
    "ex_properties": ("属性", "Properties"),
    "ex_property": ("属性", "Property"),
    "ex_value": ("值", "Value"),
    "ex_neighbourhood": ("关系网络", "Neighbourhood"),
    "ex_hops": ("跳数", "Hops"),
    "ex_relationships": ("关系与证据", "Relationships and evidence"),
    "ex_industry_links": ("服务产业：信号与证据", "Industries served: signals and evidence"),
    "col_signals": ("信号（对判定的贡献）", "Signals (contribution)"),
    "ex_shown": ("显示 {shown} / {total} 个相邻节点", "Showing {shown} of {total} neighbours"),
    "ex_none": ("没有找到匹配的实体。", "No matching entity."),
    "ex_start": ("输入名称开始搜索。", "Type a name to start."),
    "col_rel": ("关系", "Relationship"),
    "col_direction": ("方向", "Direction"),
    "col_other": ("相关实体", "Related entity"),
    "col_other_type": ("相关类型", "Related type"),
    "col_evidence": ("证据", "Evidence"),
    "col_source": ("来源文档", "Source document"),
    "col_extractor": ("抽取器", "Extractor"),
    "col_confidence": ("置信度", "Confidence"),
    "col_name": ("名称", "Name"),
    "col_key": ("标识", "Key"),
    "col_score": ("得分", "Score"),
    "dir_out": ("→", "→"),
    "dir_in": ("←", "←"),
    # gaps
    "gp_province": ("省份", "Province"),
    "gp_college": ("院校", "College"),
    "gp_group": ("专业群", "Professional group"),
    "gp_all_groups": ("全部专业群", "All groups"),
    "gp_intro": ("选择省份 → 院校 → 专业群，查看专业群服务的行业、每个行业的合作企业、缺口与候选企业。",
                 "Pick province → college → professional group to see the industries it serves, its partner "
                 "firms per industry, the gaps and candidate firms."),
    "gp_industries": ("服务行业", "Industries served"),
    "gp_partners": ("合作企业", "Partner firms"),
    "gp_gaps": ("缺口行业（无合作企业）", "Gaps (industries without a partner)"),
    "gp_candidates": ("候选企业及其招聘信息", "Candidate firms and their job posts"),
    "gp_no_groups": ("该院校没有专业群。", "This college has no professional group."),
    "gp_no_college": ("该省份没有双高院校。", "No Double High-Level Plan college in this province."),
    "gp_gap_yes": ("缺口", "gap"),
    "gp_candidate_firms": ("候选企业", "Candidate firms"),
    "gp_gap_legend": ("⚠ = 缺口：该行业没有合作企业（表中红色行）", "⚠ = gap: no partner firm in this industry (red rows)"),
    "any": ("不限", "Any"),
    "done": ("完成", "Done"),
    "page_n": ("页码", "Page"),
    "gp_majors": ("服务该行业的专业", "Majors serving it"),
    "gp_job_posts": ("候选企业的招聘信息", "Candidates' job posts"),
    "gp_summary": ("{industries} 个服务行业，{gaps} 个缺口，{candidates} 家候选企业",
                   "{industries} industries served, {gaps} gaps, {candidates} candidate firms"),
    # suggestions
    "sg_intro": ("为专业群推荐合作企业：得分由多个部分组成，每条推荐附有图谱中的解释路径。",
                 "Ranked partner firms for a professional group: the score is broken into parts, and each "
                 "suggestion comes with explanation paths that exist in the graph."),
    "sg_region": ("地区", "Region"),
    "sg_tags": ("企业标签", "Firm tags"),
    "sg_size": ("企业规模", "Firm size"),
    "sg_top": ("显示前 N 家", "Top N"),
    "sg_parts": ("得分构成", "Score parts"),
    "sg_paths": ("解释路径", "Explanation paths"),
    "sg_part": ("得分项", "Part"),
    "sg_firm": ("企业", "Firm"),
    "sg_default": ("默认：院校所在省", "default: the college's province"),
    "sg_nationwide": ("全国", "nationwide"),
    "sg_reasons": ("理由", "Reasons"),
    "sg_all_paths": ("全部推荐的解释路径", "Explanation paths of every suggestion"),
    "sg_none": ("没有推荐结果（可放宽筛选条件）。", "No suggestions (try wider filters)."),
    "sg_why": ("为什么排名不更高？", "Why not higher?"),
    "sg_why_pick": ("选择或输入一家企业", "Pick or type a firm"),
    "sg_why_typed": ("或输入企业名称/代码", "or type a firm name / id"),
    "sg_why_head": ("{firm}：第 {rank} 名，得分 {score}；前 {top} 名中最后一家：{last}（{last_score}）",
                    "{firm}: rank {rank}, score {score}; last of the top {top}: {last} ({last_score})"),
    "sg_lacks": ("缺少的证据", "Evidence it lacks"),
    "sg_comp": ("专业群组成（数据管理员）", "Group composition (data steward)"),
    "sg_comp_help": ("每行一个成员专业（名称或 2021 目录代码）。下载后用 `kg ingest 文件 --kind group-composition` 导入。",
                     "One member major per line (name or 2021 catalogue code). Download, then load it with "
                     "`kg ingest FILE --kind group-composition`."),
    "sg_comp_dl": ("下载专业群组成表", "Download the group-composition table"),
    # coverage
    "cv_region": ("地区", "Region"),
    "cv_index": ("匹配指数", "Matching index"),
    "cv_uncovered": ("无专业服务的行业", "Industries no major serves"),
    "cv_unmatched_majors": ("无本地行业对应的专业", "Majors with no regional industry"),
    "cv_skills_gap": ("技能缺口：岗位所需技能无课程讲授", "Skills gap: posts whose skills no course teaches"),
    "cv_distribution": ("产业结构与专业布局", "Industry structure vs. majors offered"),
    "cv_all_provinces": ("全部省份（比较）", "All provinces (comparison)"),
    "cv_demand": ("产业需求占比", "Industry demand share"),
    "cv_supply": ("专业供给占比", "Major supply share"),
    "cv_college": ("院校（技能缺口）", "College (skills gap)"),
    "ov_reference_docs": ("参考数据文档（{n}）", "Reference data documents ({n})"),
    "ms": ("毫秒", "ms"),
    "rv_who_placeholder": ("例如：张老师 / 邮箱", "e.g. Ms Zhang / e-mail"),
    "wb_param_label": ("{name}（{type}）— {description}", "{name} ({type}) — {description}"),
    "in_file_kind": ("{file}：{what}", "{file}: {what}"),
    # banners where data is missing
    "no_partnerships_college": ("{college} 没有导入合作企业清单——每个服务行业都显示为缺口；导入一份清单（模板："
                                "data/templates/）即可看到真实的缺口。",
                                "No partnership list is loaded for {college} — every served industry shows as a gap; "
                                "load one (template: data/templates/) to see real gaps."),
    "no_partnerships_any": ("图谱中还没有任何合作关系：“已有合作”一项对所有企业都是 0。导入合作企业清单（模板："
                            "data/templates/）后再看。",
                            "No partnerships are loaded in the graph yet: “existing ties” is 0 for every firm. Load a "
                            "partnership list (template: data/templates/) to use it."),
    "no_postings_region": ("该地区没有招聘信息：技能缺口需要招聘数据——导入招聘信息（kind=jobs）后再看。",
                           "No job postings in this region: the skills gap needs job-post data — load job posts "
                           "(kind jobs) to see it."),
    "empty_because": ("结果为空，原因：{why}", "Empty, because: {why}"),
    # workbench
    "wb_gallery": ("命名查询", "Named queries"),
    "wb_console": ("Cypher 控制台（只读）", "Cypher console (read-only)"),
    "wb_pick_query": ("选择查询", "Pick a query"),
    "wb_params": ("参数", "Parameters"),
    "wb_run": ("运行", "Run"),
    "wb_query_text": ("Cypher 查询", "Cypher query"),
    "wb_params_json": ("参数（JSON，可选）", "Parameters (JSON, optional)"),
    "wb_refused": ("已拒绝：控制台是只读的。{msg}", "Refused: the console is read-only. {msg}"),
    "wb_syntax": ("语法错误：{msg}", "Syntax error: {msg}"),
    "wb_limit": ("查询被中止：{msg}", "Query stopped: {msg}"),
    "wb_error": ("查询出错：{msg}", "Query error: {msg}"),
    "wb_bad_params": ("参数不是合法的 JSON 对象：{msg}", "Parameters are not a valid JSON object: {msg}"),
    "wb_graph": ("结果图", "Result graph"),
    "wb_table": ("结果表", "Result table"),
    "wb_no_gallery": ("命名查询库尚不可用。", "The named-query library is not available yet."),
    "wb_description": ("说明", "Description"),
    # dialect notes (kg/console.py: dialect_notes; codes there)
    "dialect_substring0": ("substring() 在内嵌库（LadybugDB）从 1 开始计数，在 Neo4j 从 0 开始："
                           "substring('abcdef', 0, 3) 在这里返回空字符串；取前 3 个字符请写 substring(s, 1, 3)",
                           "substring() counts from 1 on the embedded store (LadybugDB) and from 0 on Neo4j: "
                           "substring('abcdef', 0, 3) returns '' here — write substring(s, 1, 3) for the first 3 characters"),
    "dialect_substring": ("substring() 在内嵌库从 1 开始计数，在 Neo4j 从 0 开始：同一查询在两个库返回不同的字符",
                          "substring() counts from 1 on the embedded store and from 0 on Neo4j: the same query "
                          "returns different characters on the two stores"),
    "dialect_index0": ("内嵌库的列表下标从 1 开始（xs[1] 是第一个元素，xs[0] 会报错），Neo4j 从 0 开始",
                       "lists are indexed from 1 on the embedded store (xs[1] is the first element; xs[0] is an "
                       "error) and from 0 on Neo4j"),
    "dialect_index": ("内嵌库的列表下标从 1 开始，Neo4j 从 0 开始：xs[1] 在这里是第一个元素，在 Neo4j 是第二个",
                      "lists are indexed from 1 on the embedded store and from 0 on Neo4j: xs[1] is the first "
                      "element here, the second on Neo4j"),
    "dialect_slice": ("列表切片不同：内嵌库 xs[1..2] 是第 1、2 个元素（从 1 开始，含终点）；Neo4j 只有第 2 个（从 0 开始，不含终点）",
                      "list slices differ: on the embedded store xs[1..2] is the 1st and 2nd element (1-based, end "
                      "included); on Neo4j the 2nd only (0-based, end excluded)"),
    "dialect_function": ("{name}() 只在 Neo4j 中有：内嵌库请用 {instead}", "{name}() is Neo4j-only: on the embedded store use {instead}"),
    # ingest
    "in_intro": ("上传文档或表格 → 选择或自动识别类型 → 预览抽取结果 → 确认后写入图谱。确认之前不会写入任何内容。",
                 "Upload documents or tables → pick or detect the kind → preview what will be extracted → "
                 "write to the graph only after you confirm. Nothing is written before that."),
    "in_upload": ("上传文件", "Upload files"),
    "in_kind": ("类型", "Kind"),
    "in_detected": ("自动识别：{kind}", "Detected: {kind}"),
    "in_undetected": ("无法自动识别，请选择类型。", "Could not detect the kind: pick one."),
    "in_preview": ("预览抽取结果", "Preview extraction"),
    "in_spans": ("文中识别出的实体", "Entities found in the text"),
    "in_records": ("将写入的记录", "Records to be written"),
    "in_rejects": ("被拒绝的行及原因", "Rejected rows and why"),
    "in_no_rejects": ("没有被拒绝的行。", "No rejected rows."),
    "in_confirm": ("确认写入图谱", "Confirm and write to the graph"),
    "in_writing": ("正在写入…", "Writing…"),
    "in_done": ("已写入：{docs} 个文档，{nodes} 个实体，{rels} 条关系。",
                "Written: {docs} documents, {nodes} entities, {rels} relationships."),
    "in_summary": ("{docs} 个文档，{records} 条记录，{rejects} 行被拒绝",
                   "{docs} documents, {records} records, {rejects} rejected"),
    "in_failed": ("导入失败：{msg}", "Ingest failed: {msg}"),
    "in_kind_unavailable": ("该类型的导入器尚不可用：{msg}", "This kind's importer is not available: {msg}"),
    # review
    "rv_intro": ("待审核的新实体与不确定的关联（低置信度）及其证据：接受、拒绝或合并，决定与审核人、时间一起写入图谱。",
                 "Proposed entities and uncertain links (low confidence) with their evidence: accept, reject "
                 "or merge — the decision is written to the graph with who and when."),
    "rv_who": ("审核人", "Reviewer"),
    "rv_threshold": ("低置信度阈值", "Low-confidence threshold"),
    "rv_empty": ("审核队列为空。", "The review queue is empty."),
    "rv_accept": ("接受", "Accept"),
    "rv_reject": ("拒绝", "Reject"),
    "rv_merge": ("合并到…", "Merge into…"),
    "rv_merge_target": ("合并目标", "Merge target"),
    "rv_done": ("已记录：{what}", "Recorded: {what}"),
    "rv_need_who": ("请先填写审核人。", "Enter a reviewer name first."),
    "rv_items": ("{n} 项待审核", "{n} items to review"),
    "rv_entity": ("实体", "Entity"),
    "rv_link": ("关联", "Link"),
}


_LAST = {"lang": "zh"}  # the language of the last script run in this process (for code outside a run)


def lang() -> str:
    """The current interface language (session state; outside a script run — e.g. a test harness
    formatting a widget's options — the language of the last run; ``zh`` before any)."""
    try:
        import streamlit as st
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        if get_script_run_ctx(suppress_warning=True) is None:
            return _LAST["lang"]
        v = st.session_state.get("lang", "zh")
    except Exception:  # noqa: BLE001 - bare mode / no session
        return _LAST["lang"]
    v = v if v in LANGS else "zh"
    _LAST["lang"] = v
    return v


def t(key: str, **fmt: Any) -> str:
    """The label ``key`` in the current language, formatted with ``fmt``."""
    zh, en = LABELS[key]
    s = zh if lang() == "zh" else en
    return s.format(**fmt) if fmt else s


def column(name: str) -> str:
    """A raw column or property name (``moe_code``) in the current language; unknown names are kept."""
    from explorer.i18n_terms import COLUMNS

    pair = COLUMNS.get(str(name))
    if pair is None:
        return str(name)
    return pair[0] if lang() == "zh" else pair[1]


def value(v: Any) -> Any:
    """A value from a small known set (ingest kinds, region levels, firm tags and sizes, tiers) in the current
    language; anything else (names, codes, numbers) unchanged."""
    from explorer.i18n_terms import VALUES

    if not isinstance(v, str):
        return v
    pair = VALUES.get(v)
    if pair is None:
        return v
    return pair[0] if lang() == "zh" else pair[1]


def phrase(text: Any) -> Any:
    """A note or reason written by the analyses (English, parts separated by "; ") in the current language.
    Parts no pattern knows are kept as they are (the language test reports them)."""
    from explorer.i18n_terms import phrase_en, phrase_zh

    if not isinstance(text, str) or not text:
        return text
    if lang() != "zh":
        return phrase_en(text)
    parts = []
    for part in text.split("; "):
        zh = phrase_zh(part)
        parts.append(zh if zh is not None else value(part))
    return "；".join(parts)


def candidate_text(candidate: GapCandidate) -> str:
    """A gap candidate (:class:`queries.analyses.GapCandidate`) with its job postings, in the current language."""
    if lang() == "zh":
        return f"{candidate.firm}（{candidate.postings} 条招聘信息）"
    return f"{candidate.firm} ({candidate.postings} job postings)"


def path_text(text: str) -> str:
    """An explanation path ``A -[TYPE]-> B <-[TYPE]- C`` with relationship names in the current language."""
    import re

    return re.sub(r"\[([A-Z][A-Z_]+)\]", lambda m: f"[{rel_name(m.group(1))}]", text or "")


def query_text(name: str, default: str) -> str:
    """A named query's description in the current language (English from the library itself)."""
    from explorer.i18n_terms import QUERIES

    q = QUERIES.get(name)
    if q is None:
        return default
    return q[0] if lang() == "zh" else (q[1] or default)


def param_text(query: str, param: str, default: str) -> str:
    from explorer.i18n_terms import QUERIES

    q = QUERIES.get(query)
    pair = q[2].get(param) if q else None
    if pair is None:
        return default
    return pair[0] if lang() == "zh" else (pair[1] or default)


def param_type(type_: str) -> str:
    from explorer.i18n_terms import PARAM_TYPES

    pair = PARAM_TYPES.get(type_)
    return type_ if pair is None else (pair[0] if lang() == "zh" else pair[1])


def type_name(label: str) -> str:
    """A node label's name in the current language (from the schema)."""
    nt = schema.NODE_BY_LABEL.get(label)
    if nt is None:
        return label
    return nt.zh if lang() == "zh" else nt.en


def rel_name(type_: str) -> str:
    rt = schema.REL_BY_TYPE.get(type_)
    if rt is None:
        return type_
    return (rt.zh if lang() == "zh" else rt.en) or type_


def display_name(props: dict, label: str | None = None) -> str:
    """An entity's name in the current language, with the other language in brackets when both exist."""
    if not props:
        return ""
    zh = props.get("name") or props.get("title") or props.get("name_zh")
    en = props.get("name_en")
    if zh is None and label:
        zh = props.get(schema.key_of(label)) if label in schema.NODE_BY_LABEL else None
    zh = "" if zh is None else str(zh)
    if en and en != zh:
        return f"{zh} ({en})" if lang() == "zh" else f"{en} ({zh})"
    return zh

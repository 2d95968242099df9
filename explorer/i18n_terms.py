"""Vocabulary for explorer/i18n.py: column and property names, small value sets, named-query texts, and
the patterns that put the analyses' English notes and reasons into Chinese. Add new entries here (or
in i18n.LABELS for whole labels); the language test (tests/app/test_language.py) finds what is missing.
"""
from __future__ import annotations

import re

from ingest.registry import KINDS

# raw column / property name → (中文, English)
COLUMNS: dict[str, tuple[str, str]] = {
    # provenance and documents
    "kind": ("类型", "Kind"), "documents": ("文档数", "Documents"), "latest": ("最近导入", "Latest"),
    "first": ("首次导入", "First"), "path": ("路径", "Path"), "title": ("标题", "Title"),
    "ingested_at": ("导入时间", "Ingested at"), "id": ("标识", "ID"), "property": ("属性", "Property"),
    "value": ("值", "Value"), "source": ("来源", "Source"), "sources": ("全部来源", "All sources"),
    "evidence": ("证据", "Evidence"), "extractor": ("抽取器", "Extractor"), "confidence": ("置信度", "Confidence"),
    "locator": ("位置", "Location in source"), "content_hash": ("内容哈希", "Content hash"),
    "status": ("状态", "Status"), "source_kind": ("来源类型", "Source kind"), "review": ("待审核", "To review"),
    "provenance": ("来源记录", "Provenance"), "char_start": ("起始字符", "Start char"),
    "char_end": ("结束字符", "End char"), "sentence": ("句子", "Sentence"), "article": ("条款", "Article"),
    # entities
    "name": ("名称", "Name"), "name_en": ("英文名称", "English name"), "name_zh": ("中文名称", "Chinese name"),
    "aliases": ("别名", "Aliases"), "variants": ("变体", "Variants"), "code": ("代码", "Code"),
    "moe_code": ("学校标识码", "MOE code"), "level": ("层次", "Level"), "ownership": ("办学性质", "Ownership"),
    "province": ("省份", "Province"), "city": ("城市", "City"), "district": ("区县", "District"),
    "region": ("地区", "Region"), "competent_dept": ("主管部门", "Competent department"),
    "college": ("院校", "College"), "college_name": ("院校名称", "College name"), "colleges": ("院校", "Colleges"),
    "group": ("专业群", "Professional group"), "group_id": ("专业群标识", "Group ID"),
    "professional_group": ("专业群", "Professional group"), "groups": ("专业群", "Professional groups"),
    "tier": ("档次", "Tier"), "role": ("角色", "Role"), "lead_major_code": ("牵头专业代码", "Lead major code"),
    "lead_major": ("牵头专业", "Lead major"), "member_majors": ("成员专业", "Member majors"),
    "majors": ("专业", "Majors"), "major": ("专业", "Major"), "major_code": ("专业代码", "Major code"),
    "major_name": ("专业名称", "Major name"), "catalogue": ("目录", "Catalogue"), "year_added": ("增补年份", "Year added"),
    "years": ("修业年限", "Years"), "year": ("年份", "Year"), "date": ("日期", "Date"),
    "industry": ("行业", "Industry"), "industry_code": ("行业代码", "Industry code"),
    "industries": ("行业", "Industries"), "industry_label": ("行业标签", "Industry label"),
    "firm": ("企业", "Firm"), "firm_id": ("企业标识", "Firm ID"), "firms": ("企业数", "Firms"),
    "company": ("企业", "Company"), "company_size": ("企业规模", "Company size"), "size": ("规模", "Size"),
    "tags": ("标签", "Tags"), "listed_code": ("股票代码", "Stock code"), "list_date": ("上市日期", "Listing date"),
    "post": ("岗位", "Post"), "posts": ("岗位", "Posts"), "postings": ("招聘信息数", "Job postings"),
    "occupation": ("职业", "Occupation"), "occupations": ("职业", "Occupations"),
    "skill": ("技能", "Skill"), "skills": ("技能", "Skills"), "course": ("课程", "Course"), "courses": ("课程", "Courses"),
    "certificate": ("证书", "Certificate"), "certificates": ("证书", "Certificates"),
    "salary": ("薪资", "Salary"), "education": ("学历", "Education"), "experience": ("经验", "Experience"),
    "definition": ("定义", "Definition"), "description": ("说明", "Description"), "tasks": ("主要任务", "Tasks"),
    "digital": ("数字职业", "Digital"), "green": ("绿色职业", "Green"), "issuer": ("颁发机构", "Issuer"),
    "language": ("语言", "Language"), "lang": ("语言", "Language"), "url": ("网址", "URL"),
    "program_type": ("项目类型", "Programme type"), "since": ("开始", "Since"), "until": ("结束", "Until"),
    "funding": ("经费", "Funding"), "target": ("目标", "Target"), "internship_posts": ("实习岗位", "Internship posts"),
    "courses_codeveloped": ("共建课程", "Courses co-developed"), "joint_projects": ("联合项目", "Joint projects"),
    "ip_output": ("知识产权成果", "IP output"), "evaluation_scores": ("评价得分", "Evaluation scores"),
    "measure": ("举措", "Measure"), "policy": ("政策", "Policy"), "topic": ("主题", "Topic"),
    # analyses
    "matching_index": ("匹配指数", "Matching index"), "offerings": ("专业点数", "Major offerings"),
    "industries_demanded": ("有需求的行业数", "Industries in demand"),
    "industries_supplied": ("有专业供给的行业数", "Industries supplied"),
    "industries_uncovered": ("无专业服务的行业数", "Industries uncovered"),
    "demand_share": ("需求占比", "Demand share"), "supply_share": ("供给占比", "Supply share"),
    "reason": ("原因", "Reason"), "relevance": ("关联依据", "Relevance"),
    "required_skills": ("所需技能", "Required skills"), "covered_skills": ("已覆盖技能", "Covered skills"),
    "uncovered_skills": ("未覆盖技能", "Uncovered skills"), "coverage": ("覆盖率", "Coverage"),
    "count": ("数量", "Count"), "n": ("数量", "Count"), "type": ("类型", "Type"), "label": ("类型", "Type"),
    "rank": ("排名", "Rank"), "score": ("得分", "Score"), "stated_majors": ("文档明确的专业数", "Majors stated"),
    "key": ("标识", "Key"), "how": ("关联方式", "How linked"), "steps": ("步数", "Steps"),
    "path": ("路径", "Path"), "period": ("期间", "Period"), "activity": ("合作内容", "Activity"),
    "partner": ("合作方", "Partner"), "partners": ("合作企业", "Partners"), "topics": ("主题", "Topics"),
    "project": ("项目", "Project"), "direction": ("方向", "Direction"), "rel": ("关系", "Relationship"),
    "relationship": ("关系", "Relationship"), "start": ("起点", "Start"), "end": ("终点", "End"),
    "other": ("相关实体", "Related entity"), "other_label": ("相关类型", "Related type"),
    "mentions": ("提及", "Mentions"), "record": ("记录", "Record"), "postings_for_post": ("该岗位招聘信息数", "Postings for the post"),
}

# small value sets shown to the user: value → (中文, English)
VALUES: dict[str, tuple[str, str]] = {
    # ingest kinds: their titles in the registry
    **{k.name: k.title for k in KINDS.values() if k.title},
    # region levels, relevance, directions
    "province": ("省", "province"), "city": ("市", "city"), "occupation": ("职业", "occupation"),
    "skills": ("技能", "skills"), "post": ("岗位", "post"), "skill": ("技能", "skill"),
    "node": ("实体", "entity"), "relationship": ("关系", "relationship"),
    # college levels / ownership (the data's own words, with English where we know them)
    "本科": ("本科", "undergraduate"), "专科": ("专科", "junior college"), "公办": ("公办", "public"),
    "民办": ("民办", "private"), "中职": ("中职", "secondary vocational"), "高职专科": ("高职专科", "higher vocational (associate)"),
    "高职本科": ("高职本科", "vocational bachelor"),
    # firm tags and sizes (the sources' labels)
    "上市": ("上市", "listed"), "A股": ("A股", "A-share"), "主板": ("主板", "Main Board"), "创业板": ("创业板", "ChiNext"),
    "科创板": ("科创板", "STAR Market"), "北交所": ("北交所", "Beijing Stock Exchange"),
    "专精特新": ("专精特新", "specialised & innovative SME"),
    "专精特新“小巨人”企业": ("专精特新“小巨人”企业", "“little giant” specialised & innovative firm"),
    "国家制造业单项冠军产品": ("国家制造业单项冠军产品", "national manufacturing single-champion product"),
    "国家制造业单项冠军培育企业": ("国家制造业单项冠军培育企业", "national single-champion candidate firm"),
    "国家制造业单项冠军示范企业": ("国家制造业单项冠军示范企业", "national single-champion demonstration firm"),
    "南京市专精特新中小企业名录库": ("南京市专精特新中小企业名录库", "Nanjing specialised & innovative SME register"),
    "江苏省专精特新软件企业培育库企业": ("江苏省专精特新软件企业培育库企业", "Jiangsu specialised & innovative software firm register"),
    "浙江省专精特新中小企业2025第一批拟认定(杭州)": ("浙江省专精特新中小企业2025第一批拟认定(杭州)",
                                          "Zhejiang specialised & innovative SME, 2025 batch 1 proposed (Hangzhou)"),
    "申请入库企业": ("申请入库企业", "applied for the register"),
    "少于15人": ("少于15人", "under 15 staff"), "15-50人": ("15-50人", "15–50 staff"), "50-150人": ("50-150人", "50–150 staff"),
    "150-500人": ("150-500人", "150–500 staff"), "500-1000人": ("500-1000人", "500–1,000 staff"),
    "1000-5000人": ("1000-5000人", "1,000–5,000 staff"), "5000-10000人": ("5000-10000人", "5,000–10,000 staff"),
    "10000人以上": ("10000人以上", "over 10,000 staff"),
    "A档": ("A档", "tier A"), "B档": ("B档", "tier B"), "C档": ("C档", "tier C"),
    "全国": ("全国", "nationwide"),
}

# named queries: name → (中文说明, English without Chinese glosses or None, {param: (中文, English or None)})
QUERIES: dict[str, tuple[str, str | None, dict[str, tuple[str, str | None]]]] = {
    "college_groups": ("院校的专业群（双高或自定义）及其牵头专业和成员专业。",
                       "A college's professional groups (Double High-Level Plan or user-defined) with their lead and member majors.",
                       {"college": ("院校名称、曾用名（别名）或学校标识码，例如 深圳职业技术大学 或 4144011113",
                                    "college name, former name (alias) or MOE code, e.g. 深圳职业技术大学 or 4144011113")}),
    "college_majors": ("院校开设的专业：直接开设，或通过其专业群包含。",
                       "Majors a college offers — stated directly or through one of its professional groups.",
                       {"college": ("院校名称、别名或学校标识码", "college name, alias or MOE code")}),
    "college_partners": ("院校的合作企业（与院校或其专业群合作），含合作类型、期间和内容。",
                         "A college's partner firms (partners of the college or one of its groups) with kind, period and activity.",
                         {"college": ("院校名称、别名或学校标识码", "college name, alias or MOE code")}),
    "college_research": ("院校参与的科研项目，含合作企业和主题。", None,
                         {"college": ("院校名称、别名或学校标识码", "college name, alias or MOE code")}),
    "document_facts": ("某一来源文档陈述的全部关系（来源记录中列有该文档）及证据——用于核查一次导入写入了什么。", None,
                       {"document": ("文档标识（sha256 或 ref:<路径>）", None), "limit": ("最多行数", None)}),
    "entity_path": ("两个实体之间的最短路径（最多 4 步，任意方向），例如院校与企业。返回全部最短路径。", None,
                    {"source": ("第一个实体：其标识（学校标识码、代码、id）或准确的名称/标题", None),
                     "target": ("第二个实体：标识或准确的名称/标题", None), "limit": ("最多路径数", None)}),
    "firm_job_posts": ("企业的招聘信息，含对应岗位和所需技能。", None,
                       {"firm": ("企业标识、全称或别名", None), "limit": ("最多行数", None)}),
    "firm_profile": ("企业概况：所在地、行业、标签、上市情况、招聘信息与合作。", None,
                     {"firm": ("企业标识、全称或其他名称", None)}),
    "firms_in_industry_region": ("某地区中属于某行业（或其下级行业）的企业，含标签和招聘信息数。", None,
                                 {"industry": ("GB/T 4754 行业代码或名称", None),
                                  "region": ("省或市（广东省、深圳市 或 广东省/深圳市）；留空 = 全部", None),
                                  "limit": ("最多行数", None)}),
    "group_majors": ("专业群的专业及其角色，以及每个专业服务的行业。", None,
                     {"professional_group": ("专业群标识（例如 4144011113/通信技术）或专业群名称", None),
                      "college": ("院校名称或学校标识码，用于在重名专业群中选定一个",
                                  "college name or MOE code, to pick one group when several share the name")}),
    "industry_majors": ("服务某行业或其下级行业（GB/T 4754 层级）的专业，及关联方式。", None,
                        {"industry": ("GB/T 4754 行业代码（I、65、651、6513）或行业名称", None),
                         "level": ("只看一个专业层次（中职 / 高职专科 / 高职本科）；留空 = 全部", None)}),
    "major_certificates": ("专业列出的职业类证书。", "Vocational certificates listed for a major.",
                           {"major": ("专业代码或名称", None)}),
    "major_courses": ("专业的课程（专业基础课程 / 专业核心课程），含证据和来源文档。",
                      "A major's courses (foundation and core courses) with the evidence and source document.",
                      {"major": ("专业代码（例如 510203）或名称", None)}),
    "major_industries": ("专业服务的行业（GB/T 4754），文档明确或推断得出——含抽取器、置信度和证据。", None,
                         {"major": ("专业代码或名称", None)}),
    "major_occupations": ("专业面向的职业（职业分类大典 2022），含数字职业/绿色职业标识。",
                          "Occupations (occupational classification 2022) a major prepares for, with the digital/green flags.",
                          {"major": ("专业代码或名称", None)}),
    "major_pathway": ("专业的接续链：接续到它的专业和它接续的专业，最多两步（中职→高职专科→高职本科）。",
                      "The follow-on chain around a major: majors that lead to it and majors it leads to, up to two "
                      "steps (secondary vocational → associate → vocational bachelor).",
                      {"major": ("专业代码或名称", None)}),
    "major_posts": ("专业面向的岗位，每个岗位的对应职业及招聘信息数。",
                    "The posts a major targets, each with its occupations and how many job postings ask for it.",
                    {"major": ("专业代码或名称", None)}),
    "major_skills": ("专业培养的技能与能力——文档明确，或由其课程讲授。", None,
                     {"major": ("专业代码或名称", None)}),
    "majors_per_industry": ("每个行业门类（GB/T 4754）有多少专业服务，链接到任一下级行业的专业只计一次。",
                            "How many majors serve each industry section (GB/T 4754), counting links to any "
                            "sub-industry once per major.",
                            {"level": ("只看一个专业层次（中职 / 高职专科 / 高职本科）；留空 = 全部", None)}),
    "measure_policies": ("提及某项产教融合举措（产教融合、现代学徒制、订单培养 …）的政策及原句。",
                         "Policies that mention an industry–education measure (integration, modern apprenticeship, "
                         "order-based training …) with the sentence.",
                         {"measure": ("举措标识、中文或英文名称", None)}),
    "occupation_majors": ("面向某职业的专业（专业—职业对照），按层次。",
                          "Majors that prepare for an occupation (major–occupation crosswalk), by level.",
                          {"occupation": ("职业编码（例如 4-04-05-01）或名称", None)}),
    "policy_mentions": ("政策提及的内容（行业、专业、职业、举措、院校、企业、地区），以条款、原句和字符位置为证据。", None,
                        {"policy": ("政策标识或（部分）标题，例如 职业教育法", None)}),
    "post_employers": ("哪些企业在招某岗位：企业及其招聘信息数，可限定地区。",
                       "Who posts jobs for a post: firms with their number of postings, optionally in one region.",
                       {"post": ("岗位名称（例如 网络优化工程师）", None),
                        "region": ("省或市；留空 = 全部", None), "limit": ("最多行数", None)}),
    "post_skills": ("岗位所需技能——岗位明确的技能，以及在其招聘信息中的出现次数。", None,
                    {"post": ("岗位名称", None), "limit": ("最多行数（最常见的在前）", None)}),
    "region_colleges": ("某省或市的院校，含层次、办学性质和专业群数量。", None,
                        {"region": ("省或市（广东省、深圳市、广东省/深圳市）", None),
                         "level": ("本科 / 专科；留空 = 两者", "undergraduate (本科) / junior college (专科); empty = both")}),
    "review_queue": ("审核队列：标记为待审核的实体（抽取器提出、模糊匹配、由合作清单新建的企业），最新证据在前。", None,
                     {"label": ("只看此类型（例如 Firm）；留空 = 全部", None), "limit": ("最多行数", None)}),
    "skill_demand": ("某地区招聘信息最常要求的技能。", None,
                     {"region": ("省或市；留空 = 全部", None), "limit": ("最多行数", None)}),
}
PARAM_TYPES = {"STRING": ("文本", "text"), "INT": ("整数", "integer"), "FLOAT": ("小数", "number"),
               "BOOL": ("是/否", "yes/no"), "LIST": ("列表", "list")}

# the analyses' English notes and reasons → Chinese (regex on one sentence or one "; "-separated part)
_ZH_PATTERNS: list[tuple[str, str]] = [
    (r"^industry (.+?)≈(.+)$", r"行业 \1≈\2"),
    (r"^industry (.+?) same 大类 as (.+)$", r"行业 \1 与 \2 同属一个大类"),
    (r"^industry (.+?) same 门类 as (.+)$", r"行业 \1 与 \2 同属一个门类"),
    (r"^(\d+) postings for the group's posts$", r"\1 条招聘信息面向专业群的岗位"),
    (r"^(\d+) postings in its majors' occupations$", r"\1 条招聘信息属于其专业面向的职业"),
    (r"^(\d+) postings needing the group's skills$", r"\1 条招聘信息需要专业群的技能"),
    (r"^same city \((.+)\)$", r"同城（\1）"),
    (r"^same province \((.+)\)$", r"同省（\1）"),
    # skills-gap / demand notes that explain an empty result (queries.analyses._no_demand_note)
    (r"^(.+?): its majors name no posts or occupations in the graph \(no 职业面向 / crosswalk links\), so no "
     r"postings count as its demand — load the major profiles \(kg ingest … --kind curriculum\)$",
     r"\1：其专业在图中没有岗位或职业（无职业面向 / 专业—职业对照链接），没有招聘信息可计为其需求——请导入专业简介"
     r"（`kg ingest … --kind curriculum`）"),
    (r"^(.+?): (\d+) postings in (.+?) for its posts/occupations, but none states a skill the group does not "
     r"cover \(or none states skills at all: postings without a description or tags\)$",
     r"\1：\3 有 \2 条招聘信息面向其岗位/职业，但没有一条要求专业群未覆盖的技能（或都未写明技能：招聘信息没有描述或技能标签）"),
    (r"^(.+?): no job postings in (.+?) for the (\d+) posts and (\d+) occupations its majors prepare for$",
     r"\1：\2 没有面向其专业所对应的 \3 个岗位和 \4 个职业的招聘信息"),
    (r"^(\d+) such postings elsewhere \((.+)\) — postings for these occupations located in (.+?) \(kg ingest FILE "
     r"--kind jobs: title, company, city\[, description\]\) would fill it$",
     r"其他地区有 \1 条此类招聘信息（\2）——导入位于 \3 的这些职业的招聘信息（`kg ingest 文件 --kind jobs`：标题、企业、"
     r"城市[、描述]）即可补上"),
    (r"^none anywhere in the graph — postings for these occupations located in (.+?) \(kg ingest FILE --kind jobs: "
     r"title, company, city\[, description\]\) would fill it$",
     r"图中任何地方都没有——导入位于 \1 的这些职业的招聘信息（`kg ingest 文件 --kind jobs`：标题、企业、城市[、描述]）即可补上"),
    # suggestion reasons and notes (queries.suggest._reasons, composition_notes)
    (r"^hiring propensity ([\d.]+) \((\d+) postings of the group's job families in scope, (\d+) anywhere, (\d+) "
     r"postings in scope\)$", r"招聘倾向 \1（范围内本专业群职业族的招聘信息 \2 条，各地共 \3 条；范围内全部招聘信息 \4 条）"),
    (r"^(\d+) postings in the same occupation families$", r"\1 条招聘信息属于同一职业族"),
    (r"^(\d+) postings in the same occupation 中类$", r"\1 条招聘信息属于同一职业中类"),
    (r"^(\d+) postings in scope$", r"范围内 \1 条招聘信息"),
    (r"^hires in the college's city \((\d+) postings in scope\)$", r"在院校所在城市招聘（范围内 \1 条招聘信息）"),
    (r"^hires in the college's province \((\d+) postings in scope\)$", r"在院校所在省份招聘（范围内 \1 条招聘信息）"),
    (r"^same province \((.+)\), city unknown: province only$", r"同省（\1），城市未知：仅知省份"),
    (r"^size (.+)$", r"规模 \1"),
    (r"^(\d+) postings anywhere$", r"各地共 \1 条招聘信息"),
    (r"^outside the searched region \((.+)\): listed after its firms, which are fewer than (\d+)$",
     r"不在所选地区（\1）：排在该地区的企业之后（该地区候选企业不足 \2 家）"),
    (r"^only (\d+) candidate firms in (.+?): firms elsewhere that fit the group's industries or post its kind of jobs "
     r"are listed after them$", r"\2 只有 \1 家候选企业：其他地区与专业群产业匹配或招聘其岗位的企业排在其后"),
    (r"^(.+) is outside (.+?): listed after the (\d+) candidate firms there \(fewer than (\d+)\), whatever its score$",
     r"\1 不在\2：排在该地区的 \3 家候选企业之后（不足 \4 家），与得分无关"),
    (r"^firms in the college's city \((.+)\) listed first, then the rest, each by score$",
     r"院校所在城市（\1）的企业排在前面，其余随后，各自按得分排序"),
    (r"^this group is known by its lead major only \(load a group-composition file: kg ingest FILE --kind "
     r"group-composition\)$", r"该专业群目前只以其牵头专业表示（导入专业群构成文件：`kg ingest 文件 --kind group-composition`）"),
    (r"^partner of (.+)$", r"\1 的合作企业"),
    (r"^alliance (.+)$", r"同属联盟 \1"),
    (r"^platform (.+)$", r"共建平台 \1"),
    (r"^joint research (.+)$", r"联合科研 \1"),
    (r"^listed (.+)$", r"上市公司 \1"),
    (r"^(.+) \((.+)\): its majors serve no industry in the graph \(no SERVES links\)$",
     r"\1（\2）：其专业在图谱中没有服务的行业（没有“服务”关系）"),
    (r"^the groups' majors target no posts or occupations: candidates are not ranked by job postings$",
     "专业群的专业没有面向的岗位或职业：候选企业不按招聘信息排序"),
    (r"^no firms with industries located in scope: demand is empty$", "范围内没有带行业的企业：需求为空"),
    (r"^no majors with industries offered in scope \(OFFERS/INCLUDES \+ SERVES\): supply is empty$",
     "范围内没有开设且有服务行业的专业：供给为空"),
    (r"^no job postings with posts located in (.+)$", r"\1 没有带岗位的招聘信息"),
    (r"^(.+): no courses or abilities in the graph — nothing counts as covered$",
     r"\1：图谱中没有课程或能力——没有技能算作已覆盖"),
    (r"^no professional group in scope has a major serving (.+)$", r"范围内没有专业群的专业服务 \1"),
    (r"^(.+) has no PARTNERS_WITH relationships \(load a partnerships file\)$",
     r"\1 没有合作关系（请导入合作清单）"),
    (r"^the college's groups serve no industry in the graph: industry fit cannot be judged$",
     "院校的专业群在图谱中没有服务的行业：无法判断产业匹配"),
    (r"^(.+) has no LEADS_TO \(接续\) links in the graph$", r"\1 在图谱中没有接续关系"),
    (r"^the group's majors have no SERVES links to industries: industry fit is 0 for every firm$",
     "专业群的专业没有与行业的“服务”关系：每家企业的产业匹配均为 0"),
    (r"^the group's majors have no posts, occupations or skills: job-posting demand cannot be measured$",
     "专业群的专业没有岗位、职业或技能：无法衡量招聘需求"),
    (r"^more than (\d+) firms tie near the top: the ranking among them is cut there$",
     r"超过 \1 家企业在前列得分相同：其间的排名在此截断"),
    (r"^its industries have no regional demand$", "其服务的行业在本地区没有需求"),
    (r"^no SERVES link$", "没有“服务”关系"),
]
_ZH_COMPILED = [(re.compile(p), r) for p, r in _ZH_PATTERNS]
# Chinese words inside the analyses' English text, for the English interface
_EN_WORDS = [(" same 大类 as ", " same division as "), (" same 门类 as ", " same section as "), ("全国", "nationwide"),
             ("(接续)", "(follow-on)"), ("双高", "Double High-Level Plan")]


def phrase_zh(text: str) -> str | None:
    """One English sentence of the analyses in Chinese, or None when no pattern knows it."""
    for rx, rep in _ZH_COMPILED:
        m = rx.match(text.strip())
        if m:
            return m.expand(rep)
    return None


def phrase_en(text: str) -> str:
    for zh, en in _EN_WORDS:
        text = text.replace(zh, en)
    return text

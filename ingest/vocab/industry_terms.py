"""GB/T 4754-2017 names as terms that running Chinese text uses, and a fast matcher for them.

A profile says "在汽车制造企业、汽车维修企业实习" or "面向软件开发、信息系统集成岗位"; the standard says
"汽车整车制造", "汽车零部件及配件制造", "软件开发". The terms are the standard's own names, cut only at
its list separators (、，和及与): every piece of a 大类 / 中类 / 小类 name is a term, and so is the piece
without one generic head word (制造, 加工, 服务, 业 …) when at least two characters remain ("汽车零部件及配件
制造" → "汽车零部件", "配件制造", "配件"). A term votes for every 大类 whose names contain it (a share), so
"汽车" splits between 36 汽车制造业 and 81 修理业, and "软件开发" goes to 65 alone; the goods lists of
wholesale, retail and rental (51, 52, 71) vote only for terms no other 大类 names.

Matches are whole terms found in the text as written (longest first, no overlaps): the evidence a link
shows is such a term with its offsets, never a character n-gram.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping

from kg.codes import gbt_level

# generic heads: a piece that ends in one of these also yields its stem (longest head first)
HEADS = ("专业及辅助性活动", "及辅助性活动", "辅助活动", "生产和供应业", "生产和供应", "制造业", "加工业", "服务业",
         "制品业", "制品制造", "制造", "加工", "生产", "服务", "活动", "管理", "开采", "采选", "种植", "养殖",
         "饲养", "批发", "零售", "修理", "维修", "运输", "供应", "建筑", "施工", "工程", "制品", "设备", "专门零售",
         "业")
# terms that say nothing about an industry on their own
STOP = {"其他", "其他未列明", "未列明", "相关", "专业", "技术", "设备", "产品", "制品", "用品", "器材", "材料",
        "工业", "日用", "专用", "通用", "配件", "服务", "管理", "其他服务", "综合", "一般", "基础", "相关服务",
        "辅助", "专业技术", "信息", "开发", "设计", "应用", "工程", "机械", "管理服务", "组织", "机构", "电子",
        "制造", "加工", "生产", "制作", "商务", "工程技术", "类似", "系统", "运输", "安全", "交通", "建筑", "商业",
        "文化", "计算", "代理", "资源", "原料", "供应", "分配", "利用", "维护", "更新", "改培", "管制", "监护", "帮助",
        "组件", "零件", "附件", "容器", "器具", "器械", "器皿", "研究", "检测", "调查", "咨询", "环境", "金属",
        "表演", "家庭", "居民", "营养", "安装", "经营", "服务业", "制品业", "其他制造"}
# wholesale, retail and rental names list the goods of every other industry: a term also named by a
# producing or serving industry keeps only those votes ("计算机" → 39 计算机制造, not 51 批发)
GOODS_LISTS = frozenset({"51", "52", "71"})
_SEP = re.compile(r"[、，,；;（）()\s]|以及|和|及|与")
MIN_LEN = 2


@dataclass(frozen=True)
class TermHit:
    term: str
    start: int
    end: int
    divisions: tuple[tuple[str, float], ...]  # (大类, share) — shares sum to 1
    groups: tuple[str, ...]  # 中类 codes whose names contain the term


def _pieces(name: str) -> list[str]:
    out = []
    for p in _SEP.split(name):
        p = p.strip()
        if len(p) < MIN_LEN:
            continue
        out.append(p)
        for h in HEADS:
            if p.endswith(h) and len(p) - len(h) >= MIN_LEN:
                out.append(p[: -len(h)])
                break
    return [p for p in dict.fromkeys(out) if p not in STOP and not p.endswith("的")]


def _trie_regex(words: list[str]) -> re.Pattern:
    """One regex for a word list, built as a character trie (Python's re does not merge alternatives;
    a trie keeps matching linear). Longest alternative first at each node, so matches are longest."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        alts, end = [], "" in node
        for ch in sorted(k for k in node if k):
            alts.append(re.escape(ch) + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return re.compile(build(trie))


class IndustryTerms:
    """Terms of the GB/T 4754 大类/中类/小类 names → the 大类 (with shares) and 中类 they belong to."""

    def __init__(self, names: Mapping[str, str]):
        votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        groups: dict[str, set[str]] = defaultdict(set)
        for code, name in names.items():
            try:
                lvl = gbt_level(code)
            except ValueError:
                continue
            if lvl == "门类" or not name:
                continue
            for p in _pieces(name):
                # a 大类's own name counts more than one of its many 小类 names
                votes[p][code[:2]] += {"大类": 3.0, "中类": 2.0, "小类": 1.0}[lvl]
                if lvl in ("中类", "小类"):
                    groups[p].add(code[:3])
        self.terms: dict[str, tuple[tuple[str, float], ...]] = {}
        self.groups: dict[str, tuple[str, ...]] = {}
        for t, v in votes.items():
            if set(v) - GOODS_LISTS:
                v = {d: w for d, w in v.items() if d not in GOODS_LISTS}
            total = sum(v.values())
            self.terms[t] = tuple(sorted(((d, round(w / total, 4)) for d, w in v.items()), key=lambda x: -x[1]))
            self.groups[t] = tuple(sorted(groups.get(t, ())))
        self._re = _trie_regex(sorted(self.terms, key=len, reverse=True)) if self.terms else None

    def __len__(self) -> int:
        return len(self.terms)

    def find(self, text: str) -> list[TermHit]:
        """Longest non-overlapping terms in ``text`` (offsets into ``text`` as given)."""
        if not text or self._re is None:
            return []
        return [TermHit(m.group(0), m.start(), m.end(), self.terms[m.group(0)], self.groups[m.group(0)])
                for m in self._re.finditer(text)]

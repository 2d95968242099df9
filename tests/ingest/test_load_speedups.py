"""The reference load's shortcuts (BENCHMARKS.md session 12) give what the plain computation gives."""
from __future__ import annotations

import random

from ingest.vocab import skills
from ingest.vocab.course_skills import CourseSkillMatcher


def _texts(seed: int, n: int, alphabet: str, longest: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, longest))) for _ in range(n)]


def test_major_spans_are_the_spans_finditer_finds():
    # the characters _MAJOR's alternatives are made of, its clause punctuation and colons, and filler
    alphabet = "专业学历位本科大专硕士博研究生高中相关等类优先毕背景不限者方向及以上:：，,。；;！!？? \n\tab字"
    examples = ["本科及以上学历，计算机相关专业优先；熟悉Python", "专业：会计学\n学历：大专", "专业\n：不限",
                "XX专业，", "硕士研究生学位证书", "相关专业", ""]
    for t in examples + _texts(7, 20000, alphabet, 40):
        assert skills._major_spans(t) == [m.span() for m in skills._MAJOR.finditer(t)], t


class _EverySize(dict):
    """``_sizes`` for a scan of every size at every start (what find did before the index)."""

    def __init__(self, maxlen: int):
        super().__init__()
        self.all = tuple(range(maxlen, 1, -1))

    def get(self, _key, _default=None):  # noqa: ANN001
        return self.all


def test_course_matcher_index_finds_what_a_scan_of_every_piece_finds():
    vocab = {"python": "Python", "excel": "Excel", "供应链": "供应链管理", "英语": "英语", "c": "C", "审计": "审计",
             "数据分析": "数据分析", "plc": "PLC", "数据": "数据"}
    demand = {"网络推广": "网络推广", "成本": "成本", "仓配运营": "仓配运营", "数据分析师": "数据分析师"}
    fast = CourseSkillMatcher(vocab, demand, {"智能制造": "智能制造"}, {"Python", "Excel", "PLC"})
    full = CourseSkillMatcher(vocab, demand, {"智能制造": "智能制造"}, {"Python", "Excel", "PLC"})
    full._sizes = _EverySize(full.maxlen)
    pieces = ["Python", "Excel", "供应链", "英语", "审计", "数据分析", "PLC", "网络推广", "成本", "仓配运营", "与", "和",
              "技术", "应用", "实务", "智慧", "管理", "C", "程序设计", "师", " ", "（初级）"]
    rnd = random.Random(3)
    names = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 5))) for _ in range(3000)]
    for name in names:
        for whole in (True, False):
            assert fast.find(name, whole) == full.find(name, whole), name


def test_xlsx_rows_reads_a_changed_workbook_again(tmp_path):
    from openpyxl import Workbook

    from ingest.reference.common import xlsx_rows

    path = tmp_path / "x.xlsx"
    for value in ("first", "second"):
        wb = Workbook()
        wb.active.title = "S"
        wb.active.append(["专业代码", "职业编码"])
        wb.active.append([value, "1-01-01-01"])
        wb.save(path)
        assert xlsx_rows(path) == [("S", [("专业代码", "职业编码"), (value, "1-01-01-01")])]

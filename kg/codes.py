"""Domain codes, said once: levels of classification codes, region ids, score cells.

GB/T 4754-2017 (国民经济行业分类): 门类 is a letter (A–T), 大类 two digits, 中类 three, 小类 four.
"""
from __future__ import annotations

import unicodedata
from typing import Any

GBT_LEVELS = {1: "门类", 2: "大类", 3: "中类", 4: "小类"}


_RAISE = object()


def gbt_level(code: str, default: Any = _RAISE) -> str:
    """The GB/T 4754 level of ``code``: "门类" (one letter), "大类" (2 digits), "中类" (3), "小类" (4).

    Raises ``ValueError`` for anything else (the caller names the file/row), or returns ``default`` when
    one is given.

    >>> gbt_level("C"), gbt_level("65"), gbt_level("657"), gbt_level("6572")
    ('门类', '大类', '中类', '小类')
    """
    c = (code or "").strip()
    if len(c) == 1 and c.isascii() and c.isalpha() and c.isupper():
        return "门类"
    if c.isascii() and c.isdigit() and len(c) in (2, 3, 4):
        return GBT_LEVELS[len(c)]
    if default is not _RAISE:
        return default
    raise ValueError(f"not a GB/T 4754 code: {code!r}")


def gbt_division(code: str) -> str:
    """The 大类 (first two digits) of a 大类/中类/小类 code."""
    if gbt_level(code) == "门类":
        raise ValueError(f"a 门类 has no single 大类: {code!r}")
    return code.strip()[:2]


# 门类 → the range of 大类 it contains, as stated in GB/T 4754-2017
GBT_SECTION_DIVISIONS: dict[str, tuple[int, int]] = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52), "G": (53, 60),
    "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72), "M": (73, 75), "N": (76, 79),
    "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90), "S": (91, 96), "T": (97, 97),
}


def section_of_division(division: int) -> str | None:
    """The 门类 letter that contains the 大类 numbered ``division`` (36 → "C"), or None."""
    for letter, (lo, hi) in GBT_SECTION_DIVISIONS.items():
        if lo <= division <= hi:
            return letter
    return None


def gbt_section(code: str) -> str:
    """The 门类 letter of a 大类/中类/小类 code ("3611" → "C")."""
    letter = section_of_division(int(gbt_division(code)))
    if letter:
        return letter
    raise ValueError(f"大类 {code[:2]} is in no 门类 of GB/T 4754-2017")


# ------------------------------------------------------------------------------------------------ scores
def parse_scores(text: str | None) -> dict[str, float]:
    """'2022:88;2023:91' (also '2022=88, 2023=91' or '2022：88') → {'2022': 88.0, '2023': 91.0}."""
    out: dict[str, float] = {}
    text = unicodedata.normalize("NFKC", text or "")
    for part in text.replace(",", ";").replace("、", ";").replace("|", ";").split(";"):
        part = part.strip().replace("=", ":")
        if ":" not in part:
            continue
        y, v = part.split(":", 1)
        try:
            out[y.strip()] = float(v.strip())
        except ValueError:
            continue
    return dict(sorted(out.items()))

"""Name normalisers for entity resolution: firms, regions, colleges, majors, job postings.

Every function here is pure (no I/O, no global state besides constant tables) so any reader or
extractor can import it and get the same keys the reference loader used:

* :func:`firm_key` / :func:`firm_id` — one key per real company however its full name is written
  (full/half width, （）/() brackets, ``(中国)``, 股份有限公司/有限公司/有限责任公司 …).
* :func:`province_name`, :func:`city_name`, :func:`region_id` (defined once in :mod:`kg.codes`, which
  ``queries`` can read too) — canonical province names (北京 → 北京市, 内蒙 → 内蒙古自治区, 广东 → 广东省)
  and the ``Region.id`` path (``江苏省/南京市``; a municipality is just ``北京市``); short city mentions
  are resolved by :class:`ingest.vocab.places.CityGazetteer`.
* :func:`college_key` — the matching key of a college name (width, brackets, whitespace).
* :func:`major_key` — the matching key of a major name.
* :func:`job_posting_id` — the stable ``JobPosting.id`` (``job:<source>:<job_id>``).
"""
from __future__ import annotations

import functools
import re

from kg.codes import (MUNICIPALITIES, PROVINCES, city_name, city_stem, nfkc, province_name,
                      region_id)

__all__ = [
    "nfkc", "firm_key", "firm_id", "FIRM_LEGAL_FORMS", "PROVINCES", "MUNICIPALITIES", "province_name",
    "city_name", "city_stem", "region_id", "college_key", "major_key", "job_posting_id",
]

_WS = re.compile(r"\s+")


def _squash_spaces(s: str) -> str:
    """Drop whitespace, except one space between two Latin letters/digits ("Ling's Moment")."""
    s = _WS.sub(" ", s).strip()
    return re.sub(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])", "", s)


# ------------------------------------------------------------------------------------------ firms
#: Legal-form suffixes treated as the same company (longest first). "集团" is *not* a legal form:
#: 大众交通(集团)股份有限公司 keeps "集团" in its key.
FIRM_LEGAL_FORMS: tuple[str, ...] = (
    "股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司", "公司",
)
_BRACKETS = re.compile(r"[()\[\]【】〔〕<>《》]")
_CHINA_TAG = re.compile(r"\((?:中国|中國)\)")


@functools.lru_cache(maxsize=1 << 16)
def firm_key(name: str) -> str:
    """Matching key of a company name: the same company written differently gets the same key.

    Steps: NFKC (full-width → half-width, so （） → ()), whitespace dropped (kept once between Latin
    words), the ``(中国)`` tag dropped, remaining brackets dropped (their content kept), one trailing
    legal form (股份有限公司 / 有限责任公司 / 有限公司 / 股份公司 / 公司) dropped, Latin letters lower-cased.

    >>> firm_key("美埃（中国）环境科技股份有限公司") == firm_key("美埃(中国)环境科技股份有限公司")
    True
    >>> firm_key("南京麦澜德医疗科技有限公司") == firm_key("南京麦澜德医疗科技股份有限公司")
    True
    >>> firm_key("大众交通（集团）股份有限公司")
    '大众交通集团'
    """
    s = _squash_spaces(nfkc(name))
    s = _CHINA_TAG.sub("", s)
    s = _BRACKETS.sub("", s)
    for form in FIRM_LEGAL_FORMS:
        if s.endswith(form):
            if len(s) > len(form):
                s = s[: -len(form)]
            break
    return s.lower().strip()


def firm_id(name: str) -> str:
    """``Firm.id`` for a company known by name: its :func:`firm_key` (the normalised full name)."""
    key = firm_key(name)
    if not key:
        raise ValueError(f"no firm key for name {name!r}")
    return key


# --------------------------------------------------------------------------------------- colleges
def college_key(name: str) -> str:
    """Matching key of a college name: NFKC (（）→()), no whitespace.

    >>> college_key(" 渤海船舶职业学院\\u3000") == college_key("渤海船舶职业学院")
    True
    """
    return _WS.sub("", nfkc(name))


def major_key(name: str) -> str:
    """Matching key of a major name: NFKC, no whitespace, brackets unified."""
    return _WS.sub("", nfkc(name))


# ------------------------------------------------------------------------------------------- jobs
def job_posting_id(source: str, job_id: str | int) -> str:
    """Stable ``JobPosting.id``: ``job:<source>:<job_id>`` (e.g. ``job:lagou_2017:1``)."""
    src = _WS.sub("_", nfkc(str(source)))
    jid = _WS.sub("", nfkc(str(job_id)))
    if not src or not jid:
        raise ValueError("job_posting_id needs a source and a job id")
    return f"job:{src}:{jid}"

"""Broken and hostile files (made by the tests): each gets one clear line naming the file (and row/field
where it applies), the command exits non-zero when nothing good was in it, memory stays bounded, the
graph is unchanged — and good files in the same batch are still ingested."""
from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

GOOD_PROFILE = """# 5102 计算机类

专业代码 510201

专业名称 计算机应用技术

基本修业年限 三年

# 职业面向

面向计算机程序设计员等职业，软件开发、系统运维等岗位（群）。

# 主要专业课程与实习实训

专业基础课程：程序设计基础、计算机网络基础、数据库技术。

专业核心课程：Web前端开发、Java程序设计、Linux操作系统。

# 职业类证书举例

职业技能等级证书：Web前端开发、云计算平台运维与开发
"""

GOOD_POSTS = "title,company,city,description\n数据分析师,示例测试公司,上海,任职要求：熟悉Python、MySQL\n"
GOOD_PARTNERS = ("院校(college),专业群(group),企业(firm),合作形式(kind),开始年份(since)\n"
                 "深圳职业技术大学,,华为技术有限公司,订单班,2020\n")


def _xlsx(rows: list[list[str]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"0" * (300 << 20))  # 300 MB of zeros → ~300 KB
    return buf.getvalue()


def _pdf_without_text() -> bytes:
    # a valid one-page PDF with no text operators (like a scan without OCR)
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
            "<< /Length 23 >>\nstream\n0 0 1 rg 10 10 50 50 re f\nendstream"]
    out, offs = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offs).encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _encrypted_xlsx() -> bytes:
    # an OLE compound file, as Excel writes password-protected workbooks (EncryptedPackage inside)
    return bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + b"EncryptedPackage" + b"\x00" * 2000


# (kind, file name, content, the reason's words that must appear)
BAD: list[tuple[str, str, bytes, str]] = [
    ("curriculum", "empty.md", b"", "empty"),
    ("curriculum", "spaces.md", b"   \n\n  \t", "empty"),
    ("curriculum", "junk.md", os.urandom(4096), "binary"),
    ("curriculum", "nul.txt", b"abc\x00\x00\x00def" * 100, "binary"),
    ("curriculum", "no_profile.md", "这是一份与专业无关的会议通知。".encode(), "no major profile"),
    ("curriculum", "corrupt.docx", b"PK\x03\x04 not really a zip", "DOCX"),
    ("curriculum", "bomb.docx", _zip_bomb(), "zip bomb"),
    ("curriculum", "scan.pdf", _pdf_without_text(), "no text layer"),
    ("curriculum", "fake.pdf", b"hello, I am not a PDF", "not a PDF"),
    ("curriculum", "truncated.pdf", _pdf_without_text()[:120], "PDF"),
    ("curriculum", "notes.rtf", b"{\\rtf1 hello}", "unsupported file type"),
    ("policy", "empty.txt", b"", "empty"),
    ("policy", "junk.html", os.urandom(3000), "binary"),
    ("policy", "image.md", b"\x89PNG\r\n\x1a\n" + os.urandom(2000), "binary"),
    ("jobs", "empty.csv", b"", "cannot read"),
    ("jobs", "headers_only.csv", b"title,company,city,description\n", "no"),
    ("jobs", "wrong_columns.csv", "姓名,年龄\n张三,20\n".encode(), "missing column"),
    ("jobs", "truncated.xlsx", _xlsx([["title", "description"], ["a", "b"]])[:300], "cannot read"),
    ("jobs", "protected.xlsx", _encrypted_xlsx(), "cannot read"),
    ("jobs", "junk.xlsx", os.urandom(5000), "cannot read"),
    ("jobs", "empty_values.csv", b"title,company,city,description\n,,,\n", "empty title"),
    ("partnerships", "empty.csv", b"", "missing column"),
    ("partnerships", "missing.csv", "企业,备注\n华为技术有限公司,x\n".encode(), "missing column"),
    ("partnerships", "dup_header.csv", "院校,院校,企业,合作形式\n深圳职业技术大学,x,华为技术有限公司,订单班\n".encode(),
     "duplicate"),
    ("partnerships", "bad_year.csv", ("院校(college),企业(firm),合作形式(kind),开始年份(since)\n"
                                      "深圳职业技术大学,华为技术有限公司,订单班,去年春天\n").encode(), "since"),
    ("partnerships", "bad_college.csv", ("院校(college),企业(firm),合作形式(kind)\n"
                                         "不存在的学院,华为技术有限公司,订单班\n").encode(), "college"),
]


# files whose other cells are good: a bad cell is refused on its own line, the rest of the row is kept
PARTIAL = {"bad_year.csv"}


def _run(db, kind, paths, extra_env=None):
    env = {**os.environ, "KG_DB": str(db), "KG_STORE": "embedded", **(extra_env or {})}
    code = ("import resource, runpy, sys; sys.argv=['kg', *sys.argv[1:]]\n"
            "try:\n    runpy.run_module('kgcli.main', run_name='__main__')\nfinally:\n"
            "    sys.stderr.write('MAXRSS_KB=%d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    p = subprocess.run([sys.executable, "-c", code, "ingest", *map(str, paths), "--kind", kind, "--json"],
                       capture_output=True, text=True, env=env, timeout=600)
    rss = int(p.stderr.rsplit("MAXRSS_KB=", 1)[1].split()[0]) if "MAXRSS_KB=" in p.stderr else 0
    return p, rss


@pytest.fixture(scope="module")
def base_db(reference_graph, tmp_path_factory):
    """A copy of the reference graph (curriculum/policy/jobs/partnership linking need its vocabularies)."""
    import shutil

    d = tmp_path_factory.mktemp("bad") / "g.lbug"
    shutil.copy(reference_graph, d)
    return d


def _stats(db):
    from kg.store.embedded import EmbeddedStore

    st = EmbeddedStore(str(db), read_only=True)
    try:
        return st.stats()
    finally:
        st.close()


def test_corpus_has_at_least_25_bad_inputs():
    assert len(BAD) >= 25


@pytest.mark.parametrize("kind", ["curriculum", "policy", "jobs", "partnerships"])
def test_each_bad_file_alone_is_refused_with_one_line(kind, base_db, tmp_path):
    cases = [c for c in BAD if c[0] == kind]
    for _, name, content, words in cases:
        before = _stats(base_db)
        f = tmp_path / name
        f.write_bytes(content)
        p, rss = _run(base_db, kind, [f])
        summary = json.loads(p.stdout) if p.stdout.strip() else {"rejected": [p.stderr]}
        lines = summary["rejected"]
        assert lines, (name, p.stdout[-500:], p.stderr[-500:])
        hit = [ln for ln in lines if name in ln]
        assert hit, (name, lines)
        assert any(words.lower() in ln.lower() for ln in hit), (name, hit)
        assert all("\n" not in ln for ln in lines)
        assert "Traceback" not in p.stderr
        if summary.get("documents", 0) == 0:
            assert p.returncode != 0, (name, "nothing good was ingested but the exit code is 0")
        assert rss < 3_000_000, (name, f"peak memory {rss} KB")  # the vocabularies, not the file
        if name in PARTIAL:  # the rest of the row is good and goes in; only the bad cell is refused
            continue
        assert _stats(base_db) == before, name


def test_good_files_in_the_same_batch_still_ingest(base_db, tmp_path):
    import shutil

    db = tmp_path / "g.lbug"
    shutil.copy(base_db, db)
    (tmp_path / "in").mkdir()
    good = tmp_path / "in" / "good.md"
    good.write_text(GOOD_PROFILE, encoding="utf-8")
    gbk = tmp_path / "in" / "good_gbk.txt"
    gbk.write_bytes(GOOD_PROFILE.replace("510201", "510202").replace("计算机应用技术", "计算机网络技术").encode("gbk"))
    bom = tmp_path / "in" / "good_bom.md"
    bom.write_bytes(b"\xef\xbb\xbf" + GOOD_PROFILE.replace("510201", "510203").replace("计算机应用技术", "软件技术")
                    .encode("utf-8"))
    for _, name, content, _ in [c for c in BAD if c[0] == "curriculum"]:
        (tmp_path / "in" / name).write_bytes(content)
    p, _ = _run(db, "curriculum", [tmp_path / "in"])
    assert p.returncode == 0, p.stderr[-1000:]
    s = json.loads(p.stdout)
    # (a folder is scanned for the supported suffixes; an unsupported file named directly is refused above)
    bad_names = {c[1] for c in BAD if c[0] == "curriculum" and not c[1].endswith(".rtf")}
    rejected_files = {n for n in bad_names if any(n in ln for ln in s["rejected"])}
    assert rejected_files == bad_names, (bad_names - rejected_files, s["rejected"])
    from kg.store.embedded import EmbeddedStore

    st = EmbeddedStore(str(db), read_only=True)
    rows = st.read("MATCH (m:Major)-[h:HAS_COURSE]->(c:Course) WHERE m.code IN ['510201', '510202', '510203'] "
                   "RETURN m.code AS m, count(c) AS n ORDER BY m")
    st.close()
    assert [r["m"] for r in rows] == ["510201", "510202", "510203"] and all(r["n"] >= 6 for r in rows)


def test_csv_with_embedded_newlines_quotes_and_mixed_dates(base_db, tmp_path):
    import shutil

    db = tmp_path / "g.lbug"
    shutil.copy(base_db, db)
    f = tmp_path / "posts.csv"
    f.write_text('title,company,city,date,description\n'
                 '"数据工程师, 大数据","示例""引号""科技有限公司",上海,2020-05-01,"任职要求：\n1. 熟悉Python\n2. 熟悉Spark"\n'
                 'Python开发,示例科技有限公司,北京,2020/5/2,任职要求：熟悉Django、MySQL\n'
                 'Java开发,示例科技有限公司,北京,2020年5月3日,任职要求：熟悉Java、Spring\n', encoding="utf-8")
    p, _ = _run(db, "jobs", [f])
    assert p.returncode == 0, p.stderr[-800:]
    from kg.store.embedded import EmbeddedStore

    st = EmbeddedStore(str(db), read_only=True)
    rows = st.read("MATCH (j:JobPosting)-[:REQUIRES]->(s:Skill) WHERE j.title = $t RETURN s.name AS skill ORDER BY skill",
                   {"t": "数据工程师, 大数据"})
    st.close()
    names = {r["skill"].lower() for r in rows}
    assert {"python", "spark"} <= names


def test_100_mb_text_file_is_refused_with_bounded_memory(base_db, tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:
        line = ("第一条 为了推动产教融合，制定本条例。" * 20 + "\n").encode()
        while f.tell() < 100 << 20:
            f.write(line * 100)
    p, rss = _run(base_db, "policy", [big])
    s = json.loads(p.stdout)
    assert any("huge.txt" in ln and "too large" in ln for ln in s["rejected"]), s["rejected"]
    assert p.returncode != 0 and rss < 3_000_000, rss  # the vocabularies; the file is never read


# ------------------------------------------------------------------ nothing in it, for every kind
def _export_header_only(folder: Path) -> Path:
    """A `kg export --format csv` folder whose one table has its header and no rows."""
    (folder / "nodes").mkdir(parents=True)
    (folder / "nodes" / "Region.csv").write_text("\ufeffid,name,level,province,source,extractor\n", encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps({
        "format": "kg-csv-export", "version": 1,
        "nodes": {"Region": {"file": "nodes/Region.csv", "key": "id", "rows": 0,
                             "columns": {"id": "STRING", "name": "STRING", "level": "STRING", "province": "STRING",
                                         "source": "STRING", "extractor": "STRING"}}},
        "relationships": {}}), encoding="utf-8")
    return folder


def _reference_header_only(folder: Path) -> Path:
    """A reference folder whose major catalogue has its header row only (the other files absent)."""
    (folder / "catalog").mkdir(parents=True)
    (folder / "catalog" / "vocational_major_catalog_2021.csv").write_text(
        "catalogCode,educationLevel,categoryCode,categoryName,classCode,className,majorCode,majorName,parentCode,"
        "itemLevel,source\n", encoding="utf-8")
    return folder


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


# kind → (make the header-only input in a fresh folder, the name a reject line must carry)
HEADER_ONLY = {
    "reference": (_reference_header_only, "vocational_major_catalog_2021.csv"),
    "curriculum": (lambda d: _write(d, "h.md", "# 5102 计算机类\n"), "h.md"),
    "policy": (lambda d: _write(d, "h.md", "# 中华人民共和国示例法\n"), "h.md"),
    "jobs": (lambda d: _write(d, "h.csv", "title,company,city,description\n"), "h.csv"),
    # firm-profile: the default TITLE_ONLY below (a document kind needs no line here)
    "partnerships": (lambda d: _write(d, "h.csv", "院校(college),专业群(group),企业(firm),合作形式(kind),开始年份(since)\n"),
                     "h.csv"),
    "rdf": (lambda d: _write(d, "h.ttl", "@prefix kg: <https://example.org/kg/> .\n"
                                         "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"), "h.ttl"),
    "csv-export": (_export_header_only, "x"),
    # teaches reads the graph and takes no input file: any file given is refused, naming it
    "teaches": (lambda d: _write(d, "h.csv", "course,skill\n"), "h.csv"),
    "group-composition": (lambda d: _write(d, "h.csv", "院校(college),专业群(group),专业(major),角色(role),备注(note)\n"),
                          "h.csv"),
}


def _nothing_cases():
    from ingest.registry import KINDS

    return [(k, shape) for k in KINDS for shape in ("empty folder", "header only")]


#: a kind without its own case above gets a document with a title and nothing else (a new document kind is
#: covered without a line here; a table kind adds its header-only table above to be tested as a table)
TITLE_ONLY = (lambda d: _write(d, "t.md", "# 标题\n"), "t.md")


def test_header_only_cases_name_registered_kinds():
    from ingest.registry import KINDS

    assert set(HEADER_ONLY) <= set(KINDS), f"header-only cases for unknown kinds: {set(HEADER_ONLY) - set(KINDS)}"


@pytest.mark.parametrize("kind,shape", _nothing_cases())
def test_nothing_in_it_is_refused_for_every_kind(kind, shape, base_db, tmp_path):
    """An empty folder and a file with a header (or title) and no rows: one line naming it, exit ≠ 0,
    graph unchanged — the same for every kind the registry knows."""
    before = _stats(base_db)
    folder = tmp_path / "in"
    if shape == "empty folder":
        folder.mkdir()
        target, name = folder, str(folder)
    else:
        make, name = HEADER_ONLY.get(kind, TITLE_ONLY)
        made = make(folder)
        target = folder if kind in ("reference", "csv-export") else made
        if kind == "csv-export":
            name = str(folder)
    p, _ = _run(base_db, kind, [target])
    assert "Traceback" not in p.stderr, p.stderr[-800:]
    assert p.returncode != 0, (kind, shape, p.stdout[-500:])
    s = json.loads(p.stdout)
    assert s["documents"] == 0
    mine = [ln for ln in s["rejected"] if name in ln]
    assert mine, (kind, shape, s["rejected"])
    assert all("\n" not in ln for ln in s["rejected"])
    assert _stats(base_db) == before, (kind, shape)

"""ingest.readers: every supported format to text; every unreadable file to one clear ReadError.

All documents here are TEST FIXTURES written by the tests themselves.
"""
from __future__ import annotations

import hashlib

import pytest

from docfixtures import write_docx, write_image_only_pdf, write_text_pdf
from ingest.readers import ReadError, decode_text, detect_language, read_document

ZH = "# 职业面向\n\n面向农业技术员等职业，农作物种子生产、种子质量检测等岗位（群）。\n"


def test_markdown_utf8(tmp_path):
    p = tmp_path / "a.md"
    p.write_text(ZH, encoding="utf-8")
    d = read_document(p)
    assert d.text.startswith("# 职业面向")
    assert d.kind == "markdown" and d.language == "zh" and d.title == "职业面向"
    assert d.sha256 == hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig", "big5"])
def test_text_encodings_detected(tmp_path, encoding):
    text = "专业代码 510101\n专业名称 电子信息工程技术\n面向智能电子产品设计开发、装配调试、检测认证等岗位（群）。\n" * 3
    if encoding == "big5":
        text = "專業名稱 電子資訊工程技術\n面向電子產品設計開發、裝配調試等崗位。\n" * 3
    p = tmp_path / "a.txt"
    p.write_bytes(text.encode(encoding))
    d = read_document(p)
    assert d.text.replace("\r\n", "\n") == text.replace("\r\n", "\n")
    assert d.kind == "text" and d.language == "zh"


def test_docx_keeps_headings_paragraphs_and_tables_in_order(tmp_path):
    import docx

    p = write_docx(tmp_path / "a.docx", ZH + "专业核心课程：传感器应用技术、无线传输技术。")
    d0 = docx.Document(str(p))
    t = d0.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "课程", "学分"
    t.cell(1, 0).text, t.cell(1, 1).text = "传感器应用技术", "4"
    d0.save(str(p))
    d = read_document(p)
    lines = [x for x in d.text.split("\n") if x]
    assert lines[0] == "# 职业面向"
    assert lines[1].startswith("面向农业技术员")
    assert lines[-2:] == ["课程\t学分", "传感器应用技术\t4"]
    assert d.kind == "docx" and d.title == "TEST FIXTURE"


def test_pdf_text_layer(tmp_path):
    p = write_text_pdf(tmp_path / "a.pdf", ZH + "专业代码 510101", width=20)
    d = read_document(p)
    flat = d.text.replace("\n", "")
    assert "面向农业技术员等职业，农作物种子生产" in flat and "专业代码 510101" in flat
    assert d.kind == "pdf" and d.pages == 1 and d.language == "zh"


@pytest.mark.parametrize("name,content,reason", [
    ("empty.md", b"", "empty file"),
    ("blank.txt", b"  \n\n \t", "empty file"),
    ("bin.txt", bytes(range(256)) * 4, "binary"),
    ("bad.docx", b"this is not a zip", "not a readable DOCX"),
    ("bad.pdf", b"%PDF-1.4\n garbage garbage", "corrupt PDF"),
    ("fake.pdf", b"hello, not a pdf", "not a PDF"),
    ("x.xyz", b"data", "unsupported file type"),
])
def test_unreadable_files_raise_one_line(tmp_path, name, content, reason):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(ReadError) as e:
        read_document(p)
    msg = str(e.value)
    assert reason in msg and name in msg and "\n" not in msg


def test_pdf_without_text_layer_is_rejected(tmp_path):
    p = write_image_only_pdf(tmp_path / "scan.pdf")
    with pytest.raises(ReadError, match="no text layer"):
        read_document(p)


def test_missing_file(tmp_path):
    with pytest.raises(ReadError, match="cannot open"):
        read_document(tmp_path / "nope.md")


def test_html(tmp_path):
    p = tmp_path / "a.html"
    p.write_bytes("""<?xml version="1.0" encoding="gb2312"?><html><head><title>通知</title>
    <script>var x = "不要";</script></head><body><h2>职业面向</h2><p>面向农业技术员等职业。</p>
    <ul><li>一</li><li>二</li></ul></body></html>""".encode("gb18030"))
    d = read_document(p)
    assert d.title == "通知" and d.kind == "html"
    assert "## 职业面向" in d.text and "面向农业技术员等职业。" in d.text
    assert "不要" not in d.text
    assert [x for x in d.text.splitlines() if x.strip() in ("一", "二")] == ["一", "二"]


def test_language_detection():
    assert detect_language("The college partners with firms in the software industry.") == "en"
    assert detect_language("本专业面向软件和信息技术服务业 with some English") == "zh"
    assert detect_language("1234 --") == "und"


def test_decode_prefers_utf8_and_rejects_binary():
    assert decode_text("中文".encode("utf-8")) == "中文"
    with pytest.raises(ReadError, match="binary"):
        decode_text(b"\x00\x01\x02abc" * 10)

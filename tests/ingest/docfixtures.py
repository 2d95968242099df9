"""TEST FIXTURE builders: DOCX and text-layer PDF files made from given text (no real documents).

No PDF writer (reportlab, fpdf) is installed and the machine has no CJK font, so :func:`write_text_pdf`
writes a minimal PDF by hand using the standard Adobe CID font ``STSong-Light`` (Adobe-GB1, encoding
``UniGB-UCS2-H``), which PDF readers — pdfminer/pdfplumber included — know without an embedded font
file. Each input line becomes one PDF text line, wrapped at ``width`` characters (never inside a Latin
word); pages break every ``lines_per_page`` lines; Markdown '#' marks are dropped (a programme's PDF
has no '#'). An optional footer ("— n —") puts page furniture on every page.
"""
from __future__ import annotations

from pathlib import Path


def _utf16_hex(s: str) -> str:
    return s.encode("utf-16-be").hex().upper()


def write_text_pdf(path: Path, text: str, *, width: int = 40, lines_per_page: int = 60,
                   footer: bool = True, title: str = "TEST FIXTURE", plain_headings: bool = True) -> Path:
    lines: list[str] = []
    for raw in text.splitlines():
        raw = raw.rstrip()
        if plain_headings:
            raw = raw.lstrip("#").strip()
        if not raw:
            continue
        while len(raw) > width:
            cut = width
            while cut > width // 2 and raw[cut - 1].isascii() and raw[cut].isascii() and raw[cut].isalnum():
                cut -= 1  # like a layout engine: never break inside a Latin word
            lines.append(raw[:cut])
            raw = raw[cut:]
        lines.append(raw)
    pages = [lines[i:i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    catalog = add(b"")  # filled later
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
               b"/DescendantFonts [ << /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
               b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
               b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
               b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
               b"/CapHeight 880 /StemV 93 >> /DW 1000 >> ] >>")
    kids = []
    for n, page_lines in enumerate(pages, 1):
        ops = ["BT", "/F1 10 Tf", "14 TL", "50 800 Td"]
        for ln in page_lines:
            ops.append(f"<{_utf16_hex(ln)}> Tj T*")
        ops.append("ET")
        if footer:
            ops += ["BT", "/F1 9 Tf", "280 30 Td", f"<{_utf16_hex(f'— {n} —')}> Tj", "ET"]
        stream = "\n".join(ops).encode("ascii")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_obj, font, content)))
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objs[pages_obj - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                           + b"] /Count %d >>" % len(kids))
    info = add(b"<< /Title <FEFF" + _utf16_hex(title).encode() + b"> /Producer (tests docfixtures) >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, catalog, info, xref)
    path.write_bytes(bytes(out))
    return path


def write_image_only_pdf(path: Path) -> Path:
    """A one-page PDF that draws a rectangle and has no text at all (stands in for a scan)."""
    stream = b"0 0 0 rg 100 100 200 200 re f"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))
    return path


def write_docx(path: Path, text: str, *, title: str = "TEST FIXTURE") -> Path:
    """A DOCX whose Markdown-style '#' lines become Word headings and other lines paragraphs."""
    import docx

    d = docx.Document()
    d.core_properties.title = title
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            level = min(len(line) - len(line.lstrip("#")), 4)
            d.add_heading(line.lstrip("#").strip(), level=level)
        else:
            d.add_paragraph(line)
    d.save(str(path))
    return path

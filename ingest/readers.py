"""Document readers: one call turns a file into plain text, whatever its format.

:func:`read_document` reads ``.md``/``.markdown``/``.txt`` (any encoding: UTF-8/UTF-16 with BOM, GB18030,
Big5 … detected with charset-normalizer), ``.docx`` (python-docx; headings become Markdown ``#`` lines,
tables become tab-separated lines, in document order), ``.pdf`` (pdfplumber, page by page) and
``.html``/``.htm`` (lxml, scripts and styles dropped). It returns a :class:`DocumentText`; anything it
cannot turn into text — an empty file, a binary file, a corrupt DOCX/PDF, a PDF without a text layer
(a scan) — raises :class:`ReadError` with one clear line naming the file.

Shared by the curriculum, policy and job-post extractors.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DocumentText", "ReadError", "read_document", "decode_text", "detect_language", "table_delimiter",
           "SUPPORTED_SUFFIXES"]

TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".pdf", *HTML_SUFFIXES)


class ReadError(Exception):
    """A file that cannot be read as text; ``str(err)`` is one line naming the file and the reason."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass(frozen=True)
class DocumentText:
    """The text of one document and what is known about it."""

    text: str
    language: str  # "zh", "en" or "und"
    title: str | None
    kind: str  # markdown | text | docx | pdf | html
    sha256: str  # of the file's bytes: the Document id
    path: str = ""
    pages: int | None = None  # PDF page count


def detect_language(text: str) -> str:
    """'zh' when CJK ideographs make up a fifth of the letters, 'en' for Latin text, else 'und'."""
    cjk = latin = 0
    for ch in text[:20000]:
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            cjk += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    letters = cjk + latin
    if letters == 0:
        return "und"
    # a Chinese character carries about as much as a short English word: weigh them up
    return "zh" if cjk * 4 >= latin else "en"


def _looks_binary(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > max(8, len(head) // 50)


def decode_text(data: bytes, path: str | Path = "<bytes>") -> str:
    """Bytes → str: UTF-8 (with or without BOM) first, else the encoding charset-normalizer finds."""
    if not data.strip():
        raise ReadError(path, "empty file")
    if _looks_binary(data):
        raise ReadError(path, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError(path, "cannot detect the text encoding")
    return str(best)


def table_delimiter(header: str, suffix: str) -> str:
    """The field separator of a delimited table: tab for ``.tsv``, else whichever of comma, tab, semicolon or bar
    its header line holds most of (comma on a tie or when it holds none)."""
    if suffix.lower() == ".tsv":
        return "\t"
    return max(",\t;|", key=lambda c: (header.count(c), c == ","))


def _title_from_text(text: str) -> str | None:
    for line in text.splitlines():
        s = line.strip().lstrip("#").strip()
        if s:
            return s[:200]
    return None


def _read_text(path: Path, data: bytes) -> tuple[str, str | None, str, int | None]:
    text = decode_text(data, path)
    kind = "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"
    return text, _title_from_text(text), kind, None


_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def _read_docx(path: Path, data: bytes) -> tuple[str, str | None, str, int | None]:
    import io
    import zipfile

    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as e:  # pragma: no cover - installed with the project
        raise ReadError(path, f"python-docx is not installed ({e})") from None
    try:
        d = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise ReadError(path, f"not a readable DOCX file ({type(e).__name__})") from None
    lines: list[str] = []
    for block in d.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if not text:
                continue
            style = (block.style.name if block.style is not None else "") or ""
            m = _HEADING_STYLE.match(style.strip())
            if m:
                lines.append("#" * max(1, int(m.group(1))) + " " + text)
            elif style.strip().lower() == "title":
                lines.append("# " + text)
            else:
                lines.append(text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for c in row.cells:
                    t = c.text.strip()
                    if not cells or cells[-1] != t:  # merged cells repeat their text
                        cells.append(t)
                if any(cells):
                    lines.append("\t".join(cells))
    text = "\n\n".join(lines)
    if not text.strip():
        raise ReadError(path, "DOCX has no text")
    title = (d.core_properties.title or "").strip() or _title_from_text(text)
    return text, title, "docx", None


def _read_pdf(path: Path, data: bytes) -> tuple[str, str | None, str, int | None]:
    import io

    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as e:  # pragma: no cover - installed with the project
        raise ReadError(path, f"pdfplumber is not installed ({e})") from None
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError(path, "not a PDF file (no %PDF header)")
    pages: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            meta_title = (pdf.metadata or {}).get("Title")
            for page in pdf.pages:
                pages.append((page.extract_text() or "").strip())
            n = len(pdf.pages)
    except PDFSyntaxError as e:
        raise ReadError(path, f"corrupt PDF ({e})") from None
    except Exception as e:  # pdfminer raises many kinds on damaged files
        raise ReadError(path, f"corrupt PDF ({type(e).__name__}: {str(e)[:80]})") from None
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise ReadError(path, f"PDF has no text layer ({n} page(s), scanned?): OCR it first")
    if isinstance(meta_title, bytes):
        meta_title = meta_title.decode("utf-8", "replace")
    title = (str(meta_title).strip() if meta_title else "") or _title_from_text(text)
    return text, title, "pdf", n


_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
               "table", "ul", "ol", "pre", "blockquote", "header", "footer", "td", "th", "dt", "dd"}


def _read_html(path: Path, data: bytes) -> tuple[str, str | None, str, int | None]:
    import lxml.html

    raw = decode_text(data, path)
    raw = re.sub(r"^\s*<\?xml[^>]*\?>", "", raw)  # lxml refuses str input with an encoding declaration
    try:
        root = lxml.html.fromstring(raw)
    except Exception as e:
        raise ReadError(path, f"not readable HTML ({type(e).__name__})") from None
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    title_el = root.find(".//title")
    title = title_el.text_content().strip() if title_el is not None else None
    if title_el is not None:
        title_el.drop_tree()
    parts: list[str] = []

    def walk(el) -> None:  # noqa: ANN001
        tag = el.tag if isinstance(el.tag, str) else ""
        m = re.fullmatch(r"h([1-6])", tag)
        if m:
            parts.append("\n\n" + "#" * int(m.group(1)) + " " + " ".join(el.text_content().split()) + "\n\n")
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if el.text:
                parts.append(el.text)
            for child in el:
                walk(child)
            if tag in _BLOCK_TAGS:
                parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    text = re.sub(r"[ \t\r\f\v]+\n", "\n", "".join(parts))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text:
        raise ReadError(path, "HTML has no text")
    return text, title or _title_from_text(text), "html", None


def max_file_bytes() -> int:
    """Largest document accepted (``KG_MAX_FILE_MB``, default 50 MB): memory stays bounded."""
    return int(float(os.environ.get("KG_MAX_FILE_MB", "50")) * (1 << 20))


def _check_zip(path: Path, data: bytes) -> None:
    """Refuse zip bombs: an OOXML file whose members would unpack past the size limit or ratio."""
    import io
    import zipfile

    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise ReadError(path, f"not a readable DOCX file ({type(e).__name__}: bad zip)") from None
    total = sum(i.file_size for i in infos)
    if total > max_file_bytes() or total > 200 * max(len(data), 1):
        raise ReadError(path, f"refused: the archive would unpack to {total >> 20} MB from {len(data) >> 10} KB "
                              "(a zip bomb?)")


def read_document(path: str | Path) -> DocumentText:
    """Read one file into a :class:`DocumentText`; raises :class:`ReadError` (one line) if it cannot."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(p, f"unsupported file type {suffix or '(none)'}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        size = p.stat().st_size
    except OSError as e:
        raise ReadError(p, f"cannot open ({e.strerror or e})") from None
    if size > max_file_bytes():
        raise ReadError(p, f"file too large ({size >> 20} MB > {max_file_bytes() >> 20} MB; set KG_MAX_FILE_MB)")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ReadError(p, f"cannot open ({e.strerror or e})") from None
    if not data.strip():
        raise ReadError(p, "empty file")
    if suffix in TEXT_SUFFIXES:
        text, title, kind, pages = _read_text(p, data)
    elif suffix == ".docx":
        _check_zip(p, data)
        text, title, kind, pages = _read_docx(p, data)
    elif suffix == ".pdf":
        text, title, kind, pages = _read_pdf(p, data)
    else:
        text, title, kind, pages = _read_html(p, data)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise ReadError(p, "no text")
    return DocumentText(text=text, language=detect_language(text), title=title, kind=kind,
                        sha256=hashlib.sha256(data).hexdigest(), path=str(p), pages=pages)

"""Read a unit's Word report into plain blocks (paragraphs with their look, tables) and its document properties.

.docx is read with python-docx; .doc and .odt are first converted to .docx by LibreOffice (``soffice``) when it
is installed. Custom document properties (docProps/custom.xml) are parsed with defusedxml.
"""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import ElementTree
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from cchc_cli.errors import os_reason
from cchc_cli.office import ConvertError, convert, soffice_path
from cchc_cli.textutil import nfc

WORD_SUFFIXES = frozenset({".docx", ".docm", ".doc", ".odt", ".rtf"})
CONVERT_SUFFIXES = frozenset({".doc", ".odt", ".rtf"})
MAX_BYTES = 50 * 1024 * 1024
_CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


class NarrativeReadError(Exception):
    """The file cannot be read as a Word document; ``str()`` is a Vietnamese reason."""


@dataclass
class DocPara:
    text: str
    style: str = ""
    bold: bool = False
    heading_level: int | None = None  # from a heading style or an outline level
    list_item: bool = False
    title: bool = False  # the "Title" style (the document's own name, not a heading)

    @property
    def caps(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 4 and all(c.isupper() for c in letters)


@dataclass
class DocTable:
    rows: list[list[str]]

    @property
    def text(self) -> str:
        return " ".join(" ".join(r) for r in self.rows)


DocBlock = DocPara | DocTable


@dataclass
class DocContent:
    blocks: list[DocBlock] = field(default_factory=list)
    custom: dict[str, str] = field(default_factory=dict)
    modified: Any = None


def convert_to_docx(path: Path, workdir: Path) -> Path:
    """``path`` (.doc/.odt/.rtf) converted to .docx in ``workdir`` by LibreOffice (cchc_cli.office);
    NarrativeReadError when it is not installed or fails."""
    if soffice_path() is None:
        raise NarrativeReadError(
            f"tệp {path.suffix} cần LibreOffice để đọc nhưng máy chưa cài; mở tệp bằng Word hoặc LibreOffice "
            "và lưu lại dạng .docx"
        )
    try:
        data = convert(path.read_bytes(), path.suffix, "docx:MS Word 2007 XML", workdir)
    except ConvertError as exc:
        raise NarrativeReadError(f"{exc.args[0]} (sang .docx)") from exc
    out = workdir / "in.docx"
    out.write_bytes(data)
    return out


def _style_chain(style: Any) -> list[Any]:
    chain: list[Any] = []
    while style is not None and len(chain) < 10:
        chain.append(style)
        style = style.base_style
    return chain


def _outline_level(paragraph: Paragraph) -> int | None:
    for el in [paragraph._p.pPr, *(s.element.pPr for s in _style_chain(paragraph.style))]:
        if el is None:
            continue
        lvl = el.find(qn("w:outlineLvl"))
        if lvl is not None:
            value = int(lvl.get(qn("w:val"), "9"))
            return value + 1 if value < 9 else None
    return None


def _heading_level(paragraph: Paragraph) -> int | None:
    for style in _style_chain(paragraph.style):
        name = (style.name or "").casefold()
        if name.startswith(("heading ", "tiêu đề ", "đề mục ")):
            tail = name.rsplit(" ", 1)[-1]
            return int(tail) if tail.isdigit() else 1
    return _outline_level(paragraph)


def _is_bold(paragraph: Paragraph) -> bool:
    style_bold = any(s.font.bold for s in _style_chain(paragraph.style) if s.font.bold is not None)
    seen = False
    for run in paragraph.runs:
        if not run.text.strip():
            continue
        seen = True
        bold = run.bold if run.bold is not None else style_bold
        if not bold:
            return False
    return seen


def _is_list(paragraph: Paragraph) -> bool:
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.find(qn("w:numPr")) is not None:
        return True
    for style in _style_chain(paragraph.style):
        if (style.name or "").casefold().startswith("list"):
            return True
        if style.element.pPr is not None and style.element.pPr.find(qn("w:numPr")) is not None:
            return True
    return False


_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")


def paragraph_text(p_element: Any) -> str:
    """All the text a reader sees in a paragraph, including tracked insertions, hyperlinks, fields and content
    controls (python-docx's ``Paragraph.text`` skips text inside ``w:ins``); deleted text (``w:delText``) is not
    text. Tabs and line breaks become spaces and newlines."""
    parts: list[str] = []
    for el in p_element.iter(_T, _TAB, _BR, _CR):
        if el.tag == _T:
            parts.append(el.text or "")
        elif el.tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _para(paragraph: Paragraph) -> DocPara:
    text = nfc(paragraph_text(paragraph._p)).replace("\u00a0", " ")
    style = paragraph.style.name if paragraph.style is not None else ""
    return DocPara(
        text=text.strip(),
        style=style or "",
        bold=_is_bold(paragraph),
        heading_level=_heading_level(paragraph),
        list_item=_is_list(paragraph),
        title=(style or "").casefold() in ("title", "tiêu đề"),
    )


def _table(table: Table) -> DocTable:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        last: Any = None
        for cell in row.cells:
            if cell._tc is last:  # a merged cell repeats
                continue
            last = cell._tc
            cells.append(
                " ".join(nfc(paragraph_text(p)).replace("\u00a0", " ").strip() for p in cell._tc.iter(_P)).strip()
            )
        rows.append(cells)
    return DocTable(rows)


def read_custom_properties(path: Path) -> dict[str, str]:
    """Custom document properties of a .docx (name → text); {} when there are none."""
    try:
        with zipfile.ZipFile(path) as zf:
            if "docProps/custom.xml" not in zf.namelist():
                return {}
            info = zf.getinfo("docProps/custom.xml")
            if info.file_size > 1024 * 1024:
                return {}
            root = ElementTree.fromstring(zf.read(info))
    except (zipfile.BadZipFile, OSError, ElementTree.ParseError):
        return {}
    props: dict[str, str] = {}
    for prop in root.findall(f"{_CUSTOM_NS}property"):
        name = prop.get("name")
        value = "".join(prop.itertext()).strip()
        if name:
            props[name] = nfc(value)
    return props


def _not_a_zip(path: Path) -> str:
    """Why a .docx that is no zip can't be read, by its first bytes (an OLE file: Word 97–2003 or a password)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        return f"không mở được tệp ({os_reason(exc)})"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return (
            "tệp Word được đặt mật khẩu, hoặc tệp Word 97–2003 (.doc) đặt tên đuôi .docx; đề nghị đơn vị bỏ mật khẩu "
            "hoặc lưu lại dạng .docx rồi gửi lại"
        )
    return "tệp hỏng hoặc không phải tệp Word .docx"


def read_docx(path: Path) -> DocContent:
    """Blocks of a .docx body in order; NarrativeReadError when it is not a readable Word document."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise NarrativeReadError(f"không mở được tệp ({os_reason(exc)})") from exc
    if size == 0:
        raise NarrativeReadError("tệp rỗng (0 byte); đề nghị đơn vị gửi lại")
    if size > MAX_BYTES:
        raise NarrativeReadError("tệp quá lớn (trên 50 MB) để là một báo cáo")
    try:
        with zipfile.ZipFile(path) as zf:
            names = {i.filename for i in zf.infolist()}
            total = sum(i.file_size for i in zf.infolist())
            if total > 20 * MAX_BYTES:
                raise NarrativeReadError("tệp nén bất thường (dung lượng giải nén quá lớn)")
        doc = Document(str(path))
    except NarrativeReadError:
        raise
    except zipfile.BadZipFile as exc:
        raise NarrativeReadError(_not_a_zip(path)) from exc
    except OSError as exc:
        raise NarrativeReadError(f"không mở được tệp ({os_reason(exc)})") from exc
    except Exception as exc:  # python-docx raises several types for a file that is not a .docx
        if "xl/workbook.xml" in names:
            why = "đây là tệp Excel đặt tên đuôi Word; nếu là biểu mẫu số liệu, đổi đuôi thành .xlsx"
        elif "word/document.xml" not in names:
            why = "tệp nén không phải tài liệu Word"
        else:
            why = "tài liệu Word bị hỏng, không đọc được nội dung; đề nghị đơn vị lưu lại bằng Word rồi gửi lại"
        raise NarrativeReadError(why) from exc
    content = DocContent(custom=read_custom_properties(path), modified=doc.core_properties.modified)
    _walk(doc.element.body, doc, content.blocks)
    return content


def _walk(container: Any, doc: Any, out: list[DocBlock]) -> None:
    """Paragraphs and tables in body order, looking inside block-level content controls (``w:sdt``)."""
    for child in container:
        if child.tag == _P:
            out.append(_para(Paragraph(child, doc._body)))
        elif child.tag == _TBL:
            out.append(_table(Table(child, doc._body)))
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                _walk(content, doc, out)


def read_word(path: Path) -> DocContent:
    """Any Word-like file (.docx directly; .doc/.odt/.rtf through LibreOffice)."""
    if path.suffix.lower() in CONVERT_SUFFIXES:
        with tempfile.TemporaryDirectory(prefix="cchc-narrative-") as tmp:
            converted = convert_to_docx(path, Path(tmp))
            return read_docx(converted)
    return read_docx(path)

"""Open a returned workbook safely and read its cells with the fast reader (python-calamine).

Nothing touches a sheet before the file has passed the cheap checks: size, file signature, encryption, and a
capped decompression of every zip member (a zip bomb, or a directory that lies about sizes, is refused here,
because python-calamine aborts the whole process on an allocation failure). Formulas and error cells, which
python-calamine cannot tell from plain values, are found in the sheet XML this check has already unzipped.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from cchc_cli.errors import os_reason
from cchc_cli.workbook.fingerprint import fingerprint_from_workbook

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_MEMBER_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024
MAX_RATIO = 250
MAX_MEMBERS = 2000

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")

# A cell's formula comes first inside it (<c …><f>…</f><v>…</v></c>), so a formula cell is "<c …><f".
_FORMULA_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*(?<!/)><f[ >/]')
_ERROR_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*?\bt="e"')
_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>([^<]+)</dcterms:modified>")

Cell = Any  # what python-calamine returns: float, int, str, bool, date/time types, or "" for blank


class Unreadable(Exception):
    """The file cannot be read safely; ``code`` is a finding code, ``reason`` its Vietnamese detail."""

    def __init__(self, code: str, reason: str = "") -> None:
        super().__init__(reason or code)
        self.code = code
        self.reason = reason


@dataclass
class Grid:
    """One sheet's cells, addressed from A1 (0-based row/col), whatever the sheet's used range."""

    rows: list[list[Cell]]
    formulas: frozenset[str] = frozenset()
    errors: frozenset[str] = frozenset()

    def get(self, row: int, col: int) -> Cell:
        if row < len(self.rows):
            line = self.rows[row]
            if col < len(line):
                return line[col]
        return ""

    def non_empty(self) -> list[tuple[int, int, Cell]]:
        return [
            (r, c, v)
            for r, line in enumerate(self.rows)
            for c, v in enumerate(line)
            if v is not None and not (isinstance(v, str) and not v.strip())
        ]


@dataclass
class Book:
    path: Path
    fmt: str  # "xlsx", "xls" or "ods"
    sheet_names: list[str]
    visible: dict[str, bool]
    fingerprint: dict[str, str] | None
    modified: dt.datetime | None  # when the office suite last saved it (document properties)
    _wb: CalamineWorkbook
    _formulas: dict[str, frozenset[str]] = field(default_factory=dict)
    _errors: dict[str, frozenset[str]] = field(default_factory=dict)
    _grids: dict[str, Grid] = field(default_factory=dict)

    def grid(self, name: str) -> Grid:
        if name not in self._grids:
            rows = self._wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            empty: frozenset[str] = frozenset()
            self._grids[name] = Grid(rows, self._formulas.get(name, empty), self._errors.get(name, empty))
        return self._grids[name]


def is_lock_file(path: Path) -> bool:
    """Office's "owner" lock files (~$name.xlsx) and LibreOffice's (.~lock.name#)."""
    return path.name.startswith("~$") or path.name.startswith(".~lock.")


def _check_zip(data: bytes) -> dict[str, bytes]:
    """Check the zip directory for bombs; decompress, with hard caps, the members read here.

    Members left to the fast reader are bounded by the directory check: a member that inflates past its
    declared size makes python-calamine fail with an error (measured), so a lying directory is caught too.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Unreadable("khong-doc-duoc", "tệp nén bị hỏng") from exc
    if len(infos) > MAX_MEMBERS:
        raise Unreadable("tep-qua-lon", f"{len(infos)} thành phần")
    declared = sum(i.file_size for i in infos)
    if declared > MAX_TOTAL_BYTES:
        raise Unreadable("tep-qua-lon", f"giải nén ra {declared // (1024 * 1024)} MB")
    members: dict[str, bytes] = {}
    for info in infos:
        if info.file_size > MAX_MEMBER_BYTES or (
            info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise Unreadable("tep-qua-lon", f"thành phần {info.filename} nén bất thường")
        if info.flag_bits & 0x1:
            raise Unreadable("tep-ma-hoa")
        name = info.filename
        if not (name.startswith("xl/worksheets/") or name in _READ_HERE):
            continue
        try:
            with zf.open(info) as fh:
                content = fh.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise Unreadable("khong-doc-duoc", "tệp nén bị hỏng") from exc
        if len(content) > info.file_size:
            raise Unreadable("tep-qua-lon", f"thành phần {name} giải nén lớn hơn khai báo")
        members[name] = content
    return members


_READ_HERE = frozenset({"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "docProps/core.xml", "mimetype"})
_TAG_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_TAG_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')


def _attrs(tag: bytes) -> dict[str, str]:
    """Attributes of one XML tag; the namespace prefix is dropped (r:id → id). No entity is expanded."""
    return {k.decode().rsplit(":", 1)[-1]: html.unescape(v.decode("utf-8", "replace")) for k, v in _ATTR.findall(tag)}


def _sheet_parts(members: dict[str, bytes]) -> dict[str, str]:
    """Sheet name → zip member of its XML (xlsx/xlsm)."""
    workbook = members.get("xl/workbook.xml")
    rels = members.get("xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        return {}
    targets = {}
    for tag in _TAG_REL.findall(rels):
        a = _attrs(tag)
        targets[a.get("Id", "")] = a.get("Target", "")
    parts = {}
    for tag in _TAG_SHEET.findall(workbook):
        a = _attrs(tag)
        target = targets.get(a.get("id", ""), "")
        if target:
            parts[a.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _scan_cells(xml: bytes) -> tuple[frozenset[str], frozenset[str]]:
    """(cells with a formula, cells holding an error value) of one sheet's XML."""
    formulas: frozenset[str] = frozenset()
    errors: frozenset[str] = frozenset()
    if b"<f>" in xml or b"<f " in xml:
        formulas = frozenset(m.decode() for m in _FORMULA_CELL.findall(xml))
    if b't="e"' in xml:
        errors = frozenset(m.decode() for m in _ERROR_CELL.findall(xml))
    return formulas, errors


def _modified(members: dict[str, bytes]) -> dt.datetime | None:
    m = _MODIFIED.search(members.get("docProps/core.xml", b""))
    if not m:
        return None
    try:
        return dt.datetime.fromisoformat(m.group(1).decode().strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def open_book(path: Path, data: bytes | None = None) -> Book:
    """Check and open ``path``; raises Unreadable with a finding code when it can't be read safely."""
    try:
        if data is None:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise Unreadable("tep-qua-lon", f"{size // (1024 * 1024)} MB")
            data = path.read_bytes()
    except OSError as exc:
        raise Unreadable("khong-doc-duoc", f"không mở được tệp ({os_reason(exc)})") from exc
    if not data:
        raise Unreadable("tep-rong")
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable("tep-qua-lon", f"{len(data) // (1024 * 1024)} MB")
    members: dict[str, bytes] = {}
    if data.startswith(ZIP_MAGIC):
        members = _check_zip(data)
        fmt = "ods" if members.get("mimetype", b"").startswith(b"application/vnd.oasis") else "xlsx"
        if fmt == "xlsx" and "xl/workbook.xml" not in members:
            raise Unreadable("khong-doc-duoc", "tệp nén không phải bảng tính Excel")
    elif data.startswith(OLE_MAGIC):
        if ENCRYPTION_MARK in data[:65536] or ENCRYPTION_MARK in data:
            raise Unreadable("tep-ma-hoa")
        fmt = "xls"
    else:
        raise Unreadable("khong-doc-duoc", "không phải tệp Excel hoặc LibreOffice")
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        visible = {m.name: str(m.visible).endswith("Visible") for m in wb.sheets_metadata}
        fingerprint = fingerprint_from_workbook(wb)
    except Exception as exc:  # calamine raises several error types for damaged files
        raise Unreadable("khong-doc-duoc", "nội dung bảng tính bị hỏng") from exc
    book = Book(path, fmt, list(wb.sheet_names), visible, fingerprint, _modified(members), wb)
    if fmt == "xlsx":
        for name, part in _sheet_parts(members).items():
            formulas, errors = _scan_cells(members.get(part, b""))
            book._formulas[name] = formulas
            book._errors[name] = errors
    return book


def read_grid(book: Book, name: str) -> Grid:
    """A sheet's grid; raises Unreadable when the fast reader fails on it."""
    try:
        return book.grid(name)
    except Exception as exc:
        raise Unreadable("khong-doc-duoc", f"không đọc được trang «{name}»") from exc

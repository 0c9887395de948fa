"""Open one returned workbook: container checks first, then the reader for its format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cchc_cli.reading.container import ZipPackage, ole_encrypted, read_capped, sniff
from cchc_cli.reading.errors import Unreadable
from cchc_cli.reading.model import Book, Grid
from cchc_cli.workbook.fingerprint import FIELDS
from cchc_cli.workbook.layout import FINGERPRINT_MARKER, FINGERPRINT_SHEET

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".ods"})
ARCHIVE_SUFFIXES = frozenset({".zip"})
UNSUPPORTED_ARCHIVES = {".rar": "RAR", ".7z": "7z"}


def is_lock_file(path: Path | str) -> bool:
    """Office's "owner" lock files (~$name.xlsx) and LibreOffice's (.~lock.name#)."""
    name = Path(path).name
    return name.startswith("~$") or name.startswith(".~lock.")


def _text(value: object) -> str:
    # A re-save may turn "1" into 1.0; keys and values are always text in the template.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def fingerprint_from_grid(grid: Grid) -> dict[str, str] | None:
    """The template's fingerprint fields from its hidden sheet (key in column A, value in B), or None."""
    data: dict[str, str] = {}
    for r, c, v in grid.non_empty():
        if c == 0 and _text(v) in FIELDS:
            data[_text(v)] = _text(grid.get(r, 1))
    if data.get("marker") != FINGERPRINT_MARKER:
        return None
    return data


def open_book(path: Path, data: bytes | None = None) -> Book:
    """Check and read ``path`` (or its ``data`` already read); every sheet is read here.

    Raises Unreadable with a finding code when it can't be read safely: tep-rong, tep-qua-lon, tep-ma-hoa,
    khong-doc-duoc (damaged, not a spreadsheet, a part missing or malformed).
    """
    if data is None:
        data = read_capped(path)
    if not data:
        raise Unreadable("tep-rong")
    kind = sniff(data)
    modified: dt.datetime | None = None
    strict = as_displayed = recalc = False
    formulas_known = True
    notes: list[str] = []
    if kind == "zip":
        pkg = ZipPackage(data)
        mimetype = pkg.read("mimetype") if pkg.has("mimetype") else None
        if mimetype is not None and mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            from cchc_cli.reading.ods import read_ods

            fmt = "ods"
            names, states, grids, modified = read_ods(pkg)
        else:
            if pkg.encrypted:
                raise Unreadable("tep-ma-hoa")
            from cchc_cli.reading.xlsx import read_xlsx

            fmt = "xlsx"
            names, states, grids, modified, strict, as_displayed, recalc = read_xlsx(pkg)
    elif kind == "ole":
        if ole_encrypted(data):
            raise Unreadable("tep-ma-hoa")
        from cchc_cli.reading.xls import read_xls

        fmt = "xls"
        names, states, grids, modified = read_xls(data)
        formulas_known = False
        notes.append("không kiểm tra được công thức trong tệp .xls")
    elif kind in ("rar", "7z"):
        raise Unreadable("khong-doc-duoc", "tệp nén dạng khác, không phải bảng tính")
    else:
        raise Unreadable("khong-doc-duoc", "không phải tệp Excel hoặc LibreOffice")
    fp_grid = grids.get(FINGERPRINT_SHEET)
    fingerprint = fingerprint_from_grid(fp_grid) if fp_grid is not None else None
    return Book(
        path=path,
        fmt=fmt,
        sheet_names=names,
        states=states,
        fingerprint=fingerprint,
        modified=modified,
        grids=grids,
        formulas_known=formulas_known,
        strict=strict,
        precision_as_displayed=as_displayed,
        recalc_on_load=recalc,
        notes=notes,
    )


def read_grid(book: Book, name: str) -> Grid:
    """A sheet's grid (all sheets are read when the book is opened; kept for callers of the old reader)."""
    return book.grid(name)

"""Reading .xls (Excel 97–2003, BIFF8) with xlrd: values, number formats, error values, sheet visibility,
hidden rows and columns, merged ranges, fonts. xlrd does not expose formulas, so a formula's cached value reads
as a value; the caller says so in a finding ("không kiểm tra được công thức trong tệp .xls").

The save time comes from the SummaryInformation property set (MS-OLEPS §2.21, PIDSI_LASTSAVE_DTM, a FILETIME),
read from the OLE container by xlrd's compound document reader.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import struct
from typing import Any

from cchc_cli.reading.errors import Unreadable
from cchc_cli.reading.formats import classify
from cchc_cli.reading.model import Grid, shown_float

_FILETIME_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)


def _last_saved(data: bytes) -> dt.datetime | None:
    """PIDSI_LASTSAVE_DTM (property id 13) of the "\\x05SummaryInformation" stream, or None."""
    try:
        from xlrd import compdoc

        doc = compdoc.CompDoc(data, logfile=_Null())
        stream = doc.get_named_stream("\x05SummaryInformation")
    except Exception:
        return None
    if not stream or len(stream) < 48:
        return None
    try:
        (offset,) = struct.unpack_from("<I", stream, 44)
        _size, count = struct.unpack_from("<II", stream, offset)
        for i in range(min(count, 64)):
            pid, where = struct.unpack_from("<II", stream, offset + 8 + 8 * i)
            if pid != 13:
                continue
            vtype, low, high = struct.unpack_from("<III", stream, offset + where)
            if vtype != 0x40:  # VT_FILETIME
                return None
            ticks = (high << 32) | low
            if ticks == 0:
                return None
            return _FILETIME_EPOCH + dt.timedelta(microseconds=ticks // 10)
    except (struct.error, OverflowError, ValueError):
        return None
    return None


def read_xls(data: bytes) -> tuple[list[str], dict[str, str], dict[str, Grid], dt.datetime | None]:
    """(sheet names, states, grids, save time) of a BIFF workbook; raises Unreadable."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False, logfile=_Null())
    except xlrd.biffh.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise Unreadable("tep-ma-hoa") from exc
        raise Unreadable("khong-doc-duoc", "nội dung bảng tính .xls bị hỏng") from exc
    except Exception as exc:  # xlrd raises assorted errors (struct, index, assertion) on damaged BIFF
        raise Unreadable("khong-doc-duoc", "nội dung bảng tính .xls bị hỏng") from exc
    names: list[str] = []
    states: dict[str, str] = {}
    grids: dict[str, Grid] = {}
    number_formats: dict[int, str] = {}
    fonts: dict[int, str] = {}
    date_styles: dict[int, str] = {}
    for i, xf in enumerate(book.xf_list):
        fmt = book.format_map.get(xf.format_key)
        code = fmt.format_str if fmt is not None else "General"
        if code and code != "General":
            number_formats[i] = code
            info = classify(code)
            if info.is_date:
                date_styles[i] = info.kind
        with contextlib.suppress(IndexError, AttributeError):
            fonts[i] = book.font_list[xf.font_index].name
    for sheet in book.sheets():
        names.append(sheet.name)
        states[sheet.name] = {0: "visible", 1: "hidden", 2: "veryHidden"}.get(sheet.visibility, "visible")
        grid = Grid(number_formats=number_formats, fonts=fonts)
        for r in range(sheet.nrows):
            for c, cell in enumerate(sheet.row(r)):
                _cell(book, sheet, grid, r, c, cell, date_styles)
            info = sheet.rowinfo_map.get(r)
            if info is not None and info.hidden:
                grid.hidden_rows.add(r)
        for c, info in sheet.colinfo_map.items():
            if info.hidden:
                grid.hidden_cols.append((c, c))
        grid.merged = [(r1, c1, r2 - 1, c2 - 1) for r1, r2, c1, c2 in sheet.merged_cells]
        grids[sheet.name] = grid
    return names, states, grids, _last_saved(data)


def _cell(book: Any, sheet: Any, grid: Grid, r: int, c: int, cell: Any, date_styles: dict[int, str]) -> None:
    import xlrd

    ctype = cell.ctype
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return
    pos = (r, c)
    xf = sheet.cell_xf_index(r, c)
    if xf:
        grid.styles[pos] = xf
    if ctype == xlrd.XL_CELL_NUMBER:
        grid.cells[pos] = shown_float(float(cell.value))
    elif ctype == xlrd.XL_CELL_DATE:
        try:
            stamp = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
            grid.cells[pos] = stamp.date() if stamp.time() == dt.time() else stamp
        except Exception:
            grid.cells[pos] = float(cell.value)
    elif ctype == xlrd.XL_CELL_TEXT:
        grid.put_text(pos, str(cell.value), grid.font(r, c))
    elif ctype == xlrd.XL_CELL_BOOLEAN:
        grid.cells[pos] = bool(cell.value)
    elif ctype == xlrd.XL_CELL_ERROR:
        text = xlrd.biffh.error_text_from_code.get(cell.value, "#N/A")
        grid.error_values[pos] = text
        grid.cells[pos] = text


class _Null:
    def write(self, _text: str) -> int:
        return 0

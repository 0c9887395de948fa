"""Reading .xlsx/.xlsm: parts found through the package's relationships, sheets streamed with lxml.

Source: ECMA-376 Part 1 (SpreadsheetML, Transitional and Strict namespaces) and Part 2 (Open Packaging
Conventions: part names are case-insensitive; relationship targets are relative to the source part, or absolute
from the package root). Any namespace prefix is read (files from .NET programs write "x:c"); "\\" separators
(Windows zip tools) and differently cased names (re-zipped on a Mac) are found. Nothing is sized by the sheet's
declared dimension: only stored cells are kept.
"""

from __future__ import annotations

import datetime as dt
import math
import posixpath
import re
from collections.abc import Callable
from typing import Any

from cchc_cli.reading.container import ZipPackage
from cchc_cli.reading.errors import Unreadable
from cchc_cli.reading.formats import builtin_code, classify
from cchc_cli.reading.model import Grid, a1, parse_a1, parse_range, shown_float
from cchc_cli.reading.xml import iterparse, local, parse

MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # Strict
)
STRICT_MAIN = MAIN_NS[1]
REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WORKBOOK_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
)
MAX_SHARED_STRINGS = 1_000_000
TREE_BYTES = 4 * 1024 * 1024
_A1: dict[str, tuple[int, int]] = {}  # cell reference → position, shared by all sheets of the process
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML's escape of characters XML can't hold (ST_Xstring)


_MEMO: dict[tuple[str, bytes], Any] = {}  # (what, part bytes) → what was made of them (read-only)
_MEMO_SIZE = 256


def _memo(what: str, data: bytes, make: Callable[[], Any]) -> Any:
    """``make()``, once per distinct ``data``: the returns of one campaign share their styles, workbook and
    relationship parts byte for byte (they come from one template), so each is parsed once per process.
    What is kept is never changed by its users."""
    key = (what, data)
    if key in _MEMO:
        return _MEMO[key]
    value = make()
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.clear()
    _MEMO[key] = value
    return value


def _tags(name: str) -> list[str]:
    return [f"{{{ns}}}{name}" for ns in MAIN_NS]


def xsd_float(text: str) -> float:
    """A cell's stored number (``<v>``, an xsd:double: ASCII digits, sign, point, exponent). Python's own
    spellings that no spreadsheet writes — "1_000", full-width "３７" — are refused (ValueError) like any other
    text, never read as numbers a person doesn't see."""
    if "_" in text or not text.isascii():
        raise ValueError(text)
    return float(text)


def _unescape(text: str) -> str:
    """ "_x000D_" → "\\r" (ECMA-376 Part 1 §22.9.2.19); "_x005F_" escapes a literal underscore."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _rels(pkg: ZipPackage, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type's last segment, target part name) of ``part`` ("" for the package's own)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    data = pkg.read(rels_name)
    if data is None:
        return {}
    return dict(_memo(f"rels:{folder}", data, lambda: _parse_rels(data, rels_name, folder)))


def _parse_rels(data: bytes, rels_name: str, folder: str) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for el in parse(data, rels_name).iter():
        if local(el.tag) != "Relationship" or el.get("TargetMode", "").lower() == "external":
            continue
        target = (el.get("Target") or "").replace("\\", "/")
        if not target:
            continue
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[el.get("Id", "")] = ((el.get("Type") or "").rsplit("/", 1)[-1], resolved.lstrip("/"))
    return out


def _workbook_part(pkg: ZipPackage) -> str:
    for rel_type, target in _rels(pkg, "").values():
        if rel_type == "officeDocument" and pkg.has(target):
            return target
    ct = pkg.read("[Content_Types].xml")
    if ct is not None:
        for el in parse(ct, "[Content_Types].xml").iter():
            if local(el.tag) == "Override" and el.get("ContentType") in WORKBOOK_TYPES:
                name = (el.get("PartName") or "").lstrip("/")
                if pkg.has(name):
                    return name
    if pkg.has("xl/workbook.xml"):
        return "xl/workbook.xml"
    raise Unreadable("khong-doc-duoc", "tệp nén không phải bảng tính Excel")


class Styles:
    """Per cell style index: its number format code and font name (styles.xml cellXfs)."""

    def __init__(self, data: bytes | None, part: str) -> None:
        self.number_formats: dict[int, str] = {}
        self.fonts: dict[int, str] = {}
        self.date_styles: dict[int, str] = {}  # style index → "date" | "time" | "duration"
        if data is None:
            return
        root = parse(data, part)
        custom: dict[int, str] = {}
        font_names: list[str | None] = []
        xfs: list[Any] = []
        for el in root:
            name = local(el.tag)
            if name == "numFmts":
                for nf in el:
                    if local(nf.tag) == "numFmt":
                        try:
                            custom[int(nf.get("numFmtId", ""))] = nf.get("formatCode") or "General"
                        except ValueError:
                            continue
            elif name == "fonts":
                for font in el:
                    font_name = None
                    for prop in font:
                        if local(prop.tag) == "name":
                            font_name = prop.get("val")
                    font_names.append(font_name)
            elif name == "cellXfs":
                xfs = [xf for xf in el if local(xf.tag) == "xf"]
        for i, xf in enumerate(xfs):
            try:
                fid = int(xf.get("numFmtId", "0"))
            except ValueError:
                fid = 0
            code = custom.get(fid) or builtin_code(fid)
            if code != "General":
                self.number_formats[i] = code
                info = classify(code)
                if info.is_date:
                    self.date_styles[i] = info.kind
            try:
                font = font_names[int(xf.get("fontId", "0"))]
            except (ValueError, IndexError):
                font = None
            if font:
                self.fonts[i] = font


def _shared_strings(pkg: ZipPackage, part: str | None) -> list[str]:
    if part is None:
        return []
    data = pkg.read(part)
    if data is None:
        return []
    out: list[str] = []
    t_tags = set(_tags("t"))
    rph_tags = set(_tags("rPh"))
    # a part of ordinary size is parsed whole (faster); a larger one is streamed
    items = parse(data, part).iter(*_tags("si")) if len(data) <= TREE_BYTES else iterparse(data, part, _tags("si"))
    for si in items:
        if len(si) == 1 and si[0].tag in t_tags:
            text = si[0].text or ""
        else:
            text = "".join(t.text or "" for t in si.iter(*t_tags) if t.getparent().tag not in rph_tags)
        out.append(_unescape(text))
        si.clear()
        if len(out) > MAX_SHARED_STRINGS:
            raise Unreadable("tep-qua-lon", "quá nhiều chuỗi văn bản")
    return out


def _core_modified(pkg: ZipPackage, rels: dict[str, tuple[str, str]]) -> dt.datetime | None:
    part = next((t for k, t in rels.values() if k == "core-properties"), "docProps/core.xml")
    data = pkg.read(part)
    if data is None:
        return None
    for el in parse(data, part).iter():
        if local(el.tag) == "modified" and el.text:
            try:
                return dt.datetime.fromisoformat(el.text.strip().replace("Z", "+00:00"))
            except ValueError:
                return None
    return None


_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)


def _as_date(x: float, kind: str, date1904: bool) -> Any:
    """A serial date as python-calamine gives it: date, datetime, time or timedelta."""
    if kind == "duration":
        return dt.timedelta(days=x) if abs(x) < 10_000_000 else x
    if not (0 <= x < 2_958_466):
        return x
    if kind == "time" and x < 1:
        stamp = dt.datetime(1900, 1, 1) + dt.timedelta(days=x)
        return stamp.time().replace(microsecond=round(stamp.microsecond, -3) % 1_000_000)
    base = _EPOCH_1904 if date1904 else _EPOCH_1900
    if not date1904 and x < 60:
        base += dt.timedelta(days=1)  # Excel's 1900-02-29 that never was
    stamp = base + dt.timedelta(milliseconds=round(x * 86_400_000))
    return stamp.date() if stamp.time() == dt.time() else stamp


class SheetReader:
    """Streams one worksheet part into a Grid."""

    def __init__(self, styles: Styles, strings: list[str], date1904: bool) -> None:
        self.styles = styles
        self.strings = strings
        self.date1904 = date1904
        self.c_tags = frozenset(_tags("c"))
        self.row_tags = frozenset(_tags("row"))
        self.col_tags = frozenset(_tags("col"))
        self.merge_tags = frozenset(_tags("mergeCell"))
        self.v_tags = frozenset(_tags("v"))
        self.f_tags = frozenset(_tags("f"))
        self.is_tags = frozenset(_tags("is"))
        self.t_tags = frozenset(_tags("t"))
        self.rph_tags = frozenset(_tags("rPh"))
        self._grid = Grid()  # the grid being read (tree mode)
        self._shared: list[tuple[tuple[int, int], str, str]] = []  # (cell, shared formula id, text) of the sheet

    def read(self, data: bytes, part: str) -> Grid:
        """The sheet's grid. Parts up to TREE_BYTES are parsed whole (faster); larger ones are streamed."""
        self._shared = []
        grid = self._read_tree(parse(data, part)) if len(data) <= TREE_BYTES else self._read_stream(data, part)
        if self._shared:
            _shared_formulas(grid, self._shared)
        return grid

    def _read_tree(self, root: Any) -> Grid:
        grid = self._grid = Grid(number_formats=self.styles.number_formats, fonts=self.styles.fonts)
        cells, styles_of = grid.cells, grid.styles
        date_styles, v_tags, positions = self.styles.date_styles, self.v_tags, _A1
        strings, fonts = self.strings, self.styles.fonts
        n_strings = len(strings)
        row = -1
        for section in root:
            name = local(section.tag)
            if name == "sheetData":
                for row_el in section:
                    r = row_el.get("r")
                    row = int(r) - 1 if r and r.isdigit() and 0 < int(r) <= 1_048_576 else row + 1
                    if row_el.get("hidden") in ("1", "true"):
                        grid.hidden_rows.add(row)
                    col = -1
                    for el in row_el:
                        get = el.get
                        ref = get("r")
                        t = get("t")
                        n = len(el)
                        if ref is not None and not n and t != "inlineStr":
                            continue  # a styled empty cell: nothing a person sees
                        pos = positions.get(ref) if ref else None
                        if pos is None:
                            pos = (parse_a1(ref) if ref else None) or (row, col + 1)
                            if pos[1] > 16_383:
                                raise Unreadable("khong-doc-duoc", "ô nằm ngoài giới hạn của Excel")
                            if ref and len(positions) < 100_000:
                                positions[ref] = pos
                        col = pos[1]
                        if n == 1 and (t is None or t == "n"):
                            # the common cell, inline: a plain number (no formula, not date-formatted)
                            child = el[0]
                            if child.tag in v_tags:
                                st = get("s")
                                style = int(st) if st and st.isdigit() else 0
                                if style not in date_styles:
                                    text = child.text
                                    if text is None or not text.strip():
                                        if style:
                                            styles_of[pos] = style
                                        continue
                                    try:
                                        x = xsd_float(text)
                                    except ValueError:
                                        pass
                                    else:
                                        # more than 15 characters may hold more than 15 significant digits
                                        cells[pos] = shown_float(x) if len(text) > 15 else x
                                        if style:
                                            styles_of[pos] = style
                                        continue
                        elif n == 1 and t == "s":
                            # a shared-string cell (what Excel and LibreOffice write for text), inline
                            child = el[0]
                            text = child.text
                            if child.tag in v_tags and text is not None and text.isdecimal() and int(text) < n_strings:
                                st = get("s")
                                style = int(st) if st and st.isdigit() else 0
                                if style:
                                    styles_of[pos] = style
                                value = strings[int(text)]
                                if value.isascii() and value.isprintable():
                                    cells[pos] = value
                                else:
                                    grid.put_text(pos, value, fonts.get(style))
                                continue
                        elif n == 1 and t == "inlineStr" and self._inline_text(el, pos, cells, styles_of):
                            continue
                        self._cell(el, pos, grid, cells, styles_of)
            elif name == "cols":
                for el in section:
                    self._col(el, grid)
            elif name == "mergeCells":
                for el in section:
                    rng = parse_range(el.get("ref") or "")
                    if rng is not None:
                        grid.merged.append(rng)
        return grid

    def _col(self, el: Any, grid: Grid) -> None:
        if el.get("hidden") in ("1", "true"):
            try:
                lo, hi = int(el.get("min", "0")) - 1, int(el.get("max", "0")) - 1
            except ValueError:
                return
            if 0 <= lo <= hi <= 16383:
                grid.hidden_cols.append((lo, hi))

    def _read_stream(self, data: bytes, part: str) -> Grid:
        grid = Grid(number_formats=self.styles.number_formats, fonts=self.styles.fonts)
        cells, styles_of = grid.cells, grid.styles
        wanted = [*self.c_tags, *self.row_tags, *self.col_tags, *self.merge_tags]
        row = -1  # the current row (0-based), for cells and rows written without "r" (allowed by the schema)
        col = -1
        row_el = None
        c_tags, row_tags = self.c_tags, self.row_tags
        for el in iterparse(data, part, wanted):
            tag = el.tag
            if tag in c_tags:
                parent = el.getparent()
                if parent is not row_el:
                    row_el = parent
                    r = parent.get("r") if parent is not None else None
                    row = int(r) - 1 if r and r.isdigit() and 0 < int(r) <= 1_048_576 else row + 1
                    col = -1
                ref = el.get("r")
                pos = parse_a1(ref) if ref else None
                if pos is None:
                    pos = (row, col + 1)
                row, col = pos
                if col > 16_383 or row > 1_048_575:
                    raise Unreadable("khong-doc-duoc", "ô nằm ngoài giới hạn của Excel")
                self._cell(el, pos, grid, cells, styles_of)
                continue
            if tag in row_tags:
                if row_el is not el:
                    r = el.get("r")
                    row = int(r) - 1 if r and r.isdigit() and 0 < int(r) <= 1_048_576 else row + 1
                if el.get("hidden") in ("1", "true"):
                    grid.hidden_rows.add(row)
                row_el = None
                el.clear()
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
                col = -1
                continue
            if tag in self.col_tags:
                self._col(el, grid)
                continue
            rng = parse_range(el.get("ref") or "")
            if rng is not None:
                grid.merged.append(rng)
        return grid

    def _inline_text(self, el: Any, pos: tuple[int, int], cells: dict, styles_of: dict) -> bool:
        """A one-run inline string read without the general path; False when it is anything else."""
        inline = el[0]
        if len(inline) != 1 or inline[0].tag not in self.t_tags or inline.tag not in self.is_tags:
            return False
        text = inline[0].text or ""
        s = el.get("s")
        style = int(s) if s and s.isdigit() else 0
        if style:
            styles_of[pos] = style
        if text.isascii() and text.isprintable() and "_x" not in text:
            cells[pos] = text
        else:
            self._text(_unescape(text), pos, style, self._grid, cells)
        return True

    def _cell(self, el: Any, pos: tuple[int, int], grid: Grid, cells: dict, styles_of: dict) -> None:
        t = el.get("t")
        s = el.get("s")
        style = int(s) if s and s.isdigit() else 0
        if style:
            styles_of[pos] = style
        v = None
        inline = None
        for child in el:
            tag = child.tag
            if tag in self.v_tags:
                v = child.text
            elif tag in self.f_tags:
                grid.formula_text[pos] = child.text or ""
                if child.get("t") == "shared" and child.get("si") is not None:
                    self._shared.append((pos, child.get("si") or "", child.text or ""))
                elif child.get("t") in ("array", "dataTable") and ":" in (child.get("ref") or ""):
                    self._shared.append((pos, "array:" + (child.get("ref") or ""), ""))
            elif tag in self.is_tags:
                inline = child
        if t is None or t == "n":
            if v is None or not v.strip():
                return
            try:
                x = shown_float(xsd_float(v))
            except ValueError as exc:  # "98,5": a program's culture-formatted number; Excel calls the file damaged
                raise Unreadable("khong-doc-duoc", f"ô {a1(*pos)} ghi số «{v.strip()}» sai cách (tệp hỏng)") from exc
            kind = self.styles.date_styles.get(style)
            cells[pos] = _as_date(x, kind, self.date1904) if kind and math.isfinite(x) else x
        elif t == "s":
            if v is None:
                return
            try:
                text = self.strings[int(v)]
            except (ValueError, IndexError) as exc:
                raise Unreadable("khong-doc-duoc", "ô trỏ tới chuỗi văn bản không có trong tệp") from exc
            self._text(text, pos, style, grid, cells)
        elif t == "inlineStr":
            if inline is None:
                return
            if len(inline) == 1 and inline[0].tag in self.t_tags:
                text = inline[0].text or ""
            else:
                text = "".join(
                    x.text or "" for x in inline.iter(*self.t_tags) if x.getparent().tag not in self.rph_tags
                )
            self._text(_unescape(text), pos, style, grid, cells)
        elif t == "str":
            self._text(_unescape(v or ""), pos, style, grid, cells)
        elif t == "b":
            if v is not None:
                cells[pos] = v.strip() in ("1", "true")
        elif t == "e":
            grid.error_values[pos] = (v or "#N/A").strip()
            cells[pos] = grid.error_values[pos]
        elif t == "d":
            if v:
                try:
                    stamp = dt.datetime.fromisoformat(v.strip().replace("Z", "+00:00"))
                except ValueError:
                    cells[pos] = v
                    return
                cells[pos] = stamp.date() if stamp.time() == dt.time() else stamp
        elif v is not None:
            cells[pos] = v

    def _text(self, text: str, pos: tuple[int, int], style: int, grid: Grid, cells: dict) -> None:
        if text.isascii() and text.isprintable():
            cells[pos] = text
        else:
            grid.put_text(pos, text, self.styles.fonts.get(style))


def _shared_formulas(grid: Grid, shared: list[tuple[tuple[int, int], str, str]]) -> None:
    """Give each cell of a shared formula its own text, as Excel shows it in the formula bar.

    Excel writes a formula filled across cells once, on the first cell (``<f t="shared" si="0" ref="D6:I6">``),
    and the others only as ``<f t="shared" si="0"/>`` (ECMA-376 Part 1 §18.3.1.40): their text is the first
    cell's with its relative references moved by the offset, which openpyxl's Translator computes. A cell whose
    text can't be made keeps "" (a formula whose text is unknown). The cells of an array formula's range
    (``<f t="array" ref="D6:D8">`` on D6 only, the others plain values) are formula cells too, text unknown.
    """
    for _, si, _ in shared:  # an array formula's range: each cell holds a result of the anchor's formula
        box = parse_range(si[6:]) if si.startswith("array:") else None
        if box is not None and (box[2] - box[0] + 1) * (box[3] - box[1] + 1) <= 100_000:
            for r in range(box[0], box[2] + 1):
                for c in range(box[1], box[3] + 1):
                    grid.formula_text.setdefault((r, c), "")
    masters = {si: (pos, text) for pos, si, text in shared if text}
    followers = [(pos, si) for pos, si, text in shared if not text and si in masters]
    if not followers:
        return
    from openpyxl.formula.translate import Translator, TranslatorError

    for pos, si in followers:
        origin, text = masters[si]
        try:
            moved = Translator("=" + text, origin=a1(*origin)).translate_formula(a1(*pos))
        except (TranslatorError, ValueError, IndexError, KeyError):
            continue
        grid.formula_text[pos] = moved[1:] if moved.startswith("=") else moved


def _workbook(data: bytes, part: str) -> tuple[bool, bool, bool, bool, tuple[tuple[str, str, str | None], ...]]:
    """(Strict?, 1904 date system?, "precision as displayed"?, recalculated on load?, (sheet name, state,
    relationship id) in order) of the workbook part. "Precision as displayed" (Excel Options → Advanced;
    ``<calcPr fullPrecision="0"/>``, ECMA-376 Part 1 §18.2.2) makes Excel store every number rounded as its
    format shows it; ``<calcPr fullCalcOnLoad="1"/>`` is written by programs (xlsxwriter, openpyxl) whose
    formulas' cached values no spreadsheet computed: Excel recalculates them when it opens the file.

    Raises Unreadable when it is not a SpreadsheetML workbook.
    """
    root = parse(data, part)
    strict = root.tag == f"{{{STRICT_MAIN}}}workbook"
    if local(root.tag) != "workbook" or root.tag.partition("}")[0][1:] not in MAIN_NS:
        raise Unreadable("khong-doc-duoc", "tệp nén không phải bảng tính Excel")
    date1904 = as_displayed = recalc = False
    sheets: list[tuple[str, str, str | None]] = []
    for el in root:
        name = local(el.tag)
        if name == "workbookPr":
            date1904 = el.get("date1904") in ("1", "true")
        elif name == "calcPr":
            as_displayed = el.get("fullPrecision") in ("0", "false")
            recalc = el.get("fullCalcOnLoad") in ("1", "true")
        elif name == "sheets":
            for sh in el:
                if local(sh.tag) != "sheet":
                    continue
                rid = next((sh.get(f"{{{ns}}}id") for ns in REL_NS if sh.get(f"{{{ns}}}id")), None)
                state = sh.get("state") or "visible"
                sheets.append((sh.get("name") or "", state if state in ("hidden", "veryHidden") else "visible", rid))
    return strict, date1904, as_displayed, recalc, tuple(sheets)


def read_xlsx(
    pkg: ZipPackage,
) -> tuple[list[str], dict[str, str], dict[str, Grid], dt.datetime | None, bool, bool, bool]:
    """(sheet names in order, sheet states, grids, save time, Strict?, "precision as displayed"?, recalculated
    on load?) of an OOXML workbook package (see ``_workbook``).

    Raises Unreadable when a part is missing, malformed or unsafe.
    """
    wb_part = _workbook_part(pkg)
    wb_data = pkg.read(wb_part)
    if wb_data is None:
        raise Unreadable("khong-doc-duoc", "tệp nén không phải bảng tính Excel")
    strict, date1904, as_displayed, recalc, listed = _memo("workbook", wb_data, lambda: _workbook(wb_data, wb_part))
    rels = _rels(pkg, wb_part)
    sheets: list[tuple[str, str, str | None]] = []  # (name, state, part)
    for name, state, rid in listed:
        rel = rels.get(rid or "")
        part = rel[1] if rel and rel[0] == "worksheet" else None
        sheets.append((name, state, part))
    if not sheets:
        raise Unreadable("khong-doc-duoc", "bảng tính không có trang tính nào")
    by_type = {k: t for k, t in rels.values()}
    styles_part = by_type.get("styles")
    styles_data = pkg.read(styles_part) if styles_part else None
    if styles_data is None:
        styles = Styles(None, "")
    else:
        styles = _memo("styles", styles_data, lambda: Styles(styles_data, styles_part or ""))
    strings = _shared_strings(pkg, by_type.get("sharedStrings"))
    reader = SheetReader(styles, strings, date1904)
    grids: dict[str, Grid] = {}
    states: dict[str, str] = {}
    names: list[str] = []
    for name, state, part in sheets:
        data = pkg.read(part) if part else None
        if part is not None and data is None:
            raise Unreadable("khong-doc-duoc", f"thiếu phần nội dung của trang «{name}» (tệp hỏng)")
        try:
            grids[name] = reader.read(data, part) if data is not None and part else Grid()  # a chart sheet: no cells
        except Unreadable as exc:
            raise Unreadable(exc.code, f"trang «{name}»: {exc.reason}") from exc
        states[name] = state
        names.append(name)
    root_rels = _rels(pkg, "")
    return names, states, grids, _core_modified(pkg, root_rels), strict, as_displayed, recalc

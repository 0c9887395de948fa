"""Reading .ods (OpenDocument spreadsheet): content.xml and styles.xml with lxml, meta.xml for the save time.

Source: OpenDocument 1.2/1.3 Part 1 §9 (tables) and §16.29 (number styles); LibreOffice's calcext extension for
error results (calcext:value-type="error"). Repeated rows and columns (table:number-rows-repeated) are expanded
only where they hold something: a sheet of 1,048,576 blank repeated rows costs nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cchc_cli.reading.container import ZipPackage
from cchc_cli.reading.errors import Unreadable
from cchc_cli.reading.formats import classify
from cchc_cli.reading.model import Grid, shown_float
from cchc_cli.reading.xml import local, parse

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
NUMBER = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
MAX_CELLS = 2_000_000


def _t(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _text_of(cell: Any) -> str:
    """The text a person sees: paragraphs joined by newlines; <text:s/> spaces, tabs and line breaks kept."""
    paras = []
    for p in cell:
        if local(p.tag) not in ("p", "h"):
            continue
        parts: list[str] = []
        _walk(p, parts)
        paras.append("".join(parts))
    return "\n".join(paras)


def _walk(el: Any, parts: list[str]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        name = local(child.tag)
        if name == "s":
            parts.append(" " * int(child.get(_t(TEXT, "c"), "1") or 1))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name not in ("annotation", "note"):
            _walk(child, parts)
        if child.tail:
            parts.append(child.tail)


def _data_styles(roots: list[Any]) -> tuple[dict[str, str], dict[str, str], dict[str, bool]]:
    """(cell style → number format code, cell style → font name, table style → shown?) from the style parts."""
    styles: dict[str, Any] = {}
    for root in roots:
        for el in root.iter():
            name = local(el.tag)
            if name.endswith("-style") and el.tag.startswith(f"{{{NUMBER}}}"):
                styles[el.get(_t(STYLE, "name"), "")] = el
    formats = {name: _transliterated(el, _mapped_code(el, styles)) for name, el in styles.items()}
    cell_formats: dict[str, str] = {}
    fonts: dict[str, str] = {}
    tables: dict[str, bool] = {}
    cell_styles = {
        el.get(_t(STYLE, "name"), ""): el
        for root in roots
        for el in root.iter(_t(STYLE, "style"))
        if el.get(_t(STYLE, "family")) == "table-cell"
    }
    for root in roots:
        for el in root.iter(_t(STYLE, "style")):
            name = el.get(_t(STYLE, "name"), "")
            family = el.get(_t(STYLE, "family"))
            if family == "table-cell":
                data = _inherited_data_style(el, cell_styles)
                if data in formats:
                    cell_formats[name] = formats[data]
                for props in el:
                    font = props.get(_t(STYLE, "font-name")) or props.get(_t(FO, "font-family"))
                    if font:
                        fonts[name] = font.strip("'\"")
            elif family == "table":
                for props in el:
                    if props.get(_t(TABLE, "display")) == "false":
                        tables[name] = False
    return cell_formats, fonts, tables


def _inherited_data_style(style: Any, cell_styles: dict[str, Any]) -> str | None:
    """A cell style's number format name, its own or its parent's (style:parent-style-name: an automatic style
    based on a named one such as "Tiền tệ" inherits its format)."""
    seen: set[str] = set()
    while style is not None:
        data = style.get(_t(STYLE, "data-style-name"))
        if data:
            return str(data)
        parent = style.get(_t(STYLE, "parent-style-name"))
        if not parent or parent in seen:
            return None
        seen.add(parent)
        style = cell_styles.get(parent)
    return None


def _mapped_code(style: Any, styles: dict[str, Any]) -> str:
    """The code of an ODF number style with its conditional maps, as Excel-like conditional sections: each
    ``<style:map style:condition="value()>=1000">`` becomes a section "[>=1000]…" in the maps' order, and the
    style's own code the last section, taking every number no map takes (ODF 1.3 Part 3 §16.3: the first map
    whose condition holds applies). LibreOffice writes "#,##0;-#,##0;"-"" as a text-only style mapping
    value()>0 and value()<0 to number styles: "[>0]#,##0;[<0]-#,##0;"-"". A condition that isn't one
    comparison of value() with a number makes the code General (not worked out here)."""
    sections = []
    for el in style:
        if local(el.tag) != "map":
            continue
        target = styles.get(el.get(_t(STYLE, "apply-style-name")) or "")
        if target is None:
            continue
        condition = _condition((el.get(_t(STYLE, "condition")) or "").replace(" ", ""))
        if condition is None:
            return "General"
        sections.append(f"[{condition}]{_code(target)}")
    own = _code(style)
    return ";".join([*sections, own]) if sections else own


def _transliterated(style: Any, code: str) -> str:
    """ "[DBNum1]" before ``code`` when the style shows its digits as other numerals
    (number:transliteration-format="一": 37 shown as 三十七; "1" is plain digits)."""
    numerals = style.get(_t(NUMBER, "transliteration-format"))
    return f"[DBNum1]{code}" if numerals and numerals != "1" and code != "@" else code


def _condition(text: str) -> str | None:
    """ "value()>=1000" → ">=1000"; "value()!=0" → "<>0"; None for anything else."""
    if not text.startswith("value()"):
        return None
    rest = text[len("value()") :]
    op = next((o for o in ("<=", ">=", "!=", "<", ">", "=") if rest.startswith(o)), None)
    if op is None:
        return None
    try:
        number = float(rest[len(op) :])
    except ValueError:
        return None
    return ("<>" if op == "!=" else op) + repr(number).removesuffix(".0")


def _scientific_code(el: Any) -> str:
    """ "0.00E+00" for a number:scientific-number element (engineering "##0.0E+0" when the exponent moves in
    steps of 3: LibreOffice's number:exponent-interval)."""
    try:
        decimals = int(el.get(_t(NUMBER, "decimal-places")) or 0)
        least = max(1, int(el.get(_t(NUMBER, "min-integer-digits")) or 1))
        interval = int(el.get(_t(NUMBER, "exponent-interval")) or 1)
        exponent = max(1, int(el.get(_t(NUMBER, "min-exponent-digits")) or 2))
    except ValueError:
        return "General"
    whole = "#" * max(0, interval - least) + "0" * least
    sign = "-" if el.get(_t(NUMBER, "forced-exponent-sign")) == "false" else "+"
    return whole + ("." + "0" * decimals if decimals else "") + "E" + sign + "0" * exponent


def _fraction_code(el: Any) -> str:
    """ "# ?/?" for a number:fraction element: "# ??/??" up to 99, "# ?/4" for a fixed denominator, no "# "
    when no whole part is shown (no number:min-integer-digits)."""
    whole = "# " if el.get(_t(NUMBER, "min-integer-digits")) is not None else ""
    fixed = el.get(_t(NUMBER, "denominator-value"))
    if fixed and fixed.isdigit() and int(fixed) > 0:
        return f"{whole}?/{int(fixed)}"
    largest = el.get(_t(NUMBER, "max-denominator-value"))
    try:
        digits = len(str(int(largest))) if largest else int(el.get(_t(NUMBER, "min-denominator-digits")) or 1)
    except ValueError:
        digits = 1
    digits = min(max(digits, 1), 9)
    return f"{whole}{'?' * digits}/{'?' * digits}"


def _code(style: Any) -> str:
    """An Excel-like format code for an ODF number style (enough to tell percent, scaling, date, text)."""
    kind = local(style.tag)
    if kind == "percentage-style":
        return _digits(style) + "%"
    if kind == "date-style":
        return "yyyy-mm-dd"
    if kind == "time-style":
        return "[h]:mm:ss" if style.get(_t(NUMBER, "truncate-on-overflow")) == "false" else "hh:mm:ss"
    if kind == "text-style":
        return "@"
    if kind == "boolean-style":
        return '"TRUE";"TRUE";"FALSE"'  # a number shown as TRUE/FALSE (ĐÚNG/SAI in a Vietnamese LibreOffice)
    for el in style:
        if local(el.tag) == "number":
            factor = el.get(_t(NUMBER, "display-factor"))
            try:
                scale = round(float(factor)) if factor else 1
            except ValueError:
                scale = 1
            commas = {1000: ",", 1_000_000: ",,", 1_000_000_000: ",,,"}.get(scale, "")
            return _digits(style) + commas
        if local(el.tag) == "scientific-number":
            return _scientific_code(el)
        if local(el.tag) == "fraction":
            return _fraction_code(el)
    texts = [el.text or "" for el in style if local(el.tag) == "text"]
    if kind == "number-style" and not any(local(el.tag) in ("number", "scientific-number", "fraction") for el in style):
        return '"' + "".join(texts).replace('"', "") + '"'  # shows fixed text (or nothing), never the number
    return "General"


def _digits(style: Any) -> str:
    """The digit part of an Excel-like code for an ODF number or percentage style: grouping and the decimals
    shown ("#,##0.0#" for number:decimal-places="2" number:min-decimal-places="1"); "General" when the number
    element gives no decimal places (LibreOffice's General inside a code)."""
    for el in style:
        if local(el.tag) == "number":
            if el.get(_t(NUMBER, "decimal-places")) is None:
                return "General"  # how LibreOffice writes General with text beside it (General" tr")
            try:
                places = int(el.get(_t(NUMBER, "decimal-places")) or 0)
                least = int(el.get(_t(NUMBER, "min-decimal-places")) or places)
            except ValueError:
                return "General"
            least = min(max(least, 0), places)
            whole = "#,##0" if el.get(_t(NUMBER, "grouping")) == "true" else "0"
            return whole + ("." + "0" * least + "#" * (places - least) if places else "")
    return "0"


def _value(cell: Any, value_type: str | None) -> Any:
    if value_type in ("float", "percentage", "currency"):
        raw = cell.get(_t(OFFICE, "value"))
        try:
            return shown_float(float(raw)) if raw is not None else ""
        except ValueError:
            return raw
    if value_type == "boolean":
        return cell.get(_t(OFFICE, "boolean-value")) == "true"
    if value_type == "date":
        raw = cell.get(_t(OFFICE, "date-value")) or ""
        try:
            stamp = dt.datetime.fromisoformat(raw)
        except ValueError:
            return raw
        return stamp.date() if stamp.time() == dt.time() else stamp
    if value_type == "time":
        raw = cell.get(_t(OFFICE, "time-value")) or ""
        return _duration(raw)
    return None


def _duration(raw: str) -> Any:
    """ "PT12H30M00S" → timedelta."""
    if not raw.startswith("PT"):
        return raw
    hours = minutes = 0.0
    seconds = 0.0
    num = ""
    for ch in raw[2:]:
        if ch.isdigit() or ch == ".":
            num += ch
            continue
        try:
            value = float(num or 0)
        except ValueError:
            return raw
        if ch == "H":
            hours = value
        elif ch == "M":
            minutes = value
        elif ch == "S":
            seconds = value
        num = ""
    return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _read_table(table: Any, cell_formats: dict[str, str], fonts: dict[str, str]) -> Grid:
    grid = Grid()
    style_ids: dict[str, int] = {}
    row = 0
    col_index = 0
    count = 0
    column_styles: list[tuple[int, int, str]] = []  # (first col, last col, default cell style with a format)
    for el in table.iter(_t(TABLE, "table-column"), _t(TABLE, "table-row")):
        if local(el.tag) == "table-column":
            repeat = _repeat(el, "number-columns-repeated")
            default = el.get(_t(TABLE, "default-cell-style-name"))
            if default and (default in cell_formats or default in fonts):
                column_styles.append((col_index, col_index + repeat - 1, default))
            if el.get(_t(TABLE, "visibility")) in ("collapse", "filter"):
                grid.hidden_cols.append((col_index, min(col_index + repeat - 1, 16383)))
            col_index += repeat
            continue
        repeat = _repeat(el, "number-rows-repeated")
        row_default = el.get(_t(TABLE, "default-cell-style-name"))
        hidden = el.get(_t(TABLE, "visibility")) in ("collapse", "filter")
        cells = [c for c in el if local(c.tag) in ("table-cell", "covered-table-cell")]
        has_content = any(len(c) or c.get(_t(OFFICE, "value-type")) or c.get(_t(TABLE, "formula")) for c in cells)
        if not has_content:
            if hidden and repeat < 1000:
                grid.hidden_rows.update(range(row, row + repeat))
            row += repeat
            continue
        for r in range(row, row + min(repeat, 1000)):
            if hidden:
                grid.hidden_rows.add(r)
            col = 0
            for c in cells:
                crepeat = _repeat(c, "number-columns-repeated")
                if len(c) or c.get(_t(OFFICE, "value-type")) or c.get(_t(TABLE, "formula")):
                    for cc in range(col, col + min(crepeat, 1000)):
                        count += 1
                        if count > MAX_CELLS:
                            raise Unreadable("tep-qua-lon", "quá nhiều ô có dữ liệu")
                        default = row_default or next((n for lo, hi, n in column_styles if lo <= cc <= hi), None)
                        _cell(c, (r, cc), grid, cell_formats, fonts, style_ids, default)
                if local(c.tag) == "table-cell":
                    rows_span = _repeat(c, "number-rows-spanned")
                    cols_span = _repeat(c, "number-columns-spanned")
                    if rows_span > 1 or cols_span > 1:
                        grid.merged.append((r, col, r + rows_span - 1, col + cols_span - 1))
                col += crepeat
        row += repeat
        if row > 1_048_576:
            break
    return grid


def _repeat(el: Any, attr: str) -> int:
    try:
        return max(1, int(el.get(_t(TABLE, attr), "1")))
    except ValueError:
        return 1


def _cell(
    c: Any,
    pos: tuple[int, int],
    grid: Grid,
    cell_formats: dict[str, str],
    fonts: dict[str, str],
    ids: dict[str, int],
    default: str | None = None,
) -> None:
    """Read one cell into ``grid``. A cell without a style of its own takes ``default``, the default cell style
    of its row or column (ODF 1.3 Part 3 §19.615: table:default-cell-style-name), as LibreOffice shows it: a
    column formatted "#,##0," shows 83000000 as 83,000 in cells that name no style."""
    style = c.get(_t(TABLE, "style-name")) or default
    if style:
        sid = ids.setdefault(style, len(ids) + 1)
        grid.styles[pos] = sid
        if style in cell_formats:
            grid.number_formats[sid] = cell_formats[style]
        if style in fonts:
            grid.fonts[sid] = fonts[style]
    formula = c.get(_t(TABLE, "formula"))
    if formula is not None:
        rows = _repeat(c, "number-matrix-rows-spanned")
        cols = _repeat(c, "number-matrix-columns-spanned")
        if 1 < rows * cols <= 100_000:  # an array formula: the other cells of its range hold its results
            for r in range(pos[0], pos[0] + rows):
                for cc in range(pos[1], pos[1] + cols):
                    grid.formula_text.setdefault((r, cc), "")
        prefix, colon, text = formula.partition(":")  # "of:=…" (OpenFormula), "msoxl:=…" (Excel), "oooc:=…"
        grid.formula_text[pos] = text.lstrip("=") if colon and prefix.isalnum() else formula.lstrip("=")
    value_type = c.get(_t(OFFICE, "value-type"))
    if c.get(_t(CALCEXT, "value-type")) == "error":
        text = _text_of(c).strip() or "#N/A"
        grid.error_values[pos] = text
        grid.cells[pos] = text
        return
    if value_type == "percentage" and classify(grid.number_format(*pos)).kind != "percent":
        sid = ids.setdefault(f"%{style}", len(ids) + 1)  # the value type says percent whatever the style says
        grid.styles[pos] = sid
        grid.number_formats[sid] = "0%"
        if style in fonts:
            grid.fonts[sid] = fonts[style]
    value = _value(c, value_type)
    if value is None:
        text = _text_of(c)
        if not text:
            return
        grid.put_text(pos, text, grid.font(*pos))
        return
    if value != "":
        grid.cells[pos] = value


def _meta_modified(pkg: ZipPackage) -> dt.datetime | None:
    data = pkg.read("meta.xml")
    if data is None:
        return None
    for el in parse(data, "meta.xml").iter():
        if local(el.tag) == "date" and el.text:
            try:
                return dt.datetime.fromisoformat(el.text.strip().replace("Z", "+00:00"))
            except ValueError:
                return None
    return None


def read_ods(pkg: ZipPackage) -> tuple[list[str], dict[str, str], dict[str, Grid], dt.datetime | None]:
    """(sheet names, states, grids, save time from meta.xml) of an .ods package; raises Unreadable."""
    content = pkg.read("content.xml")
    if content is None:
        raise Unreadable("khong-doc-duoc", "tệp .ods thiếu nội dung")
    root = parse(content, "content.xml")
    roots = [root]
    styles = pkg.read("styles.xml")
    if styles is not None:
        roots.append(parse(styles, "styles.xml"))
    cell_formats, fonts, table_shown = _data_styles(roots)
    names: list[str] = []
    states: dict[str, str] = {}
    grids: dict[str, Grid] = {}
    for table in root.iter(_t(TABLE, "table")):
        name = table.get(_t(TABLE, "name"), "")
        names.append(name)
        shown = table_shown.get(table.get(_t(TABLE, "style-name"), ""), True)
        states[name] = "visible" if shown else "hidden"
        grids[name] = _read_table(table, cell_formats, fonts)
    if not names:
        raise Unreadable("khong-doc-duoc", "bảng tính không có trang tính nào")
    return names, states, grids, _meta_modified(pkg)

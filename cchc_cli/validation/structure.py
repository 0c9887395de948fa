"""Level 2 and 3 checks: is this our workbook, and is its structure as the template left it?"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from cchc_cli.schema.model import Schema, Unit
from cchc_cli.textutil import label_key
from cchc_cli.validation.findings import Finding, make
from cchc_cli.validation.reader import Book, Grid, read_grid
from cchc_cli.workbook.layout import (
    FINGERPRINT_SHEET,
    TEMPLATE_VERSION,
    Cell,
    SheetLayout,
    WorkbookLayout,
    build_layout,
)

MATCH_THRESHOLD = 0.8


class Layouts:
    """Each unit's template layout, built once per schema."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self._cache: dict[str, WorkbookLayout] = {}

    def get(self, unit_code: str) -> WorkbookLayout:
        if unit_code not in self._cache:
            self._cache[unit_code] = build_layout(self.schema, unit_code)
        return self._cache[unit_code]

    def all(self) -> list[WorkbookLayout]:
        return [lay for lay in (self.get(u.code) for u in self.schema.units) if lay.sheets]


@dataclass
class Identity:
    unit: Unit | None
    layout: WorkbookLayout | None
    findings: list[Finding]


def _same(seen: object, text: str, key: str) -> bool:
    """A label as the template wrote it; exact text first, the normalised key only when it differs."""
    return seen == text or label_key(seen) == key


def _label_score(sheet: SheetLayout, grid: Grid) -> float:
    labels = sheet.label_checks
    if not labels:
        return 0.0
    hits = sum(1 for c, key in labels if _same(grid.get(c.row, c.col), c.text, key))
    return hits / len(labels)


def identify(book: Book, layouts: Layouts, file: str) -> Identity:
    """Which unit's template this is: by fingerprint, else by sheet names and row labels."""
    schema = layouts.schema
    fp = book.fingerprint
    if fp is not None:
        checks = (
            ("đợt báo cáo", fp.get("schema_id", ""), schema.meta.id, "sai-mau"),
            ("phiên bản lược đồ", fp.get("schema_version", ""), schema.meta.version, "sai-phien-ban"),
            ("phiên bản biểu mẫu", fp.get("template_version", ""), TEMPLATE_VERSION, "sai-phien-ban"),
        )
        for what, seen, expected, code in checks:
            if seen != expected:
                if code == "sai-mau":
                    return Identity(None, None, [make(code, file=file, reason=f" (biểu mẫu của đợt «{seen}»)")])
                return Identity(None, None, [make(code, file=file, what=what, seen=seen, expected=expected)])
        unit = schema.unit_by_code.get(fp.get("unit_code", ""))
        if unit is None:
            reason = f" (mã đơn vị «{fp.get('unit_code', '')}» không có trong đợt báo cáo)"
            return Identity(None, None, [make("sai-mau", file=file, reason=reason)])
        layout = layouts.get(unit.code)
        if not layout.sheets:
            return Identity(None, None, [make("sai-mau", file=file, reason=f" ({unit.name} không có chỉ tiêu)")])
        if fp.get("layout_hash") != layout.layout_hash:
            warn = make("bo-cuc-khac", file=file, unit=unit.code, unit_name=unit.name)
            return Identity(unit, layout, [warn])
        return Identity(unit, layout, [])
    # No fingerprint: a re-typed form, or a copy whose hidden sheet was deleted.
    best: tuple[float, WorkbookLayout] | None = None
    names = {label_key(n): n for n in book.sheet_names}
    for layout in layouts.all():
        sheets = [s for s in layout.sheets if label_key(s.name) in names]
        if len(sheets) < len(layout.sheets):
            continue
        try:
            score = min(_label_score(s, read_grid(book, names[label_key(s.name)])) for s in sheets)
        except Exception:
            continue
        if best is None or score > best[0]:
            best = (score, layout)
    if best is None or best[0] < MATCH_THRESHOLD:
        return Identity(None, None, [make("sai-mau", file=file, reason="")])
    layout = best[1]
    unit = layout.unit
    warn = make("nhan-dien-theo-bo-cuc", file=file, unit=unit.code, unit_name=unit.name)
    return Identity(unit, layout, [warn])


def _key_col(sheet: SheetLayout) -> int:
    """The column whose text identifies a row (Chỉ tiêu; Giai đoạn for periods-as-rows sheets)."""
    return 0 if any(c.role == "header" and c.col == 0 and c.text == "Giai đoạn" for c in sheet.cells) else 1


def _find_sheet(book: Book, sheet: SheetLayout, expected_names: set[str]) -> tuple[str | None, bool]:
    """(actual sheet name, renamed?) for an expected sheet."""
    if sheet.name in book.sheet_names:
        return sheet.name, False
    by_key = {label_key(n): n for n in book.sheet_names}
    if label_key(sheet.name) in by_key:
        return by_key[label_key(sheet.name)], False
    best: tuple[float, str] | None = None
    for name in book.sheet_names:
        if name in expected_names or name == FINGERPRINT_SHEET:
            continue
        score = _label_score(sheet, read_grid(book, name))
        if best is None or score > best[0]:
            best = (score, name)
    if best and best[0] >= MATCH_THRESHOLD:
        return best[1], True
    return None, False


def check_structure(book: Book, layout: WorkbookLayout, file: str) -> tuple[list[Finding], dict[str, str]]:
    """Structure findings and the actual sheet name of each expected sheet found."""
    unit = layout.unit
    common: dict[str, Any] = {"file": file, "unit": unit.code, "unit_name": unit.name}
    found: list[Finding] = []
    names: dict[str, str] = {}
    expected_names = {s.name for s in layout.sheets}
    for sheet in layout.sheets:
        actual, renamed = _find_sheet(book, sheet, expected_names)
        if actual is None:
            found.append(make("thieu-trang", sheet=sheet.name, **common))
            continue
        if renamed:
            found.append(make("doi-ten-trang", sheet=actual, expected=sheet.name, seen=actual, **common))
        names[sheet.name] = actual
        found += _compare_sheet(sheet, read_grid(book, actual), actual, common)
    if not any(f.severity == "error" for f in found):
        for sheet in layout.sheets:
            if sheet.name in names:
                found += _outside_cells(sheet, book.grid(names[sheet.name]), names[sheet.name], common)
    return found, names


def _compare_sheet(sheet: SheetLayout, grid: Grid, actual: str, common: dict[str, Any]) -> list[Finding]:
    if all(_same(grid.get(c.row, c.col), c.text, key) for c, key in sheet.label_checks):
        return []
    labels = [c for c, _ in sheet.label_checks]
    key_col = _key_col(sheet)
    first = min((c.row for c in sheet.cells if c.role == "header"), default=0)
    last = max((c.row for c in sheet.cells), default=first)
    texts = {(c.row, c.col): c.text for c in sheet.cells if c.text and c.role != "title"}
    exp_rows = list(range(first, last + 1))
    exp_sig = [label_key(texts.get((r, key_col), "")) for r in exp_rows]
    grid_last = max((r for r, _, _ in grid.non_empty()), default=first)
    act_rows = list(range(first, grid_last + 1))
    act_sig = [label_key(grid.get(r, key_col)) for r in act_rows]
    while act_sig and act_sig[-1] == "":
        act_sig.pop()
        act_rows.pop()
    known = set(exp_sig)
    out: list[Finding] = []
    deleted: list[int] = []  # indexes into exp_rows
    inserted: list[int] = []  # indexes into act_rows
    matcher = SequenceMatcher(None, exp_sig, act_sig, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                out += _row_labels(labels, exp_rows[i1 + k], act_rows[j1 + k], key_col, grid, actual, common)
        elif op == "replace" and i2 - i1 == j2 - j1 and not any(act_sig[j] in known for j in range(j1, j2)):
            # Same rows, labels edited in place.
            for k in range(i2 - i1):
                out += _row_labels(labels, exp_rows[i1 + k], act_rows[j1 + k], None, grid, actual, common)
        else:
            deleted += range(i1, i2)
            inserted += range(j1, j2)
    gone = {exp_sig[i]: i for i in deleted}
    for j in inserted:
        row, sig = act_rows[j], act_sig[j]
        ref = xl_rowcol_to_cell(row, key_col)
        seen = str(grid.get(row, key_col))
        if sig and sig in gone:
            i = gone.pop(sig)
            out.append(
                make(
                    "doi-cho-dong",
                    sheet=actual,
                    cell=ref,
                    expected=seen,
                    expected_row=exp_rows[i] + 1,
                    row=row + 1,
                    **common,
                )
            )
        else:
            out.append(make("chen-dong", sheet=actual, cell=ref, row=row + 1, seen=seen or "dòng trống", **common))
    for i in gone.values():
        text = texts.get((exp_rows[i], key_col), "")
        out.append(make("xoa-dong", sheet=actual, expected=text, row=exp_rows[i] + 1, **common))
    return out


def _row_labels(
    labels: list[Cell],
    exp_row: int,
    act_row: int,
    skip_col: int | None,
    grid: Grid,
    actual: str,
    common: dict[str, Any],
) -> list[Finding]:
    """Label cells of one expected row compared at the row where it was found."""
    out = []
    for c in labels:
        if c.row != exp_row or c.col == skip_col:
            continue
        seen = grid.get(act_row, c.col)
        if label_key(seen) != label_key(c.text):
            ref = xl_rowcol_to_cell(act_row, c.col)
            out.append(make("sua-nhan", sheet=actual, cell=ref, expected=c.text, seen=str(seen), **common))
    return out


def _outside_cells(sheet: SheetLayout, grid: Grid, actual: str, common: dict[str, Any]) -> list[Finding]:
    """Values typed where nothing should be typed (only meaningful when the structure is intact)."""
    free = sheet.free_cells
    out = []
    for r, c, v in grid.non_empty():
        if (r, c) in free:
            continue
        ref = xl_rowcol_to_cell(r, c)
        out.append(make("ngoai-o-nhap", sheet=actual, cell=ref, seen=str(v), value=str(v), **common))
    return out

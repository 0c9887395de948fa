"""What the identity and structure checks share: each unit's layout, and how labels and sheets are matched.

The checks themselves are in ``cchc_cli.validation.checks`` (identity, sheets, rows, outside_cells).
"""

from __future__ import annotations

from cchc_cli.schema.model import Schema
from cchc_cli.shapes import shape_of
from cchc_cli.textutil import label_key
from cchc_cli.validation.reader import Book, Grid, read_grid
from cchc_cli.workbook.layout import FINGERPRINT_SHEET, SheetLayout, WorkbookLayout, build_layout

MATCH_THRESHOLD = 0.8  # share of a sheet's labels that must match for it to count as that sheet


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


def same(seen: object, text: str, key: str) -> bool:
    """A label as the template wrote it; exact text first, the normalised key only when it differs."""
    return seen == text or label_key(seen) == key


def label_score(sheet: SheetLayout, grid: Grid) -> float:
    """Share (0–1) of the sheet's label cells found unchanged in ``grid``."""
    labels = sheet.label_checks
    if not labels:
        return 0.0
    hits = sum(1 for c, key in labels if same(grid.get(c.row, c.col), c.text, key))
    return hits / len(labels)


GUIDE_KEY_COL = 1  # the guide sheet's rows are told apart by their text column


def key_col(schema: Schema, sheet: SheetLayout) -> int:
    """The 0-based column whose text identifies a row of ``sheet``: what its section's shape says
    (cchc_cli.shapes: Chỉ tiêu; Giai đoạn for periods-as-rows sheets), the text column on the guide sheet."""
    section = schema.section_by_id.get(sheet.section or "")
    return shape_of(section).key_col if section is not None else GUIDE_KEY_COL


def find_sheet(book: Book, sheet: SheetLayout, expected_names: set[str]) -> tuple[str | None, bool]:
    """(actual sheet name, renamed?) for an expected sheet: by name, by normalised name, else by its labels."""
    if sheet.name in book.sheet_names:
        return sheet.name, False
    by_key = {label_key(n): n for n in book.sheet_names}
    if label_key(sheet.name) in by_key:
        return by_key[label_key(sheet.name)], False
    best: tuple[float, str] | None = None
    for name in book.sheet_names:
        if name in expected_names or name == FINGERPRINT_SHEET:
            continue
        score = label_score(sheet, read_grid(book, name))
        if best is None or score > best[0]:
            best = (score, name)
    if best and best[0] >= MATCH_THRESHOLD:
        return best[1], True
    return None, False

"""Structure: on each sheet found, every row is where the template put it with its labels unchanged.

Rows are matched by their key label (the section shape's key column: Chỉ tiêu, or Giai đoạn) with a sequence
diff, so an inserted, deleted or moved row is one finding, and an edited label is found in the row where it now
stands.

A sheet with a row inserted, deleted or moved inside the table is marked damaged (``ctx.damaged``): its
cells no longer mean what the layout says, so its values are not read. An edited label or a row appended
below the table leaves every template row where it was: the sheet's values are still checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import SequenceMatcher
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from cchc_cli.numfmt import vi_value
from cchc_cli.textutil import label_key
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make
from cchc_cli.validation.reader import Grid, read_grid
from cchc_cli.validation.structure import key_col, same
from cchc_cli.workbook.layout import Cell, SheetLayout

CODES = ("sua-nhan", "chen-dong", "xoa-dong", "doi-cho-dong")


MOVED = "có dòng bị chèn, xóa hoặc đổi chỗ trong bảng"


def run(ctx: FileContext) -> Iterator[Finding]:
    assert ctx.book is not None and ctx.layout is not None
    for sheet in ctx.layout.sheets:
        actual = ctx.sheet_names.get(sheet.name)
        if actual is not None:
            grid = read_grid(ctx.book, actual)
            found, moved = compare_sheet(sheet, grid, actual, ctx.where(), key_col(ctx.schema, sheet))
            if moved:
                ctx.damaged[sheet.name] = MOVED
            yield from found


def compare_sheet(
    sheet: SheetLayout, grid: Grid, actual: str, common: dict[str, Any], kcol: int
) -> tuple[list[Finding], bool]:
    """(findings, moved) for one sheet: ``common`` holds file, unit and unit_name; ``kcol`` is the 0-based
    column whose label identifies a row (structure.key_col: the section shape's); ``moved`` is True when a
    template row no longer stands where the template put it (a row inserted, deleted or moved above it)."""
    if all(same(grid.get(c.row, c.col), c.text, key) for c, key in sheet.label_checks):
        return [], False
    labels = [c for c, _ in sheet.label_checks]
    first = min((c.row for c in sheet.cells if c.role == "header"), default=0)  # the guide sheet has no header
    last = max((c.row for c in sheet.cells), default=first)
    texts = {(c.row, c.col): c.text for c in sheet.cells if c.text and c.role != "title"}
    exp_rows = list(range(first, last + 1))
    exp_sig = [label_key(texts.get((r, kcol), "")) for r in exp_rows]
    grid_last = max((r for r, _, _ in grid.non_empty()), default=first)
    act_rows = list(range(first, grid_last + 1))
    act_sig = [label_key(grid.get(r, kcol)) for r in act_rows]
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
                out += _row_labels(labels, exp_rows[i1 + k], act_rows[j1 + k], kcol, grid, actual, common)
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
        ref = xl_rowcol_to_cell(row, kcol)
        seen = vi_value(grid.get(row, kcol))
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
        text = texts.get((exp_rows[i], kcol), "")
        out.append(make("xoa-dong", sheet=actual, expected=text, row=exp_rows[i] + 1, **common))
    moved = bool(deleted) or any(act_rows[j] <= last for j in inserted)  # appended rows move nothing
    return out, moved


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
            out.append(make("sua-nhan", sheet=actual, cell=ref, expected=c.text, seen=vi_value(seen), **common))
    return out


CHECK = Check("rows", CODES, run)

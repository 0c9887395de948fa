"""Structure: on each sheet found, every column and row is where the template put it with its labels unchanged.

Columns are matched by their header labels, rows by their key label (the section shape's key column: Chỉ
tiêu, or Giai đoạn), each with a sequence diff, so an inserted, deleted or moved column or row is one finding,
and an edited label is found in the row where it now stands.

A sheet with a column inserted or deleted, or a row inserted, deleted or moved inside the table, is marked
damaged (``ctx.damaged``): its cells no longer mean what the layout says, so its values are not read (and the
labels right of a shifted column are not compared one by one: the column finding says it all). An edited
label, or a row appended below the table, leaves every template cell where it was: the sheet's values are
still checked.

A label that differs from today's schema in a file whose fingerprint carries an older layout
(``ctx.older_layout``: the specialist reworded a label after the templates were sent), in a row still where
the template put it, is the specialist's note ``nhan-khac-mau-moi`` (warning), not the unit's error.
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import SequenceMatcher
from typing import Any

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from cchc_cli.numfmt import vi_value
from cchc_cli.textutil import label_key
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make
from cchc_cli.validation.reader import Grid, read_grid
from cchc_cli.validation.structure import key_col, same
from cchc_cli.workbook.layout import Cell, SheetLayout

CODES = (
    "sua-nhan",
    "nhan-khac-mau-moi",
    "chen-dong",
    "xoa-dong",
    "dong-moi-mau-cu",
    "doi-cho-dong",
    "chen-cot",
    "xoa-cot",
    "doi-cho-cot",
)


MOVED = "có dòng bị chèn, xóa hoặc đổi chỗ trong bảng"
SHIFTED = "có cột bị chèn, xóa hoặc đổi chỗ trong bảng"


def run(ctx: FileContext) -> Iterator[Finding]:
    assert ctx.book is not None and ctx.layout is not None
    for sheet in ctx.layout.sheets:
        actual = ctx.sheet_names.get(sheet.name)
        if actual is not None:
            grid = read_grid(ctx.book, actual)
            if all(same(grid.get(c.row, c.col), c.text, key) for c, key in sheet.label_checks):
                continue  # the common case: every label where the template put it
            cols, shifted = compare_columns(sheet, grid, actual, ctx.where())
            found, moved = compare_sheet(
                sheet, grid, actual, ctx.where(), key_col(ctx.schema, sheet), shifted, ctx.older_layout
            )
            if shifted is not None:
                ctx.damaged[sheet.name] = SHIFTED
            elif moved:
                ctx.damaged[sheet.name] = MOVED
            yield from cols
            yield from found


def compare_columns(
    sheet: SheetLayout, grid: Grid, actual: str, common: dict[str, Any]
) -> tuple[list[Finding], int | None]:
    """(findings, first shifted column) for the header rows of one sheet: a column inserted (``chen-cot``,
    at its header cell), deleted (``xoa-cot``) or moved (``doi-cho-cot``: its header found elsewhere) inside
    the table, found by a sequence diff of each header row's labels. The first shifted column is the 0-based
    template column from which cells no longer stand where the template put them (None: no column moved). A
    header edited in place, or values typed right of the table, move nothing (``sua-nhan`` and
    ``ngoai-o-nhap`` report those)."""
    headers: dict[int, dict[int, str]] = {}
    for c in sheet.cells:
        if c.role == "header" and c.text:
            headers.setdefault(c.row, {})[c.col] = c.text
    inserted: dict[int, tuple[int, str]] = {}  # column in the file → (header row, text seen)
    deleted: dict[int, str] = {}  # template column → its header text
    row_last: dict[int, int] = {}  # header row → its last non-empty column in the file
    for r, col, _ in grid.non_empty():
        if r in headers:
            row_last[r] = max(row_last.get(r, col), col)
    for row, texts in sorted(headers.items()):
        first, last = min(texts), max(texts)
        exp_sig = [label_key(texts.get(c, "")) for c in range(first, last + 1)]
        grid_last = row_last.get(row, last)
        act_sig = [label_key(grid.get(row, c)) for c in range(first, max(last, grid_last) + 1)]
        while len(act_sig) > len(exp_sig) and act_sig[-1] == "":
            act_sig.pop()
        known = set(exp_sig)
        matcher = SequenceMatcher(None, exp_sig, act_sig, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal" or i1 == len(exp_sig):  # same, or typed right of the table
                continue
            if op == "replace" and i2 - i1 == j2 - j1 and not any(act_sig[j] in known for j in range(j1, j2)):
                continue  # headers edited in place
            for i in range(i1, i2):
                if exp_sig[i]:
                    deleted.setdefault(first + i, texts[first + i])
            for j in range(j1, j2):
                if (act_sig[j] or not exp_sig[i1:i2]) and not (inserted.get(first + j) or (0, ""))[1]:
                    inserted[first + j] = (row, vi_value(grid.get(row, first + j)))  # a header row that names it
    shifted = min([*inserted, *deleted], default=None)
    gone = {label_key(text): col for col, text in deleted.items()}
    out: list[Finding] = []
    for col, (row, seen) in sorted(inserted.items()):
        ref, name = xl_rowcol_to_cell(row, col), xl_col_to_name(col)
        was = gone.pop(label_key(seen), None) if seen else None
        if was is not None:  # the same header elsewhere: a column moved, not one added and one lost
            expected = deleted.pop(was)
            out.append(
                make(
                    "doi-cho-cot",
                    sheet=actual,
                    cell=ref,
                    expected=expected,
                    was=xl_col_to_name(was),
                    column=name,
                    **common,
                )
            )
        else:
            out.append(make("chen-cot", sheet=actual, cell=ref, column=name, seen=seen or "cột trống", **common))
    out += [
        make("xoa-cot", sheet=actual, column=xl_col_to_name(col), expected=text, **common)
        for col, text in sorted(deleted.items())
    ]
    return out, shifted


def compare_sheet(
    sheet: SheetLayout,
    grid: Grid,
    actual: str,
    common: dict[str, Any],
    kcol: int,
    shifted: int | None = None,
    older_layout: bool = False,
) -> tuple[list[Finding], bool]:
    """(findings, moved) for one sheet: ``common`` holds file, unit and unit_name; ``kcol`` is the 0-based
    column whose label identifies a row (structure.key_col: the section shape's); ``shifted`` the first
    template column moved by an inserted or deleted column (compare_columns; labels from there on are not
    compared, nor rows when the key column itself moved); ``older_layout`` True when the file's fingerprint
    carries an older layout than today's (a label edited in place is then ``nhan-khac-mau-moi``, not
    ``sua-nhan``). ``moved`` is True when a template row no longer stands where the template put it (a row
    inserted, deleted or moved above it)."""
    checks = [(c, key) for c, key in sheet.label_checks if shifted is None or c.col < shifted]
    if all(same(grid.get(c.row, c.col), c.text, key) for c, key in checks):
        return [], False
    if shifted is not None and kcol >= shifted:
        return [], False  # rows can't be told apart; the column finding is the one to fix first
    labels = [c for c, _ in checks]
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
                out += _row_labels(labels, exp_rows[i1 + k], act_rows[j1 + k], kcol, grid, actual, common, older_layout)
        elif op == "replace" and i2 - i1 == j2 - j1 and not any(act_sig[j] in known for j in range(j1, j2)):
            # Same rows, labels edited in place.
            for k in range(i2 - i1):
                out += _row_labels(labels, exp_rows[i1 + k], act_rows[j1 + k], None, grid, actual, common, older_layout)
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
    # a row the current template has but an older one never had: the schema grew, the unit deleted nothing
    missing = "dong-moi-mau-cu" if older_layout else "xoa-dong"
    for i in gone.values():
        text = texts.get((exp_rows[i], kcol), "")
        out.append(make(missing, sheet=actual, expected=text, row=exp_rows[i] + 1, **common))
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
    older_layout: bool = False,
) -> list[Finding]:
    """Label cells of one expected row compared at the row where it was found. In a row still where the
    template put it (``exp_row == act_row``) of a file made from an older layout, a difference is today's
    schema's rewording, not the unit's edit (``nhan-khac-mau-moi``)."""
    code = "nhan-khac-mau-moi" if older_layout and exp_row == act_row else "sua-nhan"
    out = []
    for c in labels:
        if c.row != exp_row or c.col == skip_col:
            continue
        seen = grid.get(act_row, c.col)
        if label_key(seen) != label_key(c.text):
            ref = xl_rowcol_to_cell(act_row, c.col)
            out.append(make(code, sheet=actual, cell=ref, expected=c.text, seen=vi_value(seen), **common))
    return out


CHECK = Check("rows", CODES, run)

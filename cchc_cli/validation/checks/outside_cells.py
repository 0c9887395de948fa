"""Structure: values typed where nothing should be typed, on the sheets whose rows are in place.

The cells of one row are one finding with a range ("B20:I20"), so a row typed below the table is one
finding; a row already reported as inserted (chen-dong) is not reported again cell by cell. Words only, below
or beside the table (the commune's signature block "NGƯỜI LẬP BIỂU … CHỦ TỊCH", a note in a free column),
are what people add to any form: not reported. A number outside the table is.
"""

from __future__ import annotations

from collections.abc import Iterator

from xlsxwriter.utility import xl_rowcol_to_cell

from cchc_cli.numfmt import vi_value
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make

CODES = ("ngoai-o-nhap",)
SHOWN_VALUES = 3  # values quoted in a grouped message


def run(ctx: FileContext) -> Iterator[Finding]:
    assert ctx.book is not None and ctx.layout is not None
    for sheet in ctx.layout.sheets:
        if not ctx.intact(sheet.name):  # a moved row would make every cell of it look misplaced
            continue
        actual = ctx.sheet_names[sheet.name]
        inserted = {
            row_of(f.cell)
            for f in ctx.result.findings
            if f.code == "chen-dong" and f.sheet == actual and f.cell is not None
        }
        free = sheet.free_cells
        stray = [(r, c, v) for r, c, v in ctx.book.grid(actual).non_empty() if (r, c) not in free and r not in inserted]
        last_row = max((c.row for c in sheet.cells), default=0)
        last_col = max((c.col for c in sheet.cells), default=0)
        for run_cells in runs(stray):
            if all(r > last_row or c > last_col for r, c, _ in run_cells) and not any(
                isinstance(v, int | float) and not isinstance(v, bool) for _, _, v in run_cells
            ):
                continue  # words below or beside the table (a signature block, a note): nothing to merge
            yield finding(ctx, actual, run_cells)


def runs(cells: list[tuple[int, int, object]]) -> list[list[tuple[int, int, object]]]:
    """Cells (row, col, value), sorted by row then column, grouped by row: a row typed outside the table
    (its label and its figures) is one finding."""
    out: list[list[tuple[int, int, object]]] = []
    for cell in sorted(cells, key=lambda t: (t[0], t[1])):
        if out and out[-1][-1][0] == cell[0]:
            out[-1].append(cell)
        else:
            out.append([cell])
    return out


def finding(ctx: FileContext, sheet: str, cells: list[tuple[int, int, object]]) -> Finding:
    first, last = cells[0], cells[-1]
    ref = xl_rowcol_to_cell(first[0], first[1])
    values = [vi_value(v) for _, _, v in cells]
    seen = ", ".join(f"«{v}»" for v in values[:SHOWN_VALUES]) + (", …" if len(values) > SHOWN_VALUES else "")
    if len(cells) == 1:
        where = f"Ô {ref}"
    else:
        ref = f"{ref}:{xl_rowcol_to_cell(last[0], last[1])}"
        where = f"Các ô {ref} ({len(cells)} ô)"
    return make("ngoai-o-nhap", **ctx.where(sheet=sheet, cell=ref, cells=where, seen=seen, value=values[0]))


def row_of(ref: str) -> int:
    """0-based row of an A1 reference ("B10" → 9; the first cell of a range)."""
    digits = "".join(ch for ch in ref.split(":")[0] if ch.isdigit())
    return int(digits) - 1 if digits else -1


CHECK = Check("outside_cells", CODES, run)

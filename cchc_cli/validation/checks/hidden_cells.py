"""Structure level: input cells in hidden rows or columns — a warning (a person looking at the sheet does not
see them, but they are read)."""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make

CODES = ("dong-cot-an",)


def run(ctx: FileContext) -> Iterator[Finding]:
    book = ctx.book
    if book is None:
        return
    for sheet, actual in ctx.found_sheets():
        grid = book.grid(actual)
        if not grid.hidden_rows and not grid.hidden_cols:
            continue
        rows = [c for c in sheet.cells if c.role == "input" and grid.row_hidden(c.row)]
        cols = [c for c in sheet.cells if c.role == "input" and grid.col_hidden(c.col)]
        for what, cells in (("dòng", rows), ("cột", cols)):
            if cells:
                refs = ", ".join(c.ref for c in cells[:6]) + (" …" if len(cells) > 6 else "")
                yield make("dong-cot-an", **ctx.where(sheet=actual, cell=cells[0].ref, what=what, cells=refs))


CHECK = Check("hidden_cells", CODES, run)

"""Structure level: input cells in hidden rows or columns — a warning (a person looking at the sheet does not
see them, but they are read)."""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make

CODES = ("dong-cot-an",)


def run(ctx: FileContext) -> Iterator[Finding]:
    book, layout = ctx.book, ctx.layout
    if book is None or layout is None:
        return
    for sheet in layout.sheets:
        actual = ctx.sheet_names.get(sheet.name)
        if actual is None:
            continue
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

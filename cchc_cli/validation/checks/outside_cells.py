"""Structure: values typed where nothing should be typed (only once sheets and rows are intact)."""

from __future__ import annotations

from collections.abc import Iterator

from xlsxwriter.utility import xl_rowcol_to_cell

from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make

CODES = ("ngoai-o-nhap",)


def run(ctx: FileContext) -> Iterator[Finding]:
    assert ctx.book is not None and ctx.layout is not None
    if ctx.has_errors():  # a moved row would make every cell of it look misplaced
        return
    for sheet in ctx.layout.sheets:
        actual = ctx.sheet_names.get(sheet.name)
        if actual is None:
            continue
        free = sheet.free_cells
        for r, c, v in ctx.book.grid(actual).non_empty():
            if (r, c) in free:
                continue
            ref = xl_rowcol_to_cell(r, c)
            yield make("ngoai-o-nhap", **ctx.where(sheet=actual, cell=ref, seen=str(v), value=str(v)))


CHECK = Check("outside_cells", CODES, run)

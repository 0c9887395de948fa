"""Structure level: a merged range that covers input cells hides their values — an error naming the cells it
hides (the value under a merge is never merged)."""

from __future__ import annotations

from collections.abc import Iterator

from xlsxwriter.utility import xl_range

from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make

CODES = ("o-gop",)


def run(ctx: FileContext) -> Iterator[Finding]:
    book = ctx.book
    if book is None:
        return
    for sheet, actual in ctx.found_sheets():
        grid = book.grid(actual)
        if not grid.merged:
            continue
        inputs = {(c.row, c.col): c for c in sheet.cells if c.role == "input"}
        for r1, c1, r2, c2 in grid.merged:
            covered = [c for (r, col), c in inputs.items() if r1 <= r <= r2 and c1 <= col <= c2]
            hidden = sorted((c for c in covered if (c.row, c.col) != (r1, c1)), key=lambda c: (c.row, c.col))
            if not hidden:
                continue
            refs = ", ".join(c.ref for c in hidden[:8]) + (" …" if len(hidden) > 8 else "")
            yield make(
                "o-gop", **ctx.where(sheet=actual, cell=hidden[0].ref, range=xl_range(r1, c1, r2, c2), cells=refs)
            )


CHECK = Check("merged_inputs", CODES, run)

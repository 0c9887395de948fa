"""Identity level: control characters (ESC, NUL …) in a cell are shown as visible symbols; the file is told.

They never reach the terminal, the JSON or a workbook raw (an ESC sequence can clear a screen or retitle a
window): the reader replaces them (cchc_cli.reading.model.visible) and records where.
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.reading.model import a1
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make

CODES = ("ky-tu-dieu-khien",)


def run(ctx: FileContext) -> Iterator[Finding]:
    book = ctx.book
    assert book is not None
    for name in book.sheet_names:
        grid = book.grid(name)
        if grid.controls:
            r, c = min(grid.controls)
            yield make("ky-tu-dieu-khien", **ctx.where(sheet=name, cell=a1(r, c), count=len(grid.controls)))


CHECK = Check("control_characters", CODES, run)

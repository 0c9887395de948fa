"""Structure: every sheet of the template is there under its name (a renamed sheet is found by its labels).

Sets ``ctx.sheet_names`` (template name → name in the file) for the sheets found, and marks a missing sheet
damaged. A renamed sheet is still read under its new name (one error, to rename it back; its values are
checked in the same round).
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make
from cchc_cli.validation.structure import find_sheet

CODES = ("thieu-trang", "doi-ten-trang")


def run(ctx: FileContext) -> Iterator[Finding]:
    assert ctx.book is not None and ctx.layout is not None
    expected_names = {s.name for s in ctx.layout.sheets}
    for sheet in ctx.layout.sheets:
        actual, renamed = find_sheet(ctx.book, sheet, expected_names)
        if actual is None:
            yield make("thieu-trang", **ctx.where(sheet=sheet.name))
            ctx.damaged[sheet.name] = "thiếu trang này"
            continue
        if renamed:
            yield make("doi-ten-trang", **ctx.where(sheet=actual, expected=sheet.name, seen=actual))
        ctx.sheet_names[sheet.name] = actual


CHECK = Check("sheets", CODES, run)

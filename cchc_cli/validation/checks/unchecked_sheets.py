"""Structure: a sheet whose values can't be read this round says so, and what will be checked once it is fixed.

Runs after sheets and rows, which mark a sheet damaged (``ctx.damaged``: missing, or a row inserted, deleted
or moved inside its table). The other sheets are checked in the same round, so the unit gets every problem
at once; this finding tells it that the damaged sheet's own values come next.
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make

CODES = ("chua-kiem-tra-trang",)


def run(ctx: FileContext) -> Iterator[Finding]:
    assert ctx.layout is not None
    for sheet in ctx.layout.sheets:
        reason = ctx.damaged.get(sheet.name)
        if reason is None:
            continue
        count = sum(1 for c in sheet.cells if c.role == "input")
        if not count:
            continue  # a sheet without inputs (the guide sheet): nothing of its values waits for a fix
        shown = ctx.sheet_names.get(sheet.name, sheet.name)
        yield make("chua-kiem-tra-trang", **ctx.where(sheet=shown, reason=reason, count=count))


CHECK = Check("unchecked_sheets", CODES, run)

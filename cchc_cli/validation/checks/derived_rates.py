"""Values: a rate cell (formula in the template) that no longer shows the rate of its two counts.

The engine recomputes every rate from its counts (a formula cell's own value is never trusted); this check
reports a rate cell whose shown number differs from the recomputed one by more than 0,01.
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.numfmt import vi_number
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, about, make

CODES = ("ty-le-tinh-lai",)
TOLERANCE = 0.01  # percentage points


def run(ctx: FileContext) -> Iterator[Finding]:
    for item in ctx.rates:
        seen, rate, cell = item.seen, item.rate, item.cell
        if rate is None or not isinstance(seen, int | float) or abs(float(seen) - rate) <= TOLERANCE:
            continue
        assert cell.indicator is not None and cell.period is not None
        yield make(
            "ty-le-tinh-lai",
            **ctx.where(
                sheet=item.sheet,
                cell=cell.ref,
                **about(ctx.schema, cell.indicator, cell.period),
                seen=vi_number(seen),
                value=vi_number(seen),
                expected=vi_number(rate),
            ),
        )


CHECK = Check("derived_rates", CODES, run)

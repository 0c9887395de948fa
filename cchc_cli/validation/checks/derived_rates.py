"""Values: a rate cell (formula in the template) that no longer shows the rate of its two counts.

The engine recomputes every rate from its counts (a formula cell's own value is never trusted); this check
reports a rate cell whose shown number (as the person sees it: a percent format, or text typed over the
formula) differs from the recomputed one by more than 0,01, or that shows no number at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from cchc_cli.kinds import spec
from cchc_cli.numfmt import vi_number
from cchc_cli.reading.formats import info_for
from cchc_cli.validation.checks.base import Check, FileContext, RateCell
from cchc_cli.validation.findings import Finding, about, make

CODES = ("ty-le-tinh-lai",)
TOLERANCE = 0.01  # percentage points


def run(ctx: FileContext) -> Iterator[Finding]:
    for item in ctx.rates:
        rate, cell = item.rate, item.cell
        shown = _shown(ctx, item)
        if rate is None or shown is None:
            continue
        number, text = shown
        if number is not None and abs(number - rate) <= TOLERANCE:
            continue
        assert cell.indicator is not None and cell.period is not None
        yield make(
            "ty-le-tinh-lai",
            **ctx.where(
                sheet=item.sheet,
                cell=cell.ref,
                **about(ctx.schema, cell.indicator, cell.period),
                seen=text,
                value=text,
                expected=vi_number(rate),
            ),
        )


def _shown(ctx: FileContext, item: RateCell) -> tuple[float | None, str] | None:
    """(the rate the cell shows, as a number of percent or None when it is no number; how it reads) — the
    number as the person sees it: 0,995 under a percent format is 99,5; text typed over the formula ("99,5%",
    "đạt") counts too. None for a blank cell."""
    seen = item.seen
    if isinstance(seen, bool) or seen is None or (isinstance(seen, str) and not seen.strip()):
        return None
    if isinstance(seen, int | float):
        x = float(seen)
        grid = ctx.book.grid(item.sheet) if ctx.book is not None else None
        if grid is not None and info_for(grid.number_format(item.cell.row, item.cell.col), x).kind == "percent":
            x = float(Decimal(repr(x)) * 100)
            return x, vi_number(x) + "%"
        return x, vi_number(x)
    text = str(seen).strip()
    parsed = spec("percent").parse(text)
    return (float(parsed.value) if isinstance(parsed.value, int | float) else None), f"«{text}»"


CHECK = Check("derived_rates", CODES, run)

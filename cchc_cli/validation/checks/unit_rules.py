"""Rules: the schema's unit-scope rules (compare, range, change) on the unit's numbers.

Emits the rules' own codes (one code per rule, see findings.catalogue); a cell that could not be read counts
as blank, so it never triggers a rule, and an indicator on a damaged sheet (not read) takes no part.
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.numfmt import vi_number
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, from_rule

PLAUSIBILITY = frozenset({"ngoai-muc-hop-ly", "chenh-lech-bat-thuong"})


def run(ctx: FileContext) -> Iterator[Finding]:
    assert ctx.unit is not None and ctx.layout is not None
    unit = ctx.unit
    available = ctx.shared.available.setdefault(unit.code, frozenset(ctx.layout.indicator_ids))
    if ctx.damaged:  # a rule needing a value of an unread sheet waits until that sheet is fixed
        available = frozenset(i.cell.indicator for i in ctx.inputs if i.cell.indicator)
    # a value already reported as implausible (naming the likely slip) is not warned about again by the rules
    # it upsets (the change rules of its year and the next, the other rules of its year); errors always stand
    slips = {(f.indicator, f.period) for f in ctx.result.findings if f.code in PLAUSIBILITY}
    for hit in ctx.shared.rules.evaluate(ctx.numbers, scope="unit", available=available, unit=unit.name):
        if not slips or hit.rule.severity == "error":
            touched: set[tuple[str, str]] = set()
        elif hit.rule.kind == "change":
            touched = {(hit.indicator, p) for p in _around(ctx, hit.indicator, hit.period)}
        else:
            touched = {(i, hit.period) for i in hit.involved}
        if slips & touched:
            continue
        sheet_name, ref = ctx.result.cells.get((hit.indicator, hit.period), (None, None))
        value = ctx.numbers.get((hit.indicator, hit.period))
        shown = None if value is None else vi_number(value)
        yield from_rule(
            ctx.schema,
            hit,
            file=ctx.name,
            value=shown,
            sheet=sheet_name,
            cell=ref,
            unit=unit.code,
            unit_name=unit.name,
        )


def _around(ctx: FileContext, indicator: str, period: str) -> tuple[str, ...]:
    """The year a change rule compares and the year before it (the two figures of its message)."""
    section = ctx.schema.section_by_id[ctx.schema.indicator_by_id[indicator].section]
    years = [p.id for p in ctx.schema.section_periods(section) if p.kind == "year"]
    k = years.index(period) if period in years else 0
    return tuple(years[max(0, k - 1) : k + 1])


CHECK = Check("unit_rules", (), run, rule_codes=True)

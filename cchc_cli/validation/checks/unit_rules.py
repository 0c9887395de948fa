"""Rules: the schema's unit-scope rules (compare, range, change) on the unit's numbers.

Emits the rules' own codes (one code per rule, see findings.catalogue); a cell that could not be read counts
as blank, so it never triggers a rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.numfmt import vi_number
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, from_rule


def run(ctx: FileContext) -> Iterator[Finding]:
    assert ctx.unit is not None and ctx.layout is not None
    unit = ctx.unit
    available = ctx.shared.available.setdefault(unit.code, frozenset(ctx.layout.indicator_ids))
    for hit in ctx.shared.rules.evaluate(ctx.numbers, scope="unit", available=available, unit=unit.name):
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


CHECK = Check("unit_rules", (), run, rule_codes=True)

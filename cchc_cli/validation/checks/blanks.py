"""Values: a required input left blank is an error, unless the row's Ghi chú says why (then a warning)."""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, about, make

CODES = ("thieu-so-lieu", "trong-co-giai-thich")


def run(ctx: FileContext) -> Iterator[Finding]:
    schema = ctx.schema
    for item in ctx.inputs:
        cell = item.cell
        if item.parsed.code is not None or item.parsed.value is not None:
            continue
        if cell.indicator is None or cell.period is None:
            continue
        ind = schema.indicator_by_id[cell.indicator]
        where = ctx.where(sheet=item.sheet, cell=cell.ref, **about(schema, ind.id, cell.period))
        note = ctx.result.notes.get(f"{ind.table}:{cell.period}" if ind.table else ind.id)
        if note:
            yield make("trong-co-giai-thich", note=note, **where)
        elif ind.required:
            yield make("thieu-so-lieu", **where)


CHECK = Check("blanks", CODES, run)

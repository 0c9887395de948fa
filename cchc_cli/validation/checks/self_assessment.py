"""Rules: a lead unit's self-assessment (section 8) against its own figures, per the schema's ``targets``.

Only the goals this unit leads and whose measured indicators it reports itself; the comparison is
cchc_cli/targets.py (the same one the Word draft and `cchc merge` use). Source: Kế hoạch 283/KH-UBND, mục I.2
("làm rõ kết quả so với mục tiêu").
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.targets import target_findings
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding

CODES = ("tu-danh-gia-khac-so-lieu",)


def run(ctx: FileContext) -> Iterator[Finding]:
    assert ctx.unit is not None
    values = ctx.result.values
    # an indicator with an input refused or left blank can't measure a goal: the self-assessment isn't judged
    refused = frozenset(i.cell.indicator for i in ctx.inputs if i.cell.indicator and i.parsed.value is None)
    yield from target_findings(
        ctx.schema,
        lambda i, p: (values.get((i, p)), True),
        code="tu-danh-gia-khac-so-lieu",
        file=ctx.name,
        unit=ctx.unit.code,
        cells=ctx.result.cells,
        unsure=refused,
    )


CHECK = Check("self_assessment", CODES, run)

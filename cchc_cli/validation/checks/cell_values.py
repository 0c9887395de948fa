"""Values: each input cell holds a value of its kind (a number, x/0, Đạt/Không đạt …), read the Vietnamese way.

The parse itself is the value kind's parser (``cchc_cli.kinds``, validation/values.py); this check reports
the problems it found, at the cell.
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.kinds import spec
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, about, make

CODES = (
    "khong-phai-so",
    "dinh-dang-ngay",
    "chu-thay-so",
    "so-am",
    "so-le",
    "mo-ho",
    "ngoai-khoang-ty-le",
    "ty-le-nho",
    "sai-co-khong",
    "sai-danh-gia",
    "cong-thuc",
    "cong-thuc-khong-gia-tri",
)


def run(ctx: FileContext) -> Iterator[Finding]:
    for item in ctx.inputs:
        parsed, cell = item.parsed, item.cell
        if parsed.code not in CODES or cell.indicator is None or cell.period is None:
            continue
        kind = spec(cell.kind or "text")
        fields = {"seen": str(item.raw), "kind_hint": kind.hint, "kind_noun": kind.noun, **parsed.fields}
        where = ctx.where(sheet=item.sheet, cell=cell.ref, **about(ctx.schema, cell.indicator, cell.period))
        yield make(parsed.code, value=fields["seen"], **fields, **where)


CHECK = Check("cell_values", CODES, run)

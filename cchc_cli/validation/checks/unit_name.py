"""Identity level: the unit the workbook shows ("Đơn vị báo cáo: …", the guide sheet) is the unit of its
fingerprint; a disagreement is an error naming both — never one commune's figures under another's code."""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.textutil import label_key
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make

CODES = ("don-vi-khong-khop",)


def run(ctx: FileContext) -> Iterator[Finding]:
    """An error at each cell that should name the unit but names something else (a blank cell is the
    structure checks': a label removed)."""
    book, layout = ctx.book, ctx.layout
    if book is None or layout is None:
        return
    unit = layout.unit
    key = label_key(unit.name)
    names = {label_key(n): n for n in book.sheet_names}
    for sheet in layout.sheets:
        actual = names.get(label_key(sheet.name))
        if actual is None:
            continue
        grid = book.grid(actual)
        for cell in sheet.cells:
            if not cell.text or unit.name not in cell.text:
                continue
            seen = grid.get(cell.row, cell.col)
            if not str(seen).strip() or label_key(seen) == label_key(cell.text) or key in label_key(seen):
                continue
            yield make("don-vi-khong-khop", **ctx.where(sheet=actual, cell=cell.ref, seen=str(seen), value=str(seen)))


CHECK = Check("unit_name", CODES, run)

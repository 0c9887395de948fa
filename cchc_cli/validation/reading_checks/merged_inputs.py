"""A merged range that covers input cells hides their values: an error naming the cells it hides."""

from __future__ import annotations

from xlsxwriter.utility import xl_range

from cchc_cli.reading import Book
from cchc_cli.validation.findings import Finding, make
from cchc_cli.workbook.layout import WorkbookLayout


def merged_over_inputs(book: Book, layout: WorkbookLayout, sheet_names: dict[str, str], file: str) -> list[Finding]:
    out: list[Finding] = []
    for sheet in layout.sheets:
        actual = sheet_names.get(sheet.name)
        if actual is None:
            continue
        grid = book.grid(actual)
        if not grid.merged:
            continue
        inputs = {(c.row, c.col): c for c in sheet.cells if c.role == "input"}
        for r1, c1, r2, c2 in grid.merged:
            if (r2 - r1 + 1) * (c2 - c1 + 1) > 100_000:
                covered = [c for (r, col), c in inputs.items() if r1 <= r <= r2 and c1 <= col <= c2]
            else:
                covered = [inputs[(r, c)] for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) in inputs]
            hidden = [c for c in covered if (c.row, c.col) != (r1, c1)]
            if not hidden:
                continue
            refs = ", ".join(c.ref for c in hidden[:8]) + (" …" if len(hidden) > 8 else "")
            out.append(
                make(
                    "o-gop",
                    file=file,
                    unit=layout.unit.code,
                    unit_name=layout.unit.name,
                    sheet=actual,
                    cell=hidden[0].ref,
                    range=xl_range(r1, c1, r2, c2),
                    cells=refs,
                )
            )
    return out

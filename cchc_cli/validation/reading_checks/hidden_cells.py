"""Input cells in hidden rows or columns: a warning (a person looking at the sheet does not see them)."""

from __future__ import annotations

from cchc_cli.reading import Book
from cchc_cli.validation.findings import Finding, make
from cchc_cli.workbook.layout import WorkbookLayout


def hidden_inputs(book: Book, layout: WorkbookLayout, sheet_names: dict[str, str], file: str) -> list[Finding]:
    out: list[Finding] = []
    for sheet in layout.sheets:
        actual = sheet_names.get(sheet.name)
        if actual is None:
            continue
        grid = book.grid(actual)
        if not grid.hidden_rows and not grid.hidden_cols:
            continue
        rows = [c for c in sheet.cells if c.role == "input" and grid.row_hidden(c.row)]
        cols = [c for c in sheet.cells if c.role == "input" and grid.col_hidden(c.col)]
        for what, cells in (("dòng", rows), ("cột", cols)):
            if cells:
                refs = ", ".join(c.ref for c in cells[:6]) + (" …" if len(cells) > 6 else "")
                out.append(
                    make(
                        "dong-cot-an",
                        file=file,
                        unit=layout.unit.code,
                        unit_name=layout.unit.name,
                        sheet=actual,
                        cell=cells[0].ref,
                        what=what,
                        cells=refs,
                    )
                )
    return out

"""The unit the workbook shows ("Đơn vị báo cáo: …", the guide sheet) must be the unit of its fingerprint."""

from __future__ import annotations

from cchc_cli.reading import Book
from cchc_cli.textutil import label_key
from cchc_cli.validation.findings import Finding, make
from cchc_cli.workbook.layout import WorkbookLayout


def unit_line(book: Book, layout: WorkbookLayout, file: str) -> list[Finding]:
    """Error at each cell that should name the unit but names something else (a blank is the structure
    check's: a label removed)."""
    unit = layout.unit
    key = label_key(unit.name)
    out: list[Finding] = []
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
            out.append(
                make(
                    "don-vi-khong-khop",
                    file=file,
                    unit=unit.code,
                    unit_name=unit.name,
                    sheet=actual,
                    cell=cell.ref,
                    seen=str(seen),
                    value=str(seen),
                )
            )
    return out

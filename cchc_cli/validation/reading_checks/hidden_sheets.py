"""A template sheet hidden, or copied: the sheet a person sees is never silently replaced by a hidden one."""

from __future__ import annotations

from typing import Any

from cchc_cli.reading import Book
from cchc_cli.textutil import label_key
from cchc_cli.validation.findings import Finding, make
from cchc_cli.workbook.layout import FINGERPRINT_SHEET, WorkbookLayout


def hidden_or_copied_sheets(book: Book, layout: WorkbookLayout, file: str) -> list[Finding]:
    """Error when a template sheet, or a copy of it ("… (2)"), is hidden; warning for a visible extra copy."""
    common: dict[str, Any] = {"file": file, "unit": layout.unit.code, "unit_name": layout.unit.name}
    expected = {label_key(s.name): s.name for s in layout.sheets}
    actual = {label_key(n): n for n in book.sheet_names}
    out: list[Finding] = []
    for key, _name in expected.items():
        own = actual.get(key)
        copies = [
            n
            for k, n in actual.items()
            if k != key and k not in expected and n != FINGERPRINT_SHEET and k.startswith(key)
        ]
        hidden = [n for n in ([own] if own else []) + copies if book.states.get(n, "visible") != "visible"]
        shown = [n for n in ([own] if own else []) + copies if book.states.get(n, "visible") == "visible"]
        if hidden:
            other = f" và trang «{shown[0]}» đang hiện" if shown else ""
            first = hidden[0]
            out.append(make("trang-an", sheet=first, hidden=first, other=other, **common))
        elif own and copies:
            for copy in copies:
                out.append(make("trang-thua", sheet=copy, seen=copy, expected=own, **common))
    return out

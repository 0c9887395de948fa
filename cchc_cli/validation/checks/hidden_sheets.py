"""Identity level: a template sheet hidden, or copied ("… (2)"): the sheet a person sees is never silently
replaced by a hidden one. A hidden or very hidden sheet that carries template data (the original hidden and
a corrected copy visible, or the reverse) is an error naming both; a visible extra copy is a warning and the
template's own sheet is read."""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.textutil import label_key
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make
from cchc_cli.workbook.layout import FINGERPRINT_SHEET

CODES = ("trang-an", "trang-thua")


def run(ctx: FileContext) -> Iterator[Finding]:
    book, layout = ctx.book, ctx.layout
    if book is None or layout is None:
        return
    expected = {label_key(s.name) for s in layout.sheets}
    actual = {label_key(n): n for n in book.sheet_names}
    for key in sorted(expected):
        own = actual.get(key)
        copies = [
            n
            for k, n in actual.items()
            if k != key and k not in expected and n != FINGERPRINT_SHEET and k.startswith(key)
        ]
        candidates = ([own] if own else []) + copies
        hidden = [n for n in candidates if book.states.get(n, "visible") != "visible"]
        shown = [n for n in candidates if book.states.get(n, "visible") == "visible"]
        if hidden:
            other = f" và trang «{shown[0]}» đang hiện" if shown else ""
            yield make("trang-an", **ctx.where(sheet=hidden[0], hidden=hidden[0], other=other))
        elif own and copies:
            for copy in copies:
                yield make("trang-thua", **ctx.where(sheet=copy, seen=copy, expected=own))


CHECK = Check("hidden_sheets", CODES, run)

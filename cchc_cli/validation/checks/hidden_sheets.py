"""Structure: a template sheet hidden, or copied ("… (2)"): the sheet a person sees is never silently
replaced by another, and the values merged are the ones the unit meant.

- A hidden or very hidden sheet that carries template data (a data sheet hidden, or the original hidden and a
  copy visible, or the reverse) is an error (``trang-an``) naming the sheets; that template sheet is marked
  damaged (its values are not read), every other sheet is checked in the same round.
- A hidden sheet without input cells (the guide sheet) and no copy of it: a warning (``trang-an-khong-nhap``);
  it is read as usual.
- A visible copy whose input or note cells differ from the template's own sheet: an error naming both
  (``trang-sao-khac``; the clerk may have edited the copy), the template sheet damaged. An identical visible
  copy is a warning (``trang-thua``) and the template's own sheet is read.

Runs right after ``sheets`` (which finds each template sheet in the file).
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.numfmt import vi_value
from cchc_cli.textutil import label_key
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make
from cchc_cli.validation.reader import read_grid
from cchc_cli.workbook.layout import FINGERPRINT_SHEET, SheetLayout

CODES = ("trang-an", "trang-an-khong-nhap", "trang-sao-khac", "trang-thua")

HIDDEN = "trang bị ẩn"
COPY_DIFFERS = "có trang sao ghi số liệu khác"


def run(ctx: FileContext) -> Iterator[Finding]:
    book, layout = ctx.book, ctx.layout
    assert book is not None and layout is not None
    expected = {label_key(s.name) for s in layout.sheets}
    actual = {label_key(n): n for n in book.sheet_names}
    for sheet in layout.sheets:
        key = label_key(sheet.name)
        own = actual.get(key)
        copies = [
            n
            for k, n in actual.items()
            if k != key and k not in expected and n != FINGERPRINT_SHEET and k.startswith(key)
        ]
        candidates = ([own] if own else []) + copies
        hidden = [n for n in candidates if book.states.get(n, "visible") != "visible"]
        shown = [n for n in candidates if book.states.get(n, "visible") == "visible"]
        if hidden and not copies and not _has_inputs(sheet):
            yield make("trang-an-khong-nhap", **ctx.where(sheet=hidden[0], hidden=hidden[0]))
        elif hidden:
            if shown:
                other = f" và trang «{shown[0]}» đang hiện; không rõ trang nào là số liệu đúng"
            elif len(hidden) > 1:
                other = f" cùng trang «{hidden[1]}»; không rõ trang nào là số liệu đúng"
            else:
                other = "; số liệu của trang này chưa được đọc"
            yield make("trang-an", **ctx.where(sheet=hidden[0], hidden=hidden[0], other=other))
            ctx.damaged[sheet.name] = HIDDEN
        elif own and copies:
            for copy in copies:
                diff = differing_cells(ctx, sheet, own, copy)
                if diff:
                    ref, old, new = diff[0]
                    fields = {"seen": copy, "expected": own, "count": len(diff), "first": ref, "old": old, "new": new}
                    yield make("trang-sao-khac", **ctx.where(sheet=copy, cell=ref, **fields))
                    ctx.damaged[sheet.name] = COPY_DIFFERS
                else:
                    yield make("trang-thua", **ctx.where(sheet=copy, seen=copy, expected=own))


def _has_inputs(sheet: SheetLayout) -> bool:
    return any(c.role in ("input", "note") for c in sheet.cells)


def differing_cells(ctx: FileContext, sheet: SheetLayout, own: str, copy: str) -> list[tuple[str, str, str]]:
    """(A1, value on ``own``, value on ``copy``), as a person reads them, of each input and note cell of
    ``sheet`` whose value differs between the sheet ``own`` and its copy ``copy`` in the file (layout order)."""
    assert ctx.book is not None
    a, b = read_grid(ctx.book, own), read_grid(ctx.book, copy)
    return [
        (c.ref, vi_value(a.get(c.row, c.col)), vi_value(b.get(c.row, c.col)))
        for c in sheet.cells
        if c.role in ("input", "note") and _norm(a.get(c.row, c.col)) != _norm(b.get(c.row, c.col))
    ]


def _norm(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return value


CHECK = Check("hidden_sheets", CODES, run)

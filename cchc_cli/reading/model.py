"""What the reader gives: a workbook's sheets and each cell as the person sees it in Excel or LibreOffice.

A ``Grid`` is sparse: it holds only the cells the file stores, so a cell typed at XFD1048576 costs one cell,
whatever the sheet's declared dimension. ``Grid.get`` returns what python-calamine returned for the same cell
(numbers as float, text as str, booleans, dates as ``datetime.date``/``datetime``, "" for blank) so the checks
written against it keep reading the clean returns byte for byte; the other facts (number format, formula, error
value, font, legacy encoding) are beside it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc_cli.reading.legacy import convert

Pos = tuple[int, int]  # (row, col), 0-based
Value = Any  # float | str | bool | datetime.date | datetime.datetime | datetime.time | "" (blank)


def visible(text: str) -> str:
    """Control characters (ESC, NUL …) replaced by their visible symbol (U+2400 block) so they never reach a
    terminal, JSON or a workbook raw; tab and line breaks kept."""
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 and ch not in "\t\n\r":
            out.append(chr(0x2400 + code))
        elif code == 0x7F:
            out.append("\u2421")
        elif 0x80 <= code < 0xA0:
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def shown_float(x: float) -> float:
    """A stored number as Excel and LibreOffice show and compute with it: 15 significant digits (Excel
    specifications and limits: "Number precision 15 digits"), so 180.00000000000003, left by a pasted
    formula, is 180 and 0.1+0.2 is 0.3; non-finite values unchanged."""
    return float(f"{x:.15g}") if math.isfinite(x) else x


_COLS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def col_letters(col: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA", 16383 → "XFD"."""
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = _COLS[rem] + out
    return out


def a1(row: int, col: int) -> str:
    """(0, 0) → "A1"."""
    return f"{col_letters(col)}{row + 1}"


def parse_a1(ref: str) -> Pos | None:
    """ "B12" → (11, 1); "$B$12" too; None for anything that is not one cell reference within Excel's limits."""
    ref = ref.replace("$", "").strip().upper()
    i = 0
    col = 0
    while i < len(ref) and "A" <= ref[i] <= "Z":
        col = col * 26 + ord(ref[i]) - 64
        i += 1
    digits = ref[i:]
    if i == 0 or i > 3 or not digits.isdigit() or not digits.isascii() or len(digits) > 7:
        return None
    row = int(digits)
    if not (1 <= row <= 1_048_576 and 1 <= col <= 16_384):
        return None
    return row - 1, col - 1


def parse_range(ref: str) -> tuple[int, int, int, int] | None:
    """ "A1:C3" → (0, 0, 2, 2) as (first row, first col, last row, last col); a single cell is a 1×1 range."""
    first, _, last = ref.partition(":")
    a = parse_a1(first)
    b = parse_a1(last) if last else a
    if a is None or b is None:
        return None
    return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])


SheetState = str  # "visible", "hidden" or "veryHidden"


@dataclass(frozen=True, slots=True)
class CellFacts:
    """Everything the reader knows about one cell."""

    value: Value  # as Grid.get returns it
    number_format: str  # the format code it is displayed with ("General" when none)
    formula: str | None  # the formula text without "=", or "" when a formula is known to exist but not its text
    error: str | None  # "#DIV/0!" … when the cell holds an error value (cached or typed)
    font: str | None  # font name of the cell's style, when the format stores one
    legacy: str | None  # "TCVN3" or "VNI" when the text was converted from a legacy font encoding
    original: str | None  # the text as stored, before a legacy conversion


@dataclass
class Grid:
    """One sheet's cells, addressed from A1 (0-based row/col), whatever the sheet's declared size."""

    cells: dict[Pos, Value] = field(default_factory=dict)
    styles: dict[Pos, int] = field(default_factory=dict)  # style index (xlsx cellXfs, ods/xls own ids)
    formula_text: dict[Pos, str] = field(default_factory=dict)
    error_values: dict[Pos, str] = field(default_factory=dict)
    legacy: dict[Pos, tuple[str, str]] = field(default_factory=dict)  # pos → (encoding, original text)
    controls: set[Pos] = field(default_factory=set)  # text cells whose control characters were made visible
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: list[tuple[int, int]] = field(default_factory=list)  # inclusive 0-based column ranges
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r1, c1, r2, c2), inclusive
    number_formats: dict[int, str] = field(default_factory=dict)  # style index → format code
    fonts: dict[int, str] = field(default_factory=dict)  # style index → font name
    _non_empty: list[tuple[int, int, Value]] | None = None

    def put_text(self, pos: Pos, text: str, font: str | None) -> None:
        """Store a text cell as the person sees it: legacy encodings converted, control characters visible."""
        if not text.isascii():
            legacy = convert(text, font)
            if legacy is not None:
                self.legacy[pos] = (legacy[1], text)
                text = legacy[0]
        if not text.isprintable():
            shown = visible(text)
            if shown != text:
                self.controls.add(pos)
                text = shown
        self.cells[pos] = text

    def get(self, row: int, col: int) -> Value:
        return self.cells.get((row, col), "")

    @property
    def formulas(self) -> frozenset[str]:
        """A1 references of the cells holding a formula."""
        return frozenset(a1(r, c) for r, c in self.formula_text)

    @property
    def errors(self) -> frozenset[str]:
        """A1 references of the cells holding an error value (#DIV/0! …)."""
        return frozenset(a1(r, c) for r, c in self.error_values)

    def non_empty(self) -> list[tuple[int, int, Value]]:
        """(row, col, value) of every cell a person sees something in, in row then column order."""
        if self._non_empty is None:
            self._non_empty = sorted(
                (r, c, v)
                for (r, c), v in self.cells.items()
                if v is not None and not (isinstance(v, str) and not v.strip())
            )
        return self._non_empty

    def number_format(self, row: int, col: int) -> str:
        style = self.styles.get((row, col))
        return self.number_formats.get(style, "General") if style is not None else "General"

    def font(self, row: int, col: int) -> str | None:
        style = self.styles.get((row, col))
        return self.fonts.get(style) if style is not None else None

    def row_hidden(self, row: int) -> bool:
        return row in self.hidden_rows

    def col_hidden(self, col: int) -> bool:
        return any(lo <= col <= hi for lo, hi in self.hidden_cols)

    def merged_range(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        """The merged range covering (row, col), or None."""
        for r1, c1, r2, c2 in self.merged:
            if r1 <= row <= r2 and c1 <= col <= c2:
                return r1, c1, r2, c2
        return None

    def facts(self, row: int, col: int) -> CellFacts:
        pos = (row, col)
        legacy = self.legacy.get(pos)
        return CellFacts(
            value=self.get(row, col),
            number_format=self.number_format(row, col),
            formula=self.formula_text.get(pos),
            error=self.error_values.get(pos),
            font=self.font(row, col),
            legacy=legacy[0] if legacy else None,
            original=legacy[1] if legacy else None,
        )

    def iter_facts(self) -> Iterator[tuple[int, int, CellFacts]]:
        for r, c in sorted(self.cells):
            yield r, c, self.facts(r, c)


@dataclass
class Book:
    """A workbook as read: sheet order and state, each sheet's grid, and document facts."""

    path: Path
    fmt: str  # "xlsx", "xls" or "ods"
    sheet_names: list[str]
    states: dict[str, SheetState]
    fingerprint: dict[str, str] | None
    modified: dt.datetime | None  # when the office suite last saved it (document properties)
    grids: dict[str, Grid]
    formulas_known: bool = True  # False where the format's reader cannot tell a formula from a value (.xls)
    strict: bool = False  # Strict Open XML
    precision_as_displayed: bool = False  # Excel stores numbers rounded as shown: cached values can't be re-checked
    recalc_on_load: bool = False  # written by a program (fullCalcOnLoad): formulas' cached values not computed
    notes: list[str] = field(default_factory=list)  # facts about the reading itself, Vietnamese

    @property
    def visible(self) -> dict[str, bool]:
        return {name: state == "visible" for name, state in self.states.items()}

    def grid(self, name: str) -> Grid:
        return self.grids[name]

    @property
    def legacy_encodings(self) -> set[str]:
        """Legacy encodings ("TCVN3", "VNI") met anywhere in the workbook."""
        return {enc for g in self.grids.values() for enc, _ in g.legacy.values()}

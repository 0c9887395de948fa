"""What a formula typed into a return computes, from the cached values of the cells it refers to.

A return whose inputs were written by a program (or edited with recalculation off) keeps each formula's cached
value from before: Excel shows that old number until it recalculates. ``recompute`` gives what the formula
computes now, so ``stale`` can tell the cached value is older than its inputs (issue 8 §2: "a formula … whose
cached value is older than its inputs where that can be known: error, not merged").

It is not a spreadsheet engine. The formula is tokenised by openpyxl's ``Tokenizer`` and evaluated over a
whitelist, where the rules are Excel's (Microsoft, "Calculation operators and precedence in Excel"; the function
pages of SUM, AVERAGE, MIN, MAX, ROUND, ABS, IF):

- numbers, TRUE/FALSE; ``+ - * / ^``, unary minus and plus, postfix ``%``, parentheses; comparisons
  ``= <> < > <= >=`` (for IF's condition). Precedence: negation, %, ^ (left to right: 2^3^2 = 64), * /, + -,
  comparisons; -2^2 = 4 as in Excel;
- references: ``C5``, ``$C$5``, ``C5:C9``, to another sheet of the same workbook (``'Biểu 1'!C5``,
  ``Sheet2!$C$5:$C$9``; names compared case-insensitively, as Excel does); in an .ods file the OpenFormula
  spelling (``[.C5]``, ``[.C5:.C9]``, ``[$'Biểu 1'.C5]``, arguments separated by ``;``);
- SUM, AVERAGE, MIN, MAX (numbers of a range counted; text, TRUE/FALSE and blanks in a range skipped), ROUND
  (half away from zero on the 15 significant digits Excel keeps), ABS, IF (only the branch taken is evaluated),
  TRUE(), FALSE() (how LibreOffice saves a typed TRUE: ``evaluate`` says the cell shows TRUE, not a number).

A referenced cell counts with its **cached** value — a blank as 0 — even when it holds a formula itself: that
cell is checked on its own when it is an input. Anything else cannot be known, and ``recompute`` returns None:
an unknown function or a defined name, text or an error value as an operand, a division by zero, a whole-column
or 3-D or external reference, a formula whose text the file does not give (the followers of a shared formula),
a circular reference (the formula's cell reached again through the formulas of the cells it refers to), a chain
of formulas deeper than ``MAX_CHAIN`` cells, nesting deeper than Excel's 64 levels, a formula longer than
Excel's 8,192 characters, or a ROUND or comparison whose answer turns on the 15th significant digit.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError

from cchc_cli.reading.model import Grid, Pos, parse_range

__all__ = ["MAX_CHAIN", "RELATIVE_TOLERANCE", "SheetLookup", "evaluate", "recompute", "stale"]

MAX_LENGTH = 8_192  # characters: Excel's limit on a formula's length
MAX_NESTING = 64  # levels: Excel's limit on nested functions
MAX_CHAIN = 2_000  # formula cells followed when looking for a circular reference
SMALL_AREA = 4_096  # cells: a range this small is walked cell by cell, a larger one through what the sheet stores
MAX_STEPS = 200_000  # cells looked at when looking for a circular reference
RELATIVE_TOLERANCE = 1e-12  # of the largest number met: far below Excel's 15 significant digits' last one

#: The grid of a sheet named in a reference (None → the formula's own sheet); None when there is no such sheet.
SheetLookup = Callable[[str | None], Grid | None]


class CannotKnow(Exception):
    """What the formula computes can't be known from the file (see the module docstring)."""


@dataclass(frozen=True, slots=True)
class Ref:
    """A rectangle of cells on one grid: rows and columns 0-based, inclusive."""

    grid: Grid
    r1: int
    c1: int
    r2: int
    c2: int

    def positions(self, only: dict[Pos, Any] | None = None) -> Iterator[Pos]:
        """The stored cells (values, errors, formulas) inside the rectangle, in row then column order, whatever
        its size (a range of a whole sheet costs what the sheet stores); with ``only``, the keys of that dict."""
        g = self.grid
        stores = (g.cells, g.error_values, g.formula_text) if only is None else (only,)
        if (self.r2 - self.r1 + 1) * (self.c2 - self.c1 + 1) <= SMALL_AREA:
            for r in range(self.r1, self.r2 + 1):
                for c in range(self.c1, self.c2 + 1):
                    if any((r, c) in store for store in stores):
                        yield r, c
        else:
            keys = set().union(*stores)
            yield from sorted(p for p in keys if self.r1 <= p[0] <= self.r2 and self.c1 <= p[1] <= self.c2)


# ---- parsing ---------------------------------------------------------------------------------------

Node = tuple[Any, ...]  # ("num", x) ("bool", b) ("text", s) ("ref", Ref) ("neg", n) ("pct", n) ("bin", op, a, b)
# ("call", NAME, [args])

FUNCTIONS = frozenset({"SUM", "AVERAGE", "MIN", "MAX", "ROUND", "ABS", "IF", "TRUE", "FALSE"})
COMPARISONS = frozenset({"=", "<>", "<", ">", "<=", ">="})


class _Parser:
    def __init__(self, text: str, sheets: SheetLookup, ods: bool) -> None:
        try:
            tokens = Tokenizer("=" + text).items
        except (TokenizerError, AssertionError, IndexError, ValueError) as exc:  # what its _parse raises
            raise CannotKnow from exc
        self.tokens = [t for t in tokens if t.type != Token.WSPACE]
        self.i = 0
        self.depth = 0
        self.sheets = sheets
        self.ods = ods
        self.refs: list[Ref] = []

    def parse(self) -> Node:
        node = self.comparison()
        if self.i != len(self.tokens):
            raise CannotKnow  # e.g. an intersection (two references side by side) or a stray token
        return node

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise CannotKnow
        self.i += 1
        return token

    def infix(self, ops: frozenset[str] | set[str]) -> str | None:
        token = self.peek()
        if token is not None and token.type == Token.OP_IN and token.value in ops:
            self.i += 1
            return str(token.value)
        return None

    def comparison(self) -> Node:
        node = self.additive()
        while (op := self.infix(COMPARISONS)) is not None:
            node = ("bin", op, node, self.additive())
        return node

    def additive(self) -> Node:
        node = self.term()
        while (op := self.infix({"+", "-"})) is not None:
            node = ("bin", op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.power()
        while (op := self.infix({"*", "/"})) is not None:
            node = ("bin", op, node, self.power())
        return node

    def power(self) -> Node:
        node = self.percent()
        while self.infix({"^"}) is not None:
            node = ("bin", "^", node, self.percent())
        return node

    def percent(self) -> Node:
        node = self.unary()
        while (token := self.peek()) is not None and token.type == Token.OP_POST:
            self.i += 1
            node = ("pct", node)
        return node

    def unary(self) -> Node:
        token = self.peek()
        if token is not None and token.type == Token.OP_PRE:
            self.i += 1
            inner = self.unary()
            return ("neg", inner) if token.value == "-" else ("pos", inner)
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.type == Token.OPERAND:
            return self.operand(token)
        if token.type == Token.PAREN and token.subtype == Token.OPEN:
            self.enter()
            node = self.comparison()
            self.close()
            return node
        if token.type == Token.FUNC and token.subtype == Token.OPEN:
            name = token.value[:-1].upper()
            if name not in FUNCTIONS:
                raise CannotKnow  # unknown function, _xlfn. prefixes, add-ins
            self.enter()
            args: list[Node] = []
            closing = self.peek()
            if closing is not None and closing.type == Token.FUNC and closing.subtype == Token.CLOSE:
                self.i += 1
            else:
                while True:
                    args.append(self.comparison())
                    nxt = self.take()
                    if nxt.type == Token.SEP:  # "," (or ";" in OpenFormula) between arguments
                        continue
                    if nxt.type == Token.FUNC and nxt.subtype == Token.CLOSE:
                        break
                    raise CannotKnow
            self.depth -= 1
            return ("call", name, args)
        raise CannotKnow  # array constants, stray separators or closers

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise CannotKnow

    def close(self) -> None:
        token = self.take()
        if token.type != Token.PAREN or token.subtype != Token.CLOSE:
            raise CannotKnow
        self.depth -= 1

    def operand(self, token: Token) -> Node:
        value = token.value
        if token.subtype == Token.NUMBER:
            return ("num", float(value))
        if token.subtype == Token.LOGICAL:
            return ("bool", value == "TRUE")
        if token.subtype == Token.TEXT:
            return ("text", value[1:-1].replace('""', '"'))
        if token.subtype == Token.RANGE:
            ref = self.reference(value)
            self.refs.append(ref)
            return ("ref", ref)
        raise CannotKnow  # an error literal (#DIV/0! …)

    def reference(self, text: str) -> Ref:
        parsed = _ods_reference(text) if self.ods else _excel_reference(text)
        if parsed is None:
            raise CannotKnow  # a defined name, a whole column, a 3-D or external reference
        sheet, area = parsed
        grid = self.sheets(sheet)
        box = parse_range(area)
        if grid is None or box is None:
            raise CannotKnow
        return Ref(grid, *box)


def _unquote(name: str) -> str | None:
    """ "'Biểu 1'" → "Biểu 1" ("''" inside is one quote); a bare name as it is; None when badly quoted."""
    if name.startswith("'"):
        if len(name) < 2 or not name.endswith("'"):
            return None
        inner = name[1:-1]
        if "'" in inner.replace("''", ""):
            return None
        return inner.replace("''", "'")
    return name


def _excel_reference(text: str) -> tuple[str | None, str] | None:
    """ "'Biểu 1'!$C$5:$C$9" → ("Biểu 1", "$C$5:$C$9"); "C5" → (None, "C5"); None for what is not a reference
    within one sheet of this workbook."""
    sheet: str | None = None
    if "!" in text:
        head, _, area = text.rpartition("!")
        sheet = _unquote(head)
        if sheet is None or not sheet or (not head.startswith("'") and (":" in head or "[" in head)):
            return None
        if head.startswith("'") and head[1:2] == "[":
            return None  # an external workbook ('[1]Sheet1'!A1)
    else:
        area = text
    if "!" in area or "[" in area:
        return None
    return sheet, area


def _split_outside_quotes(text: str, sep: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in text:
        if ch == "'":
            quoted = not quoted
        if ch == sep and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _ods_reference(text: str) -> tuple[str | None, str] | None:
    """OpenFormula: "[.C5]" → (None, "C5"); "[$'Biểu 1'.C5:.C9]" → ("Biểu 1", "C5:C9") (ODF 1.2 part 2 §5.8)."""
    if not (text.startswith("[") and text.endswith("]")):
        return None
    ends = _split_outside_quotes(text[1:-1], ":")
    if len(ends) > 2:
        return None
    sheet: str | None = None
    cells = []
    for k, end in enumerate(ends):
        head, dot, cell = end.rpartition(".")
        if not dot:
            return None
        head = head.removeprefix("$")
        if head:
            name = _unquote(head)
            if name is None or (k == 1 and name != sheet):
                return None
            sheet = name
        cells.append(cell)  # an end with no sheet of its own is on the start's sheet
    return sheet, ":".join(cells)


# ---- evaluating ------------------------------------------------------------------------------------


class _Evaluator:
    """Evaluates a parsed formula; ``largest`` is the largest magnitude met (for the tolerance)."""

    def __init__(self, cached: bool = True) -> None:
        self.largest = 0.0
        self.cached = cached  # False: a referenced formula's cached value is not a computed one

    def number(self, x: float) -> float:
        if not math.isfinite(x):
            raise CannotKnow
        self.largest = max(self.largest, abs(x))
        return x

    def scalar(self, node: Node) -> Any:
        """A number, TRUE/FALSE or text; a reference to one cell gives that cell's cached value."""
        tag = node[0]
        if tag == "num":
            return self.number(node[1])
        if tag in ("bool", "text"):
            return node[1]
        if tag == "ref":
            ref: Ref = node[1]
            if ref.r1 != ref.r2 or ref.c1 != ref.c2:
                raise CannotKnow  # a range where one value is wanted: implicit intersection
            return self.cell(ref.grid, (ref.r1, ref.c1), blank=0.0)
        if tag == "neg":
            return self.number(-self.numeric(node[1]))
        if tag == "pos":
            return self.scalar(node[1])
        if tag == "pct":
            return self.number(self.numeric(node[1]) / 100)
        if tag == "bin":
            return self.binary(node[1], node[2], node[3])
        if tag == "call":
            return self.call(node[1], node[2])
        raise CannotKnow

    def cell(self, grid: Grid, pos: Pos, blank: Any) -> Any:
        if pos in grid.error_values or (not self.cached and pos in grid.formula_text):
            raise CannotKnow
        if pos not in grid.cells:
            return blank
        value = grid.cells[pos]
        if isinstance(value, bool | str):
            return value
        if isinstance(value, int | float):
            return self.number(float(value))
        raise CannotKnow  # a date or time: its serial number depends on the workbook's date system

    def numeric(self, node: Node) -> float:
        value = self.scalar(node)
        if isinstance(value, bool):
            return 1.0 if value else 0.0
        if isinstance(value, float):
            return value
        raise CannotKnow  # text in arithmetic: Excel may convert it, or give #VALUE!

    def binary(self, op: str, left: Node, right: Node) -> Any:
        a, b = self.numeric(left), self.numeric(right)
        if op in COMPARISONS:
            return _compare(op, a, b)
        try:
            if op == "+":
                return self.number(a + b)
            if op == "-":
                return self.number(a - b)
            if op == "*":
                return self.number(a * b)
            if op == "/":
                return self.number(a / b)
            if op == "^":
                if a == 0 and b <= 0:
                    raise CannotKnow  # #NUM! or #DIV/0!
                result = a**b
                if isinstance(result, complex):
                    raise CannotKnow
                return self.number(float(result))
        except (ZeroDivisionError, OverflowError) as exc:
            raise CannotKnow from exc
        raise CannotKnow

    def numbers(self, args: list[Node]) -> list[float]:
        """The numbers SUM, AVERAGE, MIN and MAX count: every number of a range (text, TRUE/FALSE and blanks
        skipped, an error refused), and each other argument as a number."""
        out: list[float] = []
        for arg in args:
            if arg[0] == "ref":
                ref: Ref = arg[1]
                for pos in ref.positions():
                    value = self.cell(ref.grid, pos, blank=None)
                    if isinstance(value, float):
                        out.append(value)
            else:
                out.append(self.numeric(arg))
        return out

    def call(self, name: str, args: list[Node]) -> Any:
        if name in ("TRUE", "FALSE"):  # TRUE() as LibreOffice writes a typed TRUE
            if args:
                raise CannotKnow
            return name == "TRUE"
        if name == "IF":
            if len(args) not in (2, 3):
                raise CannotKnow
            if self.numeric(args[0]) != 0:
                return self.scalar(args[1])
            return self.scalar(args[2]) if len(args) == 3 else False
        if name in ("ROUND", "ABS"):
            if len(args) != (2 if name == "ROUND" else 1):
                raise CannotKnow
            x = self.numeric(args[0])
            return self.number(abs(x)) if name == "ABS" else self.number(_round(x, self.numeric(args[1])))
        if not args:
            raise CannotKnow
        values = self.numbers(args)
        if name == "SUM":
            total = 0.0
            for v in values:  # in order, as Excel adds them
                total += v
            self.number(math.fsum(abs(v) for v in values))  # the largest partial sum, for the tolerance
            return self.number(total)
        if name == "AVERAGE":
            if not values:
                raise CannotKnow  # #DIV/0!
            return self.number(math.fsum(values) / len(values))
        if name == "MIN":
            return min(values, default=0.0)
        if name == "MAX":
            return max(values, default=0.0)
        raise CannotKnow


def _fifteen(x: float) -> Decimal:
    """``x`` to the 15 significant digits Excel keeps."""
    return Decimal(f"{x:.15g}")


def _round(x: float, digits: float) -> float:
    """Excel's ROUND: half away from zero, on the 15 significant digits; digits truncated to a whole number.
    Cannot know when 14 and 15 significant digits round differently (the answer turns on the last digit)."""
    places = int(digits)
    if abs(places) > 15:
        raise CannotKnow
    quantum = Decimal(1).scaleb(-places)
    try:
        r15 = _fifteen(x).quantize(quantum, rounding=ROUND_HALF_UP)
        r14 = Decimal(f"{x:.14g}").quantize(quantum, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise CannotKnow from exc
    if r15 != r14:
        raise CannotKnow
    return float(r15)


def _compare(op: str, a: float, b: float) -> bool:
    if a != b and _close(a, b, max(abs(a), abs(b))):
        raise CannotKnow  # equal or not only in the last digits: Excel's own answer is not certain
    return {
        "=": a == b,
        "<>": a != b,
        "<": a < b,
        ">": a > b,
        "<=": a <= b,
        ">=": a >= b,
    }[op]


def _close(a: float, b: float, scale: float) -> bool:
    return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=scale * RELATIVE_TOLERANCE)


# ---- the public functions --------------------------------------------------------------------------


def _parse(text: str, sheets: SheetLookup, ods: bool) -> tuple[Node, list[Ref]]:
    if not text or len(text) > MAX_LENGTH:
        raise CannotKnow
    parser = _Parser(text, sheets, ods)
    try:
        node = parser.parse()
    except RecursionError as exc:
        raise CannotKnow from exc
    return node, parser.refs


def _circular(origin: tuple[int, Pos], refs: list[Ref], sheets_of: Callable[[Grid], SheetLookup], ods: bool) -> bool:
    """Whether the formula cell ``origin`` (id of its grid, position) is reached again through the formulas of
    the cells ``refs`` cover; True too (cannot tell) past MAX_CHAIN formula cells or MAX_STEPS cells looked at."""
    seen: set[tuple[int, Pos]] = set()
    todo = list(refs)
    steps = 0
    while todo:
        ref = todo.pop()
        for pos in ref.positions(only=ref.grid.formula_text):
            steps += 1
            key = (id(ref.grid), pos)
            if key == origin or steps > MAX_STEPS:
                return True
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_CHAIN:
                return True
            try:
                _, more = _parse(ref.grid.formula_text[pos], sheets_of(ref.grid), ods)
            except CannotKnow:
                continue  # its cached value is what counts; what it refers to is not known
            todo.extend(more)
    return False


def evaluate(
    formula: str, grid: Grid, pos: Pos, sheets: dict[str, Grid], *, ods: bool = False, cached: bool = True
) -> float | bool | str | None:
    """What ``formula`` computes — a number, TRUE/FALSE (=TRUE(), =D7>0, =IF(…;TRUE;FALSE)) or text — or None
    when that can't be known; arguments as for ``recompute``. Never raises."""
    result = _evaluate(formula, grid, pos, sheets, ods=ods, cached=cached)
    return None if result is None else result[0]


def recompute(
    formula: str, grid: Grid, pos: Pos, sheets: dict[str, Grid], *, ods: bool = False, cached: bool = True
) -> tuple[float, float] | None:
    """What ``formula`` (its text without "=", as the reader gives it) in cell ``pos`` of ``grid`` computes from
    the cached values of the cells it refers to — a referenced cell that holds a formula too counts with its
    cached value, not recomputed — and the largest magnitude met on the way; None when that can't be known (see
    the module docstring). ``sheets`` are the workbook's grids by sheet name, for references to
    another sheet; ``ods`` reads references in the OpenFormula spelling of an .ods file; ``cached=False``: the
    workbook's cached formula values were written by a program, never computed (``Book.recalc_on_load``), so a
    referenced cell holding a formula can't be known either. Never raises."""
    result = _evaluate(formula, grid, pos, sheets, ods=ods, cached=cached)
    if result is None or isinstance(result[0], bool) or not isinstance(result[0], float):
        return None
    return result[0], max(result[1], abs(result[0]))


def _evaluate(
    formula: str, grid: Grid, pos: Pos, sheets: dict[str, Grid], *, ods: bool, cached: bool
) -> tuple[float | bool | str, float] | None:
    """(what ``formula`` computes, the largest magnitude met), or None when it can't be known."""
    by_key = {_sheet_key(name): g for name, g in sheets.items()}

    def sheets_of(own: Grid) -> SheetLookup:
        def lookup(name: str | None) -> Grid | None:
            return own if name is None else sheets.get(name, by_key.get(_sheet_key(name)))

        return lookup

    try:
        node, refs = _parse(formula.strip().removeprefix("="), sheets_of(grid), ods)
        if _circular((id(grid), pos), refs, sheets_of, ods):
            return None
        evaluator = _Evaluator(cached)
        value = evaluator.scalar(node)
    except (CannotKnow, RecursionError):
        return None
    if not isinstance(value, bool | float | str):
        return None
    return value, evaluator.largest


def stale(
    formula: str, cached: float, grid: Grid, pos: Pos, sheets: dict[str, Grid], *, ods: bool = False
) -> float | None:
    """What the formula computes when its cached value ``cached`` differs from it beyond what Excel's 15
    significant digits allow (RELATIVE_TOLERANCE of the largest number met, so 0,1+0,2-0,3 is 0); None when the
    cached value is current or what the formula computes can't be known. Arguments as for ``recompute``."""
    result = recompute(formula, grid, pos, sheets, ods=ods)
    if result is None or not math.isfinite(cached):
        return None
    value, largest = result
    if _close(value, cached, max(largest, abs(cached))):
        return None
    return value


def _sheet_key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()

"""An input number read as the person sees it, or refused: percent formats, scaling formats, stale formulas.

- Percent format in a percent row: Excel stores 0,985 and shows 98,5% → read 98,5 (information finding).
- Percent format in a count or money row: the person sees a different number than is stored → error.
- A format that scales the display ("#,##0," shows 83000000 as 83000): error naming both numbers.
- A formula of constants whose cached value differs from what it computes (not recalculated): error.
Source: issue 8 §2; number formats per ECMA-376 Part 1 §18.8.31.
"""

from __future__ import annotations

import ast
import math
import operator
from decimal import Decimal
from typing import Any

from cchc_cli.reading import Grid
from cchc_cli.reading.formats import classify
from cchc_cli.validation.values import _vn

NUMBER_KINDS = frozenset({"count", "money", "percent"})

Shown = tuple[Any, str | None, dict[str, Any]]  # (value to read, finding code or None, message fields)


def as_displayed(grid: Grid, row: int, col: int, raw: Any, kind: str) -> Shown | None:
    """None when the stored value is what the person sees; else what to read instead (None = refuse)."""
    pos = (row, col)
    if kind not in NUMBER_KINDS or type(raw) is not float:
        return None
    formula = grid.formula_text.get(pos)
    if formula:
        stale = _stale(formula, raw)
        if stale is not None:
            return None, "cong-thuc-gia-tri-cu", {"formula": formula, "expected": stale, "seen": _vn(raw)}
    style = grid.styles.get(pos)
    if style is None:
        return None
    code = grid.number_formats.get(style)
    if code is None:
        return None
    info = classify(code)
    if not math.isfinite(raw):
        return None
    if info.kind == "percent":
        shown = float(Decimal(repr(raw)) * 100)
        fields = {"stored": _vn(raw), "shown": _vn(shown), "value": _vn(shown) + "%"}
        if kind == "percent":
            return shown, "doc-theo-phan-tram", fields
        return None, "phan-tram-sai-cho", fields
    if info.scale:
        divisor = 1000**info.scale
        shown_value = Decimal(repr(raw)) / divisor
        fields = {
            "stored": _vn(raw),
            "shown": _vn(float(round(shown_value))) if shown_value >= 1 else _vn(float(shown_value)),
            "format": code,
            "divisor": _vn(divisor),
            "value": _vn(raw),
        }
        return None, "dinh-dang-thu-nho", fields
    return None


_OPS: dict[type, Any] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def _stale(formula: str, cached: float) -> str | None:
    """What a constant-only formula ("30+7") computes, when that differs from its cached value; else None."""
    text = formula.strip().lstrip("=")
    if not text or len(text) > 200 or any(ch.isalpha() or ch in "$!:'\"[" for ch in text):
        return None  # references, functions, names: what they compute is not known here
    try:
        tree = ast.parse(text, mode="eval")
        value = _eval(tree.body)
    except (SyntaxError, ValueError, ZeroDivisionError, OverflowError, RecursionError, MemoryError):
        return None
    if value is None or not math.isfinite(value):
        return None
    if math.isclose(value, cached, rel_tol=1e-9, abs_tol=1e-9):
        return None
    return _vn(float(value))


def _eval(node: ast.AST) -> float | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = _eval(node.operand)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        left, right = _eval(node.left), _eval(node.right)
        if left is None or right is None:
            return None
        return float(_OPS[type(node.op)](left, right))
    return None

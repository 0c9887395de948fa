"""The limits of a value kind: numbers no count or sum of money reaches, text longer than a cell holds.

A count above 10^12 (a thousand billion) or a sum of money above 10^15 đồng is not a figure a unit reports;
such values (1e300, non-finite) are refused before they reach the master, where summing them would overflow.
Excel holds at most 32,767 characters in a cell (Excel specifications and limits).
"""

from __future__ import annotations

import math
from typing import Any

from cchc_cli.validation.values import _vn

LIMITS = {"count": 10**12, "money": 10**15, "percent": 100}
MAX_TEXT = 32_767


def over_limit(value: Any, kind: str) -> tuple[str, dict[str, Any]] | None:
    """(finding code, message fields) when ``value`` is beyond what ``kind`` allows; None when it is fine."""
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            return "van-ban-qua-dai", {"length": _vn(len(value)), "limit": _vn(MAX_TEXT)}
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    limit = LIMITS.get(kind)
    if isinstance(value, float) and not math.isfinite(value):
        return "so-qua-lon", {"seen": _vn(value), "limit": "số hữu hạn"}
    if limit is not None and abs(value) > limit:
        seen = f"{float(value):.3g}".replace(".", ",") if abs(value) >= 1e18 else _vn(value)
        return "so-qua-lon", {"seen": seen, "limit": f"tối đa {_vn(limit)}", "value": seen}
    return None

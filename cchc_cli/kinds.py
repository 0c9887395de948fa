"""One spec per value kind (count, percent, money, flag, grade, text): everything a kind means, in one place.

A ``KindSpec`` says what the clerk is told (``label``, the guide sheet's ``guide`` line, ``noun``: how a message
names a cell of the kind, "ô {noun}"), the template cell's
data-validation prompt (``validation``, XlsxWriter's dict) and number format (``cell_format``), the
master's number format (``total_format``), how a typed cell is read (``parse``, the Vietnamese-way parser of
validation/values.py), the hint a value finding gives (``hint``) and how far a value may plausibly go
(``plausible``, overridden per indicator by the schema's ``plausible:``; see ``plausible_for``). Templates
(workbook/layout.py and writer.py), validation (engine, checks), annotation and the master (merge/workbook.py)
all read it here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cchc_cli.schema.model import NUMERIC_KINDS, Indicator, Plausible
from cchc_cli.validation.values import Parsed, parse_cell


@dataclass(frozen=True)
class KindSpec:
    name: str  # the schema's ValueKind value
    label: str  # short description of what the cell takes
    noun: str  # what a message calls a cell of this kind: "ô {noun}" (ô số lượng, ô số tiền …)
    hint: str  # what to type, as a value finding's hint says it ("Chỉ nhập {kind_hint}, …")
    validation: dict[str, Any]  # XlsxWriter data_validation options (Excel: titles ≤ 32, messages ≤ 255 chars)
    cell_format: dict[str, Any] = field(default_factory=dict)  # XlsxWriter format of the input cell
    guide: str | None = None  # the guide sheet's line about this kind (None: nothing to say)
    total_format: str | None = None  # number format of district figures in the master
    plausible: Plausible | None = None  # default plausibility bounds (validation/checks/plausible_*.py)

    @property
    def numeric(self) -> bool:
        """A number kind (count, percent, money): summed, compared by rules, shown with a number format."""
        return self.name in NUMERIC_KINDS

    def parse(self, raw: object, *, formula: bool = False, error: bool = False) -> Parsed:
        """The cell's value read as this kind (see validation/values.parse_cell); never raises."""
        return parse_cell(raw, self.name, formula=formula, error=error)


_INVALID = "Giá trị không hợp lệ"


def _choice(
    name: str,
    label: str,
    noun: str,
    options: list[str],
    *,
    title: str,
    prompt: str,
    guide: str,
    picked: bool = False,
) -> KindSpec:
    """A kind whose cell takes one of a few ``options`` (flag, grade): an in-cell list, centred. ``picked``: the
    clerk chooses from the list rather than typing (the hint and the error message say so)."""
    return KindSpec(
        name=name,
        label=label,
        noun=noun,
        hint=f"{label} (chọn trong danh sách)" if picked else label,
        validation={
            "validate": "list",
            "source": options,
            "input_title": title,
            "input_message": prompt,
            "error_title": _INVALID,
            "error_message": f"Chỉ {'chọn' if picked else 'nhập'} {label}.",
        },
        cell_format={"align": "center"},
        guide=guide,
    )


SPECS: dict[str, KindSpec] = {
    "count": KindSpec(
        name="count",
        label="số nguyên ≥ 0",
        noun="số lượng",
        hint="số nguyên không âm, ví dụ 1234 (không phát sinh thì ghi 0)",
        validation={
            "validate": "integer",
            "criteria": ">=",
            "value": 0,
            "input_title": "Số lượng (số nguyên ≥ 0)",
            "input_message": "Nhập số nguyên không âm, ví dụ 125. Không phát sinh thì ghi 0; chỉ để trống khi "
            "không có số liệu và ghi lý do ở cột Ghi chú.",
            "error_title": _INVALID,
            "error_message": "Ô này chỉ nhận số nguyên từ 0 trở lên, không kèm chữ hay đơn vị tính.",
        },
        cell_format={"num_format": "#,##0", "align": "right"},
        guide='Số lượng: nhập số nguyên không âm, không kèm chữ hoặc đơn vị (ví dụ 1234, không ghi "1.234 hồ sơ").',
        total_format="#,##0",
        # A count 20 times the unit's other years (a digit or two too many) is worth a second look.
        plausible=Plausible(max_ratio=20, min_base=50),
    ),
    "percent": KindSpec(
        name="percent",
        label="tỷ lệ % từ 0 đến 100",
        noun="tỷ lệ",
        hint="số từ 0 đến 100, ví dụ 98,5",
        validation={
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": 100,
            "input_title": "Tỷ lệ % (từ 0 đến 100)",
            "input_message": "Nhập số từ 0 đến 100, ví dụ 98,5. Không nhập dấu % và không nhập dạng 0,985.",
            "error_title": "Tỷ lệ không hợp lệ",
            "error_message": "Tỷ lệ phải là số từ 0 đến 100, ví dụ 98,5.",
        },
        cell_format={"num_format": "0.0#", "align": "right"},
        guide="Tỷ lệ (%): nhập số từ 0 đến 100, có thể có phần thập phân (ví dụ 98,5); không nhập dấu % "
        "và không nhập dạng 0,985.",
        total_format="0.0#",
    ),
    "money": KindSpec(
        name="money",
        label="số tiền ≥ 0",
        noun="số tiền",
        hint="số tiền theo đơn vị ở cột Đơn vị tính, ví dụ 150 hoặc 12,5",
        validation={
            "validate": "decimal",
            "criteria": ">=",
            "value": 0,
            "input_title": "Kinh phí",
            "input_message": "Nhập số tiền theo đơn vị ở cột Đơn vị tính{money}, ví dụ 150 hoặc 12,5.",
            "error_title": _INVALID,
            "error_message": "Kinh phí phải là số không âm, không kèm chữ hay đơn vị tính.",
        },
        cell_format={"num_format": "#,##0.###", "align": "right"},
        guide="Kinh phí: nhập số tiền theo đơn vị ghi ở cột Đơn vị tính{money}.",  # {money}: " (triệu đồng)", from uom
        total_format="#,##0.0#",
        # In triệu đồng: 100.000 is 100 tỷ đồng a year, far above any unit's CCHC budget; an amount typed in
        # đồng ("12.500.000") lands far above it.
        plausible=Plausible(min=0, max=100_000, max_ratio=20, min_base=50),
    ),
    "flag": _choice(
        "flag",
        "x (có) hoặc 0 (không)",
        "có/không",
        ["x", "0"],
        title="Có/không",
        prompt="Ghi x nếu có, 0 nếu không.",
        guide="Ô có/không: ghi x nếu có, 0 nếu không.",
    ),
    "grade": _choice(
        "grade",
        "Đạt hoặc Không đạt",
        "tự đánh giá",
        ["Đạt", "Không đạt"],
        title="Tự đánh giá",
        prompt="Chọn Đạt hoặc Không đạt trong danh sách; ghi căn cứ đánh giá ở cột Ghi chú.",
        guide="Ô tự đánh giá: chọn Đạt hoặc Không đạt trong danh sách; ghi căn cứ đánh giá ở cột Ghi chú.",
        picked=True,
    ),
    "text": KindSpec(
        name="text",
        label="chữ",
        noun="ghi bằng chữ",
        hint="nội dung bằng chữ, không quá 1000 ký tự",
        validation={
            "validate": "length",
            "criteria": "<=",
            "value": 1000,
            "input_title": "Ghi bằng chữ",
            "input_message": "Mô tả ngắn gọn (không quá 1000 ký tự).",
            "error_title": "Quá dài",
            "error_message": "Nội dung không quá 1000 ký tự.",
        },
    ),
}


_BOUNDS: dict[int, tuple[Indicator, Plausible | None]] = {}  # id(indicator) → (indicator, its bounds)


def plausible_for(indicator: Indicator) -> Plausible | None:
    """The plausibility bounds of an indicator: its kind's defaults, each key the schema sets overriding them
    (a key set to null switches that bound off). None when neither gives any bound.

    Computed once per indicator object (the cache holds the indicator, so its id is never reused).
    """
    cached = _BOUNDS.get(id(indicator))
    if cached is not None and cached[0] is indicator:
        return cached[1]
    bounds = _plausible_for(indicator)
    if len(_BOUNDS) > 100_000:
        _BOUNDS.clear()
    _BOUNDS[id(indicator)] = (indicator, bounds)
    return bounds


def _plausible_for(indicator: Indicator) -> Plausible | None:
    base = SPECS[str(indicator.kind)].plausible if str(indicator.kind) in SPECS else None
    own = indicator.plausible
    if base is None and own is None:
        return None
    merged = base.model_dump() if base is not None else {}
    if own is not None:
        merged.update({k: getattr(own, k) for k in own.model_fields_set})
    bounds = Plausible(**merged)
    return bounds if any(v is not None for k, v in merged.items() if k != "min_base") else None


def spec(kind: str) -> KindSpec:
    """The spec of a value kind by name (``ValueKind`` values compare equal); KeyError for heading/unknown."""
    return SPECS[str(kind)]

"""Where every label, input and formula of a unit's workbook goes.

The layout is computed from the schema and a unit code alone, so the validator can rebuild it to know
which cell holds which indicator and period, and to check that a returned workbook's structure is intact.
Its hash is part of the fingerprint written into each template. The guide sheet is laid out here; each section's
sheet by the section's shape (cchc_cli.shapes), from the cells and title rows defined here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from xlsxwriter.utility import xl_rowcol_to_cell

from cchc_cli.kinds import SPECS
from cchc_cli.schema import words
from cchc_cli.schema.model import Indicator, Schema, Section, Unit
from cchc_cli.textutil import label_key, slug

TEMPLATE_VERSION = "1"
GUIDE_SHEET = "Hướng dẫn"
FINGERPRINT_SHEET = "_cchc"
FINGERPRINT_MARKER = "cchc-bieu-mau"

Role = Literal["title", "header", "label", "input", "formula", "note", "contact"]

CONTACT_FIELDS: tuple[tuple[str, str], ...] = (
    ("nguoi_lap", "Người lập biểu"),
    ("chuc_vu", "Chức vụ"),
    ("dien_thoai", "Điện thoại"),
    ("email", "Thư điện tử"),
    ("ngay_lap", "Ngày lập biểu"),
    ("thu_truong", "Thủ trưởng đơn vị"),
)


@dataclass(frozen=True)
class Cell:
    row: int  # 0-based, as XlsxWriter counts
    col: int
    role: Role
    text: str = ""
    style: str = ""
    indicator: str | None = None
    period: str | None = None
    kind: str | None = None
    formula: str | None = None
    key: str | None = None  # note: indicator id or "table:period"; contact: field id

    @cached_property
    def ref(self) -> str:
        return xl_rowcol_to_cell(self.row, self.col)


@dataclass
class SheetLayout:
    name: str
    kind: Literal["guide", "section"]
    section: str | None
    cells: list[Cell] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    col_widths: list[float] = field(default_factory=list)
    repeat_rows: tuple[int, int] | None = None
    freeze: tuple[int, int] | None = None
    last_col: int = 0

    def add(self, cell: Cell) -> Cell:
        self.cells.append(cell)
        self.last_col = max(self.last_col, cell.col)
        return cell

    # ---- what the validator compares, computed once per layout --------------------------------------
    @cached_property
    def label_checks(self) -> list[tuple[Cell, str]]:
        """Label and header cells with text, each with its matching key."""
        return [(c, label_key(c.text)) for c in self.cells if c.role in ("label", "header") and c.text]

    @cached_property
    def free_cells(self) -> frozenset[tuple[int, int]]:
        """Positions where a value may stand: inputs, notes, contact, formulas, labels and covered merges."""
        taken = {(c.row, c.col) for c in self.cells if c.role != "label" or c.text}
        covered = {(r, c) for r1, c1, r2, c2 in self.merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        return frozenset(taken | covered)

    def title(self, row: int, text: str, style: str, last_col: int) -> None:
        self.add(Cell(row, 0, "title", text=text, style=style))
        if last_col > 0:
            self.merges.append((row, 0, row, last_col))


@dataclass
class WorkbookLayout:
    schema_id: str
    schema_version: str
    unit: Unit
    sheets: list[SheetLayout]
    template_version: str = TEMPLATE_VERSION
    layout_hash: str = ""
    file_prefix: str = "BM"  # set from the schema (words.file_prefix) by build_layout

    @property
    def file_name(self) -> str:
        return f"{self.file_prefix}_{self.unit.code}_{slug(self.unit.name)}.xlsx"

    def cells(self, role: str) -> list[tuple[SheetLayout, Cell]]:
        return [(sh, c) for sh in self.sheets for c in sh.cells if c.role == role]

    @cached_property
    def indicator_ids(self) -> list[str]:
        """Indicators this unit types a value for, in workbook order."""
        return list(dict.fromkeys(c.indicator for _, c in self.cells("input") if c.indicator))

    @cached_property
    def value_cells(self) -> dict[tuple[str, str], tuple[str, str]]:
        """(indicator, period) → (sheet, A1) of every input and formula cell."""
        return {
            (c.indicator, c.period): (sh.name, c.ref)
            for sh in self.sheets
            for c in sh.cells
            if c.role in ("input", "formula") and c.indicator and c.period
        }

    def fingerprint(self) -> dict[str, str]:
        return {
            "marker": FINGERPRINT_MARKER,
            "schema_id": self.schema_id,
            "schema_version": self.schema_version,
            "unit_code": self.unit.code,
            "unit_name": self.unit.name,
            "template_version": self.template_version,
            "layout_hash": self.layout_hash,
        }


def hash_sheets(sheets: list[SheetLayout]) -> str:
    """What the validator relies on: positions, roles, labels, indicators, periods, kinds, formulas.

    Styles and titles are left out, so a cosmetic change does not turn returned templates away.
    """
    return hash_text(hash_payload(sheets))


def hash_text(payload: str) -> str:
    """The layout hash of a payload made by :func:`hash_payload`."""
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def hash_payload(sheets: list[SheetLayout]) -> str:
    """The canonical JSON text the layout hash is computed from (see :func:`hash_sheets`)."""
    payload = [
        {
            "name": sh.name,
            "kind": sh.kind,
            "cells": [
                [c.row, c.col, c.role, c.text, c.indicator, c.period, c.kind, c.formula, c.key]
                for c in sh.cells
                if c.role != "title"
            ],
        }
        for sh in sheets
    ]
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _included(schema: Schema, section: Section, unit_code: str) -> list[Indicator]:
    """The unit's own rows of a section, its derived rows, and the ancestors that give them context."""
    own = {i.id for i in schema.indicators_for_unit(unit_code) if i.section == section.id}
    for ind in schema.indicators:
        if ind.section == section.id and ind.derive is not None:
            parts = {ind.derive.ratio.numerator, ind.derive.ratio.denominator}
            if parts <= own:
                own.add(ind.id)
    keep = set(own)
    for ind_id in own:
        cur = schema.indicator_by_id[ind_id]
        while cur.parent:
            keep.add(cur.parent)
            cur = schema.indicator_by_id[cur.parent]
    return [i for i in schema.indicators if i.id in keep]


def depth(schema: Schema, ind: Indicator) -> int:
    """How many parents an indicator has (0 for a top row)."""
    depth, cur = 0, ind
    while cur.parent:
        depth += 1
        cur = schema.indicator_by_id[cur.parent]
    return depth


def section_head(sheet: SheetLayout, schema: Schema, unit: Unit, section: Section, last_col: int) -> int:
    """The title rows every section sheet starts with (annex, plan, unit, section), merged to ``last_col``;
    returns the next free 0-based row."""
    c = schema.campaign
    sheet.title(0, f"{c.annex.upper()}. {c.annex_title.upper()}", "title", last_col)
    sheet.title(
        1,
        f"(Kèm theo Kế hoạch số {c.plan_number} ngày {c.plan_date:%d/%m/%Y} của {c.issuing_body_short})",
        "subtitle",
        last_col,
    )
    sheet.add(Cell(2, 0, "label", text=f"Đơn vị báo cáo: {unit.name}", style="unit"))
    sheet.merges.append((2, 0, 2, last_col))
    sheet.title(3, f"{section.number}. {section.title}", "section", last_col)
    return 4


def _guide_sheet(schema: Schema, unit: Unit, sections: list[tuple[Section, list[Indicator]]]) -> SheetLayout:
    c = schema.campaign
    collector = schema.unit_by_code[c.collector]
    kinds = {i.kind for _, rows in sections for i in rows}
    sheet = SheetLayout(GUIDE_SHEET, "guide", None, col_widths=[26, 96])
    sheet.title(0, f"BIỂU MẪU BÁO CÁO – {c.annex.upper()}", "title", 1)
    sheet.title(1, c.annex_title, "subtitle_bold", 1)
    sheet.title(
        2,
        f"(Kèm theo Kế hoạch số {c.plan_number} ngày {c.plan_date:%d/%m/%Y} của {c.issuing_body_short})",
        "subtitle",
        1,
    )
    info = [
        ("Đơn vị báo cáo", unit.name),
        ("Mã đơn vị", unit.code),
        ("Hạn gửi báo cáo", f"{c.deadline_text[:1].upper()}{c.deadline_text[1:]}"),
        ("Gửi về", f"{collector.name} – {c.issuing_body_short}"),
        ("Đợt báo cáo", c.title),
    ]
    r = 4
    for label, value in info:
        sheet.add(Cell(r, 0, "label", text=label, style="guide_key"))
        sheet.add(Cell(r, 1, "label", text=value, style="guide_value_bold" if r == 4 else "guide_value"))
        r += 1
    r += 1
    sheet.title(r, "TỆP GỒM CÁC TRANG", "guide_heading", 1)
    for sec, _ in sections:
        r += 1
        sheet.add(Cell(r, 0, "label", text=sec.sheet, style="guide_key"))
        sheet.add(Cell(r, 1, "label", text=f"{sec.number}. {sec.title}", style="guide_value"))
    r += 2
    sheet.title(r, "CÁCH ĐIỀN", "guide_heading", 1)
    steps = [
        "Chỉ nhập vào các ô nền vàng. Các ô khác đã được khóa (khóa trang tính, không đặt mật khẩu) để tránh "
        "sửa nhầm cấu trúc; không chèn, xóa dòng, cột và không đổi tên các trang.",
        "Không phát sinh thì ghi 0. Chỉ để trống khi không có số liệu, và khi đó ghi rõ lý do ở cột Ghi chú "
        "của dòng đó. Ô trống không được hiểu là 0.",
    ]
    partial = [p for p in schema.periods if p.partial and any(p.id in sec.periods for sec, _ in sections)]
    steps += [words.partial_notice(p) for p in partial] or ["Ghi số liệu đúng kỳ báo cáo ghi ở đầu mỗi cột."]
    money = words.money_units(schema, [i for _, rows in sections for i in rows])
    steps += [
        k.guide.format(money=f" ({money})" if money else "") if k.name == "money" else k.guide
        for k in SPECS.values()
        if k.guide and k.name in kinds
    ]
    if any(i.derive is not None for _, rows in sections for i in rows):
        steps.append(
            "Ô nền xanh là tỷ lệ được tính tự động từ các số đã nhập (ví dụ tỷ lệ hồ sơ đúng hẹn = số "
            "hồ sơ trả đúng hẹn / số hồ sơ đã tiếp nhận × 100); không cần nhập."
        )
    steps.append(
        f"Điền thông tin người lập biểu ở cuối trang này, lưu tệp (giữ định dạng .xlsx) và gửi về "
        f"{collector.name} {c.deadline_text}. Có thể đổi tên tệp; không sao chép số liệu sang tệp khác."
    )
    for k, step in enumerate(steps, start=1):
        r += 1
        sheet.add(Cell(r, 0, "label", text=f"{k}.", style="guide_num"))
        sheet.add(Cell(r, 1, "label", text=step, style="guide_step"))
    r += 2
    sheet.title(r, "THÔNG TIN NGƯỜI LẬP BIỂU (đơn vị điền)", "guide_heading", 1)
    for key, label in CONTACT_FIELDS:
        r += 1
        sheet.add(Cell(r, 0, "label", text=label, style="guide_key"))
        sheet.add(Cell(r, 1, "contact", style="in_contact", key=key))
    return sheet


def build_layout(schema: Schema, unit_code: str, *, shown: Unit | None = None) -> WorkbookLayout:
    """The full layout of one unit's template; its sheets list is empty when the unit reports nothing.

    ``shown``: the unit whose name and code the template carries, when not the unit whose rows it has (a
    stand-in unit for a layout shared by many communes, see workbook/stamp.py).
    """
    unit = shown or schema.unit_by_code[unit_code]
    own = {i.id for i in schema.indicators_for_unit(unit_code)}
    chosen: list[tuple[Section, list[Indicator]]] = []
    for section in schema.sections:
        rows = _included(schema, section, unit_code)
        if any(unit_code in schema.reporting_units.get(i.id, []) for i in rows):
            chosen.append((section, rows))
    sheets: list[SheetLayout] = []
    if chosen:
        sheets.append(_guide_sheet(schema, unit, chosen))
        from cchc_cli.shapes import shape_of  # here: the shape modules build on this module's Cell and SheetLayout

        for section, rows in chosen:
            sheets.append(shape_of(section).sheet(schema, unit, section, rows, own))
    layout = WorkbookLayout(schema.meta.id, schema.meta.version, unit, sheets, file_prefix=words.file_prefix(schema))
    layout.layout_hash = hash_sheets(sheets)
    return layout

"""The master workbook (tong-hop.xlsx) and the long CSV, written from MasterData; and reading it back.

Sheets: Tổng hợp (district figures, Phụ lục 2 layout) · Theo đơn vị (one column per unit) · Dữ liệu (long
table with provenance) · Tình trạng nộp · Kiểm tra chéo · Nguồn; plus a hidden sheet holding the same data as
JSON so `cchc render-report --data tong-hop.xlsx` can rebuild it exactly.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from python_calamine import CalamineWorkbook
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from cchc_cli.errors import CchcError, os_reason
from cchc_cli.fsutil import replace_together
from cchc_cli.kinds import SPECS
from cchc_cli.merge.model import DATA_SHEET, DistrictValue, MasterData, SourceFile, UnitStatus
from cchc_cli.numfmt import vi_number
from cchc_cli.reminders import ERRORS, LATE, MISSING, STATE_LABELS, UNUSABLE
from cchc_cli.schema.model import Indicator, Schema, Section
from cchc_cli.schema.words import whole_area
from cchc_cli.shapes import shape_of
from cchc_cli.status import VN_TIME, states_of
from cchc_cli.validation.findings import SEVERITY_VI, Finding
from cchc_cli.workbook.writer import estimate_lines, template_time

CHUNK = 30_000  # characters per cell (Excel allows 32,767)
FONT = "Times New Roman"
NUM_FORMATS = {name: k.total_format for name, k in SPECS.items() if k.total_format}
INCOMPLETE_FILL = "#FCE4D6"
HEADER_FILL = "#D9E1F2"

#: Printing on A4: margins (inches). A sheet whose columns fit a portrait page prints portrait, a wider one
#: landscape; both fitted to the page width (as many pages tall as it takes). A sheet with key columns repeated
#: on every page (Theo đơn vị: the indicator) that one page would shrink below MIN_FIT_SCALE (text under ~8 pt)
#: is fitted to as few pages wide as keep it readable instead.
MARGINS = {"left": 0.5, "right": 0.4, "top": 0.6, "bottom": 0.6}
PAGE_WIDTH_INCHES = {"portrait": 8.27, "landscape": 11.69}
PX_PER_CHAR = 8.1  # a column's printed width per character of its width (LibreOffice, Times New Roman 11 pt)
MIN_FIT_SCALE = 0.75

# Column widths (characters) of the sheets a specialist prints; row heights are estimated from the same.
SUMMARY_TEXT, SUMMARY_PERIOD, SUMMARY_NOTE = 46, 10.5, 28
STATUS_WIDTHS = [7, 22, 14, 6, 20, 15, 8, 6, 5, 8, 8, 14, 24]
CROSS_WIDTHS = [9, 14, 30, 14, 22, 42, 34]


def print_layout(widths: Sequence[float], key_columns: int = 0) -> tuple[str, int]:
    """How a sheet with columns ``widths`` (characters) prints on A4: ("portrait" or "landscape", pages wide).
    ``key_columns``: the first columns, repeated on every page across (0: the sheet is always one page wide).
    See MARGINS."""
    need = sum(widths) * PX_PER_CHAR
    room = {k: (inches - MARGINS["left"] - MARGINS["right"]) * 96 for k, inches in PAGE_WIDTH_INCHES.items()}
    if need <= room["portrait"]:
        return "portrait", 1
    readable = room["landscape"] / MIN_FIT_SCALE
    if not key_columns or need <= readable:
        return "landscape", 1
    key = sum(widths[:key_columns]) * PX_PER_CHAR
    rest = need - key
    return "landscape", max(1, math.ceil(rest / max(readable - key, 1.0)))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return vi_number(value)
    return str(value)


def _names(master: MasterData, codes: list[str]) -> str:
    by_code = master.schema.unit_by_code
    return ", ".join(by_code[c].name for c in codes)


class _Book:
    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        base = {"font_name": FONT, "font_size": 11, "valign": "top", "text_wrap": True}
        box = {**base, "border": 1, "border_color": "#808080"}
        self.f = {
            "title": wb.add_format({**base, "bold": True, "font_size": 13, "align": "center"}),
            "sub": wb.add_format({**base, "italic": True, "align": "center"}),
            "section": wb.add_format({**base, "bold": True, "font_size": 12}),
            "header": wb.add_format(
                {**box, "bold": True, "align": "center", "valign": "vcenter", "bg_color": HEADER_FILL}
            ),
            "text": wb.add_format(box),
            "bold": wb.add_format({**box, "bold": True}),
            "center": wb.add_format({**box, "align": "center"}),
            "plain": wb.add_format(base),
            "total": wb.add_format({**base, "bold": True}),
        }
        self.num: dict[tuple[str, bool], Any] = {}
        for kind, fmt in NUM_FORMATS.items():
            for incomplete in (False, True):
                spec = {**box, "num_format": fmt, "align": "right"}
                if incomplete:
                    spec |= {"bg_color": INCOMPLETE_FILL, "italic": True}
                self.num[(kind, incomplete)] = wb.add_format(spec)
        self.num[("other", False)] = wb.add_format({**box, "align": "center"})
        self.num[("other", True)] = wb.add_format(
            {**box, "align": "center", "bg_color": INCOMPLETE_FILL, "italic": True}
        )

    def sheet(self, name: str, widths: Sequence[float], key_columns: int = 0) -> Worksheet:
        ws = self.wb.add_worksheet(name)
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        ws.set_paper(9)  # A4
        orientation, wide = print_layout(widths, key_columns)
        if orientation == "landscape":
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.fit_to_pages(wide, 0)  # to the page width, as many pages tall as it takes
        if key_columns:
            ws.repeat_columns(0, key_columns - 1)
        ws.set_margins(**MARGINS)
        ws.set_footer(f'&C&"{FONT}"&9{name} – trang &P/&N')
        return ws

    def value(self, ws: Worksheet, row: int, col: int, value: Any, kind: str, incomplete: bool) -> None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            ws.write_number(row, col, value, self.num[(kind if kind in NUM_FORMATS else "other", incomplete)])
        elif value is None:
            ws.write_blank(row, col, None, self.num[("other", incomplete)])
        else:
            ws.write_string(row, col, str(value), self.num[("other", incomplete)])

    def header(self, ws: Worksheet, row: int, titles: list[str]) -> None:
        for col, title in enumerate(titles):
            ws.write_string(row, col, title, self.f["header"])


def _fit(ws: Worksheet, row: int, text: str, width: float, minimum: str = "") -> None:
    """Row height that shows a wrapped text whole (no office suite grows rows on opening)."""
    lines = max(estimate_lines(text, width), estimate_lines(minimum, SUMMARY_TEXT) if minimum else 1)
    if lines > 1:
        ws.set_row(row, 15 * lines + 2)


def _rows(schema: Schema, section: Section) -> list[Indicator]:
    return [i for i in schema.indicators if i.section == section.id]


def _district_cell(book: _Book, ws: Worksheet, row: int, col: int, master: MasterData, ind: Indicator, per: str) -> str:
    """Write one district figure; return a note for the Ghi chú column when it is incomplete or disputed."""
    dv = master.value(ind.id, per)
    incomplete = not dv.complete and bool(dv.missing)
    book.value(ws, row, col, dv.value, ind.kind.value, incomplete)
    label = master.schema.period_by_id[per].label
    notes = []
    if incomplete:
        missing = _names(master, dv.missing)
        ws.write_comment(row, col, f"Chưa đủ số liệu: thiếu {missing}.", {"x_scale": 2, "y_scale": 1.5})
        notes.append(f"{label}: thiếu {missing}")
    if dv.note:
        notes.append(f"{label}: {dv.note}")
    return "; ".join(notes)


@dataclass
class SummarySheet:
    """The Tổng hợp sheet as a section shape writes a section into it (cchc_cli.shapes: ``write_master``).

    ``last``: the 0-based last column of the frame (STT, text, unit, the widest section's periods, notes);
    ``f``: the sheet's cell formats by name (center, text, bold, total …).
    """

    book: _Book
    ws: Worksheet
    master: MasterData
    last: int
    #: column widths (characters) of the frame's text, period and notes columns, to size rows by
    text_width: float = SUMMARY_TEXT
    period_width: float = SUMMARY_PERIOD
    note_width: float = SUMMARY_NOTE

    @property
    def f(self) -> dict[str, Any]:
        return self.book.f

    def header(self, row: int, titles: list[str]) -> None:
        """A header row from column 0."""
        self.book.header(self.ws, row, titles)

    def rows(self, section: Section) -> list[Indicator]:
        """The section's indicators in schema order."""
        return _rows(self.master.schema, section)

    def district_cell(self, row: int, col: int, ind: Indicator, per: str) -> str:
        """Write one district figure; the note for the Ghi chú column ("" when complete and undisputed)."""
        return _district_cell(self.book, self.ws, row, col, self.master, ind, per)

    def fit(self, row: int, text: str, width: float, minimum: str = "") -> None:
        """Row height that shows ``text`` whole in a column ``width`` characters wide."""
        _fit(self.ws, row, text, width, minimum)

    def names(self, codes: list[str]) -> str:
        """Unit names of ``codes``, comma-separated."""
        return _names(self.master, codes)


def _summary_sheet(book: _Book, master: MasterData) -> None:
    schema = master.schema
    year_periods = max(shape_of(s).master_width(s) for s in schema.sections)
    ws = book.sheet("Tổng hợp", [5, SUMMARY_TEXT, 10, *([SUMMARY_PERIOD] * year_periods), SUMMARY_NOTE])
    last = 3 + year_periods
    c = schema.campaign
    ws.merge_range(0, 0, 0, last, f"TỔNG HỢP {c.annex_title.upper()}", book.f["title"])
    ws.merge_range(
        1, 0, 1, last, f"(Tổng hợp từ báo cáo của các đơn vị theo Kế hoạch số {c.plan_number})", book.f["sub"]
    )
    received = sum(1 for s in master.status if s.used)
    ws.merge_range(
        2,
        0,
        2,
        last,
        f"Đã tổng hợp {received}/{len(master.status)} đơn vị. Ô nền cam: chưa đủ số liệu các đơn vị phải báo cáo "
        "(di chuột vào ô để xem đơn vị còn thiếu) — không dùng như số liệu đầy đủ.",
        book.f["plain"],
    )
    ws.set_row(2, 30)
    out = SummarySheet(book, ws, master, last)
    row = 4
    for section in schema.sections:
        ws.merge_range(row, 0, row, last, f"{section.number}. {section.title}", book.f["section"])
        row = shape_of(section).write_master(out, section, row + 1)
        row += 1
    ws.freeze_panes(4, 2)
    ws.repeat_rows(0, 1)  # the title on every printed page


def _value_rows(master: MasterData) -> Iterator[tuple[Section, Indicator, str]]:
    schema = master.schema
    for section in schema.sections:
        for ind in _rows(schema, section):
            if ind.kind.value == "heading":
                continue
            for per in schema.section_periods(section):
                yield section, ind, per.id


def _by_unit_sheet(book: _Book, master: MasterData) -> None:
    schema = master.schema
    codes = [s.code for s in master.status]
    widths = [5, 40, 14, 11, *([9.5] * len(codes))]
    ws = book.sheet("Theo đơn vị", widths, key_columns=4)
    names = [schema.unit_by_code[c].short_name for c in codes]
    book.header(ws, 0, ["STT", "Chỉ tiêu", "Kỳ", whole_area(schema), *names])
    ws.set_row(0, 32)
    row = 1
    for _section, ind, per in _value_rows(master):
        dv = master.value(ind.id, per)
        ws.write_string(row, 0, ind.stt, book.f["center"])
        ws.write_string(row, 1, ind.text, book.f["text"])
        ws.write_string(row, 2, schema.period_by_id[per].label, book.f["text"])
        lines = max(estimate_lines(ind.text, widths[1]), estimate_lines(schema.period_by_id[per].label, widths[2]))
        if lines > 1:  # no office suite grows a row on opening: a wrapped text would overlap the next row
            ws.set_row(row, 15 * lines + 2)
        book.value(ws, row, 3, dv.value, ind.kind.value, not dv.complete and bool(dv.missing))
        for k, code in enumerate(codes):
            value = master.by_unit.get(code, {}).get((ind.id, per))
            book.value(ws, row, 4 + k, value, ind.kind.value, code in dv.missing)
        row += 1
    ws.freeze_panes(1, 4)
    ws.autofilter(0, 0, row - 1, 3 + len(codes))
    ws.repeat_rows(0)


LONG_COLUMNS = [
    "Mã đơn vị",
    "Đơn vị",
    "Phần",
    "Mã chỉ tiêu",
    "STT",
    "Chỉ tiêu",
    "Kỳ",
    "Giá trị",
    "Kiểu giá trị",
    "Tệp nguồn",
    "Trang tính",
    "Ô",
]


def kind_label(kind: str) -> str:
    """The value kind as the clerk was told it (kinds.py label: "số nguyên ≥ 0", "chữ" …)."""
    spec = SPECS.get(kind)
    return spec.label if spec else kind


def long_rows(master: MasterData) -> list[list[Any]]:
    """One row per unit × indicator × period with a value or a blank, and where it came from."""
    schema = master.schema
    rows = []
    for code, values in master.by_unit.items():
        unit = schema.unit_by_code[code]
        for (ind_id, per), value in values.items():
            ind = schema.indicator_by_id[ind_id]
            source = master.provenance.get((code, ind_id, per), ("", "", ""))
            rows.append(
                [
                    code,
                    unit.name,
                    schema.section_by_id[ind.section].number,
                    ind.id,
                    ind.stt,
                    ind.text,
                    schema.period_by_id[per].label,
                    value,
                    kind_label(ind.kind.value),
                    *source,
                ]
            )
    return rows


def _long_sheet(book: _Book, rows: list[list[Any]]) -> None:
    ws = book.sheet("Dữ liệu", [10, 26, 6, 22, 5, 50, 20, 12, 10, 30, 22, 6])
    book.header(ws, 0, LONG_COLUMNS)
    for r, line in enumerate(rows, start=1):
        for c, value in enumerate(line):
            if isinstance(value, int | float) and not isinstance(value, bool):
                ws.write_number(r, c, value)
            elif value is not None:
                ws.write_string(r, c, str(value))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows), len(LONG_COLUMNS) - 1)
    ws.repeat_rows(0)


#: Fills of the Tình trạng nộp sheet, by the unit's first problem (status.py / reminders.py keys); they
#: differ in greyscale too (dark to light: chưa nộp, phải sửa, muộn, đủ).
STATUS_FILLS = {
    MISSING: "#E6A0A0",
    UNUSABLE: "#F8CBAD",
    ERRORS: "#F8CBAD",
    LATE: "#FFE080",
    "": "#F2F9EE",
}
STATUS_COLUMNS = [
    "Mã",
    "Đơn vị",
    "Tình trạng",
    "Đã nộp",
    "Tệp",
    "Thời gian nộp",
    "Đúng hạn",
    "Hợp lệ",
    "Lỗi",
    "Cảnh báo",
    "Đã tổng hợp",
    "Ghi chú",
    "Liên hệ",
]
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


def _status_sheet(book: _Book, master: MasterData) -> None:
    """One row per expected unit, coloured by its state; submission times are real date-time cells (Vietnam
    time) so the column sorts and filters."""
    ws = book.sheet("Tình trạng nộp", STATUS_WIDTHS)
    book.header(ws, 0, STATUS_COLUMNS)
    ws.set_row(0, 32)
    fmt: dict[tuple[str, str], Any] = {}

    def cell_format(state: str, kind: str) -> Any:
        if (state, kind) not in fmt:
            spec: dict[str, Any] = {
                "font_name": FONT,
                "font_size": 11,
                "valign": "top",
                "text_wrap": True,
                "border": 1,
                "border_color": "#808080",
                "bg_color": STATUS_FILLS[state],
            }
            if kind == "number":
                spec["align"] = "center"
            elif kind == "datetime":
                spec |= {"num_format": DATETIME_FORMAT, "align": "center"}
            fmt[(state, kind)] = book.wb.add_format(spec)
        return fmt[(state, kind)]

    yes_no = {True: "Có", False: "Không", None: ""}
    for r, s in enumerate(master.status, start=1):
        states = states_of(s)
        state = states[0] if states else ""
        label = ", ".join(STATE_LABELS[k] for k in states) if states else "đã nộp, dùng được"
        timely = "" if s.on_time is None else ("Đúng hạn" if s.on_time else "Muộn")
        cells: list[Any] = [
            s.code,
            s.name,
            label,
            yes_no[s.received],
            s.file or "",
            s.submitted_at,
            timely,
            yes_no[s.valid],
            s.errors if s.received else "",
            s.warnings if s.received else "",
            yes_no[s.used],
            s.reason,
            s.contact,
        ]
        for c, value in enumerate(cells):
            if isinstance(value, dt.datetime):
                local = value.astimezone(VN_TIME).replace(tzinfo=None)
                ws.write_datetime(r, c, local, cell_format(state, "datetime"))
            elif isinstance(value, int):
                ws.write_number(r, c, value, cell_format(state, "number"))
            elif value is None:
                ws.write_blank(r, c, None, cell_format(state, "datetime"))
            else:
                ws.write_string(r, c, str(value), cell_format(state, "text"))
        texts = [s.name, label, s.file or "", s.reason, s.contact]
        widths = [STATUS_WIDTHS[STATUS_COLUMNS.index(c)] for c in ("Đơn vị", "Tình trạng", "Tệp", "Ghi chú", "Liên hệ")]
        lines = max(estimate_lines(t, w) for t, w in zip(texts, widths, strict=True))
        if lines > 1:
            ws.set_row(r, 15 * lines + 2)
    received = sum(1 for s in master.status if s.received)
    late = sum(1 for s in master.status if s.on_time is False)
    used = sum(1 for s in master.status if s.used)
    total_row = len(master.status) + 2
    ws.merge_range(
        total_row,
        0,
        total_row,
        len(STATUS_COLUMNS) - 1,
        f"{received}/{len(master.status)} đơn vị đã nộp, {late} nộp muộn, {used} đơn vị được tổng hợp "
        f"(hạn nộp: {master.schema.campaign.deadline_text}).",
        book.f["total"],
    )
    legend = total_row + 1
    for k, (state, text) in enumerate(
        [
            (MISSING, "chưa nộp"),
            (ERRORS, "phải sửa (có lỗi hoặc tệp không dùng được)"),
            (LATE, "nộp muộn"),
            ("", "đã nộp, dùng được"),
        ]
    ):
        ws.write_string(legend + k, 1, text, cell_format(state, "text"))
    ws.freeze_panes(1, 2)
    ws.autofilter(0, 0, len(master.status), len(STATUS_COLUMNS) - 1)
    ws.repeat_rows(0)


def _findings_sheet(book: _Book, findings: list[Finding]) -> None:
    ws = book.sheet("Kiểm tra chéo", CROSS_WIDTHS)
    book.header(ws, 0, ["Mức độ", "Mã", "Chỉ tiêu", "Kỳ", "Tệp", "Nội dung", "Cách xử lý"])
    if not findings:
        ws.write_string(1, 0, "Không có phát hiện nào giữa các đơn vị.", book.f["plain"])
    for r, f in enumerate(findings, start=1):
        indicator = f"{f.stt} {f.indicator_text}".strip() if f.indicator_text else ""
        cells = [SEVERITY_VI[f.severity], f.code, indicator, f.period_label or "", f.file, f.message, f.hint]
        for c, value in enumerate(cells):
            ws.write_string(r, c, value, book.f["text"])
        # Rows as tall as the longest wrapped text: no office suite grows them on opening.
        lines = max(
            estimate_lines(indicator, CROSS_WIDTHS[2]),
            estimate_lines(f.period_label or "", CROSS_WIDTHS[3]),
            estimate_lines(f.file, CROSS_WIDTHS[4]),
            estimate_lines(f.message, CROSS_WIDTHS[5]),
            estimate_lines(f.hint, CROSS_WIDTHS[6]),
        )
        if lines > 1:
            ws.set_row(r, 15 * lines + 2)
    ws.freeze_panes(1, 0)
    ws.repeat_rows(0)


def _sources_sheet(book: _Book, sources: list[SourceFile], master: MasterData) -> None:
    widths = [30, 66, 22, 9, 24]
    ws = book.sheet("Nguồn", widths)
    book.header(ws, 0, ["Tệp", "SHA-256", "Đơn vị", "Được dùng", "Lý do không dùng"])
    for r, s in enumerate(sources, start=1):
        unit = master.schema.unit_by_code[s.unit].name if s.unit else "không xác định"
        cells = [s.name, s.sha256, unit, "Có" if s.used else "Không", s.reason]
        for c, value in enumerate(cells):
            ws.write_string(r, c, value, book.f["text"])
        lines = max(estimate_lines(v, w) for v, w in zip(cells, widths, strict=True) if v != s.sha256)
        if lines > 1:
            ws.set_row(r, 15 * lines + 2)
    ws.repeat_rows(0)


# ---- the hidden data sheet (for render-report) ------------------------------------------------------


def _to_json(master: MasterData) -> str:
    def enc(obj: Any) -> Any:
        if isinstance(obj, dt.datetime):
            return obj.isoformat()
        raise TypeError(type(obj))

    data = {
        "schema_id": master.schema.meta.id,
        "schema_version": master.schema.meta.version,
        "district": [[k[0], k[1], dataclasses.asdict(v)] for k, v in master.district.items()],
        "by_unit": {u: [[k[0], k[1], v] for k, v in vals.items()] for u, vals in master.by_unit.items()},
        "provenance": [[*k, *v] for k, v in master.provenance.items()],
        "status": [dataclasses.asdict(s) for s in master.status],
        "cross_findings": [f.to_dict() for f in master.cross_findings],
        "sources": [dataclasses.asdict(s) for s in master.sources],
    }
    # "_" written as \u005f: LibreOffice reads "_xa_" in a cell's text as a line break (a lax reading of the
    # OOXML escape _xHHHH_), which broke ids like s3_hs_xa_tiep_nhan when a master was re-saved there. JSON
    # has "_" only inside strings, so this changes nothing json.loads gives back.
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=enc).replace("_", "\\u005f")


def _data_sheet(book: _Book, master: MasterData) -> None:
    ws = book.wb.add_worksheet(DATA_SHEET)
    text = _to_json(master)
    ws.write_string(0, 0, "Dữ liệu tổng hợp do cchc ghi để dựng báo cáo – không sửa.")
    for i in range(0, len(text), CHUNK):
        ws.write_string(1 + i // CHUNK, 1, text[i : i + CHUNK])
    ws.hide()


def read_master(path: Path, schema: Schema) -> MasterData:
    """Rebuild MasterData from a master workbook written by `cchc merge`."""
    try:
        wb = CalamineWorkbook.from_path(str(path))
        if DATA_SHEET not in wb.sheet_names:
            raise CchcError(f"{path}: không phải bảng tổng hợp do cchc merge tạo (thiếu trang {DATA_SHEET}).")
        rows = wb.get_sheet_by_name(DATA_SHEET).to_python(skip_empty_area=False)
    except CchcError:
        raise
    except OSError as exc:
        raise CchcError(f"{path}: không đọc được bảng tổng hợp ({os_reason(exc)}).") from exc
    except Exception as exc:  # the reader's own errors are English ("Cannot detect file format")
        raise CchcError(
            f"{path}: không đọc được bảng tổng hợp (không phải tệp Excel .xlsx, hoặc tệp đã hỏng); "
            "dùng tong-hop.xlsx do cchc merge tạo."
        ) from exc
    text = "".join(str(r[1]) for r in rows[1:] if len(r) > 1 and r[1])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CchcError(f"{path}: dữ liệu tổng hợp bị hỏng (trang {DATA_SHEET} đã bị sửa?).") from exc
    if (data["schema_id"], data["schema_version"]) != (schema.meta.id, schema.meta.version):
        raise CchcError(
            f"{path}: bảng tổng hợp thuộc lược đồ {data['schema_id']} {data['schema_version']}, "
            f"khác lược đồ đang dùng ({schema.meta.id} {schema.meta.version})."
        )

    def when(v: str | None) -> dt.datetime | None:
        return dt.datetime.fromisoformat(v) if v else None

    return MasterData(
        schema=schema,
        district={(i, p): DistrictValue(**v) for i, p, v in data["district"]},
        by_unit={u: {(i, p): v for i, p, v in vals} for u, vals in data["by_unit"].items()},
        provenance={(u, i, p): (f, s, c) for u, i, p, f, s, c in data["provenance"]},
        status=[UnitStatus(**{**s, "submitted_at": when(s["submitted_at"])}) for s in data["status"]],
        cross_findings=[Finding(**f) for f in data["cross_findings"]],
        sources=[SourceFile(**s) for s in data["sources"]],
    )


# ---- writing ------------------------------------------------------------------------------------------


def master_bytes(master: MasterData) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    c = master.schema.campaign
    wb.set_properties(
        {
            "title": f"Tổng hợp – {c.annex_title}",
            "author": c.issuing_body,
            "company": c.issuing_body,
            "keywords": f"cchc, {master.schema.meta.id}, tổng hợp",
            "created": template_time(master.schema).replace(tzinfo=None),
        }
    )
    book = _Book(wb)
    _summary_sheet(book, master)
    _by_unit_sheet(book, master)
    _long_sheet(book, long_rows(master))
    _status_sheet(book, master)
    _findings_sheet(book, master.cross_findings)
    _sources_sheet(book, master.sources, master)
    _data_sheet(book, master)
    wb.close()
    return buf.getvalue()


#: du-lieu.csv dialect: what Excel set to the Vietnamese regional format (list separator ";", decimal ",")
#: opens as columns on a double click; UTF-8 with a BOM so Excel reads the diacritics. README: "du-lieu.csv".
CSV_DELIMITER = ";"
CSV_DECIMAL = ","


def _csv_number(value: int | float) -> str:
    """A number as the Vietnamese regional format reads it: decimal comma, no thousands separator."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", CSV_DECIMAL)


def _csv_text(value: str) -> str:
    """Text a spreadsheet would take for a formula is written as text (CSV injection); a lone "-" or "+"
    (an STT bullet) is not a formula and is written as it is."""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r") and value.strip() not in ("-", "+"):
        return "'" + value
    return value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return _csv_number(value)
    return _csv_text(str(value))


def csv_bytes(master: MasterData) -> bytes:
    """The long table (LONG_COLUMNS) as CSV in the Vietnamese regional dialect (CSV_DELIMITER, CSV_DECIMAL)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(LONG_COLUMNS)
    for row in long_rows(master):
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def output_paths(out_dir: Path) -> tuple[Path, Path]:
    """(the master workbook, its CSV) as `cchc merge` names them in ``out_dir``."""
    return out_dir / "tong-hop.xlsx", out_dir / "du-lieu.csv"


def write_outputs(master: MasterData, out_dir: Path, *, force: bool = False) -> tuple[Path, Path]:
    """tong-hop.xlsx and du-lieu.csv in ``out_dir``; an existing master is not overwritten without ``force``."""
    xlsx, csv_path = output_paths(out_dir)
    existing = [p.name for p in (xlsx, csv_path) if p.exists()]
    if existing and not force:
        raise CchcError(f"{out_dir}: đã có {', '.join(existing)}; không ghi đè. Thêm --force để ghi đè.")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        replace_together({xlsx: master_bytes(master), csv_path: csv_bytes(master)})
    except OSError as exc:
        where = out_dir / Path(exc.filename).name if exc.filename else out_dir
        hint = " Nếu tệp đang mở (Excel, LibreOffice), hãy đóng tệp rồi chạy lại." if where == xlsx else ""
        raise CchcError(f"{where}: không ghi được kết quả ({os_reason(exc)}).{hint}") from exc
    return xlsx, csv_path

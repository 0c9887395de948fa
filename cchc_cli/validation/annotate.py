"""An annotated copy of a unit's own workbook to send back.

Faulty cells are highlighted and commented, and a first sheet lists every finding. The original is only read.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from cchc_cli.errors import CchcError, os_reason
from cchc_cli.fsutil import atomic_write_bytes
from cchc_cli.validation.engine import FileResult
from cchc_cli.validation.findings import SEVERITY_VI, Finding

SHEET = "Kết quả kiểm tra"
FILLS = {
    "error": PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE"),
    "warning": PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C"),
}
ANNOTATABLE = frozenset({".xlsx", ".xlsm"})
COLUMNS = (
    ("STT", 5),
    ("Mức độ", 9),
    ("Trang tính", 18),
    ("Ô", 6),
    ("Chỉ tiêu", 34),
    ("Kỳ", 12),
    ("Giá trị", 10),
    ("Nội dung", 48),
    ("Cách sửa", 40),
    ("Mã", 16),
)


def annotated_name(result: FileResult) -> str:
    return f"{Path(result.name).stem.replace('/', '_')}_kiem-tra.xlsx"


def can_annotate(result: FileResult) -> bool:
    return bool(result.findings) and result.path.suffix.lower() in ANNOTATABLE and result.unit is not None


def plan(results: Sequence[FileResult], out_dir: Path, *, force: bool) -> list[tuple[FileResult, Path]]:
    """Targets for the files that get an annotated copy; refuses to overwrite unless ``force``."""
    targets = [(r, out_dir / annotated_name(r)) for r in results if can_annotate(r)]
    existing = [p for _, p in targets if p.exists()]
    if existing and not force:
        names = ", ".join(p.name for p in existing[:3]) + (" …" if len(existing) > 3 else "")
        raise CchcError(f"{out_dir}: đã có {len(existing)} tệp ({names}); không ghi đè. Thêm --force để ghi đè.")
    return targets


def _cell_comment(findings: list[Finding]) -> Comment:
    lines = []
    for f in findings:
        lines.append(f"[{SEVERITY_VI[f.severity].upper()}] {f.message}")
        lines.append(f"Cách sửa: {f.hint}")
    comment = Comment("\n".join(lines), "cchc")
    comment.width = 320
    comment.height = 40 + 36 * len(lines)
    return comment


def annotate(result: FileResult, target: Path, *, collector: str = "") -> None:
    """Write the annotated copy of ``result``'s workbook to ``target`` (atomically)."""
    try:
        wb = openpyxl.load_workbook(io.BytesIO(result.path.read_bytes()), keep_vba=result.path.suffix == ".xlsm")
    except Exception as exc:
        raise CchcError(f"{result.name}: không mở được để đánh dấu ({exc}).") from exc
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for f in result.findings:
        if f.sheet and f.cell and f.sheet in wb.sheetnames:
            by_cell.setdefault((f.sheet, f.cell), []).append(f)
    for (sheet, ref), found in by_cell.items():
        cell = wb[sheet][ref]
        worst = "error" if any(f.severity == "error" for f in found) else "warning"
        cell.fill = FILLS[worst]
        cell.comment = _cell_comment(found)

    if SHEET in wb.sheetnames:
        del wb[SHEET]
    ws = wb.create_sheet(SHEET, 0)
    errors, warnings = result.errors, result.warnings
    ws["A1"] = f"KẾT QUẢ KIỂM TRA BÁO CÁO – {result.unit_name or ''}".strip(" –")
    ws["A1"].font = Font(name="Times New Roman", size=13, bold=True)
    ws["A2"] = f"Tệp: {result.name} · {errors} lỗi, {warnings} cảnh báo"
    ws["A3"] = (
        "Các ô có lỗi được tô đỏ, ô cần xem lại tô vàng; di chuột vào ô để đọc ghi chú. "
        f"Sửa trên tệp gốc của đơn vị (không sửa trên tệp này) rồi gửi lại {collector or 'nơi nhận báo cáo'}."
    )
    for row in (2, 3):
        ws.cell(row, 1).font = Font(name="Times New Roman", size=12, italic=row == 3)
    header_row = 5
    for col, (title, width) in enumerate(COLUMNS, start=1):
        c = ws.cell(header_row, col, title)
        c.font = Font(name="Times New Roman", size=12, bold=True)
        c.fill = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    ordered = sorted(result.findings, key=lambda f: (f.severity != "error", f.sheet or "", _row_of(f.cell)))
    for n, f in enumerate(ordered, start=1):
        indicator = f"{f.stt} {f.indicator_text}".strip() if f.indicator_text else ""
        values = (
            n,
            SEVERITY_VI[f.severity],
            f.sheet or "",
            f.cell or "",
            indicator,
            f.period_label or "",
            f.value or "",
            f.message,
            f.hint,
            f.code,
        )
        r = header_row + n
        for col, value in enumerate(values, start=1):
            c = ws.cell(r, col, value)
            if isinstance(value, str) and value.startswith("="):
                c.data_type = "s"  # text typed by a unit, never a formula
            c.font = Font(
                name="Times New Roman",
                size=11,
                color="9C0006" if col == 2 and f.severity == "error" else None,
            )
            c.alignment = Alignment(vertical="top", wrap_text=True)
        if f.sheet and f.cell and f.sheet in wb.sheetnames:
            link = ws.cell(r, 4)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{f.sheet}'!{f.cell}")
            link.font = Font(name="Times New Roman", size=11, color="0563C1", underline="single")
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    wb.active = 0
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    buf = io.BytesIO()
    wb.save(buf)
    try:
        atomic_write_bytes(target, buf.getvalue())
    except OSError as exc:
        raise CchcError(f"{target}: không ghi được tệp ({os_reason(exc)}).") from exc


def _row_of(ref: str | None) -> int:
    digits = "".join(ch for ch in ref or "" if ch.isdigit())
    return int(digits) if digits else 0


def annotate_all(
    results: Sequence[FileResult], out_dir: Path, *, force: bool = False, collector: str = ""
) -> tuple[list[Path], list[FileResult]]:
    """Annotated copies of every file with findings; returns (written, files that could not be annotated)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CchcError(f"{out_dir}: không tạo được thư mục ({os_reason(exc)}).") from exc
    targets = plan(results, out_dir, force=force)
    written = []
    for result, target in targets:
        annotate(result, target, collector=collector)
        written.append(target)
    planned = {id(r) for r, _ in targets}
    left = [r for r in results if r.findings and id(r) not in planned]
    return written, left

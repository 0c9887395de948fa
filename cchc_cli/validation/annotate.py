"""The copy of a unit's own workbook sent back to it: what to fix or confirm, marked on its cells.

One copy per return the unit's figures come from (an older return left aside gets none), named
``<mã đơn vị>_<tên tệp gốc>_kiem-tra.xlsx`` so two units' "Phu luc 2.xlsx" never meet and the specialist sees
whose it is, kept short enough for Windows paths and any file system (``copy_name``). The folder gets a
list of the copies written there (``copies.MARKER``), so `cchc validate` never reads it as returns, and a
later run replaces its own copies, removes a unit's old copy once the unit's current return needs none
(clean, or only the specialist's notes), and never touches a file it did not write.

A copy lists only what the unit must fix or confirm (``Entry.audience == "unit"``), in the catalogue's words;
which return was used and what changed between returns are the specialist's (terminal, JSON, master).
Errors and warnings are filled differently from each other and from the template's input cells — also in
greyscale print (lightness apart, solid vs dashed border) — with a legend on the first sheet, which says how
to reply: fixing the copy itself works (its cells are the unit's workbook, untouched but for fills and
comments; the extra sheet is ignored when it comes back).

A return that came inside a .zip ("bao-cao-xa.zip › PL2 Son Binh.xlsx") gets its copy like any other, named
after the workbook in the archive (``<mã>_PL2 Son Binh_kiem-tra.xlsx``) and built from that workbook's bytes;
the archive is only read.

A copy is reported written only after its bytes were read back from disk and hold the unit's sheets.
The original is only read.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from cchc_cli.errors import CchcError, os_reason
from cchc_cli.fsutil import atomic_write_bytes
from cchc_cli.office import ConvertError, convert, soffice_path
from cchc_cli.reading.errors import Unreadable
from cchc_cli.reading.sources import ZIP_SEP, Source, read_source
from cchc_cli.schema import words
from cchc_cli.validation.copies import COPY_SUFFIX, MARKER, PLACEHOLDER, PROPERTY, content_digest
from cchc_cli.validation.findings import CATALOGUE, SEVERITY_VI, Finding
from cchc_cli.validation.report import FileResult
from cchc_cli.workbook.layout import FINGERPRINT_SHEET
from cchc_cli.workbook.writer import INPUT_FILL

if TYPE_CHECKING:
    from cchc_cli.schema.model import Schema

SHEET = "Kết quả kiểm tra"
FONT = "Times New Roman"
ANNOTATABLE = frozenset({".xlsx", ".xlsm"})
CONVERTED = frozenset({".xls", ".ods"})  # marked on an .xlsx made by LibreOffice, when it is installed

# Fills far apart in lightness (greyscale Y ≈ 138, 193 and 242 of 255) and borders that differ in print.
ERROR_FILL = "E06666"
WARNING_FILL = "F4B183"
FILLS = {
    "error": PatternFill("solid", start_color=ERROR_FILL, end_color=ERROR_FILL),
    "warning": PatternFill("solid", start_color=WARNING_FILL, end_color=WARNING_FILL),
}
_ERROR_SIDE = Side(style="thick", color="7F0000")
_WARNING_SIDE = Side(style="mediumDashed", color="843C0C")
BORDERS = {
    "error": Border(left=_ERROR_SIDE, right=_ERROR_SIDE, top=_ERROR_SIDE, bottom=_ERROR_SIDE),
    "warning": Border(left=_WARNING_SIDE, right=_WARNING_SIDE, top=_WARNING_SIDE, bottom=_WARNING_SIDE),
}
INPUT = PatternFill("solid", start_color=INPUT_FILL.lstrip("#"), end_color=INPUT_FILL.lstrip("#"))
LEGEND = (
    ("error", "Lỗi: phải sửa."),
    ("warning", "Cần xem lại: sửa nếu sai; nếu số liệu đúng, ghi giải thích vào cột Ghi chú của dòng đó."),
    ("input", "Ô nhập liệu không có vấn đề (nền vàng nhạt như biểu mẫu)."),
)
LEGEND_ROW = 5  # the legend's first swatch row (column B), its words in column C
COLUMNS = (  # ~165 characters in all: one A4 landscape page wide at ~80 % (printed, the text stays ≥ 8.5 pt)
    ("STT", 5),
    ("Mức độ", 10),
    ("Trang tính", 16),
    ("Ô", 8),
    ("Chỉ tiêu", 30),
    ("Năm/kỳ", 12),
    ("Giá trị", 10),
    ("Nội dung", 40),
    ("Cách sửa", 34),
)

MAX_NAME_CHARS = 100  # a copy's file name, suffix included
MAX_NAME_BYTES = 180  # UTF-8; file systems allow 255, and the atomic write's temporary name adds ~16
MAX_PATH = 240  # Windows' MAX_PATH is 260 with the drive and the terminator
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


@dataclass
class Annotated:
    """What ``annotate_returns`` did: copies written, files without a copy (and why), old copies removed."""

    written: list[Path] = field(default_factory=list)
    left: list[tuple[FileResult, str]] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    replaced: list[Path] = field(default_factory=list)  # the tool's own earlier copies written over


def unit_findings(result: FileResult) -> list[Finding]:
    """The findings the unit must fix or confirm: errors and warnings for the unit (schema rules are always
    the unit's); an information finding needs no reply."""
    return [
        f
        for f in result.findings
        if f.severity != "info" and (f.code not in CATALOGUE or CATALOGUE[f.code].audience == "unit")
    ]


def copy_name(result: FileResult, out_dir: Path) -> str:
    """``<mã đơn vị>_<tên tệp gốc>_kiem-tra.xlsx``: characters Windows refuses removed, NFC, and shortened
    (keeping a short hash of the original name) to fit ``MAX_NAME_CHARS``/``MAX_NAME_BYTES`` and a
    ``MAX_PATH`` path under ``out_dir``."""
    stem = _workbook_name(result)
    stem = stem[: -len(Path(stem).suffix)] if Path(stem).suffix else stem
    stem = _FORBIDDEN.sub(" ", unicodedata.normalize("NFC", stem))
    stem = re.sub(r"\s+", " ", stem).strip(" .")
    base = f"{result.unit or 'khong-ro'}_{stem}" if stem else f"{result.unit or 'khong-ro'}"
    room = min(MAX_NAME_CHARS, MAX_PATH - len(str(out_dir.absolute())) - 1) - len(COPY_SUFFIX)
    room = max(room, len(result.unit or "") + 8)
    if len(base) > room or len((base + COPY_SUFFIX).encode("utf-8")) > MAX_NAME_BYTES:
        tag = "~" + hashlib.sha256(result.name.encode("utf-8")).hexdigest()[:6]
        cut = base[: room - len(tag)]
        while len((cut + tag + COPY_SUFFIX).encode("utf-8")) > MAX_NAME_BYTES:
            cut = cut[:-1]
        base = cut.rstrip(" ._-") + tag
    return base + COPY_SUFFIX


def _workbook_name(result: FileResult) -> str:
    """The workbook's own file name: ``PL2 Son Binh.xlsx`` for "bao-cao-xa.zip › PL2 Son Binh.xlsx"."""
    shown = result.name.rsplit(ZIP_SEP, 1)[-1] if result.member is not None else result.name
    return shown.replace("\\", "/").rsplit("/", 1)[-1]


def _suffix(result: FileResult) -> str:
    """The workbook's suffix, lower case (the member's, for a workbook inside a .zip)."""
    return Path(result.member if result.member is not None else result.path.name).suffix.lower()


def original_bytes(result: FileResult) -> bytes:
    """The bytes of the workbook ``result`` was checked from: the file, or its member of a .zip (the archive is
    only read). Raises CchcError when it can't be read any more."""
    try:
        if result.member is None:
            return result.path.read_bytes()
        return read_source(Source(result.path, result.name, result.member))
    except OSError as exc:
        raise CchcError(f"{result.name}: không đọc được tệp để đánh dấu ({os_reason(exc)}).") from exc
    except Unreadable as exc:
        raise CchcError(f"{result.name}: không đọc được tệp để đánh dấu ({exc.reason or exc.code}).") from exc


def annotated_name(result: FileResult) -> str:
    """The copy's file name in the current folder (see ``copy_name``)."""
    return copy_name(result, Path("."))


def why_not(result: FileResult) -> str | None:
    """Why ``result`` gets no copy, or None when it gets one."""
    if result.superseded_by is not None:
        return f"bản cũ, đơn vị đã gửi bản mới hơn ({result.superseded_by})"
    if not result.opened or result.unit is None:
        return "tệp không đọc được hoặc không phải biểu mẫu"
    suffix = _suffix(result)
    if suffix in CONVERTED and soffice_path() is None:
        return f"tệp {suffix} chỉ đánh dấu được khi máy có LibreOffice (bản đánh dấu là tệp .xlsx)"
    if suffix not in ANNOTATABLE | CONVERTED:
        return "chỉ đánh dấu được tệp .xlsx, .xlsm, .xls, .ods"
    return None


_AS_XLSX: dict[str, bytes] = {}  # sha256 of an .xls/.ods return → its .xlsx made by LibreOffice (this run)


def workbook_bytes(result: FileResult) -> bytes:
    """The workbook to mark, as .xlsx/.xlsm bytes: the return itself, or for an .xls/.ods return the .xlsx
    LibreOffice makes of it (once per content). The cells keep their places, so findings land where the unit
    put the figures. Raises CchcError when it can't be read or converted."""
    data = original_bytes(result)
    suffix = _suffix(result)
    if suffix not in CONVERTED:
        return data
    key = hashlib.sha256(data).hexdigest()
    if key not in _AS_XLSX:
        with tempfile.TemporaryDirectory(prefix="cchc-danh-dau-") as tmp:
            try:
                _AS_XLSX[key] = convert(data, suffix, "xlsx", Path(tmp))
            except ConvertError as exc:
                raise CchcError(f"{result.name}: không chuyển được sang .xlsx để đánh dấu ({exc.args[0]}).") from exc
    return _AS_XLSX[key]


def can_annotate(result: FileResult) -> bool:
    return bool(unit_findings(result)) and why_not(result) is None


def plan(results: Sequence[FileResult], out_dir: Path, *, force: bool) -> list[tuple[FileResult, Path]]:
    """Targets for the files that get a copy, one distinct name each. Refuses (CchcError) to write over a
    file the tool did not write there, or has been changed since, unless ``force``."""
    targets: list[tuple[FileResult, Path]] = []
    taken: set[str] = set()
    for r in results:
        if not can_annotate(r):
            continue
        name = copy_name(r, out_dir)
        if name.casefold() in taken:  # the same unit's file name in two folders
            tag = "~" + hashlib.sha256(r.name.encode("utf-8")).hexdigest()[:6]
            name = name[: -len(COPY_SUFFIX)][: MAX_NAME_CHARS - len(COPY_SUFFIX) - len(tag)] + tag + COPY_SUFFIX
        taken.add(name.casefold())
        targets.append((r, out_dir / name))
    own = _manifest(out_dir)
    foreign = [p for _, p in targets if p.exists() and not _ours(p, own)]
    if foreign and not force:
        names = ", ".join(p.name for p in foreign[:3]) + (" …" if len(foreign) > 3 else "")
        raise CchcError(f"{out_dir}: đã có {len(foreign)} tệp ({names}); không ghi đè. Thêm --force để ghi đè.")
    return targets


# ---- the copy ------------------------------------------------------------------------------------------


def _areas(ref: str) -> list[str]:
    """ "D6", "D6:I8" or several areas "D6:I6 D9" → each area."""
    return [a for a in ref.replace(",", " ").split() if a]


def _cell_comment(findings: list[Finding], author: str) -> Comment:
    lines = []
    for f in findings:
        lines.append(f"[{SEVERITY_VI[f.severity].upper()}] {f.message}")
        lines.append(f"Cách sửa: {f.hint}")
    comment = Comment("\n".join(lines), author)
    comment.width = 320
    comment.height = 40 + 36 * len(lines)
    return comment


def _mark(wb: openpyxl.Workbook, findings: list[Finding], author: str) -> None:
    """Fill, border and comment every cell a finding names (each cell of a range; the comment on its first)."""
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    filled: dict[tuple[str, str], str] = {}
    for f in findings:
        if not (f.sheet and f.cell and f.sheet in wb.sheetnames):
            continue
        for area in _areas(f.cell):
            cells = wb[f.sheet][area]
            grid = cells if isinstance(cells, tuple) else ((cells,),)
            rows = [row if isinstance(row, tuple) else (row,) for row in grid]
            for row in rows:
                for cell in row:
                    key = (f.sheet, cell.coordinate)
                    if filled.get(key) != "error":
                        filled[key] = f.severity
            by_cell.setdefault((f.sheet, rows[0][0].coordinate), []).append(f)
    for (sheet, ref), severity in filled.items():
        cell = _owner(wb[sheet], ref)
        cell.fill = FILLS[severity]
        cell.border = BORDERS[severity]
    by_owner: dict[tuple[str, str], list[Finding]] = {}  # several cells of one merged range: one comment
    for (sheet, ref), found in by_cell.items():
        by_owner.setdefault((sheet, _owner(wb[sheet], ref).coordinate), []).extend(found)
    for (sheet, ref), found in by_owner.items():
        wb[sheet][ref].comment = _cell_comment(found, author)


def _owner(ws: Any, ref: str) -> Any:
    """The cell that carries ``ref``'s fill and comment: itself, or the top-left cell of the merged range that
    covers it (the other cells of a merged range take no style or comment)."""
    cell = ws[ref]
    if not isinstance(cell, MergedCell):
        return cell
    for rng in ws.merged_cells.ranges:
        if cell.coordinate in rng:
            return ws.cell(row=rng.min_row, column=rng.min_col)
    return cell


def _collector(schema: Schema | None) -> str:
    return "nơi nhận báo cáo" if schema is None else words.collector_name(schema)


def _first_sheet(wb: openpyxl.Workbook, result: FileResult, findings: list[Finding], schema: Schema | None) -> None:
    if SHEET in wb.sheetnames:
        del wb[SHEET]
    ws = wb.create_sheet(SHEET, 0)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    ws["A1"] = f"KẾT QUẢ KIỂM TRA BÁO CÁO – {result.unit_name or ''}".strip(" –")
    ws["A1"].font = Font(name=FONT, size=13, bold=True)
    counts = f"{errors} lỗi phải sửa, {warnings} điểm cần xem lại" if warnings else f"{errors} lỗi phải sửa"
    if not errors:
        counts = f"{warnings} điểm cần xem lại"
    sent = _workbook_name(result)
    if result.member is not None:
        sent += f" (trong tệp nén {result.path.name})"
    ws["A2"] = f"Tệp đơn vị đã gửi: {sent}. Kết quả: {counts}."
    collector = _collector(schema)
    ws["A3"] = (
        "Cách trả lời: sửa ngay trên tệp này (các ô tô màu ở các trang tính bên cạnh; di chuột vào ô hoặc bấm "
        "vào cột «Ô» dưới đây để đến ô cần sửa), lưu lại rồi gửi lại tệp này cho "
        f"{collector}. Không cần xóa trang «{SHEET}» hay bỏ màu tô. Cũng có thể sửa trên tệp gốc của đơn vị "
        "rồi gửi lại tệp đó."
    )
    for row in (2, 3):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS))
        ws.cell(row, 1).font = Font(name=FONT, size=12, italic=row == 3)
        ws.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[3].height = 36
    ws["A4"] = "Chú thích màu tô:"
    ws["A4"].font = Font(name=FONT, size=11, bold=True)
    for k, (kind, text) in enumerate(LEGEND):
        r = LEGEND_ROW + k
        swatch = ws.cell(r, 2, "")
        swatch.fill = INPUT if kind == "input" else FILLS[kind]
        if kind != "input":
            swatch.border = BORDERS[kind]
        label = ws.cell(r, 3, text)
        label.font = Font(name=FONT, size=11)
    header_row = LEGEND_ROW + len(LEGEND) + 1
    for col, (title, width) in enumerate(COLUMNS, start=1):
        c = ws.cell(header_row, col, title)
        c.font = Font(name=FONT, size=12, bold=True)
        c.fill = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    ordered = sorted(findings, key=lambda f: (f.severity != "error", f.sheet or "", _row_of(f.cell)))
    for n, f in enumerate(ordered, start=1):
        indicator = f"{f.stt} {f.indicator_text}".strip() if f.indicator_text else ""
        values = (
            n,
            "Lỗi" if f.severity == "error" else "Cần xem lại",
            f.sheet or "",
            f.cell or "",
            indicator,
            f.period_label or "",
            f.value or "",
            f.message,
            f.hint,
        )
        r = header_row + n
        for col, value in enumerate(values, start=1):
            c = ws.cell(r, col, value)
            if isinstance(value, str) and value.startswith("="):
                c.data_type = "s"  # text typed by a unit, never a formula
            c.font = Font(name=FONT, size=11, bold=col == 2 and f.severity == "error")
            c.alignment = Alignment(vertical="top", wrap_text=True)
        ws.row_dimensions[r].height = _height(values)
        level = ws.cell(r, 2)
        level.fill = FILLS[f.severity]
        level.border = BORDERS[f.severity]
        if f.sheet and f.cell and f.sheet in wb.sheetnames:
            link = ws.cell(r, 4)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{f.sheet}'!{_areas(f.cell)[0]}")
            link.font = Font(name=FONT, size=11, color="0563C1", underline="single")
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right, ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.4, 0.6, 0.6
    ws.print_title_rows = f"{header_row}:{header_row}"
    wb.active = 0
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws


def _height(values: Sequence[object]) -> float:
    """Row height (points) that shows every wrapped line of a listing row (office suites don't grow rows that
    openpyxl wrote)."""
    lines = 1
    for value, (_, width) in zip(values, COLUMNS, strict=True):
        text = str(value or "")
        per_line = max(1, int(width * 1.1) - 1)  # characters of 11 pt Times per line at this column width
        lines = max(lines, sum(-(-max(1, len(part)) // per_line) for part in text.split("\n")))
    return 15.0 * lines + 2


def copy_bytes(result: FileResult, schema: Schema | None = None) -> bytes:
    """The annotated copy of ``result``'s workbook, as bytes; raises CchcError if it can't be built."""
    try:
        data = workbook_bytes(result)
        wb = openpyxl.load_workbook(io.BytesIO(data), keep_vba=_suffix(result) == ".xlsm")
    except CchcError:
        raise
    except Exception as exc:
        raise CchcError(f"{result.name}: không mở được để đánh dấu ({exc}).") from exc
    findings = unit_findings(result)
    try:
        _mark(wb, findings, _collector(schema) if schema is not None else "cchc")
        _first_sheet(wb, result, findings, schema)
        # A digest of the copy's cells as a property: a later run knows this copy from one the unit changed.
        if PROPERTY in wb.custom_doc_props.names:
            del wb.custom_doc_props[PROPERTY]
        wb.custom_doc_props.append(StringProperty(name=PROPERTY, value=PLACEHOLDER))
        buf = io.BytesIO()
        wb.save(buf)
        return _with_digest(buf.getvalue())
    except Exception as exc:  # one workbook openpyxl can't mark never stops the copies of the others
        raise CchcError(f"{result.name}: không tạo được bản đánh dấu ({type(exc).__name__}).") from exc


def _with_digest(data: bytes) -> bytes:
    """The saved copy with its PROPERTY placeholder replaced by the digest of its sheets (same length)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        digest = content_digest(src)
        assert len(digest) == len(PLACEHOLDER)
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/custom.xml":
                body = body.replace(PLACEHOLDER.encode("ascii"), digest.encode("ascii"), 1)
            dst.writestr(info, body)
    return out.getvalue()


def holds_unit_sheets(data: bytes, result: FileResult) -> bool:
    """Whether ``data`` is a workbook with every sheet of the unit's return and, if the return carries a
    fingerprint, the same unit's."""
    try:
        original = openpyxl.load_workbook(io.BytesIO(workbook_bytes(result)), read_only=True)
        copy = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    except Exception:
        return False
    try:
        if not set(original.sheetnames) <= set(copy.sheetnames) or SHEET not in copy.sheetnames:
            return False
        if FINGERPRINT_SHEET in original.sheetnames:
            units = [
                [str(c) for c in row[:2]]
                for row in copy[FINGERPRINT_SHEET].iter_rows(values_only=True)
                if row and row[0] == "unit_code"
            ]
            return units == [["unit_code", str(result.unit)]]
        return True
    finally:
        original.close()
        copy.close()


def annotate(result: FileResult, target: Path, schema: Schema | None = None) -> None:
    """Write the copy of ``result`` to ``target`` (atomically) and check it on disk; CchcError if it can't be
    written or does not hold the unit's sheets."""
    data = copy_bytes(result, schema)
    if not holds_unit_sheets(data, result):
        raise CchcError(f"{result.name}: bản sao đánh dấu không giữ được các trang tính của đơn vị; không ghi.")
    try:
        atomic_write_bytes(target, data)
        written = target.read_bytes()
    except OSError as exc:
        raise CchcError(f"{target}: không ghi được tệp ({os_reason(exc)}).") from exc
    if written != data:
        raise CchcError(f"{target}: tệp ghi ra khác bản đã dựng; không dùng được.")


def _row_of(ref: str | None) -> int:
    first = _areas(ref or "")[:1]
    digits = "".join(ch for ch in (first[0].split(":")[0] if first else "") if ch.isdigit())
    return int(digits) if digits else 0


# ---- the folder ---------------------------------------------------------------------------------------


def _manifest(out_dir: Path) -> dict[str, dict[str, str]]:
    """name → {"unit", "source", "sha256"} of the copies written into ``out_dir`` (empty if none)."""
    try:
        data = json.loads((out_dir / MARKER).read_text(encoding="utf-8"))
        copies = data.get("copies", {})
        return {str(k): dict(v) for k, v in copies.items() if isinstance(v, dict)}
    except (OSError, ValueError, AttributeError):
        return {}


def _ours(path: Path, own: dict[str, dict[str, str]]) -> bool:
    """Whether ``path`` is a copy this tool wrote and nobody changed since."""
    entry = own.get(path.name)
    if entry is None:
        return False
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == entry.get("sha256")
    except OSError:
        return False


def annotate_returns(
    results: Sequence[FileResult], out_dir: Path, *, force: bool = False, schema: Schema | None = None
) -> Annotated:
    """A copy for each return that needs one, into ``out_dir``; old copies of the units in ``results`` that
    are no longer needed are removed (only copies this tool wrote, unchanged). Raises CchcError when the folder
    can't be made, a target is a file the tool did not write (without ``force``), or a copy can't be written.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CchcError(f"{out_dir}: không tạo được thư mục ({os_reason(exc)}).") from exc
    own = _manifest(out_dir)
    targets = plan(results, out_dir, force=force)
    done = Annotated()
    try:
        for result, target in targets:
            if target.exists() and _ours(target, own):
                done.replaced.append(target)
            annotate(result, target, schema)
            done.written.append(target)
            own[target.name] = {
                "unit": result.unit or "",
                "source": result.name,
                "sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
            }
    except BaseException:
        with contextlib.suppress(CchcError, OSError):  # the first failure is the one to tell
            _write_manifest(out_dir, own)  # the copies written so far stay the tool's own
        raise
    planned = {id(r) for r, _ in targets}
    for r in results:
        if id(r) in planned or not unit_findings(r):
            continue
        done.left.append((r, why_not(r) or "không có gì đơn vị phải sửa"))
    current = {r.unit for r in results if r.unit and r.read and r.superseded_by is None}
    keep = {p.name for p in done.written}
    for name, entry in sorted(own.items()):
        if entry.get("unit") in current and name not in keep:
            path = out_dir / name
            if not path.exists():
                del own[name]
            elif _ours(path, own):
                path.unlink()
                done.removed.append(path)
                del own[name]
    _write_manifest(out_dir, own)
    return done


def _write_manifest(out_dir: Path, own: dict[str, dict[str, str]]) -> None:
    body = {"note": "Danh sách bản sao đánh dấu do cchc ghi; cchc validate không đọc thư mục này.", "copies": own}
    try:
        atomic_write_bytes(out_dir / MARKER, json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True).encode())
    except OSError as exc:
        raise CchcError(f"{out_dir / MARKER}: không ghi được tệp ({os_reason(exc)}).") from exc


def annotate_all(
    results: Sequence[FileResult], out_dir: Path, *, force: bool = False, schema: Schema | None = None
) -> tuple[list[Path], list[FileResult]]:
    """``annotate_returns`` as (copies written, files with something to fix that got no copy)."""
    done = annotate_returns(results, out_dir, force=force, schema=schema)
    return done.written, [r for r, _ in done.left]

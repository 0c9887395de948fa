"""One facade over the library for every front end (the local page today, the CLI later).

Functions take paths or bytes and return plain values or bytes; they never print. Failures a person can act on
are ``CchcError`` subclasses with a one-line Vietnamese message (``UploadError``, ``CampaignError``; schema
problems stay ``SchemaError``). Bad data in a return is never an exception: it is a finding.

A *campaign folder* holds the schema and the working folders (names in ``FOLDERS``). When the campaign module
(``cchc init``) is available, its discovery is used; until then a folder with a ``*.yaml`` schema, or any folder
(with the bundled default schema), is a campaign folder and the working folders are created when first written.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import importlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any

from cchc_cli.errors import CchcError, SchemaError, os_reason
from cchc_cli.fsutil import atomic_write_bytes

if TYPE_CHECKING:
    from cchc_cli.merge.model import MasterData
    from cchc_cli.schema.model import Schema
    from cchc_cli.summary import SchemaSummary
    from cchc_cli.validation.engine import FileResult, ValidationReport
    from cchc_cli.validation.findings import Finding

Progress = Callable[[str], None]

#: Working folders of a campaign (issue 10's `cchc init` layout).
FOLDERS = {
    "templates": "bieu-mau",
    "returns": "bao-cao-nhan",
    "annotated": "tra-lai",
    "master": "tong-hop",
    "report": "bao-cao",
}
#: What a unit may send (spreadsheets, a .zip of them, its narrative report in Word).
UPLOAD_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".zip", ".docx"})
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # one file; a real return is a few dozen KB
VN_TIME = dt.timezone(dt.timedelta(hours=7))


class CampaignError(CchcError):
    """The folder cannot be used as a campaign folder (missing, not a folder, unreadable schema file)."""


class UploadError(CchcError):
    """An uploaded file is refused (too big, a kind of file the campaign does not take, a bad .zip)."""


# ---- the campaign folder ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Campaign:
    """A campaign folder: ``root``, its schema file (None = the bundled default), its report outline (None = the
    bundled one) and the names of its working folders (keys of FOLDERS)."""

    root: Path
    schema_path: Path | None
    outline: Path | None = None
    names: dict[str, str] = field(default_factory=lambda: dict(FOLDERS))
    settings: Any = None  # the campaign module's CampaignFolder, when the folder has a campaign file

    def folder(self, key: str) -> Path:
        """The working folder ``key`` (one of FOLDERS) — not created here."""
        return self.root / self.names[key]

    def ensure(self, key: str) -> Path:
        path = self.folder(key)
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CampaignError(f"{path}: không tạo được thư mục ({os_reason(exc)}).") from exc
        return path

    @property
    def schema_label(self) -> str:
        return self.schema_path.name if self.schema_path else "lược đồ mặc định kèm theo (Khánh Sơn 2011–2020)"


#: Our folder keys → the campaign module's folder roles (`cchc init`, issue 10).
_LIBRARY_ROLES = {
    "templates": "templates",
    "returns": "returns",
    "annotated": "returned",
    "master": "merged",
    "report": "report",
}


def _library_discovery(root: Path) -> Campaign | None:
    """The campaign module's own discovery (a ``cchc.yaml`` in ``root`` or above), once `cchc init` has landed.

    A broken campaign file is an error (CchcError naming file and line), not a silent fallback."""
    try:
        lib = importlib.import_module("cchc_cli.campaign")
    except ImportError:
        return None
    finder = getattr(lib, "find_campaign", None)
    if finder is None:
        return None
    found: Any = finder(root)
    if found is None:
        return None
    names = {}
    for key, role in _LIBRARY_ROLES.items():
        try:
            names[key] = Path(found.folder(role)).relative_to(found.root).as_posix()
        except (AttributeError, ValueError):
            names[key] = FOLDERS[key]
    outline = getattr(found, "outline_path", None)
    return Campaign(Path(found.root), Path(found.schema_path), Path(outline) if outline else None, names, found)


def open_campaign(root: Path) -> Campaign:
    """The campaign in folder ``root``. Raises CampaignError when ``root`` is not a folder.

    Schema and folders: the campaign file's (``cchc.yaml``, read by the campaign module) when there is one;
    else the folder's only ``*.yaml`` that declares a ``schema:`` block (``luoc-do.yaml`` first when there are
    several) and the standard folder names; else the bundled default.
    Outline: ``de-cuong/`` in the folder when it is not empty (what ``render-report --template`` takes).
    """
    root = Path(root).expanduser()
    if not root.is_dir():
        raise CampaignError(f"{root}: không có thư mục này.")
    found = _library_discovery(root)
    if found is not None:
        return found
    candidates = sorted(p for p in root.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
    schemas = [p for p in candidates if _looks_like_schema(p)]
    preferred = [p for p in schemas if p.stem.lower() in ("luoc-do", "schema")]
    chosen = preferred or schemas
    schema_path = chosen[0] if chosen else None
    outline_dir = root / "de-cuong"
    outline = outline_dir if outline_dir.is_dir() and any(outline_dir.iterdir()) else None
    return Campaign(root.resolve(), schema_path.resolve() if schema_path else None, outline)


def _looks_like_schema(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return re.search(r"(?m)^schema:\s*$", head) is not None


def load_campaign_schema(campaign: Campaign) -> Schema:
    """The campaign's schema (raises SchemaError with file, line and key)."""
    from cchc_cli.schema import load_schema

    return load_schema(campaign.schema_path)


# ---- schema ----------------------------------------------------------------------------------------------


@dataclass
class SchemaCheck:
    """`schema check` as data: ``problems`` empty means the schema is usable; ``summary`` is set then."""

    path: str
    problems: list[str]
    summary: SchemaSummary | None = None


def check_schema(path: Path | None) -> SchemaCheck:
    """Load and check the schema at ``path`` (None = bundled); every problem as a Vietnamese sentence."""
    from cchc_cli.schema import load_schema
    from cchc_cli.summary import summarize

    label = str(path) if path else "lược đồ mặc định"
    try:
        schema = load_schema(path)
    except SchemaError as err:
        return SchemaCheck(label, list(err.problems))
    return SchemaCheck(label, [], summarize(schema))


# ---- templates -------------------------------------------------------------------------------------------


@dataclass
class TemplatesResult:
    written: list[tuple[str, str, Path]]  # unit code, unit name, file
    no_rows: list[tuple[str, str]]  # units the schema gives nothing to report


def generate_into(
    schema: Schema, out_dir: Path, units: Sequence[str] | None = None, *, progress: Progress | None = None
) -> TemplatesResult:
    """Write the blank workbooks into ``out_dir``. Templates are deterministic, so an existing one is replaced
    by the same bytes (or by the current layout when the schema changed) — callers say so to the user."""
    from cchc_cli.generate import generate_templates

    result = generate_templates(schema, out_dir, units, force=True, progress=progress)
    return TemplatesResult(
        [(u.code, u.name, p) for u, p, _ in result.written], [(u.code, u.name) for u in result.no_rows]
    )


def zip_files(paths: Sequence[Path]) -> bytes:
    """A deterministic .zip of ``paths`` (flat, by name)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(paths, key=lambda p: p.name):
            info = zipfile.ZipInfo(p.name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, p.read_bytes())
    return buf.getvalue()


def templates_zip(schema: Schema, units: Sequence[str] | None = None) -> bytes:
    """Bytes out: a .zip of the blank workbooks of ``units`` (codes or groups; None = every unit), named as
    `generate-templates` names them. Raises CchcError for an unknown unit code."""
    from cchc_cli.generate import plan_templates, select_units
    from cchc_cli.workbook.writer import render_workbook

    layouts, _ = plan_templates(schema, select_units(schema, units))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for layout in layouts:
            info = zipfile.ZipInfo(layout.file_name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, render_workbook(layout, schema))
    return buf.getvalue()


# ---- receiving returns -----------------------------------------------------------------------------------

_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def safe_name(name: str) -> str:
    """A file name safe on Windows and Linux from what a browser or a zip says: no folders, no control or
    reserved characters, no leading dot, NFC, a name of at most 100 characters ("tep" when none is left)."""
    base = PureWindowsPath(PurePosixPath(name.replace("\\", "/")).name).name
    base = unicodedata.normalize("NFC", base)
    base = _BAD_CHARS.sub("_", base).strip().rstrip(". ")
    stem, suffix = os.path.splitext(base)
    if not suffix and base.startswith(".") and base.count(".") == 1:
        stem, suffix = "", base  # ".xlsx": a suffix with no name
    stem = stem.lstrip(". ")[:100].strip() or "tep"
    if stem.split(".")[0].lower() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    return stem + suffix.lower()


def write_new(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as a new file in ``folder`` named ``name``, or ``name (2)``, ``(3)`` … when taken.

    Never overwrites (a hard link of a complete temporary file claims the name atomically; where links are not
    supported, Windows' rename refuses an existing target and elsewhere the name is checked just before).
    """
    name = safe_name(name)
    stem, suffix = Path(name).stem, Path(name).suffix
    folder_resolved = folder.resolve()
    fd, tmp = tempfile.mkstemp(prefix=".upload.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        for n in range(1, 1000):
            target = folder / (name if n == 1 else f"{stem} ({n}){suffix}")
            if target.resolve().parent != folder_resolved:
                raise UploadError(f"tên tệp «{name}» không dùng được.")
            if _claim(tmp, target):
                return target
        raise UploadError(f"{folder}: đã có quá nhiều tệp tên «{name}».")
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _claim(tmp: str, target: Path) -> bool:
    try:
        os.link(tmp, target)
        return True
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise CchcError(f"{target}: không ghi được tệp ({os_reason(exc)}).") from exc
    if os.name == "nt":
        try:
            os.rename(tmp, target)
            return True
        except FileExistsError:
            return False
    if target.exists():
        return False
    os.replace(tmp, target)
    return True


@dataclass
class Received:
    """One uploaded file as stored: ``saved`` is the file of the returns folder that holds it (a .zip is kept
    whole: `validate` reads its members), ``kind`` "return" (spreadsheet), "narrative" (.docx) or "zip";
    ``already`` holds it too when it was there before with the same content (sent twice: not stored again)."""

    original: str
    saved: list[Path]
    kind: str
    already: list[Path] = field(default_factory=list)


def _same_content(folder: Path, data: bytes) -> Path | None:
    """A file under ``folder`` with exactly ``data`` (same size, then same SHA-256), hidden files aside."""
    digest = hashlib.sha256(data).digest()
    for path in sorted(folder.rglob("*")):
        if path.name.startswith(".") or not path.is_file():
            continue
        try:
            if path.stat().st_size == len(data) and hashlib.sha256(path.read_bytes()).digest() == digest:
                return path
        except OSError:
            continue
    return None


def receive(campaign: Campaign, name: str, data: bytes) -> Received:
    """Store one uploaded file in the campaign's returns folder, never overwriting; a file whose content is
    already there is not stored twice. Raises UploadError."""
    clean = safe_name(name)
    suffix = Path(clean).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        allowed = ", ".join(sorted(UPLOAD_SUFFIXES))
        raise UploadError(f"«{name}»: không nhận loại tệp này (chỉ nhận {allowed}).")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(f"«{name}»: tệp quá lớn ({len(data) // (1024 * 1024)} MB; tối đa 20 MB).")
    if not data:
        raise UploadError(f"«{name}»: tệp rỗng (0 byte); đề nghị đơn vị gửi lại.")
    folder = campaign.ensure("returns")
    kind = {".zip": "zip", ".docx": "narrative"}.get(suffix, "return")
    same = _same_content(folder, data)
    if same is not None:
        return Received(name, [same], kind, [same])
    return Received(name, [write_new(folder, clean, data)], kind)


# ---- checking --------------------------------------------------------------------------------------------


def validate_folder(schema: Schema, folder: Path, *, progress: Progress | None = None) -> ValidationReport:
    """Validate every return under ``folder`` (an absent folder is an empty campaign, not an error)."""
    from cchc_cli.validation.engine import ValidationReport, collect, validate_paths

    if not folder.is_dir():
        return ValidationReport([], [])
    return validate_paths(schema, [folder], progress=progress, collected=collect([folder]))


def check_files(schema: Schema, paths: Sequence[Path]) -> list[FileResult]:
    """Validate the given files one by one (a .zip: each return inside, named "x.zip › y.xlsx"); names are the
    file names, as a validation of the folder holding them names them."""
    from cchc_cli.validation.engine import Validator, collect

    sources, _ = collect(list(paths))
    validator = Validator(schema)
    return [validator.check(source) for source in sources]


def annotated_bytes(result: FileResult, schema: Schema | None = None) -> bytes | None:
    """Bytes out: the annotated copy of one checked return (cells marked, a first sheet listing every finding);
    None when the unit has nothing to fix or the file can't be marked (not an .xlsx/.xlsm of a known unit). A
    workbook inside a .zip gets its copy too (the archive is only read)."""
    from cchc_cli.validation.annotate import can_annotate, copy_bytes

    return copy_bytes(result, schema) if can_annotate(result) else None


def annotated_file_name(result: FileResult) -> str:
    """The name `cchc validate --annotate` gives the copy (``<mã đơn vị>_<tên tệp>_kiem-tra.xlsx``)."""
    from cchc_cli.validation.annotate import annotated_name

    return annotated_name(result)


def reminder_text(schema: Schema, result: FileResult | None, unit_name: str) -> str:
    """A ready-to-send Vietnamese message (Zalo, e-mail) asking the unit to fix its return or send it."""
    c = schema.campaign
    office = schema.unit_by_code[c.collector].name if c.collector in schema.unit_by_code else c.issuing_body
    head = f"Kính gửi {unit_name},"
    if result is None:
        body = (
            f"{office} chưa nhận được báo cáo của đơn vị theo {c.plan_number} ({c.annex}). "
            f"Hạn gửi: {c.deadline_text}. Đề nghị đơn vị điền biểu mẫu đã gửi và gửi lại sớm."
        )
        return f"{head}\n{body}\nTrân trọng."
    own = [f for f in result.findings if f.code not in _between_files()]  # two returns of one unit: ours to sort
    errors = [f for f in own if f.severity == "error"]
    warnings = [f for f in own if f.severity == "warning"]
    if not errors and not warnings:
        return f"{head}\n{office} đã nhận báo cáo của đơn vị (tệp {result.name}); báo cáo hợp lệ. Trân trọng cảm ơn."
    lines = [head, f"{office} đã nhận tệp {result.name}. Khi kiểm tra có:"]
    for f in [*errors, *warnings][:15]:
        lines.append("- " + finding_sentence(f))
    more = len(errors) + len(warnings) - 15
    if more > 0:
        lines.append(f"- … và {more} điểm khác (xem bản đánh dấu gửi kèm).")
    if errors:
        lines.append(
            "Đề nghị đơn vị sửa theo bản có đánh dấu gửi kèm (sửa ngay trên bản đó, hoặc trên tệp gốc của đơn vị) "
            "rồi gửi lại. Trân trọng."
        )
    else:
        lines.append("Báo cáo dùng được; đề nghị đơn vị xem lại các điểm trên và báo lại nếu cần sửa. Trân trọng.")
    return "\n".join(lines)


def _between_files() -> frozenset[str]:
    """Codes of the checks that compare a unit's returns with each other (the specialist's, not the unit's)."""
    from cchc_cli.validation.checks import CROSS_FILE

    return frozenset(code for check in CROSS_FILE for code in check.codes)


def finding_sentence(f: Finding) -> str:
    """One finding as a clerk reads it: where (sheet, cell, indicator, period), what, how to fix."""
    where = []
    if f.sheet:
        where.append(f"trang «{f.sheet}»" + (f", ô {f.cell}" if f.cell else ""))
    if f.indicator_text:
        where.append(f"chỉ tiêu {f.stt or ''} {f.indicator_text}".replace("  ", " "))
    if f.period_label:
        where.append(f.period_label)
    lead = "Lỗi" if f.severity == "error" else "Cần xem lại"
    place = f" ({'; '.join(where)})" if where else ""
    return f"{lead}{place}: {f.message} Cách sửa: {f.hint}"


@dataclass
class CheckedFile:
    """Bytes in, bytes out: one return checked on its own."""

    result: FileResult
    annotated: bytes | None  # the annotated copy (.xlsx), None when there is nothing to mark or it can't be
    reminder: str  # the message to send the unit


def check_bytes(schema: Schema, name: str, data: bytes) -> CheckedFile:
    """Check one return given as bytes (``name`` as the unit sent it). Raises UploadError for a name that can't
    be used; bad content is findings, never an exception."""
    clean = safe_name(name)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / clean
        path.write_bytes(data)
        result = check_files(schema, [path])[0]
        annotated = annotated_bytes(result, schema)
    return CheckedFile(result, annotated, reminder_text(schema, result, result.unit_name or "đơn vị"))


# ---- campaign status -------------------------------------------------------------------------------------


@dataclass
class UnitRow:
    """One expected unit on the overview: ``state`` is one of STATES."""

    code: str
    name: str
    state: str
    late: bool
    submitted_at: dt.datetime | None
    file: str | None
    errors: int
    warnings: int
    narrative: str  # "đã nhận", "chưa nhận" or "chưa hỗ trợ"


STATES = ("chưa nộp", "hợp lệ", "có cảnh báo", "có lỗi", "không dùng được")


@dataclass
class CampaignStatus:
    title: str
    deadline: str
    rows: list[UnitRow]
    report: ValidationReport
    master: MasterData | None
    narratives_supported: bool
    other_files: list[tuple[str, str]] = field(default_factory=list)  # name, why it is not a return

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    @property
    def late(self) -> int:
        return sum(1 for r in self.rows if r.late)


def narratives_supported() -> bool:
    """True once the narrative library (issue 11) is merged."""
    try:
        importlib.import_module("cchc_cli.narrative.collect")
    except ImportError:
        return False
    return True


def narrative_units(schema: Schema, folder: Path, schema_path: Path | None = None) -> dict[str, str]:
    """Unit code → name of the Word file of its narrative report found under ``folder`` (issue 11's reader);
    empty when the narrative library is not there or the folder does not exist."""
    try:
        collect = importlib.import_module("cchc_cli.narrative.collect").collect_narratives
    except (ImportError, AttributeError):
        return {}
    if not folder.is_dir():
        return {}
    found = collect(schema, [folder], schema_path=schema_path)
    return {n.unit.code: Path(n.path).name for n in found.narratives if n.unit is not None and n.used}


def campaign_status(
    schema: Schema, report: ValidationReport, narratives: dict[str, str] | None = None
) -> CampaignStatus:
    """Every expected unit with its state, from a validation report of the returns folder.

    ``narratives``: what :func:`narrative_units` found (None: not looked for — shown as "chưa hỗ trợ" while the
    narrative library is missing)."""
    from cchc_cli.merge.engine import build_master

    master = build_master(schema, report)
    by_file = {r.name: r for r in report.files}
    supported = narratives_supported() and narratives is not None
    rows = []
    for s in master.status:
        chosen = by_file.get(s.file or "")
        if not s.received:
            state = "chưa nộp"
        elif chosen is not None and not chosen.read:
            state = "không dùng được"
        elif s.errors:
            state = "có lỗi"
        elif s.warnings:
            state = "có cảnh báo"
        else:
            state = "hợp lệ"
        if not supported:
            narrative = "chưa hỗ trợ"
        else:
            narrative = "đã nhận" if narratives and s.code in narratives else "chưa nhận"
        rows.append(
            UnitRow(s.code, s.name, state, s.on_time is False, s.submitted_at, s.file, s.errors, s.warnings, narrative)
        )
    others = [(sk.name, sk.reason) for sk in report.skipped]
    others += [(r.name, "không nhận ra đơn vị") for r in report.files if r.unit is None]
    return CampaignStatus(schema.campaign.title, schema.campaign.deadline_text, rows, report, master, supported, others)


def local_time(value: dt.datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Vietnam time, or empty."""
    return value.astimezone(VN_TIME).strftime("%d/%m/%Y %H:%M") if value else ""


# ---- merge and report ------------------------------------------------------------------------------------


def merge_into(schema: Schema, report: ValidationReport, out_dir: Path) -> tuple[MasterData, Path, Path]:
    """Build the master from ``report`` and write tong-hop.xlsx and du-lieu.csv into ``out_dir``.

    A master already there is kept: moved to ``out_dir/ban-cu/`` with its time in the name, so nothing is lost.
    Raises CchcError when no return is usable (nothing is written then).
    """
    from cchc_cli.merge.engine import build_master
    from cchc_cli.merge.workbook import write_outputs

    master = build_master(schema, report)
    if not master.by_unit:
        raise CchcError("chưa có báo cáo hợp lệ nào để tổng hợp.")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        old = [p for p in (out_dir / "tong-hop.xlsx", out_dir / "du-lieu.csv") if p.exists()]
        if old:
            keep = out_dir / "ban-cu"
            keep.mkdir(exist_ok=True)
            stamp = dt.datetime.fromtimestamp(old[0].stat().st_mtime).strftime("%Y%m%d-%H%M%S")
            for p in old:
                target = keep / f"{p.stem}-{stamp}{p.suffix}"
                n = 2
                while target.exists():
                    target = keep / f"{p.stem}-{stamp}-{n}{p.suffix}"
                    n += 1
                p.rename(target)
    except OSError as exc:
        raise CchcError(f"{out_dir}: không ghi được ({os_reason(exc)}); bảng tổng hợp có đang mở trong Excel?") from exc
    xlsx, csv_path = write_outputs(master, out_dir, force=False)
    return master, xlsx, csv_path


def render_draft(
    schema: Schema,
    report: ValidationReport,
    out_dir: Path,
    *,
    template: Path | None = None,
    today: dt.date | None = None,
) -> Path:
    """Write a new Word draft into ``out_dir`` (``du-thao-bao-cao-<ngày>.docx``, with ``(2)`` … when taken:
    a draft the specialist edited is never replaced). Raises CchcError for template mistakes."""
    from cchc_cli.merge.engine import build_master
    from cchc_cli.report.render import render_report

    master = build_master(schema, report)
    if not master.by_unit:
        raise CchcError("chưa có báo cáo hợp lệ nào để dựng dự thảo.")
    day = today or dt.date.today()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CchcError(f"{out_dir}: không tạo được thư mục ({os_reason(exc)}).") from exc
    with tempfile.TemporaryDirectory() as tmp:
        draft = render_report(master, Path(tmp) / "du-thao.docx", template=template, today=day)
        return write_new(out_dir, f"du-thao-bao-cao-{day:%Y-%m-%d}.docx", draft.read_bytes())


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Atomic write with a Vietnamese error (for front ends that save a derived file)."""
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise CchcError(f"{path}: không ghi được tệp ({os_reason(exc)}).") from exc


def master_files(schema: Schema, report: ValidationReport) -> tuple[bytes, bytes]:
    """Bytes out: (tong-hop.xlsx, du-lieu.csv) for the usable returns of ``report``."""
    from cchc_cli.merge.engine import build_master
    from cchc_cli.merge.workbook import csv_bytes, master_bytes

    master = build_master(schema, report)
    return master_bytes(master), csv_bytes(master)


def draft_bytes(
    schema: Schema, report: ValidationReport, *, template: Path | None = None, today: dt.date | None = None
) -> bytes:
    """Bytes out: the Word draft for the usable returns of ``report``."""
    with tempfile.TemporaryDirectory() as tmp:
        return render_draft(schema, report, Path(tmp), template=template, today=today).read_bytes()

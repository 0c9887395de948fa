"""One facade over the library for every front end: the command line (cli.py) and the local page (web/).

Functions take paths or bytes and return plain values or bytes; they never print. Failures a person can act on
are ``CchcError`` subclasses with a one-line Vietnamese message (``UploadError``, ``CampaignError``; schema
problems stay ``SchemaError``). Bad data in a return is never an exception: it is a finding.

Where a job runs is resolved in one place, the campaign module (``cchc init``): :func:`locate` for a command
run in a folder, :func:`open_campaign` for the page, both through ``campaign.find_campaign`` (a ``cchc.yaml``
in the folder or above). The page also takes a folder with no campaign file whose ``*.yaml`` is a schema.

Progress: jobs that take a second accept ``progress(label)`` (called once a step) and ``total(n)`` (called
once, before the first step, with the number of steps).
"""

from __future__ import annotations

import contextlib
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

from cchc_cli.errors import EXIT_INVALID, CchcError, SchemaError, os_reason
from cchc_cli.fsutil import atomic_write_bytes, user_umask

if TYPE_CHECKING:
    from cchc_cli.campaign import CampaignFolder, Defaults, FolderRole
    from cchc_cli.foreign import ForeignCampaign
    from cchc_cli.generate import GenerateResult
    from cchc_cli.merge.model import MasterData
    from cchc_cli.narrative import NarrativeSet
    from cchc_cli.schema.model import Schema
    from cchc_cli.status import StatusReport
    from cchc_cli.summary import SchemaSummary
    from cchc_cli.validation.engine import FileResult, ValidationReport
    from cchc_cli.validation.findings import Finding
    from cchc_cli.validation.report import Skipped

Progress = Callable[[str], None]
Total = Callable[[int], None]

#: The page's keys of a campaign's working folders → the campaign module's folder roles (``cchc.yaml``
#: ``folders:``, whose defaults name them: bieu-mau, bao-cao-nhan, tra-lai, tong-hop, bao-cao).
ROLES: dict[str, FolderRole] = {
    "templates": "templates",
    "returns": "returns",
    "annotated": "returned",
    "master": "merged",
    "report": "report",
}
FOLDERS = tuple(ROLES)
#: What a unit may send (spreadsheets, a .zip of them, its narrative report in Word).
NARRATIVE_UPLOADS = frozenset({".docx", ".doc", ".odt"})  # a unit's narrative report (Word, LibreOffice)
UPLOAD_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".zip"}) | NARRATIVE_UPLOADS
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # one file; a real return is a few dozen KB


class CampaignError(CchcError):
    """The folder cannot be used as a campaign folder (missing, not a folder, unreadable schema file)."""


class UploadError(CchcError):
    """An uploaded file is refused (too big, a kind of file the campaign does not take, a bad .zip)."""


# ---- the campaign folder ---------------------------------------------------------------------------------


def _default_names() -> dict[str, str]:
    from cchc_cli.campaign import Folders

    folders = Folders()
    return {key: getattr(folders, role) for key, role in ROLES.items()}


@dataclass(frozen=True)
class Campaign:
    """A campaign folder as the page uses it: ``root``, its schema file (None = the bundled default), its report
    outline (None = the bundled one), the names of its working folders (keys of FOLDERS) and, when the folder
    has a campaign file, the campaign module's ``CampaignFolder`` (``settings``)."""

    root: Path
    schema_path: Path | None
    outline: Path | None = None
    names: dict[str, str] = field(default_factory=_default_names)
    settings: CampaignFolder | None = None

    def folder(self, key: str) -> Path:
        """The working folder ``key`` (one of FOLDERS) — not created here."""
        return self.root / self.names[key]

    def ensure(self, key: str) -> Path:
        """The working folder ``key``, created when missing. Raises CampaignError when it can't be."""
        path = self.folder(key)
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CampaignError(f"{path}: không tạo được thư mục ({os_reason(exc)}).") from exc
        return path

    @property
    def schema_label(self) -> str:
        """The schema file's name, or words for the bundled default."""
        return self.schema_path.name if self.schema_path else "lược đồ mặc định kèm theo (Khánh Sơn 2011–2020)"


def locate(schema_path: Path | None = None, cwd: Path | None = None) -> Defaults:
    """Where a command runs: the campaign folder holding ``cwd`` (default: the current folder) and its schema.

    Returns the campaign module's ``Defaults``: ``.folder`` (CampaignFolder or None outside a campaign folder),
    ``.schema_path`` (an explicit ``schema_path`` wins; else the campaign's; None = the bundled default) and
    ``.path(role, fallback)`` for a working folder. Raises CchcError for a campaign file that does not read
    (only when no ``schema_path`` is given), SchemaError when the campaign's schema file is missing.
    """
    from cchc_cli.campaign import defaults

    return defaults(schema_path, cwd)


def working_folder(here: Defaults, role: FolderRole) -> Path:
    """The folder a command writes ``role``'s files to by default: the campaign folder's (``cchc.yaml``
    ``folders:``); outside a campaign folder, the default name (bieu-mau, tong-hop …) under the current folder."""
    from cchc_cli.campaign import Folders

    return here.path(role, Path(getattr(Folders(), role)))


def campaign_line(schema: Schema, folder: CampaignFolder | None) -> str:
    """The line naming the campaign (plan, issuing body, folder) that every command prints first."""
    from cchc_cli.campaign import describe

    return describe(schema, folder)


def open_campaign(root: Path) -> Campaign:
    """The campaign in folder ``root``, for the page. Raises CampaignError when ``root`` is not a folder, CchcError
    for a campaign file that does not read (file and line).

    Schema, outline and folders: the campaign file's (``cchc.yaml`` in ``root`` or above) when there is one;
    else the folder's only ``*.yaml`` that declares a ``schema:`` block (``luoc-do.yaml`` first when there are
    several), the outline ``de-cuong/`` when not empty and the standard folder names; else the bundled default.
    """
    from cchc_cli.campaign import find_campaign, loose_schema

    root = Path(root).expanduser()
    if not root.is_dir():
        raise CampaignError(f"{root}: không có thư mục này.")
    found = find_campaign(root)
    if found is not None:
        names = {key: Path(found.folder(role)).relative_to(found.root).as_posix() for key, role in ROLES.items()}
        return Campaign(found.root, found.schema_path, found.outline_path, names, found)
    schema_path = loose_schema(root)
    outline_dir = root / "de-cuong"
    outline = outline_dir if outline_dir.is_dir() and any(outline_dir.iterdir()) else None
    return Campaign(root.resolve(), schema_path.resolve() if schema_path else None, outline)


def load_schema(path: Path | None) -> Schema:
    """The schema at ``path`` (None = the bundled default). Raises SchemaError with file, line and key."""
    from cchc_cli.schema import load_schema as load

    return load(path)


def load_campaign_schema(campaign: Campaign) -> Schema:
    """The campaign's schema (raises SchemaError with file, line and key)."""
    return load_schema(campaign.schema_path)


# ---- schema ----------------------------------------------------------------------------------------------


@dataclass
class SchemaCheck:
    """`schema check` as data: ``problems`` empty means the schema is usable; ``summary`` is set then."""

    path: str
    problems: list[str]
    summary: SchemaSummary | None = None


def check_schema(path: Path | None) -> SchemaCheck:
    """Load and check the schema at ``path`` (None = bundled); every problem as a Vietnamese sentence (never
    raises for a schema mistake: the page shows them)."""
    from cchc_cli.summary import summarize

    label = str(path) if path else "lược đồ mặc định"
    try:
        schema = load_schema(path)
    except SchemaError as err:
        return SchemaCheck(label, list(err.problems))
    return SchemaCheck(label, [], summarize(schema))


@dataclass
class SchemaInfo:
    """`cchc schema check`: the campaign line and the schema's summary (sections, rows per unit, rules)."""

    campaign_line: str
    summary: SchemaSummary


def schema_info(path: Path | None = None, *, cwd: Path | None = None) -> SchemaInfo:
    """Check the schema at ``path`` (None: the campaign folder's around ``cwd``, else the bundled one) and
    summarise it. The campaign line names the folder only when the schema is the campaign's.
    Raises SchemaError (every problem, with file and line), CchcError for an unreadable campaign file."""
    from cchc_cli.summary import summarize

    here = locate(path, cwd)
    schema = load_schema(here.schema_path)
    return SchemaInfo(campaign_line(schema, here.folder if path is None else None), summarize(schema))


# ---- templates -------------------------------------------------------------------------------------------


@dataclass
class TemplatesResult:
    """The page's templates job: the workbooks written and the units that get none."""

    written: list[tuple[str, str, Path]]  # unit code, unit name, file
    no_rows: list[tuple[str, str]]  # units the schema gives nothing to report


def generate_into(
    schema: Schema,
    out_dir: Path,
    units: Sequence[str] | None = None,
    *,
    progress: Progress | None = None,
    total: Total | None = None,
) -> TemplatesResult:
    """Write the blank workbooks of ``units`` (codes or groups; None = every unit) into ``out_dir``, one step
    per workbook. Templates are deterministic, so an existing one is replaced by the same bytes (or by the
    current layout when the schema changed) — callers say so to the user. Raises CchcError for an unknown unit."""
    result = _write_templates(schema, out_dir, units, force=True, progress=progress, total=total)
    return TemplatesResult(
        [(u.code, u.name, p) for u, p, _ in result.written], [(u.code, u.name) for u in result.no_rows]
    )


def _write_templates(
    schema: Schema,
    out_dir: Path,
    units: Sequence[str] | None,
    *,
    force: bool,
    progress: Progress | None,
    total: Total | None,
) -> GenerateResult:
    """The library's generate_templates, ``total`` told first how many workbooks it writes."""
    from cchc_cli.generate import count_templates, generate_templates, select_units

    if total is not None:
        total(count_templates(schema, select_units(schema, units)))
    return generate_templates(schema, out_dir, units, force=force, progress=progress)


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
    """Bytes out: a .zip of the blank workbooks of ``units`` (codes or groups; None = every unit) and, where the
    campaign has a narrative outline, each unit's Word outline beside its workbook, named as
    `generate-templates` names them. Raises CchcError for an unknown unit code."""
    from cchc_cli.generate import plan_templates, select_units
    from cchc_cli.workbook.writer import render_workbook

    selected = select_units(schema, units)
    layouts, _ = plan_templates(schema, selected)
    files = [(layout.file_name, render_workbook(layout, schema)) for layout in layouts]
    files += _outline_files(schema, [layout.unit for layout in layouts])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


def _outline_files(schema: Schema, units: Sequence[Any]) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the units' Word outlines (DeCuong_…docx); none when the campaign has no outline."""
    try:
        from cchc_cli.narrative.outline import load_outline
        from cchc_cli.narrative.template_docx import Stamper, outline_file_name

        outline = load_outline(schema)
    except (ImportError, CchcError):
        return []
    stamper = Stamper(schema, outline)
    return [(outline_file_name(u), stamper.render(u)) for u in units if outline.nodes_for_unit(u.code)]


# ---- receiving returns -----------------------------------------------------------------------------------

_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def base_name(name: str) -> str:
    """The file name alone of what a browser or a zip says ("C:\\Users\\a\\PL2.xlsx", "thu-muc/PL2.xlsx")."""
    return PureWindowsPath(PurePosixPath(name.replace("\\", "/")).name).name


def safe_name(name: str) -> str:
    """A file name safe on Windows and Linux from what a browser or a zip says: no folders, no control or
    reserved characters, no leading dot, NFC, a name of at most 100 characters ("tep" when none is left)."""
    base = unicodedata.normalize("NFC", base_name(name))
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
        os.chmod(tmp, 0o666 & ~user_umask())  # as any file the user saves (mkstemp makes it private: 0600)
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
    ``already`` holds it too when it was there before with the same content (sent twice: not stored again);
    ``cleaned``: the name it was to be stored under (``safe_name``), before ``(2)`` … for a name taken."""

    original: str
    saved: list[Path]
    kind: str
    already: list[Path] = field(default_factory=list)
    cleaned: str = ""

    @property
    def renamed_for_clash(self) -> bool:
        """Stored under another name because a different file already had this one."""
        return not self.already and bool(self.saved) and self.saved[0].name != self.cleaned

    @property
    def renamed_for_safety(self) -> bool:
        """Stored under a name made safe for Windows (folders, reserved characters, a leading dot, length)."""
        return not self.already and not self.renamed_for_clash and self.cleaned != self.original


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
    already there is not stored twice. Raises UploadError (its message does not repeat the file's name: the
    caller shows it) for a kind of file not taken, an office lock file, a file too large or empty."""
    from cchc_cli.reading.book import is_lock_file

    clean = safe_name(name)
    suffix = Path(clean).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        allowed = ", ".join(sorted(UPLOAD_SUFFIXES))
        raise UploadError(f"không nhận loại tệp này (chỉ nhận {allowed}).")
    if is_lock_file(base_name(name)):
        raise UploadError("tệp khóa tạm của Excel/LibreOffice (có khi tệp đang mở), không phải báo cáo; không lưu.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(f"tệp quá lớn ({len(data) // (1024 * 1024)} MB; tối đa 20 MB).")
    if not data:
        raise UploadError("tệp rỗng (0 byte); đề nghị đơn vị gửi lại.")
    folder = campaign.ensure("returns")
    kind = "zip" if suffix == ".zip" else "narrative" if suffix in NARRATIVE_UPLOADS else "return"
    same = _same_content(folder, data)
    if same is not None:
        return Received(name, [same], kind, [same], clean)
    return Received(name, [write_new(folder, clean, data)], kind, cleaned=clean)


# ---- checking --------------------------------------------------------------------------------------------


def validate_folder(
    schema: Schema, folder: Path, *, progress: Progress | None = None, total: Total | None = None
) -> ValidationReport:
    """Validate every return under ``folder``, one step per file (an absent folder is an empty campaign, not an
    error: an empty report)."""
    from cchc_cli.validation.engine import ValidationReport

    if not folder.is_dir():
        if total is not None:
            total(0)
        return ValidationReport([], [])
    return _validate(schema, [folder], progress, total)


def _validate(schema: Schema, paths: list[Path], progress: Progress | None, total: Total | None) -> ValidationReport:
    """The returns under ``paths`` validated; ``total`` told the number of files first."""
    from cchc_cli.validation.engine import collect, validate_paths

    collected = collect(paths)
    if total is not None:
        total(len(collected[0]))
    return validate_paths(schema, paths, progress=progress, collected=collected)


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
    """A ready-to-send Vietnamese message (Zalo, e-mail) to the unit named ``unit_name`` about one return it
    sent (``result``): each finding in a clerk's words (:func:`finding_sentence`, at most 15), and whether to
    fix and send again. ``result`` None: the unit sent nothing — :func:`missing_reminder`'s text (the one
    `cchc status` prints), to the registry's contact person. KeyError: None and no unit has that name."""
    if result is None:
        code = next((u.code for u in schema.units if u.name == unit_name), None)
        if code is None:
            raise KeyError(unit_name)
        return missing_reminder(schema, None, code)
    c = schema.campaign
    office = schema.unit_by_code[c.collector].name if c.collector in schema.unit_by_code else c.issuing_body
    head = f"Kính gửi {unit_name},"
    own = [f for f in result.findings if f.code not in _between_files()]  # two returns of one unit: ours to sort
    errors = [f for f in own if f.severity == "error"]
    warnings = [f for f in own if f.severity == "warning"]
    if not errors and not warnings:
        from cchc_cli.merge.engine import on_time
        from cchc_cli.reminders import LATE_ADVICE

        late = (
            f" Báo cáo gửi sau hạn (hạn gửi {c.deadline_text}); {LATE_ADVICE}."
            if not on_time(schema, result.submitted_at)
            else ""
        )
        return (
            f"{head}\n{office} đã nhận báo cáo của đơn vị (tệp {result.name}); báo cáo hợp lệ.{late} Trân trọng cảm ơn."
        )
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


def missing_reminder(
    schema: Schema, report: ValidationReport | None, code: str, *, today: dt.date | None = None
) -> str:
    """The reminder to unit ``code`` that has sent nothing — the same text `cchc status` prints (reminders.py,
    the one place for its wording), to its contact person when the registry or a return in ``report`` names
    one. ``today``: default the date in Vietnam now (says whether the deadline has passed).
    KeyError: unknown code."""
    from cchc_cli.reminders import MISSING
    from cchc_cli.reminders import reminder_text as unit_reminder
    from cchc_cli.status import VN_TIME, contact_of
    from cchc_cli.validation.engine import ValidationReport

    day = today or dt.datetime.now(VN_TIME).date()
    person = contact_of(schema, report or ValidationReport([], []), code).person
    return unit_reminder(schema, code, [MISSING], person=person, today=day)


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
    """The page's overview: the campaign's title and deadline (text), one row per expected unit (registry
    order), the validation report and master it was built from, and the files of the returns folder that are
    not returns (name, why)."""

    title: str
    deadline: str
    rows: list[UnitRow]
    report: ValidationReport
    master: MasterData | None
    narratives_supported: bool
    other_files: list[tuple[str, str]] = field(default_factory=list)  # name, why it is not a return

    def count(self, state: str) -> int:
        """How many units are in ``state`` (one of STATES)."""
        return sum(1 for r in self.rows if r.state == state)

    @property
    def late(self) -> int:
        """How many units sent after the deadline."""
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
    if not narratives_supported() or not folder.is_dir():
        return {}
    found = narratives_in(schema, [folder], schema_path)
    return {n.unit.code: Path(n.path).name for n in found.narratives if n.unit is not None and n.used}


def campaign_status(
    schema: Schema, report: ValidationReport, narratives: dict[str, str] | None = None
) -> CampaignStatus:
    """Every expected unit with its state, from a validation report of the returns folder.

    ``narratives``: what :func:`narrative_units` found (None: not looked for — shown as "chưa hỗ trợ" while the
    narrative library is missing)."""
    from cchc_cli.merge.engine import build_master
    from cchc_cli.status import unattributed, unit_state

    master = build_master(schema, report)
    by_file = {r.name: r for r in report.files}
    supported = narratives_supported() and narratives is not None
    rows = []
    for s in master.status:
        chosen = by_file.get(s.file or "")
        state = unit_state(s, readable=chosen is None or chosen.read)
        if not supported:
            narrative = "chưa hỗ trợ"
        else:
            narrative = "đã nhận" if narratives and s.code in narratives else "chưa nhận"
        rows.append(
            UnitRow(s.code, s.name, state, s.on_time is False, s.submitted_at, s.file, s.errors, s.warnings, narrative)
        )
    others = [(sk.name, sk.reason) for sk in (_spreadsheet_skips(report.skipped) if supported else report.skipped)]
    others += unattributed(report)
    return CampaignStatus(schema.campaign.title, schema.campaign.deadline_text, rows, report, master, supported, others)


def own_task(schema: Schema, code: str | None, result: FileResult | None) -> str:
    """For the collecting office's own return (it sends itself no reminder): what it must fill in or fix;
    "" for any other unit, or when nothing is left to do. ``result``: its return, None when not received."""
    from cchc_cli import reminders

    if code is None or not reminders.is_collector(schema, code):
        return ""
    if result is None:
        states = [reminders.MISSING]
    elif not result.read:
        states = [reminders.UNUSABLE]
    else:
        states = [reminders.ERRORS] if result.errors else []
    file = result.name if result is not None else None
    return reminders.own_return_text(schema, code, states, file=file, errors=result.errors if result else 0)


def can_annotate(result: FileResult) -> bool:
    """Whether an annotated copy can be made of ``result``'s workbook (an .xlsx/.xlsm, also inside a .zip)."""
    from cchc_cli.validation.annotate import can_annotate as possible

    return bool(possible(result))


def local_time(value: dt.datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Vietnam time, or empty."""
    from cchc_cli.status import VN_TIME

    return value.astimezone(VN_TIME).strftime("%d/%m/%Y %H:%M") if value else ""


# ---- merge and report ------------------------------------------------------------------------------------


def merge_into(schema: Schema, report: ValidationReport, out_dir: Path) -> tuple[MasterData, Path, Path]:
    """Build the master from ``report`` and write tong-hop.xlsx and du-lieu.csv into ``out_dir``.

    A master already there is kept: moved to ``out_dir/ban-cu/`` with its time in the name, so nothing is lost.
    Raises CchcError when no return is usable (nothing is written then).
    """
    from cchc_cli.merge.workbook import write_outputs

    master = usable_master(schema, report, PAGE_NEXT_STEP)
    keep_previous(out_dir)
    xlsx, csv_path = write_outputs(master, out_dir, force=True)
    return master, xlsx, csv_path


def keep_previous(out_dir: Path) -> list[Path]:
    """Copy the master and CSV already in ``out_dir`` into ``out_dir/ban-cu/``, named with their time
    ("tong-hop-20200601-083000.xlsx", "-2" … when taken), before a new merge replaces them: a note the
    specialist typed into the old master is never lost. Returns the copies. Raises CchcError when they can't
    be copied (nothing is replaced then)."""
    from cchc_cli.fsutil import write_new
    from cchc_cli.merge.workbook import output_paths

    old = [p for p in output_paths(out_dir) if p.exists()]
    copies: list[Path] = []
    if not old:
        return copies
    try:
        keep = out_dir / "ban-cu"
        keep.mkdir(exist_ok=True)
        stamp = dt.datetime.fromtimestamp(old[0].stat().st_mtime).strftime("%Y%m%d-%H%M%S")
        for p in old:
            target = keep / f"{p.stem}-{stamp}{p.suffix}"
            n = 2
            while target.exists():
                target = keep / f"{p.stem}-{stamp}-{n}{p.suffix}"
                n += 1
            write_new(target, p.read_bytes())  # never a half copy or a temporary, whatever stops the run
            copies.append(target)
    except OSError as exc:
        raise CchcError(f"{out_dir}: không giữ được bản tổng hợp cũ ({os_reason(exc)}); chưa ghi gì.") from exc
    return copies


def report_settings(schema: Schema, folder: CampaignFolder | None, today: dt.date | None = None) -> Any:
    """The campaign file's facts for the Word report (signer, recipients, date rule): cchc_cli.campaign
    ReportFields; None outside a campaign folder (the outline's own closing block stays)."""
    from cchc_cli.campaign import report_fields

    return report_fields(schema, folder, today or dt.date.today()) if folder is not None else None


@dataclass(frozen=True)
class Draft:
    """A Word draft written by the page: its path, and the companion document gathering the units' own text
    written beside it (None when no unit sent a Word report)."""

    path: Path
    companion: Path | None


def render_draft(
    schema: Schema,
    report: ValidationReport,
    out_dir: Path,
    *,
    template: Path | None = None,
    today: dt.date | None = None,
    folder: CampaignFolder | None = None,
    narratives: Any = None,
) -> Draft:
    """Write a new Word draft into ``out_dir`` (``du-thao-bao-cao-<ngày>.docx``, with ``(2)`` … when taken:
    a draft the specialist edited is never replaced), and beside it, when ``narratives`` brought the units'
    Word reports, the companion document that gathers their text (``…-noi-dung-don-vi.docx``, as `cchc
    render-report` writes; also never replacing a file). Raises CchcError for template mistakes."""
    from cchc_cli.narrative.compilation import companion_path
    from cchc_cli.report.render import render_report

    master = usable_master(schema, report, PAGE_NEXT_STEP, job="dựng dự thảo")
    day = today or dt.date.today()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CchcError(f"{out_dir}: không tạo được thư mục ({os_reason(exc)}).") from exc
    with tempfile.TemporaryDirectory() as tmp:
        draft = render_report(
            master,
            Path(tmp) / "du-thao.docx",
            template=template,
            today=day,
            narratives=narratives,
            settings=report_settings(schema, folder, day),
        )
        path = write_new(out_dir, f"du-thao-bao-cao-{day:%Y-%m-%d}.docx", draft.read_bytes())
        gathered = companion_path(draft)
        companion = write_new(out_dir, companion_path(path).name, gathered.read_bytes()) if gathered.is_file() else None
        return Draft(path, companion)


def campaign_draft(campaign: Campaign, schema: Schema, report: ValidationReport) -> Draft:
    """The page's "Dự thảo báo cáo": a new Word draft in the campaign's report folder, with the units' narrative
    reports found in its returns folder pulled in (and gathered in a companion document) and the campaign
    file's signer, recipients and date rule, exactly as `cchc render-report` run in the folder does.
    Raises CchcError."""
    from cchc_cli.narrative import has_narratives

    returns = campaign.folder("returns")
    narratives = (
        narratives_in(schema, [returns], campaign.schema_path) if returns.is_dir() and has_narratives(returns) else None
    )
    return render_draft(
        schema,
        report,
        campaign.ensure("report"),
        template=campaign.outline,
        folder=campaign.settings,
        narratives=narratives,
    )


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
        return render_draft(schema, report, Path(tmp), template=template, today=today).path.read_bytes()


# ---- the command line's jobs: resolve the campaign, do the work, return what to print ---------------------


@dataclass
class Created:
    """`cchc init`: the new campaign folder (``folder``: CampaignFolder), its schema, the campaign line, and
    its working folders by role (templates, returns, returned, merged, report → path)."""

    folder: CampaignFolder
    schema: Schema
    campaign_line: str
    folders: dict[str, Path]


def init_campaign(target: Path, source: str | None = None) -> Created:
    """Make a campaign folder at ``target`` from a bundled campaign name or a schema file (``source``; None =
    the default bundled campaign). Raises CchcError when ``target`` exists and is not empty, for an unknown
    ``source``, or when it can't be written; SchemaError when the schema copied does not load."""
    from cchc_cli.campaign import init_campaign as init

    created = init(target, source)
    schema = created.load_schema()
    roles: tuple[FolderRole, ...] = ("templates", "returns", "returned", "merged", "report")
    return Created(created, schema, campaign_line(schema, created), {r: created.folder(r) for r in roles})


@dataclass
class Generated:
    """`cchc generate-templates`: ``result`` (GenerateResult: ``written`` [(unit, path, layout)], ``no_rows``
    [unit], ``outlines`` [(unit, path)]) written into ``out``."""

    schema: Schema
    campaign_line: str
    out: Path
    result: GenerateResult


def generate(
    schema_path: Path | None = None,
    units: Sequence[str] | None = None,
    out: Path | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
    total: Total | None = None,
    cwd: Path | None = None,
) -> Generated:
    """Write the blank workbooks of ``units`` (codes or groups; None = every unit) into ``out`` (default: the
    campaign's templates folder, else ``bieu-mau/``). One step per workbook. Raises CchcError for an unknown
    unit or a file already there without ``force`` (nothing written then), SchemaError."""
    here = locate(schema_path, cwd)
    schema = load_schema(here.schema_path)
    out = out or working_folder(here, "templates")
    result = _write_templates(schema, out, units, force=force, progress=progress, total=total)
    return Generated(schema, campaign_line(schema, here.folder), out, result)


def returns_to_read(paths: Sequence[Path] | None, here: Defaults) -> list[Path]:
    """The returns a command reads: ``paths`` when given, else the campaign folder's returns folder (made
    again, empty, when it was removed: nothing received yet, as the page sees it). Raises CchcError outside a
    campaign folder with no path given."""
    if paths:
        return list(paths)
    if here.folder is None:
        raise CchcError(
            "chưa chỉ tệp hoặc thư mục báo cáo (ví dụ: thu-muc-bao-cao/), hoặc chạy lệnh trong thư mục đợt "
            "báo cáo do cchc init tạo."
        )
    returns = here.folder.folder("returns")
    with contextlib.suppress(OSError):  # a folder that can't be made is said by the command that reads it
        returns.mkdir(exist_ok=True)
    return [returns]


def wrong_campaign_line(found: ForeignCampaign, expected: str) -> str:
    """One line: which campaign the returns are for (title when a matching schema was found, its id and
    version from the fingerprint) and the ``--schema`` to use."""
    what = f"«{found.match.title}» (mã {found.schema_id})" if found.match else f"mã {found.schema_id}"
    version = f", phiên bản {found.version}" if found.version else ""
    if found.match is None:
        use = "Chạy lại với --schema <tệp lược đồ của đợt đó>"
    elif found.match.path is None:
        use = "Chạy lại không có --schema (dùng lược đồ kèm theo cchc)"
    else:
        use = f"Chạy lại với --schema {found.match.name}"
    return (
        f"{len(found.files)} tệp báo cáo là biểu mẫu của đợt báo cáo khác: {what}{version}, không phải đợt "
        f"{expected} đang dùng. {use}. Chưa ghi tệp nào."
    )


def validate_returns(
    schema: Schema,
    paths: Sequence[Path],
    *,
    progress: Progress | None = None,
    total: Total | None = None,
    empty_ok: bool = True,
) -> ValidationReport:
    """Validate every return under ``paths`` (one step per file). Raises CchcError when the returns are another
    campaign's (nothing written: the message names it and the ``--schema`` to use), and when none could be
    opened unless ``empty_ok`` (an empty folder is the first day of a campaign)."""
    from cchc_cli.foreign import WrongCampaignError, check_campaign

    report = _validate(schema, list(paths), progress, total)
    if not report.readable and not empty_ok:
        raise CchcError("không có tệp báo cáo nào đọc được trong " + ", ".join(str(p) for p in paths) + ".")
    try:
        check_campaign(schema, report, list(paths))
    except WrongCampaignError as err:
        raise CchcError(wrong_campaign_line(err.found, err.expected)) from err
    return report


def narratives_in(schema: Schema, paths: Sequence[Path], schema_path: Path | None = None) -> NarrativeSet:
    """The units' Word narrative reports under ``paths`` (a NarrativeSet: ``narratives``, ``issues``).
    Raises CchcError for an outline the reader cannot use."""
    from cchc_cli.narrative.collect import collect_narratives

    return collect_narratives(schema, list(paths), schema_path=schema_path)


def _with_narratives(payload: Any, narratives: NarrativeSet | None) -> Any:
    from cchc_cli.narrative.console import with_narratives

    return with_narratives(payload, narratives)


def _spreadsheet_skips(skipped: list[Skipped]) -> list[Skipped]:
    """Files the spreadsheet reader skipped, less the Word reports that the narrative table accounts for
    (all of them where the narrative reader is not installed)."""
    try:
        from cchc_cli.narrative.console import drop_narrative_skips
    except ImportError:
        return list(skipped)
    return drop_narrative_skips(skipped)


@dataclass
class Validated:
    """`cchc validate`: the report (``report.skipped`` without the Word reports, which ``narratives`` holds),
    the annotated copies ``written``, the returns ``not_annotated`` that got none (``why_not`` says why), old
    copies ``removed`` because the unit's newer return needs none; ``annotate_error``: why the copies could not
    be written (the check's results stand), "" when they were."""

    schema: Schema
    campaign_line: str
    report: ValidationReport
    narratives: NarrativeSet
    written: list[Path] = field(default_factory=list)
    not_annotated: list[FileResult] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    annotate_error: str = ""

    def to_dict(self) -> Any:
        """What `cchc validate --format json` prints: ValidationReport.to_dict(), with a ``narratives`` key when
        Word reports were found."""
        return _with_narratives(self.report.to_dict(), self.narratives)


def validate(
    paths: Sequence[Path] | None = None,
    schema_path: Path | None = None,
    *,
    annotate: Path | None = None,
    force: bool = False,
    progress: Progress | None = None,
    total: Total | None = None,
    cwd: Path | None = None,
) -> Validated:
    """Validate the returns under ``paths`` (default: the campaign's returns folder), one step per file; with
    ``annotate``, write each return's annotated copy there. Bad data are findings; raises CchcError for no path
    outside a campaign folder, another campaign's returns, a copy already there without ``force``."""
    here = locate(schema_path, cwd)
    paths = returns_to_read(paths, here)
    if annotate is not None:
        _copies_apart(annotate, paths)
    schema = load_schema(here.schema_path)
    report = validate_returns(schema, paths, progress=progress, total=total)
    written: list[Path] = []
    not_annotated: list[FileResult] = []
    removed: list[Path] = []
    annotate_error = ""
    if annotate is not None:
        from cchc_cli.validation.annotate import annotate_returns

        try:
            copies = annotate_returns(report.files, annotate, force=force, schema=schema)
        except CchcError as exc:  # the check itself went fine: its results are kept, the copies' problem said
            annotate_error = str(exc)
        else:
            written, not_annotated, removed = copies.written, [r for r, _ in copies.left], copies.removed
    narratives = narratives_in(schema, paths, here.schema_path)
    report.skipped = _spreadsheet_skips(report.skipped)
    line = campaign_line(schema, here.folder)
    return Validated(schema, line, report, narratives, written, not_annotated, removed, annotate_error)


def _copies_apart(annotate: Path, paths: Sequence[Path]) -> None:
    """Refuse a folder for annotated copies that holds the returns being read: the copies would be read as
    returns next time, and the folder marked as the tool's (its returns skipped from then on). Raises
    CchcError (nothing read or written)."""
    target = annotate.resolve()
    for path in paths:
        where = path.resolve()
        if where == target or target in where.parents:
            raise CchcError(
                f"{annotate}: thư mục ghi bản đánh dấu (--annotate) không được là thư mục chứa báo cáo đang kiểm "
                f"tra ({path}); chọn thư mục khác, ví dụ tra-lai."
            )


@dataclass
class Merged:
    """`cchc merge`: the master built, the files written (none for a dry run), the validation report."""

    schema: Schema
    campaign_line: str
    master: MasterData
    outputs: tuple[Path, ...]
    report: ValidationReport

    @property
    def skipped(self) -> list[Skipped]:
        """Files not read as returns, less the units' Word reports (they are for the draft, not skipped)."""
        return _spreadsheet_skips(self.report.skipped)


#: What the command line tells to do when no return is usable (the page says where to look instead).
CLI_NEXT_STEP = "xem cchc validate để biết cần sửa gì"
PAGE_NEXT_STEP = "xem các đơn vị có lỗi ở trang Tổng quan, gửi lại đơn vị bản đánh dấu và lời nhắc"


def nothing_usable(master: MasterData, next_step: str, *, job: str = "tổng hợp") -> str:
    """Why no return can go into the master (nothing is written then): counts of units not sent, sent with
    errors, unusable, and files of no known unit, then ``next_step`` ("Hãy …"). ``job``: what can't be done."""
    n = len(master.status)
    received = [s for s in master.status if s.received]
    with_errors = sum(1 for s in received if s.errors)
    parts = [f"{n - len(received)}/{n} đơn vị chưa nộp"]
    if with_errors:
        parts.append(f"{with_errors} đơn vị nộp tệp còn lỗi")
    if len(received) - with_errors:
        parts.append(f"{len(received) - with_errors} đơn vị nộp tệp không dùng được")
    unknown = sum(1 for s in master.sources if s.unit is None)
    if unknown:
        parts.append(f"{unknown} tệp không nhận ra là biểu mẫu của đơn vị nào")
    return f"không có báo cáo nào dùng được để {job} ({'; '.join(parts)}); chưa ghi tệp nào. Hãy {next_step}."


def usable_master(
    schema: Schema, report: ValidationReport, next_step: str, *, include_errors: bool = False, job: str = "tổng hợp"
) -> MasterData:
    """The master built from ``report`` (returns with errors too when ``include_errors``: their error cells
    left empty). Raises CchcError (exit code 1) worded by :func:`nothing_usable` when no return is usable."""
    from cchc_cli.merge.engine import build_master

    master = build_master(schema, report, include_errors=include_errors)
    if not any(s.used for s in master.status):
        raise CchcError(nothing_usable(master, next_step, job=job), exit_code=EXIT_INVALID)
    return master


def merge(
    paths: Sequence[Path] | None = None,
    schema_path: Path | None = None,
    out: Path | None = None,
    *,
    include_errors: bool = False,
    dry_run: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    total: Total | None = None,
    cwd: Path | None = None,
) -> Merged:
    """Validate the returns under ``paths`` (default: the campaign's returns folder) and write tong-hop.xlsx and
    du-lieu.csv into ``out`` (default: the campaign's merged folder, else ``tong-hop/``). Raises CchcError
    (exit code 1) when no return is usable — :func:`nothing_usable` says why — and CchcError when none could
    be read, they are another campaign's, or the outputs exist without ``force``."""
    from cchc_cli.merge.workbook import write_outputs

    here = locate(schema_path, cwd)
    paths = returns_to_read(paths, here)
    schema = load_schema(here.schema_path)
    report = validate_returns(schema, paths, progress=progress, total=total, empty_ok=False)
    hint = CLI_NEXT_STEP + ("" if include_errors else ", hoặc thêm --include-errors")
    master = usable_master(schema, report, hint, include_errors=include_errors)
    target = out or working_folder(here, "merged")
    if not dry_run and force:
        keep_previous(target)  # --force replaces the master; the one before stays in ban-cu/
    outputs: tuple[Path, ...] = () if dry_run else tuple(write_outputs(master, target, force=force))
    return Merged(schema, campaign_line(schema, here.folder), master, outputs, report)


@dataclass
class FollowUp:
    """`cchc status`: each unit's problems, contact and reminder (``status``), the files not read (``skipped``,
    Word reports aside), the Word reports found, and the campaign file's regime line (None outside a campaign
    folder)."""

    schema: Schema
    campaign_line: str
    regime_line: str | None
    status: StatusReport
    skipped: list[Skipped]
    narratives: NarrativeSet

    def to_dict(self) -> Any:
        """What `cchc status --format json` prints: StatusReport.to_dict() with a ``narratives`` key when Word
        reports were found."""
        return _with_narratives(self.status.to_dict(), self.narratives)


def follow_up(
    paths: Sequence[Path] | None = None,
    schema_path: Path | None = None,
    *,
    today: dt.date | None = None,
    cwd: Path | None = None,
) -> FollowUp:
    """Who has sent a usable return, who is late, who to remind and how (``today``: default the date in
    Vietnam now). An empty folder is the first day of a campaign: every unit is to remind. Raises CchcError
    for no path outside a campaign folder, or another campaign's returns."""
    from cchc_cli.campaign import regime_line
    from cchc_cli.merge.engine import build_master
    from cchc_cli.status import VN_TIME, build_status

    here = locate(schema_path, cwd)
    paths = returns_to_read(paths, here)
    schema = load_schema(here.schema_path)
    report = validate_returns(schema, paths)
    status = build_status(build_master(schema, report), report, today=today or dt.datetime.now(VN_TIME).date())
    return FollowUp(
        schema,
        campaign_line(schema, here.folder),
        regime_line(schema, here.folder) if here.folder is not None else None,
        status,
        _spreadsheet_skips(report.skipped),
        narratives_in(schema, paths, here.schema_path),
    )


@dataclass
class Rendered:
    """`cchc render-report`: the Word draft written (``path``); the units' Word reports put into it and the
    companion file that gathers them (None when there were none)."""

    schema: Schema
    campaign_line: str
    path: Path
    narratives: NarrativeSet | None
    companion: Path | None
    newer_returns: list[str] = field(default_factory=list)  # returns received after the master was written


def _newer_returns(master: Path, returns: Path | None) -> list[str]:
    """Names of the returns (spreadsheets, .zip) in ``returns`` saved there after ``master`` was written: the
    draft made from that master does not have their figures yet."""
    from cchc_cli.reading.book import ARCHIVE_SUFFIXES, SPREADSHEET_SUFFIXES

    if returns is None or not returns.is_dir():
        return []
    try:
        made = master.stat().st_mtime
        return sorted(
            p.relative_to(returns).as_posix()
            for p in returns.rglob("*")
            if p.suffix.lower() in SPREADSHEET_SUFFIXES | ARCHIVE_SUFFIXES
            and not p.name.startswith((".", "~$"))
            and p.is_file()
            and p.stat().st_mtime > made
        )
    except OSError:
        return []


def render(
    data: Path | None = None,
    *,
    template: Path | None = None,
    out: Path | None = None,
    schema_path: Path | None = None,
    force: bool = False,
    date: dt.date | None = None,
    final: bool = False,
    narratives_dir: Path | None = None,
    progress: Progress | None = None,
    total: Total | None = None,
    cwd: Path | None = None,
) -> Rendered:
    """Write the Word draft of the summary report (Nghị định 30/2020 form) to ``out``.

    ``data``: a master (tong-hop.xlsx) or a folder of returns (validated, one step per file); default the
    campaign's merged/tong-hop.xlsx. ``template``: an outline, a Word template or a folder of them (default: the
    campaign's outline). ``out`` default: the campaign's report folder (else this folder)/bao-cao-tong-ket.docx.
    ``narratives_dir``: the units' Word reports (default: ``data`` when it is a folder that holds some).
    ``date``: the date printed (None: left for the clerk); ``final``: no «DỰ THẢO» mark.
    Raises CchcError for missing data, a missing narratives folder, an existing ``out`` without ``force``,
    template mistakes; SchemaError.
    """
    from cchc_cli.merge.engine import build_master
    from cchc_cli.merge.workbook import read_master
    from cchc_cli.narrative import has_narratives
    from cchc_cli.report.render import render_report

    here = locate(schema_path, cwd)
    data = data or working_folder(here, "merged") / "tong-hop.xlsx"
    out = out or here.path("report", Path(".")) / "bao-cao-tong-ket.docx"  # outside a campaign: here
    if template is None and here.folder is not None:
        template = here.folder.outline_path
    if not data.is_dir() and not data.is_file():
        raise CchcError(f"{data}: không có tệp hoặc thư mục này (chạy cchc merge trước, hoặc chỉ --data).")
    schema = load_schema(here.schema_path)
    if data.is_dir():
        report = validate_returns(schema, [data], progress=progress, total=total, empty_ok=False)
        master = build_master(schema, report)
    else:
        master = read_master(data, schema)
    narratives = None
    returns = working_folder(here, "returns") if here.folder is not None else None
    if narratives_dir is not None:
        if not narratives_dir.is_dir():
            raise CchcError(f"{narratives_dir}: không có thư mục báo cáo thuyết minh này.")
        narratives = narratives_in(schema, [narratives_dir], here.schema_path)
    elif has_narratives(data):
        narratives = narratives_in(schema, [data], here.schema_path)
    elif returns is not None and returns.is_dir() and has_narratives(returns):
        narratives = narratives_in(schema, [returns], here.schema_path)  # the campaign's returns folder
    path = render_report(
        master,
        out,
        template=template,
        force=force,
        date=date,
        final=final,
        narratives=narratives,
        settings=report_settings(schema, here.folder),
    )
    companion = None
    if narratives is not None:
        from cchc_cli.narrative.compilation import companion_path

        companion = companion_path(path)
    newer = [] if data.is_dir() else _newer_returns(data, returns)
    return Rendered(schema, campaign_line(schema, here.folder), path, narratives, companion, newer)

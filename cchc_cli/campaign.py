"""A campaign folder (`cchc init`): the schema and outline to edit, the campaign file, the working folders.

Nghị định 09/2019/NĐ-CP (chế độ báo cáo của cơ quan hành chính nhà nước), Điều 7, lists what a reporting regime
states. The schema holds its name, content (sections, indicators), who reports (units), the deadline, the
reporting periods (and so the data cut-off of each) and the data forms; the campaign file ``cchc.yaml`` holds the
rest: how often it is reported, the data cut-off date, how returns are sent and received, who receives the
report, who signs it, the date the report carries, the outline, and the names of the working folders.

Inside a campaign folder (or any folder below it) every command finds ``cchc.yaml`` by walking up from the
current folder, and takes the schema and its default paths from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from cchc_cli.errors import CchcError, SchemaError, os_reason
from cchc_cli.fsutil import atomic_write_bytes
from cchc_cli.schema.loader import describe_problem, load_schema, load_schema_text, pydantic_message, strip_union_loc
from cchc_cli.schema.model import Schema
from cchc_cli.schema.yamlio import compose, explain, load_yaml

CAMPAIGN_FILE = "cchc.yaml"
SCHEMA_FILE = "luoc-do.yaml"
OUTLINE_FILE = "de-cuong.md.j2"

#: Bundled campaigns `cchc init --from NAME` knows: schema file name → its own outline, if it has one.
BUNDLED_OUTLINES: dict[str, str | None] = {
    "khanh-son-2011-2020": "bao-cao-tong-ket.md.j2",
}

FolderRole = Literal["templates", "returns", "returned", "merged", "report"]
def _folder_name(value: str) -> str:
    """A working folder is named, not pathed: one folder inside the campaign folder (Windows' rules for a name)."""
    if value.strip() in ("", ".", "..") or any(c in value for c in '/\\:*?"<>|') or len(value) > 60:
        raise PydanticCustomError(
            "folder_name",
            "phải là tên một thư mục con nằm trong thư mục đợt báo cáo (không quá 60 ký tự, không chứa "
            "/ \\ : * ? \" < > |, không là «..»), ví dụ bao-cao-nhan; đang là «{value}»",
            {"value": value},
        )
    return value


FolderName = Annotated[str, AfterValidator(_folder_name)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Folders(_Model):
    """Names of the working folders, relative to the campaign folder."""

    templates: FolderName = "bieu-mau"  # blank templates to send
    returns: FolderName = "bao-cao-nhan"  # returns received from units
    returned: FolderName = "tra-lai"  # annotated copies to send back
    merged: FolderName = "tong-hop"  # master workbook and CSV
    report: FolderName = "bao-cao"  # the Word draft


class Signer(_Model):
    title: str = ""  # e.g. "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    name: str = ""


class CampaignSettings(_Model):
    """The campaign file: what ND 09/2019 asks of a reporting regime that the schema does not hold."""

    schema_file: str = SCHEMA_FILE
    outline: str | None = None  # None: render-report builds the draft from the schema alone
    frequency: str = "một lần"  # tần suất báo cáo: một lần, hằng năm, 6 tháng, hằng quý, hằng tháng
    cut_off: dt.date | None = None  # thời gian chốt số liệu; None: the end of the last period
    send_method: str = ""  # phương thức gửi, nhận báo cáo
    recipients: list[str] = []  # nơi nhận báo cáo tổng hợp
    signer: Signer = Signer()
    # the date the report carries: "" left for the văn thư ("ngày … tháng … năm …"), today, deadline or a date
    report_date: Literal["", "today", "deadline"] | dt.date = ""
    folders: Folders = Folders()


@dataclass(frozen=True)
class CampaignFolder:
    """A campaign folder on disk: its root and its settings."""

    root: Path
    settings: CampaignSettings

    @property
    def schema_path(self) -> Path:
        return self.root / self.settings.schema_file

    @property
    def outline_path(self) -> Path | None:
        return self.root / self.settings.outline if self.settings.outline else None

    def folder(self, role: FolderRole) -> Path:
        """The working folder for ``role`` (templates, returns, returned, merged, report)."""
        return self.root / getattr(self.settings.folders, role)

    def load_schema(self) -> Schema:
        return load_schema(self.schema_path)

    def cut_off(self, schema: Schema) -> dt.date:
        """The data cut-off: the campaign file's, else the last day any period covers."""
        return self.settings.cut_off or max(p.end for p in schema.periods)

    def report_date(self, schema: Schema, today: dt.date) -> dt.date | None:
        """The date the report carries, by the campaign file's rule (None: left for the văn thư to write)."""
        rule = self.settings.report_date
        if rule == "":
            return None
        if rule == "today":
            return today
        if rule == "deadline":
            return schema.campaign.report_deadline or schema.campaign.deadline
        return rule


@dataclass(frozen=True)
class ReportFields:
    """What the Word report takes from the campaign file (ND 09/2019: recipients, signer, date, cut-off)."""

    report_date: dt.date | None
    cut_off: dt.date
    frequency: str
    recipients: list[str]
    signer_title: str
    signer_name: str


def report_fields(schema: Schema, folder: CampaignFolder | None, today: dt.date) -> ReportFields:
    """The report's campaign-file facts; outside a campaign folder the defaults (today, the last period's end)."""
    settings = folder.settings if folder else CampaignSettings()
    here = folder or CampaignFolder(Path("."), settings)
    return ReportFields(
        report_date=here.report_date(schema, today),
        cut_off=here.cut_off(schema),
        frequency=settings.frequency,
        recipients=list(settings.recipients),
        signer_title=settings.signer.title,
        signer_name=settings.signer.name,
    )


def read_campaign(path: Path) -> CampaignFolder:
    """Read the campaign file at ``path`` (a ``cchc.yaml``); raises CchcError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CchcError(f"{path}: không đọc được tệp đợt báo cáo ({os_reason(exc)}).") from exc
    try:
        data = load_yaml(text) or {}
    except yaml.YAMLError as exc:
        line, cause = explain(text, exc)
        raise CchcError(f"{path}:{line}: YAML sai cú pháp: {cause}") from exc
    if not isinstance(data, dict):
        raise CchcError(f"{path}: tệp đợt báo cáo phải là một bảng khóa: giá trị (YAML).")
    try:
        settings = CampaignSettings.model_validate(data)
    except ValidationError as exc:
        node = compose(text)
        problems = [
            describe_problem(str(path), node, strip_union_loc(e["loc"]), pydantic_message(e)) for e in exc.errors()
        ]
        raise CchcError("tệp đợt báo cáo không hợp lệ: " + "; ".join(problems)) from exc
    return CampaignFolder(path.parent, settings)


def find_campaign(start: Path | None = None) -> CampaignFolder | None:
    """The campaign folder holding ``start`` (default: the current folder), found by walking up to ``cchc.yaml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CAMPAIGN_FILE
        if candidate.is_file():
            return read_campaign(candidate)
    return None


def bundled_names() -> list[str]:
    """Names `cchc init --from` accepts for the bundled campaigns (schema file names without .yaml)."""
    files = resources.files("cchc_cli.data.schemas").iterdir()
    # a schema's report outline (narratives) lives beside it as NAME.outline.yaml: not a campaign of its own
    return sorted(
        f.name.removesuffix(".yaml")
        for f in files
        if f.name.endswith(".yaml") and not f.name.endswith(".outline.yaml")
    )


def _source(source: str | Path | None) -> tuple[str, str, str | None]:
    """(display name, schema text, bundled outline file name or None) of an init source."""
    name = str(source) if source is not None else "khanh-son-2011-2020"
    if name in bundled_names():
        ref = resources.files("cchc_cli.data.schemas").joinpath(f"{name}.yaml")
        return f"<kèm theo>/{name}.yaml", ref.read_text(encoding="utf-8"), BUNDLED_OUTLINES.get(name)
    path = Path(name)
    if not path.is_file():
        known = ", ".join(bundled_names())
        raise CchcError(f"{name}: không có tệp lược đồ này, cũng không phải đợt báo cáo kèm theo ({known}).")
    try:
        return str(path), path.read_text(encoding="utf-8-sig"), None
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else "tệp không phải UTF-8"
        raise CchcError(f"{path}: không đọc được ({reason}).") from exc


def _narrative_outline(source: str | Path | None) -> bytes | None:
    """The units' narrative outline (``X.outline.yaml``, cchc_cli.narrative) that goes with an init source, if any."""
    from cchc_cli.narrative.outline import OUTLINE_SUFFIX, outline_path_for

    name = str(source) if source is not None else "khanh-son-2011-2020"
    if name in bundled_names():
        ref = resources.files("cchc_cli.data.schemas").joinpath(name + OUTLINE_SUFFIX)
        return ref.read_bytes() if ref.is_file() else None
    path = outline_path_for(Path(name))
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def _campaign_text(settings: CampaignSettings, schema: Schema) -> str:
    c = schema.campaign
    folders = settings.folders
    outline = settings.outline or ""
    return f"""\
# Tệp đợt báo cáo của cchc (tạo bằng «cchc init»). Trong thư mục này và các thư mục con, mọi lệnh cchc
# dùng lược đồ và các thư mục dưới đây, không cần --schema hay đường dẫn.
#
# Nghị định 09/2019/NĐ-CP, Điều 7: chế độ báo cáo phải nêu tên, nội dung, đối tượng thực hiện, cơ quan nhận,
# phương thức gửi, nhận, thời hạn gửi, tần suất, thời gian chốt số liệu, mẫu đề cương và biểu mẫu số liệu.
# Tên đợt, nội dung, đơn vị báo cáo, hạn gửi, kỳ báo cáo và biểu mẫu nằm trong lược đồ ({settings.schema_file});
# các mục còn lại ở đây.
#
# Đợt báo cáo: {" ".join(c.title.split())}
# Hạn các đơn vị gửi: {c.deadline:%d/%m/%Y} · đơn vị nhận: {c.collector}

schema_file: {settings.schema_file}
# Đề cương báo cáo (Jinja); bỏ trống thì render-report dựng dự thảo từ lược đồ.
outline: {outline}
# Tần suất: một lần, hằng năm, 6 tháng, hằng quý, hằng tháng.
frequency: {settings.frequency}
# Thời gian chốt số liệu (YYYY-MM-DD); bỏ trống thì lấy ngày cuối của kỳ báo cáo cuối cùng.
cut_off: {settings.cut_off or ""}
# Phương thức gửi, nhận báo cáo.
send_method: "{settings.send_method}"
# Nơi nhận báo cáo tổng hợp (mỗi dòng một nơi).
recipients: []
# Người ký báo cáo tổng hợp.
signer:
  title: ""
  name: ""
# Ngày ghi trên báo cáo: để trống "" (văn thư ghi khi ban hành), today (ngày dựng dự thảo), deadline (hạn nộp
# báo cáo tổng hợp) hoặc YYYY-MM-DD.
report_date: "{settings.report_date}"
# Các thư mục làm việc (tương đối với thư mục này).
folders:
  templates: {folders.templates}    # biểu mẫu trống gửi các đơn vị
  returns: {folders.returns}    # báo cáo các đơn vị gửi về
  returned: {folders.returned}          # bản đánh dấu lỗi để gửi lại đơn vị
  merged: {folders.merged}          # bảng tổng hợp
  report: {folders.report}           # dự thảo báo cáo Word
"""


def init_campaign(target: Path, source: str | Path | None = None) -> CampaignFolder:
    """Create a campaign folder at ``target`` from a bundled campaign name or a schema file.

    Writes ``luoc-do.yaml`` (the schema, checked first), ``de-cuong.md.j2`` (the outline, when the source has
    one), ``luoc-do.outline.yaml`` (the units' narrative outline, when the source has one), ``cchc.yaml`` and the
    five working folders. Raises SchemaError for a schema that does not load,
    CchcError when ``target`` already holds a campaign or a file in the way.
    """
    display, text, outline_name = _source(source)
    schema = load_schema_text(text, display)  # refuse a broken schema before writing anything
    if (target / CAMPAIGN_FILE).exists():
        raise CchcError(f"{target}: đã là thư mục đợt báo cáo (có {CAMPAIGN_FILE}); không ghi đè.")
    for name in (SCHEMA_FILE, OUTLINE_FILE):
        if (target / name).exists():
            raise CchcError(f"{target / name}: đã có tệp này; không ghi đè. Chọn thư mục khác.")
    settings = CampaignSettings(
        outline=OUTLINE_FILE if outline_name else None,
        frequency=_frequency(schema),
    )
    try:
        target.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target / SCHEMA_FILE, text.encode("utf-8"))
        if outline_name:
            ref = resources.files("cchc_cli.data.templates").joinpath(outline_name)
            atomic_write_bytes(target / OUTLINE_FILE, ref.read_bytes())
        narrative_outline = _narrative_outline(source)
        if narrative_outline is not None:  # beside the schema, as cchc_cli.narrative looks for it
            atomic_write_bytes(target / (SCHEMA_FILE.removesuffix(".yaml") + ".outline.yaml"), narrative_outline)
        for role in ("templates", "returns", "returned", "merged", "report"):
            (target / getattr(settings.folders, role)).mkdir(exist_ok=True)
        atomic_write_bytes(target / CAMPAIGN_FILE, _campaign_text(settings, schema).encode("utf-8"))
    except OSError as exc:
        raise CchcError(f"{target}: không tạo được thư mục đợt báo cáo ({os_reason(exc)}).") from exc
    folder = read_campaign(target / CAMPAIGN_FILE)
    if folder.settings != settings:  # the file written is the file read back
        raise CchcError(f"{target / CAMPAIGN_FILE}: tệp đợt báo cáo ghi ra không đọc lại được.")
    return folder


def _frequency(schema: Schema) -> str:
    kinds = {p.kind for p in schema.periods}
    if "month" in kinds:
        return "hằng tháng"
    if "quarter" in kinds:
        return "hằng quý"
    if "half_year" in kinds:
        return "6 tháng"
    return "một lần" if "stage" in kinds else "hằng năm"


def regime_line(schema: Schema, folder: CampaignFolder) -> str:
    """What the campaign file adds for the status: frequency, data cut-off, how returns come in, deadline."""
    s = folder.settings
    parts = [
        f"Tần suất: {s.frequency}",
        f"chốt số liệu: {folder.cut_off(schema):%d/%m/%Y}",
        f"hạn gửi: {schema.campaign.deadline:%d/%m/%Y}",
    ]
    if s.send_method:
        parts.append(f"gửi bằng: {s.send_method}")
    return " · ".join(parts) + "."


def describe(schema: Schema, folder: CampaignFolder | None) -> str:
    """The line naming the campaign every command prints first (Vietnamese)."""
    c = schema.campaign
    where = f" · thư mục {folder.root}" if folder else ""
    return f"Đợt báo cáo {schema.meta.id}: Kế hoạch số {c.plan_number} của {c.issuing_body_short}{where}"


@dataclass(frozen=True)
class Defaults:
    """What a command uses when the user leaves a path out: the campaign folder's, or today's defaults."""

    folder: CampaignFolder | None
    schema_path: Path | None

    def path(self, role: FolderRole, fallback: Path) -> Path:
        return self.folder.folder(role) if self.folder else fallback


def loose_schema(folder: Path) -> Path | None:
    """A schema file lying in ``folder`` without a campaign file: the folder's ``*.yaml`` that declares a
    ``schema:`` block (``luoc-do.yaml`` or ``schema.yaml`` first when there are several); None when none does.
    The command line and the page both use it, so one folder means one campaign to both."""
    try:
        candidates = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
    except OSError:
        return None
    schemas = [p for p in candidates if _declares_schema(p)]
    preferred = [p for p in schemas if p.stem.lower() in ("luoc-do", "schema")]
    chosen = preferred or schemas
    return chosen[0].resolve() if chosen else None


def _declares_schema(path: Path) -> bool:
    """Whether a YAML file has a top-level ``schema:`` key (read as YAML; a file that does not parse: no)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig", errors="replace"))
    except (OSError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and "schema" in data


def defaults(schema_path: Path | None, cwd: Path | None = None) -> Defaults:
    """Defaults for a command run in ``cwd``: an explicit ``--schema`` wins; else the campaign folder's schema;
    else a schema file lying in ``cwd`` (``loose_schema``: a copied luoc-do.yaml being edited).

    Elsewhere the schema path stays None (the bundled default), as before `cchc init` existed. A campaign
    file that does not read stops the command only when the command needs it (no ``--schema``).
    """
    try:
        folder = find_campaign(cwd)
    except CchcError:
        if schema_path is None:
            raise
        folder = None
    if schema_path is None and folder is not None:
        if not folder.schema_path.is_file():
            raise SchemaError([f"{folder.schema_path}: không tìm thấy tệp lược đồ của đợt báo cáo"], path=str(folder))
        schema_path = folder.schema_path
    if schema_path is None and folder is None:
        schema_path = loose_schema(Path(cwd) if cwd is not None else Path.cwd())
    return Defaults(folder, schema_path)

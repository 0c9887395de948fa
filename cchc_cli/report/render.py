"""`cchc render-report`: master data + the Phụ lục 1 outline (Jinja) + the Word base → a .docx draft."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject

from cchc_cli.errors import CchcError, os_reason
from cchc_cli.fsutil import atomic_write_bytes
from cchc_cli.merge.model import MasterData
from cchc_cli.report.charts import ChartSpec
from cchc_cli.report.context import build_context
from cchc_cli.report.docx_build import build_docx
from cchc_cli.report.markup import escape, parse_blocks, plain
from cchc_cli.report.tables import TableSpec, build_table, phases_table, table_keys
from cchc_cli.report.template import Problems, make_env, near, render_outline

OUTLINE_NAME = "bao-cao-tong-ket.md.j2"
GENERIC_OUTLINE_NAME = "bao-cao-chung.md.j2"
BASE_NAME = "mau-van-ban.docx"
# Schemas that have a hand-written outline bundled; any other schema gets the draft built from the schema alone.
RICH_OUTLINES = {"khanh-son-cchc-2011-2020": OUTLINE_NAME}


class Registry:
    """The template's ``table()`` and ``chart()``: they check their arguments and leave a marker line.

    A wrong argument is recorded in ``problems`` (all of a render's mistakes are reported together).
    """

    def __init__(self, master: MasterData, series: dict[str, Any], problems: Problems | None = None) -> None:
        self.master, self.series = master, series
        self.problems = problems if problems is not None else Problems()
        self.tables: dict[str, TableSpec] = {}
        self.charts: dict[str, ChartSpec] = {}

    def table(self, key: str) -> str:
        try:
            spec = build_table(self.master, str(key))
        except CchcError as exc:
            known = table_keys(self.master.schema)
            self.problems.add(f"không có bảng «{key}»" + near(str(key), known, limit=12))
            del exc
            return "==[?]=="
        ref = str(len(self.tables) + 1)
        self.tables[ref] = spec
        return f"\n[[table:{ref}]]\n"

    def phases(self, phases: list[Any], indicators: list[str]) -> str:
        """Key figures by phase: phases = [["Giai đoạn 2011–2015", ["y2015"]], …]; indicators = ids."""
        ok = True
        for i in indicators:
            if i not in self.series or self.series[i].kind not in ("count", "percent", "money"):
                self.problems.add(
                    f"phases(): «{i}» không phải chỉ tiêu số liệu trong lược đồ" + near(str(i), list(self.series))
                )
                ok = False
        clean: list[tuple[str, list[str]]] = []
        for item in phases:
            try:
                name, ids = str(item[0]), [str(p) for p in item[1]]
            except (TypeError, IndexError):
                self.problems.add("phases(): mỗi giai đoạn viết dạng [tên, [mã kỳ, …]]")
                return "==[?]=="
            for pid in ids:
                if ok and any(pid not in self.series[i].figures for i in indicators):
                    self.problems.add(f"phases(): kỳ «{pid}» không thuộc phần của mọi chỉ tiêu đã chọn")
                    ok = False
            clean.append((name, ids))
        if not ok or not indicators:
            return "==[?]=="
        ref = str(len(self.tables) + 1)
        self.tables[ref] = phases_table(self.master, self.series, clean, list(indicators))
        return f"\n[[table:{ref}]]\n"

    def chart(
        self,
        indicators: list[str] | str,
        caption: str,
        labels: list[str] | None = None,
        kind: str = "line",
        unit: str = "",
        target: float | None = None,
        target_label: str = "",
    ) -> str:
        ids = [indicators] if isinstance(indicators, str) else list(indicators)
        numeric = {"count", "percent", "money"}
        ok = True
        for i in ids:
            if i not in self.series or self.series[i].kind not in numeric:
                self.problems.add(
                    f"chart(): «{i}» không phải chỉ tiêu số liệu trong lược đồ"
                    + near(str(i), [k for k, v in self.series.items() if v.kind in numeric])
                )
                ok = False
        if kind not in ("line", "bar"):
            self.problems.add(f'chart(): kiểu biểu đồ «{kind}» không có (dùng "line" hoặc "bar")')
            ok = False
        names = list(labels) if labels else [plain(self.series[i].text) for i in ids if i in self.series]
        if ok and len(names) != len(ids):
            self.problems.add("chart(): số nhãn (labels) phải bằng số chỉ tiêu")
            ok = False
        if not ok:
            return "==[?]=="
        ref = str(len(self.charts) + 1)
        self.charts[ref] = ChartSpec(
            ref,
            [self.series[i] for i in ids],
            names,
            str(caption),
            kind,
            unit,
            target=target,
            target_label=target_label,
        )
        return f"\n[[chart:{ref}]]\n"


@contextlib.contextmanager
def _bundled(name: str) -> Iterator[Path]:
    with resources.as_file(resources.files("cchc_cli.data.templates") / name) as path:
        yield path


@contextlib.contextmanager
def resolve_template(template: Path | None, schema_id: str = "") -> Iterator[tuple[Path, Path]]:
    """(outline, base document). ``template`` may be an outline (.j2), a base (.docx), or a folder holding
    either or both; whatever it does not provide comes from the bundled defaults: the schema's own outline
    when one is bundled (RICH_OUTLINES), else the outline that builds the draft from the schema alone."""
    with contextlib.ExitStack() as stack:
        outline: Path | None = None
        base: Path | None = None
        if template is not None:
            template = Path(template)
            if not template.exists():
                raise CchcError(f"không tìm thấy mẫu báo cáo {template}")
            if template.is_dir():
                outline = template / OUTLINE_NAME if (template / OUTLINE_NAME).is_file() else None
                base = template / BASE_NAME if (template / BASE_NAME).is_file() else None
                if outline is None and base is None:
                    raise CchcError(f"thư mục {template} không có {OUTLINE_NAME} hay {BASE_NAME}")
            elif template.suffix.lower() == ".docx":
                base = template
            else:
                outline = template
                sibling = template.parent / BASE_NAME
                base = sibling if sibling.is_file() else None
        if outline is None:
            outline = stack.enter_context(_bundled(RICH_OUTLINES.get(schema_id, GENERIC_OUTLINE_NAME)))
        if base is None:
            base = stack.enter_context(_bundled(BASE_NAME))
        yield outline, base


def _properties(master: MasterData, title: str, today: dt.date) -> Any:
    def apply(doc: DocumentObject) -> None:
        props = doc.core_properties
        collector = master.schema.unit_by_code.get(master.schema.campaign.collector)
        props.title = title
        props.subject = "Dự thảo báo cáo tổng kết cải cách hành chính"
        props.author = collector.name if collector else master.schema.campaign.issuing_body
        props.last_modified_by = props.author
        props.language = "vi-VN"
        props.keywords = "CCHC; báo cáo; dự thảo"
        props.comments = "Tạo bằng cchc render-report"
        stamp = dt.datetime(today.year, today.month, today.day)
        props.created = stamp
        props.modified = stamp
        props.revision = 1
        props.last_printed = stamp

    return apply


def render_report(
    master: MasterData,
    out: Path,
    *,
    template: Path | None = None,
    force: bool = False,
    today: dt.date | None = None,
    date: dt.date | None = None,
    final: bool = False,
    narratives: Any = None,
    settings: Any = None,
) -> Path:
    """Write the Word draft of the summary report to ``out`` (atomically) and return its path.

    ``template``: an outline (.j2), a Word base (.docx) or a folder with either; default: the bundled ones
    (for a schema with no outline of its own, a complete draft built from the schema). ``date``: the date
    on the report (default: "ngày … tháng … năm <campaign year>" left for the văn thư); ``final``: no
    "DỰ THẢO" mark; ``today``: the document properties' date (tests fix it).
    Refuses to overwrite ``out`` unless ``force``. Template mistakes raise one CchcError listing every
    mistake of the outline with its line. ``narratives``: a cchc_cli.narrative NarrativeSet whose units' text
    is pulled in under the matching headings (and a companion document written next to ``out``).
    ``settings``: the campaign file's report facts (cchc_cli.campaign.ReportFields): its signer, recipients and
    date rule fill the closing block (``date`` from --ngay still wins); None outside a campaign folder.
    """
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise CchcError(f"tệp kết quả phải có đuôi .docx: {out}")
    if out.exists() and not force:
        raise CchcError(f"tệp {out} đã có; dùng --force để ghi đè")
    if not out.parent.is_dir():
        raise CchcError(f"không có thư mục {out.parent} để ghi {out.name}")
    day = today or dt.date.today()
    from cchc_cli.narrative.hook import narrative_step  # units' narrative reports (issue 11)

    step = narrative_step(narratives, out, force=force)
    problems = Problems()
    if date is None and settings is not None:
        date = settings.report_date
    context = build_context(master, day, date=date, draft=not final, problems=problems)
    registry = Registry(master, context["ind"], problems)
    with resolve_template(template, master.schema.meta.id) as (outline_path, base_path):
        text, exports = render_outline(
            outline_path,
            context,
            {"table": registry.table, "chart": registry.chart, "phases": registry.phases},
            problems,
        )
        blocks = parse_blocks(text, source=outline_path.name)
        fields = {**context, **exports, **closing_fields(settings)}
        title = plain(str(fields.get("title", master.schema.campaign.title)))
        data = build_docx(
            base_path,
            blocks,
            fields=fields,
            env=make_env(base_path.parent),
            tables=registry.tables,
            charts=registry.charts,
            properties=step.wrap(_properties(master, title, day)),
        )
    try:
        atomic_write_bytes(out, data)
    except OSError as exc:
        raise CchcError(f"không ghi được {out}: {os_reason(exc)}") from exc
    step.finish()
    return out


SIGNER_TITLE = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]  # the closing block's default (Nghị định 30/2020, Phụ lục I)


def closing_fields(settings: Any) -> dict[str, Any]:
    """The closing block's fields the campaign file sets (cchc.yaml ``signer``, ``recipients``): they win
    over the outline's ``{% set %}``; what it leaves empty keeps the outline's. ``signer_title`` is one
    paragraph per line ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"); recipients are written "- Nơi nhận;" and end with
    "- Lưu: VT." as Nghị định 30/2020 lays out "Nơi nhận"."""
    out: dict[str, Any] = {"signer_title": SIGNER_TITLE}
    if settings is None:
        return out
    if settings.signer_title.strip():
        out["signer_title"] = [line.strip() for line in settings.signer_title.splitlines() if line.strip()]
    if settings.signer_name.strip():
        out["signer"] = escape(settings.signer_name.strip())
    if settings.recipients:
        lines = [f"- {escape(r.strip().rstrip(';.'))};" for r in settings.recipients if r.strip()]
        out["recipients"] = [*lines, "- Lưu: VT."]
    return out

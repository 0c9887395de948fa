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
from cchc_cli.report.markup import parse_blocks, plain
from cchc_cli.report.tables import TableSpec, build_table
from cchc_cli.report.template import TemplateUseError, make_env, render_outline

OUTLINE_NAME = "bao-cao-tong-ket.md.j2"
BASE_NAME = "mau-van-ban.docx"


class Registry:
    """The template's ``table()`` and ``chart()``: they check their arguments and leave a marker line."""

    def __init__(self, master: MasterData, series: dict[str, Any]) -> None:
        self.master, self.series = master, series
        self.tables: dict[str, TableSpec] = {}
        self.charts: dict[str, ChartSpec] = {}

    def table(self, key: str) -> str:
        try:
            spec = build_table(self.master, str(key))
        except CchcError as exc:
            raise TemplateUseError(str(exc)) from exc
        ref = str(len(self.tables) + 1)
        self.tables[ref] = spec
        return f"\n[[table:{ref}]]\n"

    def chart(
        self,
        indicators: list[str] | str,
        caption: str,
        labels: list[str] | None = None,
        kind: str = "line",
        unit: str = "",
    ) -> str:
        ids = [indicators] if isinstance(indicators, str) else list(indicators)
        numeric = {"count", "percent", "money"}
        for i in ids:
            if i not in self.series or self.series[i].kind not in numeric:
                raise TemplateUseError(f"chart(): «{i}» không phải chỉ tiêu số liệu trong lược đồ")
        if kind not in ("line", "bar"):
            raise TemplateUseError(f'chart(): kiểu biểu đồ «{kind}» không có (dùng "line" hoặc "bar")')
        names = list(labels) if labels else [plain(self.series[i].text) for i in ids]
        if len(names) != len(ids):
            raise TemplateUseError("chart(): số nhãn (labels) phải bằng số chỉ tiêu")
        ref = str(len(self.charts) + 1)
        self.charts[ref] = ChartSpec(ref, [self.series[i] for i in ids], names, str(caption), kind, unit)
        return f"\n[[chart:{ref}]]\n"


@contextlib.contextmanager
def _bundled(name: str) -> Iterator[Path]:
    with resources.as_file(resources.files("cchc_cli.data.templates") / name) as path:
        yield path


@contextlib.contextmanager
def resolve_template(template: Path | None) -> Iterator[tuple[Path, Path]]:
    """(outline, base document). ``template`` may be an outline (.j2), a base (.docx), or a folder holding
    either or both; whatever it does not provide comes from the bundled defaults."""
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
            outline = stack.enter_context(_bundled(OUTLINE_NAME))
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
    narratives: Any = None,
) -> Path:
    """Write the Word draft of the summary report to ``out`` (atomically) and return its path.

    ``template``: an outline (.j2), a Word base (.docx) or a folder with either; default: the bundled ones.
    Refuses to overwrite ``out`` unless ``force``. Template mistakes raise CchcError with file and line.
    ``narratives``: a cchc_cli.narrative NarrativeSet whose units' text is pulled in under the matching headings.
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
    context = build_context(master, day)
    registry = Registry(master, context["ind"])
    with resolve_template(template) as (outline_path, base_path):
        text, exports = render_outline(outline_path, context, {"table": registry.table, "chart": registry.chart})
        blocks = parse_blocks(text, source=outline_path.name)
        fields = {**context, **exports}
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

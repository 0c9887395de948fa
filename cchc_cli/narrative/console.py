"""CLI side of the narratives: the "Báo cáo thuyết minh" table printed after validate/status, and the JSON key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cchc_cli.narrative.collect import NarrativeSet, is_narrative_file
from cchc_cli.narrative.headings import split_numbering
from cchc_cli.narrative.outline import OutlineNode


def print_narratives(console: Console, narratives: NarrativeSet) -> None:
    """One row per Word report: unit (or "chưa xác định đơn vị"), how it was identified, headings covered,
    headings of the unit's outline left empty, headings that could not be placed; then the findings."""
    if not narratives.narratives and not narratives.issues:
        return
    table = Table(title=f"Báo cáo thuyết minh ({len(narratives.narratives)} tệp Word)", title_justify="left")
    for col in ("Tệp", "Đơn vị", "Nhận diện theo", "Mục đã viết", "Số mục chưa viết", "Đề mục ngoài đề cương"):
        table.add_column(col, overflow="fold")
    for n in narratives.narratives:
        unit = escape(n.unit.name) if n.unit else "[yellow]chưa xác định đơn vị[/]"
        if not n.used:
            unit += " [dim](nộp trùng, không dùng)[/]"
        unplaced = "; ".join(s.heading for s in n.unplaced if s.heading)
        table.add_row(
            escape(n.path.name),
            unit,
            escape(n.identified_by or "—"),
            escape(", ".join(short_ref(c) for c in n.covered)) or "0",
            str(len(n.missing)),
            escape(unplaced) if unplaced else "—",
        )
    console.print(table)
    for issue in narratives.issues:
        colour = "red" if issue.severity == "error" else "yellow"
        word = "Lỗi" if issue.severity == "error" else "Cảnh báo"
        console.print(f"[{colour}]{word} {escape('[' + issue.code + ']')}:[/] {escape(issue.message)}")


def short_ref(node: OutlineNode) -> str:
    """A compact reference to an outline heading: "P1.II.2.1.d", "P2.3"."""
    parts: list[str] = []
    for n in [*node.ancestors, node]:
        number = n.number.rstrip(".)").strip()
        if n.number.lower().startswith("phần"):
            num = split_numbering(n.number + " x")[0]
            number = f"P{num.value[0]}" if num else n.id
        parts.append(number.split(".")[-1] if number.count(".") and parts else number)
    return ".".join(parts)


def drop_narrative_skips(skipped: list[Any]) -> list[Any]:
    """The spreadsheet reader's skipped files less the Word reports (and the unit mapping file) that the
    narrative table shows, so they are not listed as "không phải tệp bảng tính" (by the name shown: a Word
    report inside a .zip is "bao-cao.zip › BC.docx")."""
    return [s for s in skipped if not is_narrative_file(Path(s.name))]


def with_narratives(payload: Any, narratives: NarrativeSet | None) -> Any:
    """The validate JSON with a ``narratives`` key (a findings list becomes {"findings": …, "narratives": …})
    when Word reports were found; unchanged otherwise."""
    if narratives is None or (not narratives.narratives and not narratives.issues):
        return payload
    data = narratives.to_dict()
    if isinstance(payload, dict):
        return {**payload, "narratives": data}
    return {"findings": payload, "narratives": data}

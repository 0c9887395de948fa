"""An independent reader of a rendered draft for narrative tests: which heading and which attribution each
paragraph sits under. It places draft headings by exact words only (no fuzzy matching), so it does not share the
product's matcher."""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from cchc_cli.narrative.outline import Outline

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

from narratives_spec import REPORTS, Report

APPENDIX = "PHỤ LỤC CÁC NỘI DUNG ĐƠN VỊ BÁO CÁO NGOÀI ĐỀ CƯƠNG"


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\u00a0", " ").split())


@dataclass
class Placed:
    text: str
    node: str | None  # the outline node of the enclosing draft heading (None: not an outline heading)
    label: str  # the last attribution label above it ("" if none)
    in_appendix: bool
    appendix_unit: str  # the unit heading above it inside the appendix


def read_draft(path: Path, outline: Outline) -> list[Placed]:
    """Every paragraph and table cell of the draft with its heading node, attribution and appendix position."""
    titles = {norm(n.title).casefold(): n.id for n in outline.walk()}
    parts = {norm(n.number).casefold(): n.id for n in outline.walk() if n.parent is None}
    doc = Document(str(path))
    out: list[Placed] = []
    node: str | None = None
    label = ""
    appendix = False
    appendix_unit = ""
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            text = norm(block.text)
            style = block.style.name if block.style is not None else ""
            if style.startswith("Heading"):
                if APPENDIX in text:
                    appendix, node, label = True, None, ""
                    continue
                if appendix:
                    appendix_unit = text
                    continue
                first = norm(block.text.split("\n")[0]).casefold()
                node = parts.get(first) or titles.get(text.casefold())
                label = ""
                continue
            if style == "Nội dung đơn vị - nguồn":
                label = text
                continue
            out.append(Placed(text, node, label, appendix, appendix_unit))
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    out.append(Placed(norm(cell.text), node, label, appendix, appendix_unit))
    return out


def expected_label(report: Report, unit_names: dict[str, tuple[str, str]]) -> str:
    name, kind = unit_names[report.unit or ""]
    if kind in ("xa", "thi_tran"):
        return f"UBND {name[0].lower()}{name[1:]}:"
    return f"Theo báo cáo của {name}:"


def check_draft(
    placed: list[Placed], unit_names: dict[str, tuple[str, str]], reports: list[Report] = REPORTS
) -> list[str]:
    """Problems: each unit sentence must appear exactly once, under its expected heading, after its unit's label
    (or in the appendix under the unit); an empty list means everything landed where it should."""
    problems: list[str] = []
    for report in reports:
        label = expected_label(report, unit_names)
        for piece in report.pieces:
            sentences = [b for b in piece.body if isinstance(b, str)]
            if ":" in piece.heading and not piece.body:  # a run-in heading: its text follows the colon
                sentences = [piece.heading.split(":", 1)[1].strip()]
            cells = [c for b in piece.body if isinstance(b, list) for row in b for c in row]
            for sentence in sentences + cells:
                want = norm(sentence)
                hits = [p for p in placed if p.text == want and (p.label == label or p.appendix_unit == label[:-1])]
                if len(hits) != 1:
                    problems.append(f"{report.file}: «{want[:50]}» found {len(hits)} times under {label}")
                    continue
                hit = hits[0]
                if piece.node is None:
                    if not hit.in_appendix:
                        problems.append(f"{report.file}: «{want[:50]}» should be in the appendix")
                elif hit.in_appendix or hit.node != piece.node:
                    problems.append(f"{report.file}: «{want[:50]}» under {hit.node}, expected {piece.node}")
    return problems

"""The companion document "Tổng hợp nội dung báo cáo của các đơn vị theo đề cương": every outline heading with
every unit's text under it (or a note that nobody wrote it), then each unit's text under headings the outline
lacks — for the specialist who prefers to write the draft herself.
"""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn

from cchc_cli.errors import CchcError, os_reason
from cchc_cli.fsutil import atomic_write_bytes
from cchc_cli.narrative.collect import NarrativeSet
from cchc_cli.narrative.fingerprint import KIND_COMPILATION, write_fingerprint
from cchc_cli.narrative.pull import LABEL_STYLE, PLACEHOLDER_STYLE, BlockWriter, attribution, ensure_styles

TITLE = "Tổng hợp nội dung báo cáo của các đơn vị theo đề cương"
NOBODY = "(Chưa đơn vị nào báo cáo mục này.)"


def companion_path(draft: Path) -> Path:
    """``bao-cao.docx`` → ``bao-cao-noi-dung-don-vi.docx`` beside it."""
    return draft.with_name(f"{draft.stem}-noi-dung-don-vi.docx")


def _blank_base() -> DocumentObject:
    """The report's Word base (fonts, page setup, styles) with an empty body."""
    ref = resources.files("cchc_cli.data.templates").joinpath("mau-van-ban.docx")
    doc = Document(io.BytesIO(ref.read_bytes()))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for section in doc.sections:  # the base's first-page header carries the letterhead fields
        section.different_first_page_header_footer = False
    return doc


def build_compilation(narratives: NarrativeSet) -> DocumentObject:
    """The companion document as a python-docx Document."""
    doc = _blank_base()
    ensure_styles(doc)
    styles = {s.name for s in doc.styles}
    body = doc.element.body
    first = doc.add_paragraph(TITLE.upper(), style="Tên loại văn bản" if "Tên loại văn bản" in styles else None)
    writer = BlockWriter(doc, first._p)
    if narratives.outline.title:
        writer.paragraph(narratives.outline.title, "Trích yếu" if "Trích yếu" in styles else "Normal")
    rows = [["Đơn vị", "Tệp", "Nhận diện theo", "Số mục đã viết", "Đề mục ngoài đề cương"]]
    for n in narratives.narratives:
        rows.append(
            [
                n.label + ("" if n.used else " (không dùng: nộp trùng)"),
                n.path.name,
                n.identified_by or "—",
                str(len(n.covered)),
                str(len(n.unplaced)),
            ]
        )
    writer.table(rows, header_rows=1, widths_cm=(3.6, 4.4, 3.4, 2.2, 2.4))
    placeholder = PLACEHOLDER_STYLE if PLACEHOLDER_STYLE in styles else "Normal"
    for node in narratives.outline.walk():
        if not node.narrative:
            continue
        level = min(node.depth, 5)
        writer.paragraph(node.title, f"Heading {level}" if f"Heading {level}" in styles else "Normal")
        contributions = narratives.contributions(node)
        if not contributions and not node.children:
            writer.paragraph(NOBODY, placeholder)
        for narrative, blocks in contributions:
            writer.contribution(narrative, blocks)
    extra = [(n, [s for s in n.unplaced if s.blocks]) for n in narratives.used]
    extra = [(n, secs) for n, secs in extra if secs]
    if extra:
        writer.paragraph("NỘI DUNG NGOÀI ĐỀ CƯƠNG", "Heading 1" if "Heading 1" in styles else "Normal")
        for narrative, sections in extra:
            writer.paragraph(attribution(narrative).rstrip(":"), "Heading 3" if "Heading 3" in styles else "Normal")
            for section in sections:
                writer.paragraph(f"Đề mục của đơn vị: {section.heading or '(không có đề mục)'}", LABEL_STYLE)
                writer.blocks(section.blocks)
    assert body is not None
    write_fingerprint(doc, {"kind": KIND_COMPILATION, "schema": narratives.outline.schema_id})
    return doc


def write_compilation(narratives: NarrativeSet, path: Path, *, force: bool = False) -> Path:
    """Write the companion document to ``path`` atomically; refuses to overwrite unless ``force``."""
    if path.exists() and not force:
        raise CchcError(f"tệp {path} đã có; dùng --force để ghi đè")
    buf = io.BytesIO()
    build_compilation(narratives).save(buf)
    try:
        atomic_write_bytes(path, buf.getvalue())
    except OSError as exc:
        raise CchcError(f"không ghi được {path}: {os_reason(exc)}") from exc
    return path

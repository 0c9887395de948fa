"""Build the example campaign's narrative reports (Word) from examples/narratives_spec.py.

Run:  .venv/bin/python examples/make_narratives.py [OUT_DIR]   (default examples/khanh-son-2020/thuyet-minh/)

Each report is written in its shape: the unit's outline from ``cchc generate-templates`` filled in, or a document
of its own with bold / ALL-CAPS / plain numbered headings; some text decomposed (NFD) with non-breaking spaces and
old tone marks; one .doc and one .odt converted by LibreOffice (needs ``soffice``). Also writes the mapping file
that names the unit of the one report the tool cannot identify. The tests build the same files in a temporary
folder (tests/test_narrative_examples.py).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import yaml
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.shared import Pt
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from narratives_spec import MAPPING, REPORTS, Piece, Report  # noqa: E402

from cchc_cli.narrative.headings import similarity, split_numbering  # noqa: E402
from cchc_cli.narrative.outline import load_outline  # noqa: E402
from cchc_cli.narrative.template_docx import build_unit_outline  # noqa: E402
from cchc_cli.narrative.template_marks import GUIDE_STYLE, REMINDER_TITLE  # noqa: E402
from cchc_cli.report.docx_build import normalize_zip  # noqa: E402
from cchc_cli.schema.loader import load_schema  # noqa: E402

OUT = Path(__file__).resolve().parent / "khanh-son-2020" / "thuyet-minh"
MAPPING_NAME = "don-vi-bao-cao.yaml"


def _text(report: Report, text: str) -> str:
    if report.nfd:
        return unicodedata.normalize("NFD", text).replace(", ", ",\u00a0", 1)
    return text


def _add_body(doc: DocumentObject, report: Report, body: list, after: Paragraph | None = None) -> Paragraph | None:
    """Paragraphs (a leading "- " kept as typed) and tables, appended or inserted after ``after``."""
    anchor = after
    for item in body:
        if isinstance(item, list):
            table = doc.add_table(rows=len(item), cols=len(item[0]))
            table.style = doc.styles["Table Grid"] if "Table Grid" in {s.name for s in doc.styles} else None
            for i, row in enumerate(item):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = _text(report, cell)
            if anchor is not None:
                anchor._p.addnext(table._tbl)
                spacer = OxmlElement("w:p")
                table._tbl.addnext(spacer)
                anchor = Paragraph(spacer, anchor._parent)
            continue
        if anchor is not None:
            p_el = OxmlElement("w:p")
            anchor._p.addnext(p_el)
            paragraph = Paragraph(p_el, anchor._parent)
            paragraph.style = doc.styles["Normal"]
            paragraph.add_run(_text(report, item))
            anchor = paragraph
        else:
            doc.add_paragraph(_text(report, item))
    return anchor


def _letterhead(doc: DocumentObject, report: Report) -> None:
    if report.letterhead is None:
        return
    parent, agency = report.letterhead
    table = doc.add_table(rows=1, cols=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    left.paragraphs[0].add_run(_text(report, parent))
    left.add_paragraph().add_run(_text(report, agency)).bold = True
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    doc.add_paragraph("Số: 45/BC-" + "".join(w[0] for w in agency.split()[:3]))
    title = doc.add_paragraph()
    title.add_run("BÁO CÁO").bold = True
    doc.add_paragraph("Tổng kết thực hiện Chương trình tổng thể cải cách hành chính giai đoạn 2011 - 2020").runs[
        0
    ].bold = True
    doc.add_paragraph(
        "Thực hiện Kế hoạch số 283/KH-UBND ngày 29/4/2020 của UBND huyện Khánh Sơn, đơn vị báo cáo như sau:"
    )


def _own_document(report: Report) -> DocumentObject:
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)
    _letterhead(doc, report)
    for piece in report.pieces:
        heading = _text(report, piece.heading)
        if report.shape == "styled-caps":
            doc.add_paragraph(heading.upper() if piece.level <= 2 else heading, style=f"Heading {piece.level}")
        elif report.shape == "bold":
            doc.add_paragraph().add_run(heading).bold = True
        else:  # plain: nothing marks the heading but its number (and capitals for the big ones)
            doc.add_paragraph(heading)
        _add_body(doc, report, piece.body)
    doc.add_paragraph("Trên đây là báo cáo tổng kết công tác cải cách hành chính giai đoạn 2011 - 2020./.")
    doc.add_paragraph("Nơi nhận:")
    doc.add_paragraph("- Phòng Nội vụ huyện;")
    return doc


def _template_document(report: Report) -> DocumentObject:
    """The unit's outline from the product, filled in under the headings as a clerk would."""
    schema = load_schema()
    outline = load_outline(schema)
    assert report.unit is not None
    doc = build_unit_outline(schema, outline, schema.unit_by_code[report.unit])
    headings = [p for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    for piece in report.pieces:
        target = _find_heading(headings, piece)
        anchor = target
        nxt = target._p.getnext()
        follower = Paragraph(nxt, target._parent) if nxt is not None else None
        if follower is not None and follower.style is not None and follower.style.name == GUIDE_STYLE:
            anchor = follower
        _add_body(doc, report, piece.body, after=anchor)
    if not report.keep_guides:
        for p in list(doc.paragraphs):
            if p.style is not None and p.style.name == GUIDE_STYLE:
                p._p.getparent().remove(p._p)
        for table in list(doc.tables):
            if table.cell(0, 0).text.startswith(REMINDER_TITLE):
                table._tbl.getparent().remove(table._tbl)
    return doc


def _find_heading(headings: list[Paragraph], piece: Piece) -> Paragraph:
    """The template heading with the piece's number and text (the clerk reads the heading, not its position)."""
    number, text = split_numbering(piece.heading)
    best = max(
        headings,
        key=lambda h: (
            similarity(text, split_numbering(h.text)[1])
            + (0.1 if number is not None and number.same_as(split_numbering(h.text)[0]) else 0)
        ),
    )
    return best


def _soffice(src: Path, fmt: str, outdir: Path) -> Path:
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        raise SystemExit("Cần LibreOffice (soffice) để ghi tệp .doc/.odt mẫu.")
    with tempfile.TemporaryDirectory(prefix="cchc-lo-profile-") as profile:
        env = dict(os.environ, SAL_USE_VCLPLUGIN="svp")
        cmd = [binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore"]
        cmd += ["--convert-to", fmt, "--outdir", str(outdir), str(src)]
        subprocess.run(cmd, check=True, capture_output=True, env=env, timeout=300)
    out = outdir / f"{src.stem}.{fmt}"
    if not out.is_file():
        raise SystemExit(f"LibreOffice không ghi được {out.name}")
    return out


def build_report(report: Report, out_dir: Path) -> Path:
    """Write one report into ``out_dir`` under its file name; returns the path."""
    doc = _template_document(report) if report.shape == "template" else _own_document(report)
    target = out_dir / report.file
    stamp = dt.datetime(2020, 5, 28, 9, 0)
    doc.core_properties.created = doc.core_properties.modified = stamp
    doc.core_properties.author = doc.core_properties.last_modified_by = "Văn thư"
    if report.fmt == "docx":
        buf = io.BytesIO()
        doc.save(buf)
        target.write_bytes(normalize_zip(buf.getvalue()))  # same spec, same bytes
        return target
    with tempfile.TemporaryDirectory(prefix="cchc-narrative-") as tmp:
        src = Path(tmp) / (Path(report.file).stem + ".docx")
        doc.save(str(src))
        converted = _soffice(src, report.fmt, Path(tmp))
        shutil.move(str(converted), target)
    return target


def build_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [build_report(r, out_dir) for r in REPORTS]
    buf = io.StringIO()
    buf.write("# Tên tệp báo cáo thuyết minh: mã (hoặc tên) đơn vị — cho tệp không nhận diện được đơn vị.\n")
    yaml.safe_dump(MAPPING, buf, allow_unicode=True)
    (out_dir / MAPPING_NAME).write_text(buf.getvalue(), encoding="utf-8")
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    for path in build_all(target):
        print(path)

"""The example narrative reports, built in their varied shapes (including a .doc and an .odt through LibreOffice),
collected and pulled into the draft: every sentence under the right heading, attributed, nothing dropped."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from docx import Document
from narrative_check import check_draft, read_draft
from report_data import example_master

from cchc_cli.narrative import collect_narratives
from cchc_cli.narrative.compilation import companion_path
from cchc_cli.report.render import render_report
from cchc_cli.schema import load_schema

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

from make_narratives import build_all
from narratives_spec import REPORTS

SCHEMA = load_schema()
UNIT_NAMES = {u.code: (u.name, u.kind) for u in SCHEMA.units}
pytestmark = pytest.mark.office


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("thuyet-minh")
    build_all(out)
    return out


@pytest.fixture(scope="module")
def narratives(folder: Path):
    return collect_narratives(SCHEMA, [folder])


@pytest.fixture(scope="module")
def draft(narratives, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("draft") / "bao-cao.docx"
    render_report(example_master(missing=None), out, today=dt.date(2020, 6, 15), narratives=narratives)
    return out


def test_every_report_is_read_and_its_unit_identified(folder, narratives):
    assert {p.suffix for p in folder.iterdir()} >= {".doc", ".odt", ".docx"}
    found = {n.path.name: n for n in narratives.narratives}
    assert sorted(found) == sorted(r.file for r in REPORTS)
    for report in REPORTS:
        narrative = found[report.file]
        assert narrative.unit is not None and narrative.unit.code == report.unit, report.file
    how = {n.path.name: n.identified_by for n in narratives.narratives}
    assert how["DeCuong_22720_Xa-Son-Lam.docx"] == "dấu vân tay đề cương"
    assert how["VP HĐND-UBND - BC tong ket CCHC.doc"] == "tên cơ quan ở đầu văn bản"
    assert how["Phong VHTT_bao cao CCHC.docx"] == "tên cơ quan ở đầu văn bản"  # NFD, NBSP, "HOÁ"
    assert how["BC tong ket CCHC - Ba Cum Bac.docx"] == "tên tệp"
    assert how["bao cao.docx"] == "tệp ánh xạ"


def test_each_heading_placed_on_its_outline_node(narratives):
    found = {n.path.name: n for n in narratives.narratives}
    for report in REPORTS:
        with_text = [(p.heading, p.node) for p in report.pieces if p.body or ":" in p.heading]
        sections = [(s.heading, s.node.id if s.node else None) for s in found[report.file].sections if s.blocks]
        assert [node for _, node in sections] == [node for _, node in with_text], report.file


def test_headings_outside_the_outline_are_reported(narratives):
    unplaced = sorted((i.file.rsplit("/", 1)[-1], i.code) for i in narratives.issues)
    assert unplaced == [
        ("Báo cáo tổng kết CCHC_Phòng Tư pháp.docx", "muc-ngoai-de-cuong"),
        ("Thi tran To Hap - BC tong ket 10 nam CCHC.docx", "muc-ngoai-de-cuong"),
    ]


def test_every_sentence_lands_under_its_heading_attributed(draft, narratives):
    placed = read_draft(draft, narratives.outline)
    assert check_draft(placed, UNIT_NAMES) == []


def test_a_lost_paragraph_is_caught(draft, narratives, tmp_path):
    """The check above can fail: remove one unit paragraph from the draft and it reports it."""
    doc = Document(str(draft))
    victim = next(p for p in doc.paragraphs if p.text.startswith("Bài học lớn nhất là vai trò nêu gương"))
    victim._p.getparent().remove(victim._p)
    damaged = tmp_path / "mat-doan.docx"
    doc.save(str(damaged))
    problems = check_draft(read_draft(damaged, narratives.outline), UNIT_NAMES)
    assert len(problems) == 1 and "Bài học lớn nhất" in problems[0]


def test_lead_office_first_then_communes_in_order(draft, narratives):
    placed = read_draft(draft, narratives.outline)
    labels = []
    for p in placed:
        if p.node == "p1_i_1" and p.label and p.label not in labels:
            labels.append(p.label)
    assert labels == [
        "Theo báo cáo của Phòng Nội vụ:",
        "UBND thị trấn Tô Hạp:",
        "UBND xã Sơn Lâm:",
        "UBND xã Sơn Hiệp:",
        "UBND xã Ba Cụm Bắc:",
    ]


def test_placeholders_replaced_where_written_kept_where_not(draft):
    doc = Document(str(draft))
    texts = [p.text for p in doc.paragraphs]
    # Phòng Tư pháp wrote II.1.1.a: its placeholder is gone; nobody wrote II.3.1.b: its placeholder stays.
    heading_a = texts.index(
        "a) Về tình hình triển khai xây dựng, hoàn thiện hệ thống pháp luật theo Hiến pháp năm 2013"
    )
    assert not texts[heading_a + 1].startswith("[Cần bổ sung")
    assert texts[heading_a + 1] == "Theo báo cáo của Phòng Tư pháp:"
    heading_b = texts.index("b) Đánh giá mô hình tổ chức và chất lượng hoạt động của chính quyền địa phương")
    assert texts[heading_b + 1].startswith("[Cần bổ sung")


def test_companion_document_has_every_heading_and_every_text(draft, narratives):
    companion = companion_path(draft)
    doc = Document(str(companion))
    headings = [p.text.replace("\n", " ") for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for node in narratives.outline.walk():
        if node.narrative:
            assert node.title in headings, node.title
    text = "\n".join(p.text for p in doc.paragraphs)
    for report in REPORTS:
        for piece in report.pieces:
            for item in piece.body:
                if isinstance(item, str):
                    assert " ".join(item.split()) in " ".join(text.split()), item[:40]
    assert "(Chưa đơn vị nào báo cáo mục này.)" in text

"""The draft's form (issue 11, section 4): a real Word footnote for merged goals, the Phụ lục tables flowing from
one to the next in a landscape section, the units' out-of-outline text in a portrait section before them, and a
compact "Kết quả so với mục tiêu" table."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import SofficeConvert
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from lxml import etree
from report_data import example_master

from cchc_cli.merge.model import MasterData
from cchc_cli.report import render_report
from cchc_cli.report.footnotes import add_footnote, footnote_texts
from cchc_cli.report.markup import escape, parse_inline, plain

TODAY = dt.date(2020, 6, 5)


def pdf_text(pdf: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) không có")
    return subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MERGED_NOTE = "Mục tiêu 6 của Kế hoạch trùng nội dung với mục tiêu 5 nên được gộp vào mục tiêu 5"


@pytest.fixture(scope="module")
def master() -> MasterData:
    return example_master()


@pytest.fixture(scope="module")
def rendered(master: MasterData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_report(master, tmp_path_factory.mktemp("form") / "bao-cao.docx", today=TODAY)


@pytest.fixture(scope="module")
def doc(rendered: Path) -> DocumentObject:
    return Document(str(rendered))


# ---- footnotes -------------------------------------------------------------------------------------------------
def test_footnote_markup_is_a_run_of_its_own_and_not_in_the_plain_text():
    runs = parse_inline("Mục tiêu 5^[Gộp mục tiêu 6 \\[xem Kế hoạch\\].]: văn bản")
    assert [(r.text, r.footnote) for r in runs] == [
        ("Mục tiêu 5", False),
        ("Gộp mục tiêu 6 [xem Kế hoạch].", True),
        (": văn bản", False),
    ]
    assert plain("Mục tiêu 5^[chú thích]: văn bản") == "Mục tiêu 5: văn bản"
    assert parse_inline(escape("a^[b]"))[0].text == "a^[b]"  # data text never turns into a footnote


def test_merged_goal_has_a_word_footnote_in_its_paragraph(rendered: Path, doc: DocumentObject):
    with zipfile.ZipFile(rendered) as z:
        names = set(z.namelist())
        types = etree.fromstring(z.read("[Content_Types].xml"))
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        notes = etree.fromstring(z.read("word/footnotes.xml"))
        settings = etree.fromstring(z.read("word/settings.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    assert "word/footnotes.xml" in names
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/word/footnotes.xml"].endswith("wordprocessingml.footnotes+xml")
    assert any(r.get("Type").endswith("/footnotes") and r.get("Target") == "footnotes.xml" for r in rels)
    kinds = [(n.get(qn("w:type")), n.get(qn("w:id"))) for n in notes.findall(qn("w:footnote"))]
    assert kinds[:2] == [("separator", "-1"), ("continuationSeparator", "0")]
    assert [f.get(qn("w:id")) for f in settings.find(qn("w:footnotePr")).findall(qn("w:footnote"))] == ["-1", "0"]
    style_ids = {s.get(qn("w:styleId")) for s in styles.findall(qn("w:style"))}
    assert {"FootnoteText", "FootnoteReference"} <= style_ids

    texts = footnote_texts(doc.part)
    merged = [fid for fid, text in texts.items() if text.startswith(MERGED_NOTE)]
    goal = [p for p in doc.paragraphs if p.text.startswith("- Mục tiêu 5")]
    assert len(goal) == 1
    refs = goal[0]._p.findall(f".//{qn('w:footnoteReference')}")
    assert len(refs) == 1 and int(refs[0].get(qn("w:id"))) in merged
    run = refs[0].getparent()
    assert run.find(qn("w:rPr")).find(qn("w:rStyle")).get(qn("w:val")) == "FootnoteReference"
    # the reference stands right after the goal's number, the old inline note is gone
    assert goal[0].text.startswith("- Mục tiêu 5: ")
    assert "gộp mục tiêu" not in goal[0].text
    assert not any("(gộp mục tiêu 6 của Kế hoạch" in p.text for p in doc.paragraphs)


def test_the_annex_self_assessment_row_of_the_merged_goal_has_the_footnote_too(doc: DocumentObject):
    table = doc.tables[-1]  # the Phụ lục's self-assessment: goals numbered as in the plan, 6 merged into 5
    assert [r.cells[0].text for r in table.rows[1:]] == ["1", "2", "3", "4", "5", "7", "8", "9", "10", "11", "12"]
    texts = footnote_texts(doc.part)
    refs = {
        r.cells[0].text: [int(f.get(qn("w:id"))) for f in r.cells[0]._tc.iter(qn("w:footnoteReference"))]
        for r in table.rows[1:]
    }
    assert {k: v for k, v in refs.items() if v} == {"5": refs["5"]} and len(refs["5"]) == 1
    assert texts[refs["5"][0]].startswith(MERGED_NOTE)
    assert sum(1 for t in texts.values() if t.startswith(MERGED_NOTE)) == 2  # in III.1 and in the Phụ lục


def test_footnotes_are_numbered_on_and_a_reloaded_part_is_reused(tmp_path: Path):
    doc = Document()
    first = doc.add_paragraph("Một")
    assert add_footnote(first, "Chú thích một.") == 1
    path = tmp_path / "a.docx"
    doc.save(str(path))
    again = Document(str(path))  # python-docx loads footnotes.xml as a plain part: it must be reused, not doubled
    assert add_footnote(again.add_paragraph("Hai"), "Chú thích hai.") == 2
    buf = io.BytesIO()
    again.save(buf)
    with zipfile.ZipFile(buf) as z:
        assert [n for n in z.namelist() if "footnotes" in n] == ["word/footnotes.xml"]
    final = Document(buf)
    assert footnote_texts(final.part) == {1: "Chú thích một.", 2: "Chú thích hai."}
    settings = final.settings.element
    assert len(settings.findall(qn("w:footnotePr"))) == 1


@pytest.mark.office
def test_libreoffice_shows_the_footnote_and_keeps_it_on_save(rendered: Path, tmp_path: Path, soffice: SofficeConvert):
    (pdf,) = soffice([rendered], "pdf", tmp_path / "pdf")
    text = " ".join(pdf_text(pdf).split())
    assert MERGED_NOTE in text  # LibreOffice read the footnotes part and laid the footnote out
    assert "Mục tiêu 51: Đến năm 2017" in text  # the reference mark right after the goal's number
    (again,) = soffice([rendered], "docx:MS Word 2007 XML", tmp_path / "docx")
    resaved = Document(str(again))
    notes = footnote_texts(resaved.part)
    merged = {fid for fid, note in notes.items() if note.startswith(MERGED_NOTE)}
    assert len(merged) == 2  # III.1 and the Phụ lục's self-assessment table
    goal = next(p for p in resaved.paragraphs if p.text.startswith("- Mục tiêu 5"))
    (ref,) = [int(r.get(qn("w:id"))) for r in goal._p.iter(qn("w:footnoteReference"))]
    assert ref in merged


# ---- sections: the report portrait, the Phụ lục landscape, the units' extra text before it -----------------------
def _blocks_with_orientation(doc: DocumentObject) -> list[tuple[etree._Element, bool]]:
    """Every body element with whether its section is landscape (a section ends at the paragraph holding its
    sectPr; the body's own sectPr is the last section's)."""
    out: list[tuple[etree._Element, bool]] = []
    pending: list[etree._Element] = []
    for el in doc.element.body.iterchildren():
        sect = el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if el.tag == qn("w:p") else None
        if el.tag == qn("w:sectPr"):
            sect = el
        else:
            pending.append(el)
        if sect is not None:
            size = sect.find(qn("w:pgSz"))
            landscape = int(size.get(qn("w:w"))) > int(size.get(qn("w:h")))
            if size.get(qn("w:orient")) is not None:
                assert (size.get(qn("w:orient")) == "landscape") == landscape
            out += [(e, landscape) for e in pending]
            pending = []
    return out


def _text_of(el: etree._Element) -> str:
    return " ".join("".join(t.text or "" for t in el.iter(qn("w:t"))).split())  # (itertext repeats on oxml)


@pytest.fixture(scope="module")
def with_extra_text(master: MasterData, tmp_path_factory: pytest.TempPathFactory) -> DocumentObject:
    from cchc_cli.narrative import collect_narratives

    folder = tmp_path_factory.mktemp("thuyet-minh")
    unit = Document()
    letterhead = unit.add_table(rows=1, cols=2)
    letterhead.cell(0, 0).text = "UBND HUYỆN KHÁNH SƠN\nPHÒNG TƯ PHÁP"
    letterhead.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    unit.add_paragraph().add_run("BÁO CÁO").bold = True
    unit.add_paragraph().add_run("1. Cải cách thể chế").bold = True
    unit.add_paragraph("Câu TP-1 về thẩm định văn bản.")
    grid = unit.add_table(rows=2, cols=3)
    for j, text in enumerate(("Năm", "Số văn bản được thẩm định", "Số văn bản ban hành")):
        grid.cell(0, j).text = text
    for j, text in enumerate(("2019", "14", "12")):
        grid.cell(1, j).text = text
    unit.add_paragraph().add_run("9. Công tác hòa giải ở cơ sở").bold = True  # a heading the outline lacks
    unit.add_paragraph("Câu TP-9 về hòa giải ở cơ sở.")
    unit.save(str(folder / "Tu phap.docx"))
    narratives = collect_narratives(master.schema, [folder / "Tu phap.docx"])
    out = render_report(master, folder / "du-thao.docx", today=TODAY, narratives=narratives)
    return Document(str(out))


def test_units_extra_text_is_portrait_after_the_signature_before_the_annex(with_extra_text: DocumentObject):
    blocks = _blocks_with_orientation(with_extra_text)
    texts = [_text_of(el) for el, _ in blocks]
    signature = next(i for i, (el, _) in enumerate(blocks) if el.tag == qn("w:tbl") and "Nơi nhận" in texts[i])
    appendix = texts.index("PHỤ LỤC CÁC NỘI DUNG ĐƠN VỊ BÁO CÁO NGOÀI ĐỀ CƯƠNG")
    extra = texts.index("Câu TP-9 về hòa giải ở cơ sở.")
    annex = texts.index("PHỤ LỤC")
    assert signature < appendix < extra < annex
    assert not any(landscape for _, landscape in blocks[:annex])  # the report and the units' extra text
    assert all(landscape for el, landscape in blocks[annex:] if el.tag == qn("w:tbl"))  # the Phụ lục tables
    assert blocks[annex][1]
    # the extra text starts on a page of its own and its unit is named
    title = blocks[appendix][0]
    assert title.find(f".//{qn('w:br')}[@{qn('w:type')}='page']") is not None
    assert "Theo báo cáo của Phòng Tư pháp" in texts[appendix + 1 : extra]


# ---- the Phụ lục tables flow ----------------------------------------------------------------------------------------
def test_annex_tables_flow_with_no_forced_page_and_titles_kept_with_them(doc: DocumentObject):
    blocks = _blocks_with_orientation(doc)
    texts = [_text_of(el) for el, _ in blocks]
    start = texts.index("PHỤ LỤC")
    annex = [el for el, _ in blocks[start:]]
    tables = [i for i, el in enumerate(annex) if el.tag == qn("w:tbl")]
    assert len(tables) == 9
    # one landscape section for the whole Phụ lục: no section break, no page break inside it
    assert all(landscape for _, landscape in blocks[start:])
    for el in annex:
        assert el.find(f".//{qn('w:sectPr')}") is None
        assert el.find(f".//{qn('w:pageBreakBefore')}") is None
        assert el.find(f".//{qn('w:br')}[@{qn('w:type')}='page']") is None
    styles = {s.style_id: s for s in doc.styles}
    for i in tables:
        title = annex[i - 1]  # each table right under its title, which keeps with the table's first rows
        assert title.tag == qn("w:p")
        style = styles[title.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val"))]
        assert style.name.startswith("Heading") and style.paragraph_format.keep_with_next
        rows = annex[i].findall(qn("w:tr"))
        assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    # a table is followed by the next table's title directly: no empty line that the title chain must carry
    titled = 0
    for i in tables[:-1]:
        following = Paragraph(annex[i + 1], doc._body)
        assert following.text.strip(), "an empty paragraph between a table and the next title"
        style = following.style
        if not style.name.startswith("Heading"):
            continue  # the table's own note
        space = following.paragraph_format.space_before
        while space is None and style is not None:
            space, style = style.paragraph_format.space_before, style.base_style
        assert space is not None and space >= Pt(6)  # but still some space above the title
        titled += 1
    assert titled >= 3


def test_parent_rows_keep_with_their_first_sub_row_only(doc: DocumentObject):
    first = "Số lượng văn bản chỉ"
    table = next(t for t in doc.tables if len(t.rows) > 2 and t.rows[1].cells[1].text.startswith(first))
    keeps = [
        (row.cells[0].text, row.cells[0].paragraphs[0].paragraph_format.keep_with_next is True)
        for row in table.rows[1:]
    ]
    parents = [stt for stt, keep in keeps if keep]
    assert parents and all(stt not in ("-", "+", "") for stt in parents)  # only numbered parent rows keep
    assert not keeps[-1][1]  # the last row never keeps with what follows the table


# ---- results against targets, compact -----------------------------------------------------------------------------
def test_targets_table_names_each_goal_once_by_number_and_short_label(doc: DocumentObject, master: MasterData):
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Mục tiêu, chỉ tiêu đo")
    firsts = [row.cells[0].text for row in table.rows[1:]]
    goals = [f for f in firsts if f.startswith("Mục tiêu ")]
    numbers = [f.split(":")[0].removeprefix("Mục tiêu ").split(" ")[0] for f in goals]
    assert numbers == ["1", "2", "3", "4", "5", "7", "8", "9", "10", "11", "12"]  # the plan's numbers, 6 merged
    assert goals[4].startswith("Mục tiêu 5 (gộp mục tiêu 6): ")
    full = master.schema.indicator_by_id["s8_mt07"].text
    assert len(full) > 200 and not any(full in f for f in firsts)  # the full text is not repeated here
    assert all(len(f) < 110 for f in goals)
    # a goal row spans the indicator and value columns; its measures follow, each on one row
    goal_row = table.rows[1 + firsts.index(goals[5])]
    assert goal_row._tr.findall(qn("w:tc"))[0].find(qn("w:tcPr")).find(qn("w:gridSpan")).get(qn("w:val")) == "3"
    measure = firsts[firsts.index(goals[5]) + 1]
    assert measure.startswith("- Tỷ lệ văn bản") and "(mục tiêu: 90%" in measure


def test_a_units_table_fits_the_portrait_page_it_lands_on(with_extra_text: DocumentObject):
    blocks = _blocks_with_orientation(with_extra_text)
    (table,) = [el for el, _ in blocks if el.tag == qn("w:tbl") and "Số văn bản được thẩm định" in _text_of(el)]
    assert not dict(blocks)[table]  # portrait, under its heading in the report
    first = with_extra_text.sections[0]
    text_width = (first.page_width - first.left_margin - first.right_margin) / 635  # twips
    grid = [int(c.get(qn("w:w"))) for c in table.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    assert len(grid) == 3 and sum(grid) <= text_width + 3

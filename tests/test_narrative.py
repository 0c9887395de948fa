"""Narrative reports: the outline as data, heading matching, unit identification, the unit's Word outline,
collection (shapes units really send), pull-in into the draft and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from report_data import example_master
from typer.testing import CliRunner

from cchc_cli.cli import app
from cchc_cli.errors import CchcError
from cchc_cli.narrative import collect_narratives, derive_outline, load_outline
from cchc_cli.narrative import reader as reader_module
from cchc_cli.narrative.fingerprint import read_custom_properties, read_fingerprint
from cchc_cli.narrative.headings import HeadingMatcher, split_numbering
from cchc_cli.narrative.outline import parse_outline
from cchc_cli.narrative.pull import EDIT_STYLE, LABEL_STYLE
from cchc_cli.narrative.template_docx import build_unit_outline, render_unit_outline
from cchc_cli.narrative.template_marks import GUIDE_STYLE, REMINDER_TITLE
from cchc_cli.report.render import render_report
from cchc_cli.schema import load_schema

SCHEMA = load_schema()
OUTLINE = load_outline(SCHEMA)
runner = CliRunner()


# ---- the outline ----------------------------------------------------------------------------------------------


def test_outline_assigns_lead_fields_and_commune_scale():
    ids = {code: {n.id for n in OUTLINE.nodes_for_unit(code)} for code in ("NV", "TP", "TCKH", "KTHT", "22720")}
    assert {"p1_ii_3_1_a", "p1_ii_4_1_b", "p1_iii_3", "p3_1"} <= ids["NV"]
    assert {"p1_ii_1_1_a", "p1_ii_1_2", "p2_1"} <= ids["TP"] and "p1_ii_3_1_a" not in ids["TP"]
    assert {"p1_ii_5_1_b", "p1_ii_3_1_dd"} <= ids["TCKH"]
    assert "p1_ii_6_1_c" in ids["KTHT"] and "p1_ii_6_1_a" not in ids["KTHT"]
    # a commune: the whole outline at its scale, less what only the district does
    assert {"p1_ii_2_1_d", "p1_ii_4_1_b", "p2_6", "p3_3"} <= ids["22720"]
    assert "p1_ii_1_1_a" not in ids["22720"] and "p1_ii_5_1_b" not in ids["22720"]
    assert not any(n.startswith("p4") for s in ids.values() for n in s)  # Phần thứ tư is the Excel figures
    assert OUTLINE.leads_of(OUTLINE.by_id["p1_ii_2_1_b"]) == ["VP"]


def test_schema_without_outline_file_gets_a_derived_outline(tmp_path):
    text = (Path(__file__).resolve().parents[1] / "schemas" / "khanh-son-2011-2020.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "ban-sao.yaml"
    copy.write_text(text, encoding="utf-8")
    assert load_outline(SCHEMA, copy).source.endswith("khanh-son-2011-2020.outline.yaml")  # a copy: bundled outline
    schema_file = tmp_path / "dot-khac.yaml"
    schema_file.write_text(text.replace("id: khanh-son-cchc-2011-2020", "id: dot-khac", 1), encoding="utf-8")
    other = load_schema(schema_file)
    outline = load_outline(other, schema_file)
    assert outline.source == "derived"
    assert [n.title for n in outline.roots[0].children][:2] == [
        "1. Lĩnh vực chỉ đạo, điều hành",
        "2. Lĩnh vực cải cách thể chế",
    ]
    assert outline.by_id["s_s2"].lead == ["TP"]
    assert derive_outline(SCHEMA).roots[-1].writers == [u.code for u in SCHEMA.units]


def test_outline_file_errors_name_the_file():
    with pytest.raises(CchcError, match=r"khong-co\.yaml.*«XYZ»"):
        parse_outline("nodes:\n  - {id: a, text: A, lead: [XYZ]}\n", SCHEMA, "khong-co.yaml")
    with pytest.raises(CchcError, match="mã mục trùng"):
        parse_outline("nodes:\n  - {id: a, text: A}\n  - {id: a, text: B}\n", SCHEMA, "trung.yaml")


# ---- headings -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind", "value", "rest"),
    [
        ("Phần thứ hai", "part", (2,), ""),
        ("PHẦN III. KIẾN NGHỊ", "part", (3,), "KIẾN NGHỊ"),
        ("II. ĐÁNH GIÁ", "roman", (2,), "ĐÁNH GIÁ"),
        ("4.Xây dựng", "arabic", (4,), "Xây dựng"),
        ("2.1. Kết quả", "arabic", (2, 1), "Kết quả"),
        ("đ) Sáng kiến", "letter", (5,), "Sáng kiến"),
        ("- c) Đổi mới", "letter", (3,), "Đổi mới"),
        ("a/ Về kiểm soát", "letter", (1,), "Về kiểm soát"),
        ("1/ Chỉ đạo", "arabic", (1,), "Chỉ đạo"),
        ("I- TÌNH HÌNH", "roman", (1,), "TÌNH HÌNH"),
        ("2019: 15 văn bản", None, None, "2019: 15 văn bản"),
        ("100% cơ quan", None, None, "100% cơ quan"),
        ("Công tác khác", None, None, "Công tác khác"),
    ],
)
def test_split_numbering(typed, kind, value, rest):
    numbering, text = split_numbering(typed)
    assert (numbering.kind if numbering else None, numbering.value if numbering else None, text) == (kind, value, rest)


def _place(*headings: str) -> list[str | None]:
    matcher = HeadingMatcher(OUTLINE)
    out = []
    for h in headings:
        node = matcher.place(h).node
        out.append(node.id if node else None)
    return out


def test_matcher_numbering_and_text_within_the_tree():
    assert _place(
        "I. TÌNH HÌNH TRIỂN KHAI",
        "4. Đánh giá chung",  # I.4, not III (Đánh giá chung) — the number and the context say so
        "b) Tồn tại hạn chế",
        "1. Cải cách thể chế",
        "a) Kết quả đạt được",  # the unit's own numbering for 1.1
        "b) Những tồn tại, hạn chế và nguyên nhân",  # 1.2, not 2.2 or 3.2
        "2. CẢI CÁCH TTHC",  # capitals and an abbreviation
        "2.2. Tồn tại, hạn chế",
        "6. Hiện đại hoá hành chính",  # old tone placement
        unicodedata.normalize("NFD", "d) Thực hiện cơ chế một cửa, một cửa liên thông"),
    ) == [
        "p1_i",
        "p1_i_4",
        "p1_i_4_b",
        "p1_ii_1",
        "p1_ii_1_1",
        "p1_ii_1_2",
        "p1_ii_2",
        "p1_ii_2_2",
        "p1_ii_6",
        "p1_ii_2_1_d",
    ]


def test_matcher_never_places_by_position_alone():
    # "3." exists under II, but "Công tác dân vận" is no heading of the outline
    assert _place("II. Đánh giá kết quả", "3. Công tác dân vận chính quyền", "c) Công tác thanh niên") == [
        "p1_ii",
        None,
        None,
    ]


def test_matcher_part_headings_and_proposals():
    assert _place(
        "PHẦN THỨ HAI", "1. Về thể chế", "6. Về hiện đại hóa hành chính", "Phần thứ ba", "3. Những kiến nghị khác"
    ) == [
        "p2",
        "p2_1",
        "p2_6",
        "p3",
        "p3_3",
    ]


# ---- building narratives the way units write them ---------------------------------------------------------------


def _letterhead(doc: DocumentObject, parent: str, agency: str) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = f"{parent}\n{agency}"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    doc.add_paragraph().add_run("BÁO CÁO").bold = True


def _bold(doc: DocumentObject, text: str) -> None:
    doc.add_paragraph().add_run(text).bold = True


def _save(doc: DocumentObject, path: Path) -> Path:
    doc.save(str(path))
    return path


@pytest.fixture
def returns(tmp_path: Path) -> Path:
    folder = tmp_path / "thuyet-minh"
    folder.mkdir()
    # Phòng Tư pháp: bold numbered paragraphs, its own numbering, a list and a table, an extra section
    doc = Document()
    _letterhead(doc, "UBND HUYỆN KHÁNH SƠN", "PHÒNG TƯ PHÁP")
    _bold(doc, "1. Cải cách thể chế")
    _bold(doc, "1.1. Về xây dựng, hoàn thiện hệ thống thể chế, cơ chế, chính sách")
    doc.add_paragraph("Câu TP-1 về thẩm định văn bản.")
    doc.add_paragraph("Câu TP-2 trong danh sách.", style="List Bullet")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Năm", "Số văn bản"
    table.cell(1, 0).text, table.cell(1, 1).text = "2019", "27"
    _bold(doc, "1.2. Công tác bồi thường nhà nước")
    doc.add_paragraph("Câu TP-3 ngoài đề cương.")
    doc.add_paragraph("Nơi nhận:")
    doc.add_paragraph("- Phòng Nội vụ;")
    _save(doc, folder / "Tu phap.docx")
    # Xã Sơn Lâm: NFD text, old tone marks, a non-breaking space, ALL-CAPS headings with heading styles
    doc = Document()
    _letterhead(doc, "ỦY BAN NHÂN DÂN", unicodedata.normalize("NFD", "XÃ\u00a0SƠN LÂM"))
    doc.add_paragraph("PHẦN THỨ NHẤT", style="Heading 1")
    doc.add_paragraph("1. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", style="Heading 3")
    doc.add_paragraph(unicodedata.normalize("NFD", "Câu SL-1 về kế hoạch hoá công tác."))
    doc.add_paragraph("PHẦN THỨ HAI", style="Heading 1")
    doc.add_paragraph("2. VỀ THỦ TỤC HÀNH CHÍNH", style="Heading 3")
    doc.add_paragraph("Câu SL-2 đề xuất một cửa.")
    _save(doc, folder / "Son Lam.docx")
    # a report that names no unit
    doc = Document()
    _bold(doc, "1. Công tác chỉ đạo, điều hành")
    doc.add_paragraph("Câu KX-1 của đơn vị không rõ.")
    _save(doc, folder / "bao cao moi.docx")
    return folder


def test_collect_identifies_cuts_and_reports(returns):
    result = collect_narratives(SCHEMA, [returns])
    by_file = {n.path.name: n for n in result.narratives}
    tp, sl, unknown = by_file["Tu phap.docx"], by_file["Son Lam.docx"], by_file["bao cao moi.docx"]
    assert (tp.unit.code, sl.unit.code, unknown.unit) == ("TP", "22720", None)
    assert [(s.node.id if s.node else None, [b.kind for b in s.blocks]) for s in tp.sections if s.blocks] == [
        ("p1_ii_1_1_b", ["para", "list", "table"]),
        (None, ["para"]),
    ]
    assert tp.sections[-1].blocks[0].text == "Câu TP-3 ngoài đề cương."  # "Nơi nhận" is not part of it
    assert [s.node.id for s in sl.placed] == ["p1_i_1", "p2_2"]
    codes = sorted(i.code for i in result.issues)
    assert codes == ["chua-xac-dinh-don-vi", "muc-ngoai-de-cuong"]
    hint = next(i.message for i in result.issues if i.code == "chua-xac-dinh-don-vi")
    assert "don-vi-bao-cao.yaml" in hint and "bao cao moi.docx" in hint
    assert "p1_ii_1_2" in [n.id for n in tp.missing]  # the unit skipped 1.2 of its outline


def test_mapping_file_names_the_unit(returns):
    (returns / "don-vi-bao-cao.yaml").write_text("bao cao moi.docx: Xã Sơn Hiệp\n", encoding="utf-8")
    result = collect_narratives(SCHEMA, [returns])
    unknown = next(n for n in result.narratives if n.path.name == "bao cao moi.docx")
    assert unknown.unit.code == "22723" and unknown.identified_by == "tệp ánh xạ"
    (returns / "don-vi-bao-cao.yaml").write_text("bao cao moi.docx: Xã Không Có\n", encoding="utf-8")
    with pytest.raises(CchcError, match="Xã Không Có"):
        collect_narratives(SCHEMA, [returns])


def test_doc_without_libreoffice_is_one_clear_finding(tmp_path, monkeypatch):
    (tmp_path / "bao cao cu.doc").write_bytes(b"\xd0\xcf\x11\xe0 not really a doc")
    monkeypatch.setattr(reader_module, "soffice_path", lambda: None)
    result = collect_narratives(SCHEMA, [tmp_path])
    assert result.narratives == []
    (issue,) = result.issues
    assert issue.code == "can-libreoffice" and "LibreOffice" in issue.message and ".docx" in issue.message


def test_unreadable_docx_is_a_finding_not_a_crash(tmp_path):
    (tmp_path / "hong.docx").write_bytes(b"PK\x03\x04 broken")
    (tmp_path / "~$khoa.docx").write_bytes(b"lock")
    result = collect_narratives(SCHEMA, [tmp_path])
    assert [i.code for i in result.issues] == ["khong-doc-duoc"]


# ---- the unit's Word outline ------------------------------------------------------------------------------------


def test_unit_outline_docx_headings_guides_reminder_letterhead_fingerprint():
    unit = SCHEMA.unit_by_code["22720"]
    doc = build_unit_outline(SCHEMA, OUTLINE, unit)
    headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) == len(OUTLINE.nodes_for_unit("22720"))
    part_title = "TÌNH HÌNH TRIỂN KHAI VÀ KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH TỔNG THỂ CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC"
    assert headings[0].text == f"Phần thứ nhất\n{part_title} GIAI ĐOẠN 2011 - 2020"
    assert any(p.style.name == GUIDE_STYLE for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert doc.tables[0].cell(0, 0).text.split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "XÃ SƠN LÂM"]
    assert REMINDER_TITLE in cells
    assert any("Số văn bản chỉ đạo" in c or "văn bản" in c.lower() for c in cells)
    buf = io.BytesIO(render_unit_outline(SCHEMA, OUTLINE, unit))
    assert buf.getvalue() == render_unit_outline(SCHEMA, OUTLINE, unit)  # deterministic
    path = Path(__file__).parent / "_tmp_outline.docx"
    try:
        path.write_bytes(buf.getvalue())
        fp = read_fingerprint(read_custom_properties(path))
    finally:
        path.unlink()
    assert fp["unit"] == "22720" and fp["schema"] == SCHEMA.meta.id and fp["kind"] == "de-cuong-bao-cao"


def test_office_outline_letterhead_names_parent_body():
    doc = build_unit_outline(SCHEMA, OUTLINE, SCHEMA.unit_by_code["TCKH"])
    first = doc.tables[0].cell(0, 0).text
    assert "UBND HUYỆN KHÁNH SƠN" in first and "PHÒNG TÀI CHÍNH – KẾ HOẠCH" in first


@pytest.mark.office
@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_fingerprint_survives_libreoffice(tmp_path, soffice, fmt):
    src = tmp_path / "DeCuong_VP.docx"
    src.write_bytes(render_unit_outline(SCHEMA, OUTLINE, SCHEMA.unit_by_code["VP"]))
    (saved,) = soffice([src], fmt, tmp_path / "saved")
    (back,) = soffice([saved], "docx", tmp_path / "back")
    fp = read_fingerprint(read_custom_properties(back))
    assert fp["unit"] == "VP" and fp["schema"] == SCHEMA.meta.id
    result = collect_narratives(SCHEMA, [saved])  # .odt is read through LibreOffice too
    assert result.narratives[0].unit.code == "VP" and result.narratives[0].identified_by == "dấu vân tay đề cương"


def test_filled_outline_with_guides_left_in(tmp_path):
    doc = build_unit_outline(SCHEMA, OUTLINE, SCHEMA.unit_by_code["NV"])
    heading = next(p for p in doc.paragraphs if p.text == "2. Kiểm tra việc thực hiện")
    after = heading._p.getnext().getnext()  # the guide, then the empty paragraph to write in
    from docx.text.paragraph import Paragraph

    Paragraph(after, heading._parent).add_run("Câu NV-1 về kiểm tra.")
    path = _save(doc, tmp_path / "Noi vu.docx")
    (narrative,) = collect_narratives(SCHEMA, [path]).narratives
    assert [(s.node.id, [b.text for b in s.blocks]) for s in narrative.placed] == [
        ("p1_i_2", ["Câu NV-1 về kiểm tra."])
    ]
    assert narrative.preamble and all(b.text != REMINDER_TITLE for b in narrative.preamble)


# ---- pull-in and the CLI ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def master():
    return example_master(missing=None)


def test_render_pulls_in_attributed_and_appendix(returns, master, tmp_path):
    narratives = collect_narratives(SCHEMA, [returns])
    out = tmp_path / "du-thao.docx"
    render_report(master, out, today=dt.date(2020, 6, 15), narratives=narratives)
    doc = Document(str(out))
    paras = [(p.style.name, p.text) for p in doc.paragraphs]
    i = paras.index(
        (
            "Heading 5",
            "b) Về xây dựng, hoàn thiện hệ thống thể chế, cơ chế, chính sách pháp luật thuộc phạm vi quản lý nhà nước",
        )
    )
    section = paras[i + 1 : i + 12]
    assert (LABEL_STYLE, "Theo báo cáo của Phòng Tư pháp:") in section
    assert (EDIT_STYLE, "Câu TP-1 về thẩm định văn bản.") in section
    assert (EDIT_STYLE, "- Câu TP-2 trong danh sách.") in section  # a Word list item keeps its bullet as text
    texts = [t for _, t in paras]
    assert texts.index("UBND xã Sơn Lâm:") > texts.index("1. Công tác chỉ đạo, điều hành")
    assert "Câu SL-1 về kế hoạch hoá công tác." in texts  # NFC, but the tone placement as the unit wrote it
    tail = texts[texts.index("PHỤ LỤC CÁC NỘI DUNG ĐƠN VỊ BÁO CÁO NGOÀI ĐỀ CƯƠNG") :]
    assert "Đề mục của đơn vị: 1.2. Công tác bồi thường nhà nước" in tail and "Câu TP-3 ngoài đề cương." in tail
    assert "Câu KX-1 của đơn vị không rõ." in texts  # an unidentified unit's text is kept, attributed to its file
    assert "Theo báo cáo chưa xác định đơn vị (tệp bao cao moi.docx):" in texts
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Số văn bản" in cells and "27" in cells


def test_cli_render_report_narratives_and_json(returns, tmp_path):
    master_dir = Path(__file__).resolve().parents[1] / "examples" / "khanh-son-2020" / "bao-cao"
    out = tmp_path / "bc.docx"
    result = runner.invoke(
        app,
        ["render-report", "--data", str(master_dir), "--narratives", str(returns), "--out", str(out), "-q"],
        terminal_width=120,
    )
    assert result.exit_code == 0, result.output
    assert out.is_file() and (tmp_path / "bc-noi-dung-don-vi.docx").is_file()
    again = runner.invoke(
        app,
        ["render-report", "--data", str(master_dir), "--narratives", str(returns), "--out", str(tmp_path / "x.docx")],
    )
    assert again.exit_code == 0  # a new draft name: its companion is new too
    refused = runner.invoke(
        app, ["render-report", "--data", str(master_dir), "--narratives", str(returns), "--out", str(out)]
    )
    assert refused.exit_code == 2 and "--force" in refused.stderr
    status = runner.invoke(app, ["status", str(master_dir), str(returns)], terminal_width=160)
    assert "Báo cáo thuyết minh (3 tệp Word)" in status.stdout and "chưa xác định đơn vị" in status.stdout
    validate = runner.invoke(app, ["validate", str(master_dir), str(returns), "--format", "json", "-q"])
    data = json.loads(validate.stdout)
    files = {Path(f["file"]).name: f for f in data["narratives"]["files"]}
    assert files["Tu phap.docx"]["unit"] == "TP" and files["Tu phap.docx"]["unplaced"] == [
        "1.2. Công tác bồi thường nhà nước"
    ]
    # the example returns carry only the two self-assessments that disagree with their own figures
    assert {f["code"] for f in data["findings"]} == {"tu-danh-gia-khac-so-lieu"}
    assert "Tu phap.docx" not in [s["file"] for s in data["skipped"]]  # listed as a narrative, not as skipped
    table = runner.invoke(app, ["validate", str(returns)], terminal_width=160)
    assert "Báo cáo thuyết minh (3 tệp Word)" in table.stdout and "Bỏ qua Tu phap.docx" not in table.stdout


def test_render_report_takes_narratives_from_the_returns_folder(tmp_path):
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    examples = Path(__file__).resolve().parents[1] / "examples" / "khanh-son-2020" / "bao-cao"
    for xlsx in examples.glob("*.xlsx"):
        (folder / xlsx.name).write_bytes(xlsx.read_bytes())
    doc = Document()
    _letterhead(doc, "ỦY BAN NHÂN DÂN", "XÃ SƠN BÌNH")
    _bold(doc, "3. Bài học kinh nghiệm")
    doc.add_paragraph("Câu SB-1 về bài học của xã.")
    _save(doc, folder / "Son Binh.docx")
    out = tmp_path / "du-thao.docx"
    result = runner.invoke(app, ["render-report", "--data", str(folder), "--out", str(out)], terminal_width=120)
    assert result.exit_code == 0, result.output
    texts = [p.text for p in Document(str(out)).paragraphs]
    at = texts.index("3. Bài học kinh nghiệm")
    assert texts[at + 1 : at + 3] == ["UBND xã Sơn Bình:", "Câu SB-1 về bài học của xã."]
    assert "Báo cáo thuyết minh (1 tệp Word)" in result.stdout


def test_outline_heading_the_draft_lacks_goes_under_its_parent(master, tmp_path):
    """An outline with one more heading than the draft shows: the text goes under the nearest shown ancestor."""
    text = (Path(__file__).resolve().parents[1] / "schemas" / "khanh-son-2011-2020.outline.yaml").read_text(
        encoding="utf-8"
    )
    extra = (
        "                  - id: p1_ii_1_1_d\n"
        "                    number: d)\n"
        "                    text: Công tác bồi thường nhà nước\n"
    )
    marker = "              - id: p1_ii_1_2\n"
    outline = parse_outline(text.replace(marker, extra + marker, 1), SCHEMA, "them-muc.outline.yaml")
    doc = Document()
    _letterhead(doc, "UBND HUYỆN KHÁNH SƠN", "PHÒNG TƯ PHÁP")
    _bold(doc, "1. Cải cách thể chế")
    _bold(doc, "d) Công tác bồi thường nhà nước")
    doc.add_paragraph("Câu TP-9 về bồi thường.")
    path = _save(doc, tmp_path / "tp.docx")
    narratives = collect_narratives(SCHEMA, [path], outline=outline)
    assert [s.node.id for s in narratives.narratives[0].placed] == ["p1_ii_1_1_d"]
    out = tmp_path / "du-thao.docx"
    render_report(master, out, today=dt.date(2020, 6, 15), narratives=narratives)
    texts = [p.text for p in Document(str(out)).paragraphs]
    at = texts.index("1.1. Kết quả chủ yếu đã đạt được")
    label = "Theo báo cáo của Phòng Tư pháp (mục «d) Công tác bồi thường nhà nước» của đề cương):"
    assert texts[at + 1 : at + 3] == [label, "Câu TP-9 về bồi thường."]


def test_matcher_common_rewordings_and_outline_aliases():
    """Headings as units reword them; the outline's ``aliases`` teach the matcher the usual other wordings."""
    assert _place(
        "PHẦN I: KẾT QUẢ THỰC HIỆN",
        "2. Công tác kiểm tra cải cách hành chính",
        "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
        "1. Về cải cách thể chế",
        "1.1. Kết quả đạt được",
        "Tồn tại hạn chế",
        "4. Về xây dựng và nâng cao chất lượng đội ngũ CBCCVC",
        "6. Về hiện đại hóa hành chính",
        "b) Áp dụng hệ thống quản lý chất lượng ISO",
        "PHẦN THỨ BA: KIẾN NGHỊ, ĐỀ XUẤT",
        "1. Đối với Trung ương",
    ) == [
        "p1",
        "p1_i_2",
        "p1_ii",
        "p1_ii_1",
        "p1_ii_1_1",
        "p1_ii_1_2",
        "p1_ii_4",
        "p1_ii_6",
        "p1_ii_6_1_c",
        "p3",
        "p3_1",
    ]


def test_figures_part_of_a_unit_report_goes_to_the_appendix(master, tmp_path):
    doc = Document()
    _letterhead(doc, "ỦY BAN NHÂN DÂN", "XÃ SƠN TRUNG")
    _bold(doc, "1. Công tác chỉ đạo, điều hành")
    doc.add_paragraph("Câu ST-1 về chỉ đạo.")
    _bold(doc, "PHẦN THỨ TƯ. THỐNG KÊ CÁC CHỈ TIÊU")
    _bold(doc, "1. Lĩnh vực chỉ đạo, điều hành")
    doc.add_paragraph("Câu ST-2 là số liệu thống kê.")
    path = _save(doc, tmp_path / "Son Trung.docx")
    narratives = collect_narratives(SCHEMA, [path])
    (narrative,) = narratives.narratives
    assert [s.node.id for s in narrative.placed] == ["p1_i_1"]
    assert [s.heading for s in narrative.unplaced] == ["1. Lĩnh vực chỉ đạo, điều hành"]
    out = tmp_path / "du-thao.docx"
    render_report(master, out, today=dt.date(2020, 6, 15), narratives=narratives)
    texts = [p.text for p in Document(str(out)).paragraphs]
    appendix = texts.index("PHỤ LỤC CÁC NỘI DUNG ĐƠN VỊ BÁO CÁO NGOÀI ĐỀ CƯƠNG")
    assert texts.index("Câu ST-2 là số liệu thống kê.") > appendix > texts.index("Câu ST-1 về chỉ đạo.")


def test_bold_headings_numbered_by_word_lists(tmp_path):
    """Bold headings whose numbers come from Word's list numbering (not in the text); bold list items stay text."""
    doc = Document()
    _letterhead(doc, "UBND HUYỆN KHÁNH SƠN", "PHÒNG NỘI VỤ")
    doc.add_paragraph(style="List Number").add_run("Kiểm tra việc thực hiện").bold = True
    doc.add_paragraph("Câu NV-7 về kiểm tra.")
    doc.add_paragraph(style="List Bullet").add_run("Kết luận số 12 của đoàn kiểm tra").bold = True
    path = _save(doc, tmp_path / "nv.docx")
    (narrative,) = collect_narratives(SCHEMA, [path]).narratives
    assert [(s.node.id, [b.text for b in s.blocks]) for s in narrative.placed] == [
        ("p1_i_2", ["Câu NV-7 về kiểm tra.", "- Kết luận số 12 của đoàn kiểm tra"])
    ]


def test_pdf_report_is_a_finding(tmp_path):
    (tmp_path / "BC Son Binh.pdf").write_bytes(b"%PDF-1.4 not really")
    result = collect_narratives(SCHEMA, [tmp_path])
    assert [(i.code, i.severity) for i in result.issues] == [("bao-cao-pdf", "warning")]
    assert "bản Word" in result.issues[0].message


def test_tracked_insertions_content_controls_and_nested_tables_are_read(tmp_path):
    """Text python-docx's own reading skips (tracked insertions, block content controls) is not dropped."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    _letterhead(doc, "UBND HUYỆN KHÁNH SƠN", "PHÒNG NỘI VỤ")
    _bold(doc, "2. Kiểm tra việc thực hiện")
    p = doc.add_paragraph("Câu NV-8 ")
    p._p.append(
        parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="A"><w:r><w:t>có sửa theo dõi.</w:t></w:r></w:ins>')
    )
    p._p.append(
        parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="A"><w:r><w:delText>bỏ đi</w:delText></w:r></w:del>')
    )
    sdt = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>Câu NV-9 trong ô nội dung.</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    doc.element.body.insert(len(doc.element.body) - 1, sdt)
    outer = doc.add_table(rows=1, cols=1)
    outer.cell(0, 0).add_table(rows=1, cols=1).cell(0, 0).text = "Câu NV-10 trong bảng lồng."
    path = _save(doc, tmp_path / "nv.docx")
    (narrative,) = collect_narratives(SCHEMA, [path]).narratives
    (section,) = narrative.placed
    assert [b.plain for b in section.blocks] == [
        "Câu NV-8 có sửa theo dõi.",
        "Câu NV-9 trong ô nội dung.",
        "Câu NV-10 trong bảng lồng.",
    ]


@pytest.mark.parametrize("campaign", ["khanh-son-2011-2020", "khanh-hoa-2025"])
def test_stamped_commune_outlines_are_byte_for_byte_the_built_ones(campaign):
    """Communes' Word outlines are built once and stamped with each name (national scale): every stamped
    outline is exactly the one built for that unit."""
    from cchc_cli.narrative.outline import load_outline
    from cchc_cli.narrative.template_docx import Stamper, render_unit_outline

    schema = load_schema(Path(__file__).resolve().parents[1] / "schemas" / f"{campaign}.yaml")
    outline = load_outline(schema)
    stamper = Stamper(schema, outline)
    stamped = [u for u in schema.units if outline.nodes_for_unit(u.code) and stamper.key(u) is not None]
    for unit in schema.units:
        if outline.nodes_for_unit(unit.code):
            assert stamper.render(unit) == render_unit_outline(schema, outline, unit), unit.code
    if campaign == "khanh-son-2011-2020":
        assert len(stamped) == 8 and len(stamper.built) == 2  # 7 xã from one build, the thị trấn from another
    else:  # communes the registry names «UBND xã …» are stamped too
        assert len(stamped) == 3 and len(stamper.built) == 1

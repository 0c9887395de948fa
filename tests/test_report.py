"""`cchc render-report`: the Word draft read back with python-docx — outline, form (ND30), figures, gaps, errors."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Cm
from report_data import example_master

from cchc_cli.errors import CchcError
from cchc_cli.merge.model import MasterData
from cchc_cli.numfmt import vi_number, vi_percent
from cchc_cli.report import render_report
from cchc_cli.report.charts import render_png
from cchc_cli.report.context import build_series
from cchc_cli.report.figures import percent1
from cchc_cli.report.markup import parse_blocks, plain
from cchc_cli.report.render import Registry


def plain_para(text: str) -> str:
    """What a reader sees of one rendered paragraph (the gap sentence appended, markup removed)."""
    (block,) = parse_blocks(text, source="test")
    return plain(block.text)


TODAY = dt.date(2020, 6, 5)
FONT = "Times New Roman"

# Phụ lục 1 (Đề cương báo cáo), in order, with the plan's slips corrected ("Mặt tích cực", "của huyện", the
# second "d)" of 3.1 and 5.1 is "đ)", 2.1's "g)" after "d)" is "đ)"); Phần thứ tư holds the Phụ lục 2 tables.
OUTLINE = [
    (
        1,
        "Phần thứ nhất TÌNH HÌNH TRIỂN KHAI VÀ KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH TỔNG THỂ CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC "
        "GIAI ĐOẠN 2011 - 2020",
    ),
    (2, "I. TÌNH HÌNH TRIỂN KHAI"),
    (3, "1. Công tác chỉ đạo, điều hành"),
    (3, "2. Kiểm tra việc thực hiện"),
    (3, "3. Thông tin, tuyên truyền, tập huấn CCHC"),
    (3, "4. Đánh giá chung về công tác triển khai"),
    (5, "a) Mặt tích cực đạt được"),
    (5, "b) Tồn tại, hạn chế"),
    (2, "II. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG THEO CHƯƠNG TRÌNH TỔNG THỂ"),
    (3, "1. Cải cách thể chế"),
    (4, "1.1. Kết quả chủ yếu đã đạt được"),
    (5, "a) Về tình hình triển khai xây dựng, hoàn thiện hệ thống pháp luật theo Hiến pháp năm 2013"),
    (5, "b) Về xây dựng, hoàn thiện hệ thống thể chế, cơ chế, chính sách pháp luật thuộc phạm vi quản lý nhà nước"),
    (
        5,
        "c) Việc tổ chức triển khai hệ thống thể chế, cơ chế, chính sách pháp luật thuộc phạm vi quản lý nhà nước "
        "của huyện",
    ),
    (4, "1.2. Những tồn tại, hạn chế và nguyên nhân"),
    (3, "2. Cải cách thủ tục hành chính"),
    (4, "2.1. Kết quả đạt được"),
    (5, "a) Cải cách TTHC; đơn giản hóa TTHC; ghép nối, liên thông quy trình thủ tục hành chính"),
    (5, "b) Về kiểm soát TTHC"),
    (5, "c) Công khai thủ tục hành chính theo quy định của Chính phủ"),
    (5, "d) Việc thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết TTHC"),
    (5, "đ) Sáng kiến, giải pháp cải cách thủ tục hành chính"),
    (4, "2.2. Những tồn tại, hạn chế và nguyên nhân"),
    (3, "3. Cải cách tổ chức bộ máy"),
    (4, "3.1. Kết quả chủ yếu đã đạt được"),
    (5, "a) Rà soát về vị trí, chức năng, nhiệm vụ, quyền hạn và kiện toàn hệ thống tổ chức bộ máy của UBND cấp huyện"),
    (5, "b) Đánh giá mô hình tổ chức và chất lượng hoạt động của chính quyền địa phương"),
    (5, "c) Về phân cấp quản lý"),
    (5, "d) Về kiểm tra, đánh giá tình hình tổ chức và hoạt động của các cơ quan, đơn vị trực thuộc"),
    (5, "đ) Cải cách và triển khai trên diện rộng cơ chế tự chủ, tự chịu trách nhiệm"),
    (5, "e) Việc thực hiện sắp xếp các đơn vị hành chính cấp huyện, cấp xã"),
    (4, "3.2. Những tồn tại, hạn chế và nguyên nhân"),
    (3, "4. Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức"),
    (4, "4.1. Kết quả chủ yếu đã đạt được"),
    (5, "a) Kết quả triển khai và thực hiện các nội dung về cải cách chế độ công vụ, công chức"),
    (5, "b) Về công chức cấp xã"),
    (4, "4.2. Những tồn tại, hạn chế và nguyên nhân"),
    (3, "5. Cải cách tài chính công"),
    (4, "5.1. Kết quả chủ yếu đạt được"),
    (5, "a) Tình hình triển khai các chính sách cải cách về thuế, thu nhập, tiền lương, tiền công"),
    (5, "b) Thực hiện đổi mới cơ chế, chính sách tài chính đối với doanh nghiệp nhà nước"),
    (5, "c) Đổi mới cơ chế sử dụng kinh phí nhà nước và cơ chế xây dựng, triển khai các nhiệm vụ khoa học"),
    (5, "d) Đổi mới cơ chế phân bổ ngân sách cho cơ quan hành chính nhà nước"),
    (5, "đ) Tăng cường đầu tư, đồng thời đẩy mạnh xã hội hóa"),
    (5, "e) Đẩy mạnh xã hội hóa, tăng cường các biện pháp khuyến khích đầu tư theo hình thức công - tư (PPP)"),
    (5, "g) Thực hiện đổi mới cơ chế tài chính đối với cơ quan hành chính và đơn vị sự nghiệp công lập"),
    (4, "5.2. Những tồn tại, hạn chế và nguyên nhân"),
    (3, "6. Hiện đại hóa hành chính"),
    (4, "6.1. Kết quả đạt được"),
    (5, "a) Việc ban hành và tổ chức thực hiện các chương trình, kế hoạch ứng dụng công nghệ thông tin"),
    (5, "b) Kết quả đạt được trong ứng dụng công nghệ thông tin"),
    (5, "c) Tình hình triển khai hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2008"),
    (4, "6.2. Những tồn tại, hạn chế và nguyên nhân"),
    (2, "III. ĐÁNH GIÁ CHUNG"),
    (3, "1. Đánh giá khái quát kết quả đã đạt được"),
    (3, "2. Tồn tại, hạn chế, nguyên nhân"),
    (3, "3. Bài học kinh nghiệm"),
    (1, "Phần thứ hai ĐỀ XUẤT NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC GIAI ĐOẠN 2021 - 2030"),
    (3, "1. Về thể chế"),
    (3, "2. Về thủ tục hành chính"),
    (3, "3. Về tổ chức bộ máy hành chính nhà nước"),
    (3, "4. Về xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức"),
    (3, "5. Về tài chính công"),
    (3, "6. Về hiện đại hóa hành chính và xây dựng chính quyền điện tử"),
    (1, "Phần thứ ba NHỮNG KIẾN NGHỊ, ĐỀ XUẤT"),
    (3, "1. Kiến nghị với Chính phủ, các bộ, ngành Trung ương"),
    (3, "2. Kiến nghị với Tỉnh ủy, HĐND, UBND tỉnh"),
    (3, "3. Những kiến nghị khác"),
    (1, "Phần thứ tư THỐNG KÊ CÁC CHỈ TIÊU, NHIỆM VỤ VỀ CẢI CÁCH HÀNH CHÍNH TRÊN ĐỊA BÀN HUYỆN QUA CÁC NĂM"),
    (3, "1. Lĩnh vực chỉ đạo, điều hành"),
    (3, "2. Lĩnh vực cải cách thể chế"),
    (3, "3. Lĩnh vực cải cách thủ tục hành chính"),
    (3, "4. Cải cách bộ máy hành chính nhà nước"),
    (5, "a) Số lượng, cơ cấu tổ chức thuộc Ủy ban nhân dân cấp huyện"),
    (5, "b) Số lượng đơn vị sự nghiệp công lập phân theo các lĩnh vực"),
    (3, "5. Lĩnh vực xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức"),
    (3, "6. Lĩnh vực cải cách tài chính công"),
    (3, "7. Lĩnh vực hiện đại hóa hành chính"),
    (3, "8. Tự đánh giá mức độ thực hiện các mục tiêu cải cách hành chính nhà nước của huyện Khánh Sơn"),
]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _text(doc: DocumentObject) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def _para(doc: DocumentObject, start: str) -> str:
    found = [p.text for p in doc.paragraphs if p.text.startswith(start)]
    assert found, start
    return _norm(found[0])


def _val(master: MasterData, ind: str, per: str) -> object:
    return master.value(ind, per).value


@pytest.fixture(scope="module")
def master() -> MasterData:
    return example_master()


@pytest.fixture(scope="module")
def rendered(master: MasterData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "bao-cao.docx"
    render_report(master, out, today=TODAY)  # no timing here: the machine is shared (see make bench)
    return out


@pytest.fixture(scope="module")
def doc(rendered: Path) -> DocumentObject:
    return Document(str(rendered))


# ---- outline ----------------------------------------------------------------------------------------------------
def test_every_outline_heading_in_order_as_word_heading_styles(doc):
    headings = [
        (int(p.style.name.split()[-1]), _norm(p.text)) for p in doc.paragraphs if p.style.name.startswith("Heading")
    ]
    assert len(headings) == len(OUTLINE), [h for h in headings]
    for (level, text), (want_level, want) in zip(headings, OUTLINE, strict=True):
        assert level == want_level and text.startswith(want), (level, text, want_level, want)


def test_source_slips_are_corrected_and_text_is_nfc(doc):
    text = _text(doc) + "".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert unicodedata.is_normalized("NFC", text)
    for slip in ("Mật tích cực", "thành phố", "phường", "VBQGPL", "ISO 9010"):
        assert slip not in text


def test_part_heading_is_two_lines(doc):
    part = next(p for p in doc.paragraphs if p.text.startswith("Phần thứ nhất"))
    assert part.text.split("\n")[0] == "Phần thứ nhất"
    assert part.style.name == "Heading 1" and part.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


# ---- form (Nghị định 30/2020) -------------------------------------------------------------------------------
def test_page_size_and_margins(doc):
    orientations = []
    for s in doc.sections:
        w, h = round(s.page_width.mm), round(s.page_height.mm)
        assert sorted([w, h]) == [210, 297]
        orientations.append("landscape" if w > h else "portrait")
        top, bottom, left, right = (
            round(m.mm, 1) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)
        )
        assert 20 <= top <= 25 and 20 <= bottom <= 25 and 30 <= left <= 35 and 15 <= right <= 20
    assert orientations == ["portrait", "landscape"]  # the Phụ lục tables, after the signature, on landscape pages


def test_body_font_and_paragraph_format(doc):
    normal = doc.styles["Normal"]
    assert normal.font.name == FONT and normal.font.size.pt == 14
    pf = normal.paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(pf.first_line_indent - Cm(1.27)) < Cm(0.01)
    assert pf.space_after.pt >= 6
    assert 1.0 <= pf.line_spacing <= 1.5
    for level in range(1, 6):
        style = doc.styles[f"Heading {level}"]
        assert style.font.name == FONT and style.font.size.pt == 14
        assert style.font.color.rgb is None  # black, not the theme's blue
    assert doc.styles["Heading 4"].font.bold and doc.styles["Heading 4"].font.italic


def test_only_times_new_roman(doc, rendered):
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rfonts = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert {rfonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {FONT}
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "vi-VN"
    for part_xml in (doc.styles.element, doc.element):
        for el in part_xml.iter(qn("w:rFonts")):
            assert not any("Theme" in k or "theme" in k for k in el.attrib), el.attrib
            assert set(el.attrib.values()) <= {FONT}
    import zipfile

    theme = zipfile.ZipFile(rendered).read("word/theme/theme1.xml").decode()
    assert theme.count(f'<a:latin typeface="{FONT}"') == 2


def test_letterhead_title_and_closing(doc):
    letterhead = doc.tables[0]
    left, right = (c.text for c in letterhead.rows[0].cells)
    assert left.split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "HUYỆN KHÁNH SƠN"]
    assert right.split("\n")[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    number, date = (c.paragraphs[0] for c in letterhead.rows[1].cells)
    assert number.text.startswith("Số:") and number.text.endswith("/BC-UBND")
    assert date.text == "Khánh Sơn, ngày      tháng      năm 2020" and date.style.font.italic  # for the văn thư
    rules = [p for c in letterhead.rows[0].cells for p in c.paragraphs if p.style.name == "Đường kẻ"]
    assert len(rules) == 2 and all(p._p.find(qn("w:pPr")).find(qn("w:pBdr")) is not None for p in rules)
    kind = next(p for p in doc.paragraphs if p.text == "BÁO CÁO")
    assert kind.style.font.bold and kind.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert any(
        p.text.startswith("Tổng kết thực hiện Chương trình tổng thể") and p.style.name == "Trích yếu"
        for p in doc.paragraphs
    )
    closing = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    recipients, signature = (c.text for c in closing.rows[0].cells)
    assert recipients.startswith("Nơi nhận:\n- Sở Nội vụ tỉnh Khánh Hòa (b/c);") and recipients.endswith(
        "- Lưu: VT, NV."
    )
    assert "- Thường trực HĐND huyện (b/c);" in recipients and "- UBND các xã, thị trấn;" in recipients
    lines = [line for line in signature.split("\n") if line]
    assert lines == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Nhuận"]
    assert closing.rows[0].cells[0].paragraphs[0].style.font.size.pt == 12


def test_page_numbers_centred_at_top_from_page_two(doc):
    first = doc.sections[0]
    assert first.different_first_page_header_footer
    assert "PAGE" not in first.first_page_header._element.xml
    header = first.header
    xml = header._element.xml
    assert 'w:fldCharType="begin"' in xml and "<w:instrText" in xml and " PAGE " in xml
    assert header.paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    for later in doc.sections[1:]:  # numbering continues; no "first page" exception after page 1
        assert not later.different_first_page_header_footer
        assert later.header._element is header._element or "PAGE" in later.header._element.xml


# ---- figures in the sentences --------------------------------------------------------------------------------
def test_tthc_counts_and_change_since_2015(doc, master):
    text = _para(doc, "Tính đến ngày 31/3/2020, tổng số TTHC")
    total, huyen, xa = (_val(master, i, "y2020") for i in ("s3_tthc_tong", "s3_tthc_huyen", "s3_tthc_xa"))
    assert f"là {vi_number(total)} TTHC" in text and f"cấp huyện {vi_number(huyen)} TTHC" in text
    assert f"cấp xã {vi_number(xa)} TTHC" in text
    delta = huyen - _val(master, "s3_tthc_huyen", "y2015")
    word = "tăng" if delta > 0 else "giảm"
    assert f"số TTHC cấp huyện {word} {vi_number(abs(delta))} TTHC" in text


def test_on_time_rates_by_year_with_decimal_comma(doc, master):
    text = _para(doc, "Kết quả giải quyết hồ sơ TTHC")
    first, last = (percent1(_val(master, "s3_dung_hen_huyen", y)) for y in ("y2015", "y2019"))
    assert f"từ {first} năm 2015 lên {last} năm 2019" in text or f"từ {first} năm 2015 xuống {last} năm 2019" in text
    assert f"năm 2020 (tính đến 31/3): {percent1(_val(master, 's3_dung_hen_huyen', 'y2020'))}" in text
    assert "năm 2016:" not in text  # per-year detail stays in the tables
    received = _val(master, "s3_hs_huyen_tiep_nhan", "y2019")
    assert f"cấp huyện tiếp nhận {vi_number(received)} hồ sơ" in text


def test_thousands_separator_in_totals(doc, master):
    text = _para(doc, "Từ năm 2015 đến năm 2019, Phòng Tư pháp tổng hợp")
    total = sum(_val(master, "s2_vbqppl_tong", f"y{y}") for y in range(2015, 2020))
    assert total >= 1000 and f"tổng hợp {vi_number(total)} văn bản quy phạm pháp luật" in text
    assert "." in vi_number(total)


def test_online_services_and_e_documents(doc, master):
    dvc = _para(doc, "Về dịch vụ công trực tuyến mức độ 3, 4")
    assert f"{vi_number(_val(master, 's7_dvc_34', 'y2019'))} dịch vụ" in dvc and "năm 2016:" not in dvc
    edoc = _para(doc, "Về ứng dụng trong hoạt động của cơ quan")
    assert f"{percent1(_val(master, 's7_vb_dien_tu', 'y2019'))} năm 2019" in edoc
    assert "(mục tiêu đến năm 2020: 90%)" in edoc


def test_staffing_given_versus_present(doc, master):
    text = _para(doc, "Năm 2019, ở cấp huyện, biên chế cán bộ, công chức được giao")
    given, present = _val(master, "s5_cbcc_giao", "y2019"), _val(master, "s5_cbcc_co_mat", "y2019")
    assert (
        f"được giao {given} người, có mặt {present} người (bằng {vi_percent(round(present / given * 100, 1), 1)}"
        in text
    )


def test_self_assessment_lists_achieved_and_not_achieved(doc, master):
    text = _text(doc)
    assert "có 9/11 mục tiêu đạt:" in text
    start = text.index("Có 2 mục tiêu không đạt:")
    tail = text[start:]
    # numbered as in the plan (goal 6 merged into 5): the schema's rows 8 and 11 are the plan's goals 9 and 12
    assert "- Mục tiêu 9: Tỷ lệ hồ sơ giải quyết trực tuyến mức độ 3, 4" in tail
    assert "- Mục tiêu 12: Giảm tỷ lệ văn bản giấy còn dưới 5%" in tail
    achieved = text[text.index("có 9/11 mục tiêu đạt:") : start]
    assert "- Mục tiêu 1: Thủ tục hành chính giữa các cơ quan nhà nước" in achieved
    assert "- Mục tiêu 5: Đến năm 2017" in achieved and "Mục tiêu 6:" not in text  # merged: a footnote says so
    assert "Mục tiêu 9:" not in achieved


# ---- what is missing is said so -------------------------------------------------------------------------------
def test_missing_commune_is_reported_not_zero(doc):
    name = "Xã Ba Cụm Nam"
    intro = _para(doc, "Lưu ý khi hoàn thiện dự thảo")
    assert f"13/14 cơ quan, đơn vị, địa phương; chưa nhận được báo cáo của {name}" in intro
    xa = _para(doc, "Tỷ lệ hồ sơ cấp xã giải quyết đúng hẹn")
    assert xa.endswith(f"Số tô vàng chưa đầy đủ: thiếu số liệu của {name}; đề nghị bổ sung.")
    assert xa.count(name) == 1  # said once per paragraph
    runs = [r for p in doc.paragraphs if p.text.startswith("Tỷ lệ hồ sơ cấp xã") for r in p.runs]
    assert any(name in r.text and r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in runs)


def test_figure_of_a_missing_office_is_never_zero(tmp_path):
    master = example_master("VP")  # Văn phòng HĐND và UBND huyện sent nothing
    out = render_report(master, tmp_path / "thieu-vp.docx", today=TODAY)
    doc = Document(str(out))
    text = _para(doc, "Tính đến ngày 31/3/2020, tổng số TTHC")
    assert "trong đó cấp huyện […] TTHC" in text
    assert "cấp huyện 0" not in text
    assert text.count("Văn phòng HĐND và UBND huyện") == 1
    assert text.endswith("thiếu số liệu của Văn phòng HĐND và UBND huyện; đề nghị bổ sung.")
    rate = _para(doc, "Kết quả giải quyết hồ sơ TTHC")
    assert "đúng hẹn […]" in rate and rate.count("Văn phòng HĐND và UBND huyện") == 1
    row = _table_row(doc, "Số lượng TTHC cấp huyện")
    assert row[-6:] == ["thiếu"] * 6


def test_placeholders_name_the_supplying_office(doc):
    holes = [p for p in doc.paragraphs if p.style.name == "Cần bổ sung"]
    assert len(holes) >= 40
    assert all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for p in holes for r in p.runs)
    after = {}
    current = ""
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading"):
            current = _norm(p.text)
        elif p.style.name == "Cần bổ sung":
            after.setdefault(current, p.text)
    assert after["1.2. Những tồn tại, hạn chế và nguyên nhân"].startswith("[Cần bổ sung – Phòng Tư pháp]")
    assert after["2.2. Những tồn tại, hạn chế và nguyên nhân"].startswith("[Cần bổ sung – Văn phòng HĐND và UBND")
    assert after["5.2. Những tồn tại, hạn chế và nguyên nhân"].startswith("[Cần bổ sung – Phòng Tài chính – Kế hoạch]")
    assert "Phòng Văn hóa và Thông tin" in after["6.2. Những tồn tại, hạn chế và nguyên nhân"]
    assert after["3. Bài học kinh nghiệm"].startswith("[Cần bổ sung – Phòng Nội vụ]")


# ---- Phần thứ tư: tables -------------------------------------------------------------------------------------
def _table_row(doc: DocumentObject, label: str) -> list[str]:
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            if len(cells) > 1 and cells[1] == label:
                return cells
    raise AssertionError(label)


def test_tables_hold_the_master_figures(doc, master):
    years = [f"y{y}" for y in range(2015, 2021)]
    row = _table_row(doc, "Số lượng TTHC cấp huyện")
    assert row[-6:] == [vi_number(_val(master, "s3_tthc_huyen", y)) for y in years]
    rate = _table_row(doc, "Tỷ lệ hồ sơ TTHC cấp huyện giải quyết đúng hẹn (đã tiếp nhận/đã trả đúng hẹn)")
    assert rate[3] == "%" and rate[-6:] == [vi_number(_val(master, "s3_dung_hen_huyen", y), 1) for y in years]
    staff = next(r for t in doc.tables for r in t.rows if r.cells[1].text == "Tổng số được giao")
    assert staff.cells[4].text == vi_number(_val(master, "s5_cbcc_giao", "y2015"))
    goal = _table_row(doc, next(i.text for i in master.schema.indicators if i.id == "s8_mt09"))
    assert goal[-1] == "Không đạt"


def test_incomplete_cells_are_marked_and_explained(doc, master):
    row = _table_row(doc, "Số hồ sơ TTHC cấp xã đã tiếp nhận")
    assert row[-1] == vi_number(_val(master, "s3_hs_xa_tiep_nhan", "y2020")) + " (*)"
    notes = [p.text for p in doc.paragraphs if p.style.name == "Bảng - ghi chú" and "(*)" in p.text]
    assert notes and all("Xã Ba Cụm Nam" in n for n in notes)


def test_tables_repeat_header_and_keep_rows_whole(doc):
    closing = next(i for i, t in enumerate(doc.tables) if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    data_tables = doc.tables[closing + 1 :]  # the Phụ lục, after the signature
    assert len(data_tables) == 9  # sections 1–3, 4a, 4b, 5–8
    for table in data_tables:
        rows = table._tbl.findall(qn("w:tr"))
        assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
        assert all(r.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None for r in rows)
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


# ---- charts ------------------------------------------------------------------------------------------------------
def test_charts_are_captioned_images(doc):
    images = doc.inline_shapes
    assert 2 <= len(images) <= 4
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert [c.split(".")[0] for c in captions] == [f"Biểu đồ {i}" for i in range(1, len(images) + 1)]
    for shape in images:
        assert 14 <= shape.width.cm <= 16.5


def test_chart_png_is_deterministic_with_dpi(master):
    series = build_series(master)
    registry = Registry(master, series)
    registry.chart(["s3_dung_hen_huyen", "s3_dung_hen_xa"], "Biểu đồ", labels=["Cấp huyện", "Cấp xã"], unit="%")
    spec = registry.charts["1"]
    png = render_png(spec)
    assert png == render_png(spec)
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    assert 150 <= round(image.info["dpi"][0]) <= 200


# ---- errors, overwrite, determinism ------------------------------------------------------------------------------
def _outline(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "de-cuong.md.j2"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_variable_names_template_and_line(tmp_path, master):
    tpl = _outline(tmp_path, "# Phần thứ nhất\n\nĐoạn văn.\n{{ khong_co }}\n")
    with pytest.raises(CchcError) as err:
        render_report(master, tmp_path / "x.docx", template=tpl, today=TODAY)
    assert str(err.value) == "mẫu báo cáo de-cuong.md.j2, dòng 4: không có biến «khong_co»"
    assert not (tmp_path / "x.docx").exists()


def test_unknown_attribute_names_line(tmp_path, master):
    tpl = _outline(tmp_path, "Dòng 1\n{{ ind.s3_tthc_huyen.y2030 }}\n")
    with pytest.raises(
        CchcError, match=r"de-cuong\.md\.j2, dòng 2: chỉ tiêu «s3_tthc_huyen» không có kỳ «y2030»; có: .*«y2020»"
    ):
        render_report(master, tmp_path / "x.docx", template=tpl, today=TODAY)


def test_syntax_error_names_line(tmp_path, master):
    tpl = _outline(tmp_path, "Dòng 1\n{% if submission.complete %}\nDòng 3\n")
    with pytest.raises(CchcError) as err:
        render_report(master, tmp_path / "x.docx", template=tpl, today=TODAY)
    message = str(err.value)
    assert message.startswith("mẫu báo cáo de-cuong.md.j2, dòng ") and "lỗi cú pháp" in message
    assert "khối «if» chưa đóng" in message
    tpl = _outline(tmp_path, "Dòng 1\n\n{{ ind.s3_tthc_huyen. }}\n")
    with pytest.raises(CchcError, match=r"dòng 3: lỗi cú pháp"):
        render_report(master, tmp_path / "x.docx", template=tpl, today=TODAY)


def test_sandbox_refuses_python_internals(tmp_path, master):
    tpl = _outline(tmp_path, "{{ ind.__class__.__mro__ }}\n")
    with pytest.raises(CchcError, match=r"dòng 1: thao tác không được phép trong mẫu \(truy cập «__class__»\)"):
        render_report(master, tmp_path / "x.docx", template=tpl, today=TODAY)
    tpl = _outline(tmp_path, "{{ table('s9') }}\n")
    with pytest.raises(CchcError, match=r"dòng 1: không có bảng «s9»"):
        render_report(master, tmp_path / "x.docx", template=tpl, today=TODAY)


def test_custom_outline_uses_bundled_base(tmp_path, master):
    tpl = _outline(
        tmp_path,
        "# Phần thứ nhất\n# TIÊU ĐỀ\n\nSố TTHC cấp huyện năm 2019: {{ ind.s3_tthc_huyen.y2019 }}.\n\n"
        "!! Cần viết thêm.\n{% set signer = 'Lê Văn A' %}{% set recipients = ['- Lưu: VT.'] %}\n",
    )
    out = render_report(master, tmp_path / "x.docx", template=tpl, today=TODAY)
    doc = Document(str(out))
    total = vi_number(_val(master, "s3_tthc_huyen", "y2019"))
    assert f"Số TTHC cấp huyện năm 2019: {total}." in _text(doc)
    assert doc.tables[-1].rows[0].cells[1].text.strip().endswith("Lê Văn A")


def test_base_without_content_marker(tmp_path, master):
    base = tmp_path / "mau.docx"
    Document().save(str(base))
    with pytest.raises(CchcError, match=r"mau\.docx không có đoạn «\{\{ content \}\}»"):
        render_report(master, tmp_path / "x.docx", template=base, today=TODAY)


def test_refuses_to_overwrite_unless_forced(tmp_path, master, rendered):
    out = tmp_path / "bao-cao.docx"
    out.write_bytes(b"old")
    with pytest.raises(CchcError, match="đã có; dùng --force để ghi đè"):
        render_report(master, out, today=TODAY)
    assert out.read_bytes() == b"old"
    render_report(master, out, today=TODAY, force=True)
    assert out.read_bytes() == rendered.read_bytes()  # same inputs, same bytes
    with pytest.raises(CchcError, match=r"đuôi \.docx"):
        render_report(master, tmp_path / "bao-cao.pdf", today=TODAY)


# ---- the example campaign, through the real merge ----------------------------------------------------------------
CAMPAIGN = Path(__file__).resolve().parents[1] / "examples" / "khanh-son-2020"


@pytest.fixture(scope="module")
def example_campaign_master() -> MasterData:
    from cchc_cli.merge.engine import build_master
    from cchc_cli.schema import load_schema
    from cchc_cli.validation.engine import validate_paths

    schema = load_schema()
    return build_master(schema, validate_paths(schema, [CAMPAIGN / "bao-cao"], workers=1))


def test_example_campaign_renders_with_its_figures(tmp_path, example_campaign_master):
    out = render_report(example_campaign_master, tmp_path / "bao-cao.docx", today=TODAY)
    doc = Document(str(out))
    text = _text(doc)
    assert "Lưu ý khi hoàn thiện dự thảo" not in text  # all 14 units sent clean returns
    tthc = _para(doc, "Tính đến ngày 31/3/2020, tổng số TTHC")
    assert "trong đó cấp huyện 288 TTHC" in tthc and "cấp huyện 262" in tthc  # so-lieu.yaml, VP
    assert "Năm 2019, cấp huyện tiếp nhận 2.977 hồ sơ" in _para(doc, "Kết quả giải quyết hồ sơ TTHC")
    assert "tăng từ 12 dịch vụ năm 2015 lên 52 dịch vụ năm 2019 (tăng 40, gấp 4,3 lần)" in _para(doc, "Về dịch vụ công")
    assert "chưa có số liệu" not in text and "chưa đầy đủ" not in text
    assert _table_row(doc, "Số lượng TTHC cấp huyện")[-6:] == ["262", "271", "284", "279", "291", "288"]


def test_example_campaign_from_the_master_workbook(tmp_path, example_campaign_master):
    from cchc_cli.merge.workbook import master_bytes, read_master

    book = tmp_path / "tong-hop.xlsx"
    book.write_bytes(master_bytes(example_campaign_master))
    master = read_master(book, example_campaign_master.schema)
    direct = Document(str(render_report(example_campaign_master, tmp_path / "a.docx", today=TODAY)))
    via_book = Document(str(render_report(master, tmp_path / "b.docx", today=TODAY)))
    assert _text(via_book) == _text(direct)


def test_error_in_a_word_field_names_the_file_and_paragraph(tmp_path, master):
    from cchc_cli.report.render import BASE_NAME, _bundled

    with _bundled(BASE_NAME) as bundled:
        base = Document(str(bundled))
    target = next(p for p in base.paragraphs if p.text == "{{ title }}")
    target.runs[0].text = "{{ tieu_de_sai }}"
    path = tmp_path / "mau-rieng.docx"
    base.save(str(path))
    with pytest.raises(CchcError) as err:
        render_report(master, tmp_path / "x.docx", template=path, today=TODAY)
    assert str(err.value).startswith("tệp mẫu Word mau-rieng.docx, đoạn «{{ tieu_de_sai }}»")
    assert "không có biến «tieu_de_sai»" in str(err.value)


def test_change_wording():
    from cchc_cli.report.figures import Change, Figure, PeriodView
    from cchc_cli.schema import load_schema

    periods = {p.id: PeriodView.of(p) for p in load_schema().periods}
    a = Figure("x", "count", periods["y2015"], 12)
    b = Figure("x", "count", periods["y2019"], 52)
    assert str(Change(a, b)) == "tăng 40 (tăng 333,3%)"
    assert str(Change(b, a)) == "giảm 40 (giảm 76,9%)"
    gone = Figure("x", "count", periods["y2019"], None, False, ("Xã Ba Cụm Nam",))
    assert plain_para(str(Change(a, gone))) == "[…] Chỗ «[…]»: thiếu số liệu của Xã Ba Cụm Nam; đề nghị bổ sung."
    assert plain_para(str(gone)) == "[…] Chỗ «[…]»: thiếu số liệu của Xã Ba Cụm Nam; đề nghị bổ sung."

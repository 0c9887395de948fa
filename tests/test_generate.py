"""`cchc generate-templates`: the workbooks a clerk receives, read back cell by cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from clerk import VALIDATION_TYPE, indicator_of, input_slots
from openpyxl.worksheet.cell_range import MultiCellRange

from cchc_cli.generate import generate_templates
from cchc_cli.schema import load_schema
from cchc_cli.workbook.fingerprint import read_fingerprint
from cchc_cli.workbook.layout import FINGERPRINT_SHEET, GUIDE_SHEET, build_layout

COMMUNES = ["22714", "22717", "22720", "22723", "22726", "22729", "22732", "22735"]

# Written from Phụ lục 2 part II of the seed ("Đơn vị tổng hợp, báo cáo" column; sub-rows inherit;
# "UBND cấp huyện" rows of section 2 → Phòng Tư pháp; "Cấp xã"/"UBND cấp xã" → every commune;
# table 4b has no unit → Phòng Nội vụ; duplicated goal 5/6 merged, so goals 7–12 are s8_mt07 … s8_mt12).
COMMUNE_ROWS = [
    "s1_kp_su_dung",
    "s1_kp_phan_bo",
    "s2_nq_hdnd_xa",
    "s2_qd_ubnd_xa",
    "s3_tthc_xa",
    "s3_don_gian_hoa",
    "s3_mc_tiep_nhan",
    "s3_mc_cung_cap",
    "s3_mc_cac_cap",
    "s3_hs_xa_tiep_nhan",
    "s3_hs_xa_dung_hen",
    "s3_pakn_tiep_nhan",
    "s3_pakn_giai_quyet",
    "s3_pakn_cong_khai",
    "s5_boi_duong_cc",
]
EXPECTED = {
    "NV": [
        "s1_vbcd",
        "s1_vbcd_huyen_uy",
        "s1_vbcd_ubnd",
        "s1_kiem_tra",
        "s1_cuoc_thi",
        "s1_lop_tap_huan",
        "s1_tt_khac",
        "s1_mo_hinh",
        "s1_bo_tieu_chi",
        "s1_hl_dich_vu",
        "s1_hl_mau",
        "s1_hl_muc_do",
        "s1_kp_su_dung",
        "s1_kp_phan_bo",
        "s4_phong_chuyen_mon",
        "s4_phong_thanh_tra",
        "s4_dvsn",
        "s4_dvsn_giao_duc",
        "s4_dvsn_vhtdtt",
        "s4_dvsn_y_te",
        "s4_dvsn_khac",
        "s5_cbcc_giao",
        "s5_cbcc_co_mat",
        "s5_vc_giao",
        "s5_vc_co_mat",
        "s5_tuyen_dung_thi",
        "s5_bo_nhiem_thi_tuyen",
        "s5_tinh_gian",
        "s5_boi_duong_cc",
        "s5_boi_duong_vc",
        "s5_lop_dao_tao",
        "s8_mt02",
        "s8_mt03",
        "s8_mt04",
        "s8_mt05",
        "s8_mt11",
    ],
    "TP": [
        "s2_vbqppl_tong",
        "s2_nq_hdnd_huyen",
        "s2_qd_ubnd_huyen",
        "s2_de_nghi_sua_doi",
        "s2_xu_ly_sau_ra_soat",
        "s2_da_kiem_tra",
        "s2_trai_phap_luat",
        "s2_tpl_da_xu_ly",
        "s2_chua_qppl",
    ],
    "TCKH": [
        "s6_cq_tu_chu",
        "s6_dvsn_tu_chu",
        "s6_dvsn_chi_tx_dt",
        "s6_dvsn_chi_tx",
        "s6_dvsn_mot_phan",
        "s6_dvsn_nha_nuoc",
    ],
    "VHTT": [
        "s7_vb_dien_tu",
        "s7_ket_noi_truc",
        "s7_vb_nhan_truc",
        "s7_vb_gui_truc",
        "s7_chu_ky_so",
        "s7_hop_thu",
        "s7_pm_quan_ly_vb",
        "s7_mang_lan",
        "s7_cong_ttdt",
        "s8_mt07",
        "s8_mt12",
    ],
    "VP": [
        "s1_lop_tap_huan",
        "s1_chuyen_muc",
        "s3_tthc_huyen",
        "s3_don_gian_hoa",
        "s3_cong_khai",
        "s3_mc_tiep_nhan",
        "s3_mc_cung_cap",
        "s3_mc_cac_cap",
        "s3_hs_huyen_tiep_nhan",
        "s3_hs_huyen_dung_hen",
        "s3_pakn_tiep_nhan",
        "s3_pakn_giai_quyet",
        "s3_pakn_cong_khai",
        "s7_dvc_34",
        "s7_dvc_phat_sinh",
        "s7_pm_mot_cua",
        "s7_hs_mot_cua_dt",
        "s7_iso",
        "s8_mt01",
        "s8_mt08",
        "s8_mt09",
        "s8_mt10",
    ],
    "TTVHTTTT": ["s1_ban_tin"],
    **{code: COMMUNE_ROWS for code in COMMUNES},
}


@pytest.fixture(scope="module")
def schema():
    return load_schema()


@pytest.fixture(scope="module")
def generated(schema, tmp_path_factory):
    out = tmp_path_factory.mktemp("bieu-mau")
    result = generate_templates(schema, out)
    return out, result


def test_one_workbook_per_unit_with_rows(generated):
    out, result = generated
    names = sorted(p.name for p in out.glob("*.xlsx"))
    assert len(names) == 14
    assert len(list(out.glob("DeCuong_*.docx"))) == 15  # every unit writes a narrative report (issue 11)
    assert "PL2_22714_Thi-tran-To-Hap.xlsx" in names
    assert "PL2_VP_Van-phong-HDND-va-UBND-huyen.xlsx" in names
    assert [u.code for u in result.no_rows] == ["KTHT"]


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_workbook_holds_exactly_the_units_rows(schema, generated, code):
    """Read the file as a person would: every yellow cell's row/column label names an indicator."""
    _, result = generated
    path = next(p for u, p, _ in result.written if u.code == code)
    found: list[str] = []
    for slot in input_slots(path):
        ind = indicator_of(schema, slot)
        if ind not in found:
            found.append(ind)
    assert sorted(found) == sorted(EXPECTED[code])
    assert build_layout(schema, code).indicator_ids == found


def test_structure_of_a_commune_workbook(generated):
    out, _ = generated
    wb = openpyxl.load_workbook(out / "PL2_22726_Xa-Son-Binh.xlsx")
    assert wb.sheetnames == [
        GUIDE_SHEET,
        "1. Chỉ đạo điều hành",
        "2. Cải cách thể chế",
        "3. Cải cách TTHC",
        "5. Đội ngũ CBCCVC",
        FINGERPRINT_SHEET,
    ]
    ws = wb["3. Cải cách TTHC"]
    header = [c.value for c in ws[5]]
    assert header == [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Năm 2015",
        "Năm 2016",
        "Năm 2017",
        "Năm 2018",
        "Năm 2019",
        "Năm 2020 (tính đến 31/3)",
        "Ghi chú",
    ]
    rows = {ws.cell(r, 2).value: r for r in range(6, ws.max_row + 1)}
    # Parent rows give context but are not inputs; the county-level rows are not there at all.
    assert "Tổng số TTHC" in rows and ws.cell(rows["Tổng số TTHC"], 4).protection.locked
    assert "Số lượng TTHC cấp huyện" not in rows
    assert "Số lượng TTHC cấp xã" in rows
    # The on-time rate is a locked formula from the two counts typed below it.
    rate = rows["Tỷ lệ hồ sơ TTHC cấp xã giải quyết đúng hẹn (đã tiếp nhận/đã trả đúng hẹn)"]
    received = rows["Số hồ sơ TTHC cấp xã đã tiếp nhận"]
    on_time = rows["Số hồ sơ TTHC cấp xã đã trả kết quả đúng hẹn"]
    f = ws.cell(rate, 5)
    assert f.protection.locked
    assert f.value == (
        f'=IF(AND(ISNUMBER(E{received}),E{received}>0,ISNUMBER(E{on_time})),ROUND(E{on_time}/E{received}*100,2),"")'
    )
    assert not ws.cell(received, 5).protection.locked
    # Unit name on every sheet, protection on, print setup.
    for sheet in wb.worksheets[1:-1]:
        assert sheet["A3"].value == "Đơn vị báo cáo: Xã Sơn Bình"
        assert sheet.protection.sheet and not sheet.protection.password
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        # fitToWidth absent means 1 (the OOXML default)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (None, 1)
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.print_title_rows == "$5:$5"
        assert sheet.freeze_panes == "C6"
    assert wb[FINGERPRINT_SHEET].sheet_state == "veryHidden"


def test_guide_sheet(generated):
    out, _ = generated
    ws = openpyxl.load_workbook(out / "PL2_TP_Phong-Tu-phap.xlsx")[GUIDE_SHEET]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    for expected in (
        "Phòng Tư pháp",
        "Trước ngày 01/6/2020",
        "Phòng Nội vụ",
        "Không phát sinh thì ghi 0",
        "Ghi chú",
        "283/KH-UBND",
        "Người lập biểu",
        "Điện thoại",
        "2. Cải cách thể chế",
    ):
        assert expected in text, expected
    contact = [c for row in ws.iter_rows() for c in row if not c.protection.locked]
    assert len(contact) == 6
    assert ws.protection.sheet


def test_every_input_cell_is_unlocked_validated_and_the_rest_locked(schema, generated):
    _, result = generated
    for unit, path, layout in result.written:
        wb = openpyxl.load_workbook(path)
        for sheet in layout.sheets:
            ws = wb[sheet.name]
            validations = ws.data_validations.dataValidation
            editable = {c.ref for c in sheet.cells if c.role in ("input", "note", "contact")}
            for cell in sheet.cells:
                assert ws[cell.ref].protection.locked == (cell.ref not in editable), (
                    unit.code,
                    sheet.name,
                    cell,
                )
                if cell.role != "input":
                    continue
                covering = [dv for dv in validations if cell.ref in MultiCellRange(dv.sqref)]
                assert len(covering) == 1, (unit.code, sheet.name, cell.ref)
                dv = covering[0]
                assert dv.type == VALIDATION_TYPE[cell.kind]
                assert dv.showErrorMessage and dv.error and dv.prompt
                if cell.kind == "grade":
                    assert dv.formula1 == '"Đạt,Không đạt"'
                if cell.kind == "percent":
                    assert (dv.formula1, dv.formula2) == ("0", "100")
            # Nothing outside the layout is unlocked by accident: the sheet holds only layout cells.
            extra = {c.coordinate for row in ws.iter_rows() for c in row if not c.protection.locked} - editable
            assert not extra, (unit.code, sheet.name, extra)


def test_fingerprint(schema, generated):
    _, result = generated
    for unit, path, layout in result.written:
        fp = read_fingerprint(path)
        assert fp == {
            "marker": "cchc-bieu-mau",
            "schema_id": "khanh-son-cchc-2011-2020",
            "schema_version": "1.0.0",
            "unit_code": unit.code,
            "unit_name": unit.name,
            "template_version": "1",
            "layout_hash": layout.layout_hash,
        }
    hashes = {layout.layout_hash for _, _, layout in result.written}
    assert len(hashes) == 14  # every unit's layout differs (its name is printed on every sheet)


def test_layout_hash_changes_with_structure(schema):
    base = build_layout(schema, "TP").layout_hash
    changed = schema.model_copy(
        update={"indicators": [i for i in schema.indicators if i.id != "s2_chua_qppl"]}, deep=True
    )
    assert build_layout(changed, "TP").layout_hash != base


def test_byte_identical_runs(schema, tmp_path):
    a = generate_templates(schema, tmp_path / "a")
    b = generate_templates(schema, tmp_path / "b")
    for (_, pa, _), (_, pb, _) in zip(a.written, b.written, strict=True):
        assert pa.read_bytes() == pb.read_bytes(), pa.name


def test_unit_and_group_selection(schema, tmp_path):
    result = generate_templates(schema, tmp_path, ["NV", "cap_xa", "KTHT"])
    assert [u.code for u, _, _ in result.written] == ["NV", *COMMUNES]
    assert [u.code for u in result.no_rows] == ["KTHT"]


def test_refuses_to_overwrite_without_force(schema, tmp_path):
    from cchc_cli.errors import CchcError

    generate_templates(schema, tmp_path, ["TP"])
    target = tmp_path / "PL2_TP_Phong-Tu-phap.xlsx"
    target.write_bytes(b"what the user had")
    with pytest.raises(CchcError, match="không ghi đè"):
        generate_templates(schema, tmp_path, ["TP"])
    assert target.read_bytes() == b"what the user had"
    generate_templates(schema, tmp_path, ["TP"], force=True)
    assert read_fingerprint(target)["unit_code"] == "TP"
    assert not [p for p in Path(tmp_path).iterdir() if p.name.endswith(".tmp")]


def test_a_long_unit_name_makes_a_short_file_name_cut_at_a_word():
    """A department's 200-character name would push the path past Windows' 260 characters."""
    from cchc_cli.textutil import slug

    name = "Ban Quản lý các khu công nghiệp, khu kinh tế và khu chế xuất " * 4
    short = slug(name)
    assert len(short) <= 60 and short.startswith("Ban-Quan-ly-cac-khu-cong-nghiep-khu-kinh-te")
    words = slug(name, limit=10_000).split("-")
    assert words[: len(short.split("-"))] == short.split("-")  # whole words, none cut in the middle
    assert slug("Phòng Tài chính – Kế hoạch") == "Phong-Tai-chinh-Ke-hoach"

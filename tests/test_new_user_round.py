"""Problems a new user met running whole campaigns (command line and page, both bundled campaigns), each the
smallest reproduction asserting what the user should see: a recipient taken as a narrative's author, a folder
read twice, files of no known unit unmentioned, «UBND uBND», a fall worded «gấp», a Word report inside a .zip,
a locked master, replaced returns still «cần sửa», the returns folder used for marked copies, text typed over
a computed rate, a total hiding a unit that answered 0, an out-of-date master, rows a newer schema added …"""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_cli.narrative.identify import identify_unit
from cchc_cli.narrative.reader import read_word
from cchc_cli.schema import load_schema

ROOT = Path(__file__).resolve().parent.parent
NARRATIVES = ROOT / "examples" / "khanh-son-2020" / "thuyet-minh"


def test_recipient_in_noi_nhan_is_not_the_author() -> None:
    schema = load_schema(None)
    path = NARRATIVES / "bao cao.docx"  # Xã Sơn Hiệp's text; the example maps it in don-vi-bao-cao.yaml
    ident = identify_unit(schema, read_word(path), path, {})
    assert ident.unit is None or ident.unit.code != "NV"


EXAMPLE_RETURN = ROOT / "examples" / "khanh-son-2020" / "bao-cao" / "PL2_NV_Phong-Noi-vu.xlsx"


def _cli(*args: str):  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from cchc_cli.cli import app

    return CliRunner().invoke(app, list(args), terminal_width=200)


def test_a_folder_given_twice_is_read_once(tmp_path: Path) -> None:
    import json
    import shutil

    folder = tmp_path / "nhan"
    folder.mkdir()
    shutil.copy(EXAMPLE_RETURN, folder / "PL2_NV_Phong-Noi-vu.xlsx")
    result = _cli(
        "validate", str(folder), str(folder) + "/", str(folder / "PL2_NV_Phong-Noi-vu.xlsx"), "--format", "json"
    )
    data = json.loads(result.stdout)
    assert data["stats"]["files"] == 1
    assert not [f for f in data["findings"] if f["code"] == "nop-trung"]


def test_status_mentions_a_file_it_could_not_use(tmp_path: Path) -> None:
    folder = tmp_path / "nhan"
    folder.mkdir()
    (folder / "PL2 Sơn Hiệp.xlsx").write_bytes(
        (ROOT / "examples" / "khanh-son-2020" / "loi" / "tep-ma-hoa.xlsx").read_bytes()
    )
    result = _cli("status", str(folder))
    assert "PL2 Sơn Hiệp.xlsx" in result.output


def test_a_ubnd_commune_is_named_once() -> None:
    import io

    import docx

    from cchc_cli.narrative.outline import load_outline
    from cchc_cli.narrative.pull import attribution
    from cchc_cli.narrative.template_docx import render_unit_outline

    schema = load_schema(ROOT / "schemas" / "khanh-hoa-2025.yaml")
    unit = schema.unit_by_code["22732"]
    doc = docx.Document(io.BytesIO(render_unit_outline(schema, load_outline(schema), unit)))
    named = [p.text for p in doc.paragraphs if "Đông Khánh Sơn" in p.text]
    assert named and not [t for t in named if "uBND" in t]

    class _N:  # the one attribute attribution() reads
        pass

    n = _N()
    n.unit = unit  # type: ignore[attr-defined]
    assert attribution(n) == "UBND xã Đông Khánh Sơn:"  # type: ignore[arg-type]


def test_a_drop_is_not_worded_as_gap_lan(tmp_path: Path) -> None:
    import openpyxl

    from cchc_cli.api import check_files

    schema = load_schema(ROOT / "schemas" / "khanh-hoa-2025.yaml")
    src = ROOT / "examples" / "khanh-hoa-2025" / "bao-cao" / "BM01_22714_UBND-xa-Khanh-Son.xlsx"
    wb = openpyxl.load_workbook(src)
    ws = wb["II. Thủ tục hành chính"]
    assert ws["E9"].value == 155  # Quý II: hồ sơ đã tiếp nhận, as the example says
    ws["D9"] = 1153  # the clerk typed an extra digit in Quý I
    wb.save(tmp_path / "ks.xlsx")
    (result,) = check_files(schema, [tmp_path / "ks.xlsx"])
    (hit,) = [f for f in result.findings if f.code == "bien-dong-bat-thuong" and f.indicator == "s2_hs_tiep_nhan"]
    assert "155, gấp" not in hit.message  # 155 is 7,4 times SMALLER than 1.153


def test_upload_page_does_not_claim_a_name_clash_that_did_not_happen(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from cchc_cli import api
    from cchc_cli.web.app import create_app

    folder = tmp_path / "dot"
    folder.mkdir()
    host = "127.0.0.1:8765"
    app = create_app(api.open_campaign(folder), token="t", hosts={host}, port=8765)
    client = TestClient(app, base_url=f"http://{host}", follow_redirects=False)
    client.get("/?t=t")
    page = client.post("/nhan-bao-cao", files=[("tep", (".PL2_NV.xlsx", EXAMPLE_RETURN.read_bytes()))]).text
    assert (folder / "bao-cao-nhan" / "PL2_NV.xlsx").exists()  # saved, name cleaned: fine
    assert "cùng tên" not in page  # …but there was no file of that name
    assert "tên tệp được sửa cho dùng được trên máy tính, lưu thành PL2_NV.xlsx" in page


def test_a_narrative_inside_a_zip_is_read(tmp_path: Path) -> None:
    import zipfile

    from cchc_cli.api import narrative_units

    schema = load_schema(None)
    folder = tmp_path / "nhan"
    folder.mkdir()
    with zipfile.ZipFile(folder / "Ba Cum Bac gui bao cao.zip", "w") as zf:
        zf.write(ROOT / "examples" / "khanh-son-2020" / "bao-cao" / "PL2 Ba Cum Bac.xlsx", "PL2 Ba Cum Bac.xlsx")
        zf.write(NARRATIVES / "BC tong ket CCHC - Ba Cum Bac.docx", "BC tong ket CCHC - Ba Cum Bac.docx")
    assert "22732" in narrative_units(schema, folder)


KH_SCHEMA = ROOT / "schemas" / "khanh-hoa-2025.yaml"


def _province_returns(folder: Path, texts: list[str | None]) -> Path:
    """Khánh Hòa 2025's example returns in ``folder``/nhan, plus Xã Đông Khánh Sơn's narrative: its generated
    outline with ``texts`` written under its headings in order (None: left empty). Returns the returns folder."""
    import io
    import shutil

    import docx

    from cchc_cli.narrative.outline import load_outline
    from cchc_cli.narrative.template_docx import render_unit_outline

    returns = folder / "nhan"
    shutil.copytree(ROOT / "examples" / "khanh-hoa-2025" / "bao-cao", returns)
    schema = load_schema(KH_SCHEMA)
    outline = docx.Document(io.BytesIO(render_unit_outline(schema, load_outline(schema), schema.unit_by_code["22732"])))
    paragraphs = outline.paragraphs
    # the empty paragraph under each heading: the three sections, the assessment's two, the directions' two
    empties = [
        p
        for k, p in enumerate(paragraphs[1:], 1)
        if p.style.name == "Normal" and not p.text.strip() and paragraphs[k - 1].style.name.startswith("Hướng dẫn")
    ]
    assert "KIẾN NGHỊ" in [p.text for p in paragraphs if p.style.name.startswith("Heading")][-1]
    for p, text in zip(empties, texts, strict=True):
        if text is not None:
            p.text = text
    outline.save(str(returns / "BC thuyet minh Dong Khanh Son.docx"))
    return returns


@pytest.fixture(scope="module")
def province_draft(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Khánh Hòa 2025 with a commune's narrative (_province_returns); the draft's paragraphs, in order."""
    import docx

    tmp = tmp_path_factory.mktemp("kh")
    texts = ["Xã kiện toàn Ban chỉ đạo.", "Một cửa xã tiếp nhận 640 hồ sơ.", "Số hóa 100% kết quả."]
    returns = _province_returns(tmp, [*texts, None, None, None, KIEN_NGHI])
    out = tmp / "bc.docx"
    result = _cli("render-report", "--schema", str(KH_SCHEMA), "--data", str(returns), "--out", str(out), "-q")
    assert result.exit_code == 0, result.output
    return [p.text for p in docx.Document(str(out)).paragraphs]


KIEN_NGHI = "Đề nghị tỉnh hỗ trợ trang thiết bị cho Bộ phận một cửa xã."


def test_a_units_proposal_lands_under_kien_nghi(province_draft: list[str]) -> None:
    at = province_draft.index(KIEN_NGHI)
    last_lines = [t.splitlines()[-1] for t in province_draft[:at] if t.strip()]
    headings = [t for t in last_lines if t.isupper() and len(t) > 5]
    assert "KIẾN NGHỊ" in headings[-1], headings[-3:]


def test_the_closing_sentence_says_bao_cao_once(province_draft: list[str]) -> None:
    closing = [t for t in province_draft if t.startswith("Trên đây là")]
    assert closing and "báo cáo báo cáo" not in closing[0].lower()


def test_a_locked_master_leaves_the_csv_and_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os
    import shutil

    returns = tmp_path / "nhan"
    returns.mkdir()
    shutil.copy(EXAMPLE_RETURN, returns / EXAMPLE_RETURN.name)
    out = tmp_path / "tong-hop"
    assert _cli("merge", str(returns), "--out", str(out), "-q").exit_code == 0
    real_unlink = os.unlink

    def locked(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(path).name == "tong-hop.xlsx":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", locked)
    result = _cli("merge", str(returns), "--out", str(out), "--force", "-q")
    monkeypatch.undo()
    assert result.exit_code == 2
    assert (out / "du-lieu.csv").exists()  # the failed run changed nothing
    assert "tong-hop.xlsx" in result.stderr


def test_the_old_value_of_a_resent_cell_is_what_the_old_file_showed(tmp_path: Path) -> None:
    import json
    import time

    import openpyxl

    folder = tmp_path / "nhan"
    folder.mkdir()
    wb = openpyxl.load_workbook(EXAMPLE_RETURN)
    ws = wb["1. Chỉ đạo điều hành"]
    ws["D9"] = "7 đơn vị"  # Số lượng cơ quan, đơn vị được kiểm tra CCHC, Năm 2015, typed with its unit
    wb.save(folder / "PL2 Noi vu.xlsx")
    time.sleep(1.1)  # the corrected file is saved later (core.xml keeps whole seconds)
    ws["D9"] = 7
    wb.save(folder / "PL2 Noi vu - sua.xlsx")
    data = json.loads(_cli("validate", str(folder), "--format", "json").stdout)
    (diff,) = [f for f in data["findings"] if f["code"] == "khac-ban-truoc" and f["cell"] == "D9"]
    assert "7 đơn vị" in diff["message"] and "(trống)" not in diff["message"]


def test_unreadable_word_files_are_explained_in_vietnamese(tmp_path: Path) -> None:
    import shutil

    from cchc_cli.api import narratives_in

    folder = tmp_path / "nhan"
    folder.mkdir()
    shutil.copy(EXAMPLE_RETURN, folder / "BC thuyet minh.docx")  # a workbook under a Word name
    (folder / "BC rong.docx").write_bytes(b"")
    issues = {Path(i.file).name: i.message for i in narratives_in(load_schema(None), [folder]).issues}
    assert "Error" not in issues["BC thuyet minh.docx"]
    assert "rỗng" in issues["BC rong.docx"]


def test_annotating_into_the_returns_folder_does_not_hide_the_returns(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "nhan"
    folder.mkdir()
    shutil.copy(EXAMPLE_RETURN, folder / EXAMPLE_RETURN.name)
    shutil.copy(ROOT / "examples" / "khanh-son-2020" / "loi" / "so-am.xlsx", folder / "so-am.xlsx")
    first = _cli("validate", str(folder), "--annotate", str(folder))
    # refused up front, nothing written; the returns are read as before afterwards
    assert first.exit_code == 2 and "không được là thư mục chứa báo cáo" in " ".join(first.output.split())
    assert sorted(p.name for p in folder.iterdir()) == sorted([EXAMPLE_RETURN.name, "so-am.xlsx"])
    again = _cli("validate", str(folder))
    assert "Tổng cộng: 2 tệp" in again.output.replace("\n", " ")


def test_a_superseded_file_does_not_count_as_to_fix(tmp_path: Path) -> None:
    import json
    import time

    import openpyxl

    folder = tmp_path / "nhan"
    folder.mkdir()
    wb = openpyxl.load_workbook(EXAMPLE_RETURN)
    wb["1. Chỉ đạo điều hành"]["D9"] = "7 đơn vị"
    wb.save(folder / "PL2 Noi vu.xlsx")
    time.sleep(1.1)  # the corrected file is saved later (core.xml keeps whole seconds)
    wb["1. Chỉ đạo điều hành"]["D9"] = 7
    wb.save(folder / "PL2 Noi vu - sua.xlsx")
    result = _cli("validate", str(folder), "--format", "json")
    data = json.loads(result.stdout)
    assert data["stats"]["files_with_errors"] == 0
    assert result.exit_code == 0


def test_text_typed_over_the_computed_ratio_is_reported(tmp_path: Path) -> None:
    import openpyxl

    from cchc_cli.api import check_files

    src = ROOT / "examples" / "khanh-son-2020" / "bao-cao" / "PL2_22714_Thi-tran-To-Hap.xlsx"
    wb = openpyxl.load_workbook(src)
    ws = wb["3. Cải cách TTHC"]
    assert str(ws["E14"].value).startswith("=")  # Tỷ lệ hồ sơ cấp xã đúng hẹn, Năm 2016: a formula
    ws.protection.sheet = False
    ws["E14"] = "99,5%"
    wb.save(tmp_path / "to-hap.xlsx")
    (result,) = check_files(load_schema(None), [tmp_path / "to-hap.xlsx"])
    assert [f.code for f in result.findings if f.cell == "E14"]


def _page_client(folder: Path):  # type: ignore[no-untyped-def]
    from starlette.testclient import TestClient

    from cchc_cli import api
    from cchc_cli.web.app import create_app

    folder.mkdir(exist_ok=True)
    host = "127.0.0.1:8765"
    client = TestClient(
        create_app(api.open_campaign(folder), token="t", hosts={host}, port=8765), base_url=f"http://{host}"
    )
    client.get("/?t=t")
    return client


def test_upload_page_says_a_lock_file_is_not_a_return(tmp_path: Path) -> None:
    client = _page_client(tmp_path / "dot")
    page = client.post(
        "/nhan-bao-cao",
        files=[("tep", ("PL2_NV.xlsx", EXAMPLE_RETURN.read_bytes())), ("tep", ("~$PL2_NV.xlsx", b"\0" * 165))],
    ).text
    assert "tệp khóa tạm" in page


def test_generate_on_the_page_does_not_claim_to_replace_what_was_not_there(tmp_path: Path) -> None:
    import time

    client = _page_client(tmp_path / "dot")
    location = client.post("/bieu-mau", follow_redirects=False).headers["location"]
    job = location.rsplit("/", 1)[1]
    for _ in range(600):
        state = client.get(f"/viec/{job}/trang-thai").json()
        if state["state"] in ("xong", "lỗi"):
            break
        time.sleep(0.1)
    assert state["state"] == "xong", state
    assert "Đã tạo 14 biểu mẫu" in state["message"]
    assert "được thay" not in state["message"]


def test_two_identical_files_are_said_to_be_identical(tmp_path: Path) -> None:
    import json
    import shutil

    folder = tmp_path / "nhan"
    folder.mkdir()
    shutil.copy(EXAMPLE_RETURN, folder / "a.xlsx")
    shutil.copy(EXAMPLE_RETURN, folder / "a (1).xlsx")
    data = json.loads(_cli("validate", str(folder), "--format", "json").stdout)
    messages = {f["message"] for f in data["findings"] if f["code"].startswith("nop-trung")}
    (message,) = messages
    assert message.startswith("Có 2 tệp giống hệt nhau của Phòng Nội vụ (a (1).xlsx, a.xlsx); chỉ dùng một tệp (a")
    assert data["stats"]["files_to_fix"] == 0 and data["valid"]


def test_an_out_of_range_port_is_a_usage_error(tmp_path: Path) -> None:
    result = _cli("giao-dien", "--thu-muc", str(tmp_path), "--khong-mo-trinh-duyet", "--cong", "99999")
    assert result.exit_code == 2
    assert "không mong đợi" not in result.output and "65535" in result.output


def test_a_bad_folder_name_in_the_campaign_file_is_explained(tmp_path: Path) -> None:
    assert _cli("init", str(tmp_path / "dot"), "-q").exit_code == 0
    campaign_file = tmp_path / "dot" / "cchc.yaml"
    text = campaign_file.read_text(encoding="utf-8")
    campaign_file.write_text(text.replace("returns: bao-cao-nhan", "returns: ../nhan"), encoding="utf-8")
    import os

    here = os.getcwd()
    try:
        os.chdir(tmp_path / "dot")
        result = _cli("status")
    finally:
        os.chdir(here)
    assert result.exit_code == 2
    assert "folders.returns" in result.output and "chữ thường không dấu" not in result.output


def test_upload_page_takes_doc_and_odt_narratives(tmp_path: Path) -> None:
    client = _page_client(tmp_path / "dot")
    files = [NARRATIVES / "TCKH - tong ket CCHC.odt", NARRATIVES / "VP HĐND-UBND - BC tong ket CCHC.doc"]
    page = client.post("/nhan-bao-cao", files=[("tep", (p.name, p.read_bytes())) for p in files]).text
    assert "không nhận loại tệp này" not in page
    # …and the browser's file chooser offers them (its filter is the list of what the page takes)
    assert 'accept=".doc,.docx,.ods,.odt,.xls,.xlsm,.xlsx,.zip"' in client.get("/nhan-bao-cao").text
    assert sorted(p.name for p in (tmp_path / "dot" / "bao-cao-nhan").iterdir()) == sorted(p.name for p in files)


def test_a_refused_upload_names_the_file_once(tmp_path: Path) -> None:
    client = _page_client(tmp_path / "dot")
    page = client.post("/nhan-bao-cao", files=[("tep", ("bao cao (1).xlsx", b""))]).text
    assert "tệp rỗng" in page and page.count("bao cao (1).xlsx") == 1


def test_a_row_added_to_the_schema_later_is_not_blamed_on_the_unit(tmp_path: Path) -> None:
    from cchc_cli.api import check_files

    text = (ROOT / "schemas" / "khanh-son-2011-2020.yaml").read_text(encoding="utf-8")
    anchor = "  - {id: s3_pakn_cong_khai,"
    start = text.index(anchor)
    end = text.index("\n", start) + 1
    added = (
        '  - {id: s3_pakn_qua_han, section: s3, parent: s3_pakn, stt: "-", text: Số lượng PAKN giải quyết quá '
        "hạn, kind: count, uom: PAKN, aggregate: sum}\n"
    )
    (tmp_path / "luoc-do.yaml").write_text(text[:end] + added + text[end:], encoding="utf-8")
    schema = load_schema(tmp_path / "luoc-do.yaml")
    src = ROOT / "examples" / "khanh-son-2020" / "bao-cao" / "bao cao xa Son Binh.xlsx"
    (result,) = check_files(schema, [src])
    assert not [f for f in result.findings if f.code == "xoa-dong"]
    (older,) = [f for f in result.findings if f.code == "dong-moi-mau-cu"]
    assert "Số lượng PAKN giải quyết quá hạn" in older.message and older.sheet == "3. Cải cách TTHC"


def test_a_read_only_copies_folder_still_shows_the_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import shutil

    import cchc_cli.validation.annotate as annotate

    folder = tmp_path / "nhan"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "khanh-son-2020" / "loi" / "so-am.xlsx", folder / "so-am.xlsx")

    def refuse(path, data):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(annotate, "atomic_write_bytes", refuse)
    result = _cli("validate", str(folder), "--annotate", str(tmp_path / "tra-lai"))
    assert "Số âm (-7)" in result.output  # the check itself went fine: its results are shown
    assert ".cchc-ban-danh-dau.json" not in result.output


def test_render_report_says_when_the_master_is_older_than_the_returns(tmp_path: Path) -> None:
    import os
    import shutil
    import time

    assert _cli("init", str(tmp_path / "dot"), "-q").exit_code == 0
    returns = tmp_path / "dot" / "bao-cao-nhan"
    shutil.copy(EXAMPLE_RETURN, returns / EXAMPLE_RETURN.name)
    here = os.getcwd()
    try:
        os.chdir(tmp_path / "dot")
        assert _cli("merge", "-q").exit_code == 0
        late = returns / "PL2 Tu phap.xlsx"
        shutil.copy(ROOT / "examples" / "khanh-son-2020" / "bao-cao" / "Báo cáo CCHC - Phòng Tư pháp.xlsx", late)
        later = time.time() + 60
        os.utime(late, (later, later))  # received after the master was written
        result = _cli("render-report")
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    assert "merge" in result.output  # e.g. «… nhận sau khi tổng hợp; chạy lại cchc merge --force»


def test_a_unit_that_has_not_completed_is_not_hidden_by_any(tmp_path: Path) -> None:
    import shutil

    import openpyxl

    returns = tmp_path / "nhan"
    shutil.copytree(ROOT / "examples" / "khanh-hoa-2025" / "bao-cao", returns)
    commune = returns / "BM01_22714_UBND-xa-Khanh-Son.xlsx"
    wb = openpyxl.load_workbook(commune)
    wb["I. Chỉ đạo điều hành"]["D7"] = 0  # Quý I/2025: chưa hoàn thành
    wb.save(commune)
    schema = str(ROOT / "schemas" / "khanh-hoa-2025.yaml")
    assert _cli("merge", str(returns), "--schema", schema, "--out", str(tmp_path / "th"), "-q").exit_code == 0
    sheet = openpyxl.load_workbook(tmp_path / "th" / "tong-hop.xlsx")["Tổng hợp"]
    (row,) = [r for r in sheet.iter_rows(values_only=True) if r[1] and str(r[1]).startswith("Hoàn thành sắp xếp")]
    q1, note = row[3], row[-1] or ""
    assert q1 != "x" or "UBND xã Khánh Sơn" in note


def test_one_file_chosen_twice_is_one_row(tmp_path: Path) -> None:
    import re

    client = _page_client(tmp_path / "dot")
    data = EXAMPLE_RETURN.read_bytes()
    page = client.post("/nhan-bao-cao", files=[("tep", ("PL2_NV.xlsx", data)), ("tep", ("PL2_NV (1).xlsx", data))]).text
    assert len(re.findall(r"<tr class=\"[^\"]*\"><td>PL2_NV\.xlsx</td>", page)) == 1


def test_the_merge_lists_a_duplicate_submission_once(tmp_path: Path) -> None:
    import time

    import openpyxl

    folder = tmp_path / "nhan"
    folder.mkdir()
    wb = openpyxl.load_workbook(EXAMPLE_RETURN)
    wb.save(folder / "PL2 Noi vu.xlsx")
    time.sleep(1.1)  # the second file is saved later (core.xml keeps whole seconds)
    wb["1. Chỉ đạo điều hành"]["D9"] = 8
    wb.save(folder / "PL2 Noi vu - sua.xlsx")
    result = _cli("merge", str(folder), "--out", str(tmp_path / "th"))
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tmp_path / "th" / "tong-hop.xlsx")["Kiểm tra chéo"]
    codes = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes.count("nop-trung") == 1
    console = " ".join(result.output.split())
    assert console.count("Có 2 tệp của Phòng Nội vụ") == 1


def test_every_part_of_a_derived_outline_lands_under_its_draft_heading(tmp_path: Path) -> None:
    """Khánh Hòa 2025 (no outline of its own): text written under each heading of a commune's outline is pulled
    under the same heading of the draft — the sections (numbered 1., 2., 3. under «I. KẾT QUẢ THỰC HIỆN CÁC
    NHIỆM VỤ»), the assessment and the directions and proposals."""
    import docx

    marks = ["AAA chỉ đạo.", "BBB thủ tục.", "CCC số hóa.", "DDD đạt.", "EEE tồn tại.", "FFF hướng.", "GGG kiến nghị."]
    returns = _province_returns(tmp_path, list(marks))
    out = tmp_path / "bc.docx"
    result = _cli("render-report", "--schema", str(KH_SCHEMA), "--data", str(returns), "--out", str(out), "-q")
    assert result.exit_code == 0, result.output
    under: dict[str, str] = {}
    heading = ""
    for p in docx.Document(str(out)).paragraphs:
        if p.style.name.startswith("Heading"):
            heading = p.text.replace("\n", " / ")
        for mark in marks:
            if mark in p.text:
                under[mark[:3]] = heading
    assert under == {
        "AAA": "1. Công tác chỉ đạo, điều hành cải cách hành chính",
        "BBB": "2. Cải cách thủ tục hành chính",
        "CCC": "3. Chuyển đổi số, xây dựng chính quyền số",
        "DDD": "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "EEE": "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "FFF": "I. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM",
        "GGG": "II. KIẾN NGHỊ, ĐỀ XUẤT",
    }

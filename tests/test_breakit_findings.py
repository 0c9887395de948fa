"""Problems a new user met running a whole campaign (branch breakit): each test is the smallest reproduction,
asserting what the user should see; marked xfail(strict=True) until fixed."""

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


@pytest.fixture(scope="module")
def province_draft(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Khánh Hòa 2025: the example returns plus Xã Đông Khánh Sơn's narrative written in its generated outline;
    the draft's paragraphs, in order."""
    import io
    import shutil

    import docx

    from cchc_cli.narrative.outline import load_outline
    from cchc_cli.narrative.template_docx import render_unit_outline

    tmp = tmp_path_factory.mktemp("kh")
    schema_path = ROOT / "schemas" / "khanh-hoa-2025.yaml"
    returns = tmp / "nhan"
    shutil.copytree(ROOT / "examples" / "khanh-hoa-2025" / "bao-cao", returns)
    schema = load_schema(schema_path)
    outline = docx.Document(io.BytesIO(render_unit_outline(schema, load_outline(schema), schema.unit_by_code["22732"])))
    paragraphs = outline.paragraphs
    # the empty paragraph under each heading, in order: the three sections' first, «Kiến nghị, đề xuất» last
    empties = [
        p
        for k, p in enumerate(paragraphs[1:], 1)
        if p.style.name == "Normal" and not p.text.strip() and paragraphs[k - 1].style.name.startswith("Hướng dẫn")
    ]
    assert "KIẾN NGHỊ" in [p.text for p in paragraphs if p.style.name.startswith("Heading")][-1]
    texts = ["Xã kiện toàn Ban chỉ đạo.", "Một cửa xã tiếp nhận 640 hồ sơ.", "Số hóa 100% kết quả."]
    for p, t in zip(empties, texts, strict=False):
        p.text = t
    empties[-1].text = KIEN_NGHI
    outline.save(str(returns / "BC thuyet minh Dong Khanh Son.docx"))
    out = tmp / "bc.docx"
    result = _cli("render-report", "--schema", str(schema_path), "--data", str(returns), "--out", str(out), "-q")
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

"""The second bundled campaign (a province after 1/7/2025, 2025 by quarter, Q4 partial) runs end to end from a
campaign folder made by `cchc init`, with no path or --schema on any command and no code written for it.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import openpyxl
import pytest
from aggregation_oracle import expected
from campaign import consistent_values, fill_unit
from typer.testing import CliRunner

from cchc_cli.campaign import find_campaign
from cchc_cli.cli import app
from cchc_cli.merge.engine import build_master
from cchc_cli.schema import load_schema
from cchc_cli.validation.engine import validate_paths

runner = CliRunner()
NAME = "khanh-hoa-2025"


def cchc(*args: str):
    return runner.invoke(app, list(args), terminal_width=200)


def first_line(text: str) -> str:
    """The first line a person sees (a finished progress bar leaves a blank line when not on a terminal)."""
    return next(line for line in text.splitlines() if line.strip())


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A campaign folder after init → generate → every unit's clerk fills and sends its return."""
    root = tmp_path_factory.mktemp("dot") / "bao-cao-cchc-2025"
    result = cchc("init", str(root), "--from", NAME)
    assert result.exit_code == 0, result.output
    old = Path.cwd()
    import os

    os.chdir(root / "bieu-mau")  # any folder inside the campaign works
    try:
        result = cchc("generate-templates")
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    assert first_line(result.stderr).startswith("Đợt báo cáo khanh-hoa-cchc-2025: Kế hoạch số 415/KH-UBND")
    schema = load_schema(root / "luoc-do.yaml")
    for template in sorted((root / "bieu-mau").glob("*.xlsx")):
        code = template.name.split("_")[1]
        fill_unit(schema, template, root / "bao-cao-nhan" / template.name, consistent_values(schema, code, seed=3))
    return root


def test_init_writes_the_campaign_folder(filled):
    folder = find_campaign(filled / "tong-hop")
    assert folder is not None and folder.root == filled
    assert folder.schema_path.read_text(encoding="utf-8").startswith("# Lược đồ đợt báo cáo: Báo cáo công tác")
    assert folder.settings.outline is None  # no outline of its own: the report is built from the schema
    assert folder.settings.frequency == "hằng quý"
    assert [p.name for p in sorted(filled.iterdir()) if p.is_dir()] == [
        "bao-cao",
        "bao-cao-nhan",
        "bieu-mau",
        "tong-hop",
        "tra-lai",
    ]
    assert folder.cut_off(folder.load_schema()).isoformat() == "2025-12-14"


def test_templates_use_the_campaign_words(filled):
    names = sorted(p.name for p in (filled / "bieu-mau").glob("*.xlsx"))
    assert names[0] == "BM01_22714_UBND-xa-Khanh-Son.xlsx" and len(names) == 8
    guide = openpyxl.load_workbook(filled / "bieu-mau" / names[0])["Hướng dẫn"]
    lines = [str(c.value) for row in guide.iter_rows() for c in row if c.value]
    assert "Quý IV/2025 (tính đến 14/12): số liệu quý IV năm 2025 chỉ tính đến ngày 14/12/2025." in lines
    assert "Kinh phí: nhập số tiền theo đơn vị ghi ở cột Đơn vị tính (triệu đồng)." in lines
    assert "Gửi về" in lines and "Sở Nội vụ – UBND tỉnh Khánh Hòa" in lines
    assert not any("2020" in line or "Phòng Nội vụ" in line or "Phụ lục 2" in line for line in lines)
    sheet = openpyxl.load_workbook(filled / "bieu-mau" / names[0])["II. Thủ tục hành chính"]
    assert sheet["A1"].value == "BIỂU SỐ 01. THỐNG KÊ KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2025"


def test_validate_in_the_folder_finds_nothing_on_clean_returns(filled, monkeypatch):
    """No false 'gấp 5 lần' on the partial Q4: it is scaled to a quarter, not to a year."""
    monkeypatch.chdir(filled)
    result = cchc("validate", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["valid"] and report["findings"] == []
    assert first_line(result.stderr).startswith("Đợt báo cáo khanh-hoa-cchc-2025")


def test_merge_in_the_folder_gives_the_oracle_figures(filled, monkeypatch):
    monkeypatch.chdir(filled)
    result = cchc("merge")
    assert result.exit_code == 0, result.output
    assert first_line(result.stdout).startswith("Đợt báo cáo khanh-hoa-cchc-2025")
    master_file = filled / "tong-hop" / "tong-hop.xlsx"
    assert master_file.is_file() and (filled / "tong-hop" / "du-lieu.csv").is_file()
    schema = load_schema(filled / "luoc-do.yaml")
    master = build_master(schema, validate_paths(schema, [filled / "bao-cao-nhan"]))
    values = master.by_unit
    assert len(values) == 8
    for ind in schema.indicators:
        if ind.kind.value == "heading":
            continue
        for per in schema.section_by_id[ind.section].periods:
            value, complete, _ = expected(schema, values, ind.id, per)
            got = master.district[(ind.id, per)]
            assert (got.value, got.complete) == (value, complete), (ind.id, per)
    header = [c.value for c in openpyxl.load_workbook(master_file)["Theo đơn vị"][1]]
    assert header[3] == "Toàn tỉnh"
    assert all(f.file == "(tổng hợp toàn tỉnh)" for f in master.cross_findings)


def test_status_in_the_folder(filled, monkeypatch):
    monkeypatch.chdir(filled / "bao-cao-nhan")
    result = cchc("status")
    assert result.exit_code == 0, result.output
    assert first_line(result.stdout).startswith("Đợt báo cáo khanh-hoa-cchc-2025")
    assert "8/8 đơn vị đã nộp" in result.stdout
    assert "Tần suất: hằng quý · chốt số liệu: 14/12/2025 · hạn gửi: 16/12/2025." in result.stdout


def test_render_report_in_the_folder(filled, monkeypatch):
    monkeypatch.chdir(filled)
    assert cchc("merge", "--force").exit_code == 0
    result = cchc("render-report")
    assert result.exit_code == 0, result.output
    import docx

    text = [p.text for p in docx.Document(str(filled / "bao-cao" / "bao-cao-tong-ket.docx")).paragraphs]
    # the trích yếu under «BÁO CÁO» does not say «Báo cáo» again (Nghị định 30/2020, Phụ lục I)
    at = text.index("BÁO CÁO")
    assert text[at + 1] == "Kết quả công tác cải cách hành chính năm 2025 của tỉnh Khánh Hòa"
    assert not [t for t in text if "báo cáo báo cáo" in t.lower()]
    assert "II. Cải cách thủ tục hành chính" in text
    assert any(
        t.startswith("- Số hồ sơ TTHC đã tiếp nhận (toàn tỉnh): ") and "quý IV/2025 (tính đến 14/12)" in t for t in text
    )
    assert not any("huyện" in t or "Phụ lục 2" in t for t in text)


def test_outside_a_campaign_folder_explicit_paths_work_as_before(filled, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cchc("validate", str(filled / "bao-cao-nhan"), "--schema", str(filled / "luoc-do.yaml"), "-q")
    assert result.exit_code == 0, result.output
    result = cchc("validate")
    assert result.exit_code == 2
    assert "chưa chỉ tệp hoặc thư mục báo cáo" in result.stderr


def test_init_refuses_to_overwrite(filled):
    result = cchc("init", str(filled), "--from", NAME)
    assert result.exit_code == 2
    assert "đã là thư mục đợt báo cáo" in result.stderr


def test_init_from_a_schema_file(tmp_path):
    source = tmp_path / "cua-toi.yaml"
    source.write_text((Path(__file__).parents[1] / "schemas" / f"{NAME}.yaml").read_text(encoding="utf-8"))
    result = cchc("init", str(tmp_path / "dot"), "--from", str(source))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "dot" / "luoc-do.yaml").read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    result = cchc("init", str(tmp_path / "khac"), "--from", "khong-co")
    assert result.exit_code == 2 and "khanh-son-2011-2020" in result.stderr


def test_init_from_khanh_son_copies_its_outline(tmp_path):
    result = cchc("init", str(tmp_path / "ks"))
    assert result.exit_code == 0, result.output
    folder = find_campaign(tmp_path / "ks")
    assert folder is not None and folder.outline_path is not None
    bundled = Path(__file__).parents[1] / "templates" / "bao-cao-tong-ket.md.j2"
    assert folder.outline_path.read_bytes() == bundled.read_bytes()


def test_a_broken_campaign_file_is_named_with_its_line(tmp_path, monkeypatch):
    assert cchc("init", str(tmp_path / "dot"), "--from", NAME).exit_code == 0
    path = tmp_path / "dot" / "cchc.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index('report_date: ""') + 1
    path.write_text(text.replace('report_date: ""', "report_date: hom-nay"), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "dot")
    result = cchc("status")
    assert result.exit_code == 2
    expected = '«hom-nay» (chấp nhận: "" (để trống), today hoặc deadline)'
    assert f"{path}:{line}: khóa report_date: giá trị không hợp lệ {expected}" in result.stderr
    assert f"{path}:{line}: khóa report_date: phải là ngày dạng YYYY-MM-DD" in result.stderr


def test_report_date_and_cut_off_rules(filled):
    import datetime as dt

    folder = find_campaign(filled)
    assert folder is not None
    schema = folder.load_schema()
    today = dt.date(2025, 12, 20)
    assert folder.report_date(schema, today) is None  # default: "ngày … tháng … năm …" left for the văn thư
    now = dataclasses.replace(folder, settings=folder.settings.model_copy(update={"report_date": "today"}))
    assert now.report_date(schema, today) == today
    later = dataclasses.replace(folder, settings=folder.settings.model_copy(update={"report_date": "deadline"}))
    assert later.report_date(schema, today) == dt.date(2025, 12, 25)


def test_report_fields_from_the_campaign_file(tmp_path):
    import datetime as dt

    from cchc_cli.campaign import report_fields

    assert cchc("init", str(tmp_path / "dot"), "--from", NAME).exit_code == 0
    path = tmp_path / "dot" / "cchc.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("recipients: []", "recipients: [Bộ Nội vụ, Thường trực Tỉnh ủy]")
    text = text.replace('  title: ""\n  name: ""', '  title: "KT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH"\n  name: Nguyễn Văn A')
    text = text.replace('report_date: ""', "report_date: 2025-12-24")
    path.write_text(text, encoding="utf-8")
    folder = find_campaign(tmp_path / "dot")
    assert folder is not None
    fields = report_fields(folder.load_schema(), folder, dt.date(2026, 1, 5))
    assert fields.recipients == ["Bộ Nội vụ", "Thường trực Tỉnh ủy"]
    assert (fields.signer_title, fields.signer_name) == ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "Nguyễn Văn A")
    assert fields.report_date == dt.date(2025, 12, 24) and fields.cut_off == dt.date(2025, 12, 14)
    outside = report_fields(folder.load_schema(), None, dt.date(2026, 1, 5))
    assert outside.report_date is None and outside.recipients == []


def test_khanh_son_folder_renders_with_its_own_edited_outline(tmp_path, monkeypatch):
    """In a campaign folder render-report uses the folder's outline (copied for editing), not the bundled one."""
    import shutil
    import zipfile

    root = tmp_path / "ks"
    assert cchc("init", str(root)).exit_code == 0
    outline = root / "de-cuong.md.j2"
    text = outline.read_text(encoding="utf-8")
    assert '{% set signer = "Nguyễn Văn Nhuận" %}' in text
    outline.write_text(text.replace("Nguyễn Văn Nhuận", "Trần Thị Thử Nghiệm"), encoding="utf-8")
    for f in (Path(__file__).parents[1] / "examples" / "khanh-son-2020" / "bao-cao").glob("*.xlsx"):
        shutil.copy(f, root / "bao-cao-nhan" / f.name)
    monkeypatch.chdir(root / "tong-hop")
    assert cchc("merge", "-q").exit_code == 0
    result = cchc("render-report", "-q")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(root / "bao-cao" / "bao-cao-tong-ket.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "Trần Thị Thử Nghiệm" in body and "Nguyễn Văn Nhuận" not in body


def test_an_explicit_schema_works_beside_a_broken_campaign_file(tmp_path, monkeypatch):
    assert cchc("init", str(tmp_path / "dot"), "--from", NAME).exit_code == 0
    (tmp_path / "dot" / "cchc.yaml").write_text("folders: [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "dot")
    assert cchc("schema", "check").exit_code == 2
    result = cchc("schema", "check", "luoc-do.yaml")
    assert result.exit_code == 0, result.output
    assert first_line(result.stdout).startswith("Đợt báo cáo khanh-hoa-cchc-2025")

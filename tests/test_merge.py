"""`cchc merge` on the bundled example campaign: every district figure checked against the values file."""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from aggregation_oracle import Values
from aggregation_oracle import expected as oracle
from typer.testing import CliRunner

from cchc_cli.cli import app
from cchc_cli.merge.engine import build_master
from cchc_cli.merge.workbook import read_master, write_outputs
from cchc_cli.schema import load_schema
from cchc_cli.validation.engine import validate_paths

REPO = Path(__file__).resolve().parents[1]
CAMPAIGN = REPO / "examples" / "khanh-son-2020"
RETURNS = CAMPAIGN / "bao-cao"
SCHEMA = load_schema()
COMMUNES = ["22714", "22717", "22720", "22723", "22726", "22729", "22732", "22735"]
runner = CliRunner()


@pytest.fixture(scope="module")
def data() -> dict:
    return yaml.safe_load((CAMPAIGN / "so-lieu.yaml").read_text(encoding="utf-8"))["units"]


def expected_district(data: dict) -> dict[tuple[str, str], object]:
    """District figures computed from the values file alone, by the aggregation oracle written once in tests/."""
    values: Values = {}
    for unit, body in data.items():
        for ind, by_period in body["values"].items():
            flag = SCHEMA.indicator_by_id[ind].kind.value == "flag"
            for period, v in by_period.items():
                values.setdefault(unit, {})[(ind, period)] = str(v) if flag else v
    return {
        (ind.id, per.id): oracle(SCHEMA, values, ind.id, per.id)[0]
        for ind in SCHEMA.indicators
        if ind.kind.value != "heading"
        for per in SCHEMA.section_periods(SCHEMA.section_by_id[ind.section])
    }


def read_summary_sheet(path: Path) -> dict[tuple[str, str], object]:
    """Every figure of the Tổng hợp sheet, located by its section, row label and column header."""
    ws = openpyxl.load_workbook(path)["Tổng hợp"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    titles = {f"{s.number}. {s.title}": s for s in SCHEMA.sections}
    found: dict[tuple[str, str], object] = {}
    r = 0
    while r < len(rows):
        section = titles.get(rows[r][0])
        if section is None:
            r += 1
            continue
        inds = [i for i in SCHEMA.indicators if i.section == section.id]
        periods = SCHEMA.section_periods(section)
        if section.shape == "years":
            header = rows[r + 1]
            cols = {p.id: header.index(p.label) for p in periods}
            for k, ind in enumerate(inds):
                line = rows[r + 2 + k]
                assert line[1] == ind.text
                if ind.kind.value != "heading":
                    for p in periods:
                        found[(ind.id, p.id)] = line[cols[p.id]]
            r += 2 + len(inds)
        elif section.shape == "periods_as_rows":
            r += 1
            for table in section.tables:
                cols_inds = [i for i in inds if i.table == table.id]
                assert rows[r][0] == table.title
                header = rows[r + 1]
                for k, p in enumerate(periods):
                    line = rows[r + 2 + k]
                    assert line[1] == p.label
                    for ind in cols_inds:
                        found[(ind.id, p.id)] = line[header.index(ind.text)]
                r += 2 + len(periods)
        else:
            for k, ind in enumerate(inds):
                line = rows[r + 2 + k]
                assert line[1] == ind.text
                found[(ind.id, periods[0].id)] = line[3]
            r += 2 + len(inds)
    return found


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    out = tmp_path_factory.mktemp("tong-hop")
    result = runner.invoke(app, ["merge", str(RETURNS), "--out", str(out)], terminal_width=120)
    assert result.exit_code == 0, result.output
    return out, result


def test_every_district_figure_matches_the_values_file(merged, data):
    out, _ = merged
    expected = expected_district(data)
    found = read_summary_sheet(out / "tong-hop.xlsx")
    assert set(found) == set(expected)
    for key, value in expected.items():
        got = found[key]
        if isinstance(value, float):
            assert got == pytest.approx(value), key
        else:
            assert got == value, key


def test_example_master_is_complete(merged):
    out, result = merged
    wb = openpyxl.load_workbook(out / "tong-hop.xlsx")
    assert wb.sheetnames == [
        "Tổng hợp",
        "Theo đơn vị",
        "Dữ liệu",
        "Tình trạng nộp",
        "Kiểm tra chéo",
        "Nguồn",
        "_cchc_tong_hop",
    ]
    assert wb["_cchc_tong_hop"].sheet_state == "hidden"
    status = wb["Tình trạng nộp"]
    totals = [c.value for c in status["A"] if isinstance(c.value, str) and "đơn vị đã nộp" in c.value]
    assert totals and totals[0].startswith("14/14 đơn vị đã nộp, 1 nộp muộn, 14 đơn vị được tổng hợp")
    assert "14/14 đơn vị đã nộp, 1 nộp muộn" in result.stdout
    master = read_master(out / "tong-hop.xlsx", SCHEMA)
    assert all(v.complete or not v.missing for v in master.district.values())


def test_theo_don_vi_traces_each_figure(merged, data):
    out, _ = merged
    ws = openpyxl.load_workbook(out / "tong-hop.xlsx")["Theo đơn vị"]
    header = [c.value for c in ws[1]]
    col = header.index("Sơn Bình")
    rows = {(r[1].value, r[2].value): r for r in ws.iter_rows(min_row=2)}
    row = rows[("Số lượng PAKN đã tiếp nhận trong năm", "Năm 2018")]
    assert row[col].value == data["22726"]["values"]["s3_pakn_tiep_nhan"]["y2018"]
    total = sum(u["values"]["s3_pakn_tiep_nhan"]["y2018"] for u in data.values() if "s3_pakn_tiep_nhan" in u["values"])
    assert row[3].value == total


def test_long_table_and_csv(merged, data):
    out, _ = merged
    raw = (out / "du-lieu.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Mã đơn vị", "Đơn vị", "Phần"]
    hit = [r for r in rows if r[0] == "NV" and r[3] == "s1_vbcd" and r[6] == "Năm 2016"]
    assert len(hit) == 1
    assert hit[0][7] == str(data["NV"]["values"]["s1_vbcd"]["y2016"])
    assert hit[0][9] and hit[0][10] == "1. Chỉ đạo điều hành" and hit[0][11]
    n_values = sum(len(p) for u in data.values() for p in u["values"].values())
    assert len(rows) - 1 >= n_values


def set_saved_time(path: Path, stamp: str) -> None:
    """As if the unit had saved the file at ``stamp`` (the document property an office suite writes)."""
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + stamp.encode() + rb"\g<2>", body)
            dst.writestr(info, body)
    path.write_bytes(out.getvalue())


def _campaign_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "bao-cao"
    shutil.copytree(RETURNS, folder)
    return folder


def _file_of(folder: Path, unit: str) -> Path:
    report = validate_paths(SCHEMA, [folder], workers=1)
    return next(r.path for r in report.files if r.unit == unit)


def test_missing_and_late_communes(tmp_path):
    folder = _campaign_copy(tmp_path)
    _file_of(folder, "22726").unlink()
    set_saved_time(_file_of(folder, "22729"), "2020-06-05T02:00:00Z")
    master = build_master(SCHEMA, validate_paths(SCHEMA, [folder], workers=1))
    status = {s.code: s for s in master.status}
    assert not status["22726"].received and not status["22726"].used and status["22726"].reason == "chưa nộp"
    assert status["22729"].on_time is False and status["22729"].used
    pakn = master.value("s3_pakn_tiep_nhan", "y2018")
    assert not pakn.complete and pakn.missing == ["22726"]
    assert pakn.value is not None  # the partial sum is kept, but marked
    rate = master.value("s3_dung_hen_xa", "y2018")
    assert not rate.complete and rate.missing == ["22726"]
    assert master.value("s3_tthc_huyen", "y2018").complete
    xlsx, _ = write_outputs(master, tmp_path / "out")
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["Tổng hợp"]
    cell = next(c for row in ws.iter_rows() for c in row if c.comment and "Xã Sơn Bình" in c.comment.text)
    assert cell.fill.start_color.rgb.endswith("FCE4D6")
    totals = [c.value for c in wb["Tình trạng nộp"]["A"] if isinstance(c.value, str) and "đã nộp" in c.value]
    assert totals[0].startswith("13/14 đơn vị đã nộp, 2 nộp muộn, 13 đơn vị được tổng hợp")


def test_return_with_errors_is_left_out_unless_asked(tmp_path):
    folder = _campaign_copy(tmp_path)
    shutil.copy(CAMPAIGN / "loi" / "so-am.xlsx", folder / "so-am.xlsx")
    _file_of(folder, "TP")  # sanity: the folder validates
    nv_clean = next(p for p in folder.iterdir() if p.name == "PL2_NV_Phong-Noi-vu.xlsx")
    nv_clean.unlink()
    report = validate_paths(SCHEMA, [folder], workers=1)
    master = build_master(SCHEMA, report)
    nv = next(s for s in master.status if s.code == "NV")
    assert nv.received and not nv.used and nv.errors == 1 and "lỗi" in nv.reason
    assert next(s for s in master.sources if s.name == "so-am.xlsx").reason == "có 1 lỗi"
    assert master.value("s1_kiem_tra", "y2017").value is None
    with_errors = build_master(SCHEMA, report, include_errors=True)
    assert next(s for s in with_errors.status if s.code == "NV").used
    assert with_errors.value("s1_kiem_tra", "y2018").value is None  # the faulty cell stays empty
    assert with_errors.value("s1_kiem_tra", "y2017").value is not None


def test_duplicate_submission_uses_the_newer(tmp_path):
    folder = _campaign_copy(tmp_path)
    _file_of(folder, "22723").unlink()
    for f in (CAMPAIGN / "nop-trung").glob("*.xlsx"):
        shutil.copy2(f, folder / f.name)
    master = build_master(SCHEMA, validate_paths(SCHEMA, [folder], workers=1))
    used = next(s for s in master.status if s.code == "22723")
    assert used.file == "PL2 Son Hiep - ban sua.xlsx"
    codes = [f.code for f in master.cross_findings]
    assert "nop-trung" in codes and "khac-ban-truoc" in codes
    assert master.by_unit["22723"][("s3_pakn_tiep_nhan", "y2019")] == 2


def test_disagreement_in_a_same_indicator(tmp_path):
    folder = _campaign_copy(tmp_path)
    path = _file_of(folder, "22732")
    wb = openpyxl.load_workbook(path)
    ws = wb["3. Cải cách TTHC"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Số lượng TTHC cấp xã")
    ws.cell(row, 7).value = ws.cell(row, 7).value + 3  # Năm 2018
    wb.save(path)
    master = build_master(SCHEMA, validate_paths(SCHEMA, [folder], workers=1))
    majority = master.value("s3_tthc_xa", "y2018")
    assert "Xã Ba Cụm Bắc" in majority.note
    (finding,) = [f for f in master.cross_findings if f.code == "khong-thong-nhat"]
    assert finding.period == "y2018" and finding.indicator == "s3_tthc_xa"
    others = {master.by_unit[c][("s3_tthc_xa", "y2018")] for c in COMMUNES if c != "22732"}
    assert {majority.value} == others


def test_order_and_names_do_not_change_the_figures(tmp_path):
    folder = _campaign_copy(tmp_path)
    renamed = tmp_path / "doi-ten"
    renamed.mkdir()
    for k, path in enumerate(sorted(folder.iterdir(), reverse=True)):
        shutil.copy2(path, renamed / f"{k:02d} tệp gửi về.xlsx")
    a = build_master(SCHEMA, validate_paths(SCHEMA, [folder], workers=1))
    b = build_master(SCHEMA, validate_paths(SCHEMA, [renamed], workers=1))
    assert a.district == b.district and a.by_unit == b.by_unit
    assert [(s.code, s.used, s.on_time) for s in a.status] == [(s.code, s.used, s.on_time) for s in b.status]


def test_formula_like_text_is_written_as_text(tmp_path):
    folder = _campaign_copy(tmp_path)
    path = _file_of(folder, "NV")
    wb = openpyxl.load_workbook(path)
    ws = wb["1. Chỉ đạo điều hành"]
    row = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 2).value).startswith("Hình thức tuyên truyền"))
    ws.cell(row, 4).value = '=HYPERLINK("http://x","bấm")'
    ws.cell(row, 4).data_type = "s"
    wb.save(path)
    master = build_master(SCHEMA, validate_paths(SCHEMA, [folder], workers=1))
    xlsx, csv_path = write_outputs(master, tmp_path / "out")
    text = csv_path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text
    ws = openpyxl.load_workbook(xlsx)["Dữ liệu"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)


def test_master_is_byte_identical_across_runs(tmp_path):
    report = validate_paths(SCHEMA, [RETURNS], workers=1)
    a, _ = write_outputs(build_master(SCHEMA, report), tmp_path / "a")
    shuffled = validate_paths(SCHEMA, [RETURNS], workers=2)
    shuffled.files.reverse()
    b, _ = write_outputs(build_master(SCHEMA, shuffled), tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()


def test_refuses_to_overwrite_master(merged):
    out, _ = merged
    result = runner.invoke(app, ["merge", str(RETURNS), "--out", str(out)])
    assert result.exit_code == 2 and "không ghi đè" in result.stderr


def test_status_command_and_dry_run(tmp_path):
    result = runner.invoke(app, ["status", str(RETURNS)], terminal_width=160)
    assert result.exit_code == 0
    assert "14/14 đơn vị đã nộp, 14 dùng được để tổng hợp; 0 chưa nộp, 0 phải sửa, 1 nộp muộn." in result.stdout
    dry = runner.invoke(app, ["merge", str(RETURNS), "--out", str(tmp_path / "x"), "--dry-run"], terminal_width=160)
    assert dry.exit_code == 0 and not (tmp_path / "x").exists()


@pytest.mark.office
def test_master_opens_in_libreoffice(merged, soffice, tmp_path):
    out, _ = merged
    (pdf,) = soffice([out / "tong-hop.xlsx"], "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_the_master_copied_among_the_returns_is_not_taken_for_a_report(merged, tmp_path):
    """The specialist drops tong-hop.xlsx into the returns folder: it is named for what it is, read for no
    unit, and the next master is the same as without it."""
    out, _ = merged
    folder = tmp_path / "bao-cao"
    shutil.copytree(RETURNS, folder)
    shutil.copy(out / "tong-hop.xlsx", folder / "tong-hop.xlsx")
    report = validate_paths(SCHEMA, [folder], workers=1)
    own = next(r for r in report.files if r.name == "tong-hop.xlsx")
    assert [(f.code, f.severity) for f in own.findings] == [("tep-tong-hop", "warning")]
    assert own.unit is None and not own.values
    assert build_master(SCHEMA, report).district == read_master(out / "tong-hop.xlsx", SCHEMA).district

"""The master's Tình trạng nộp sheet, print titles, readable cross-checks, and du-lieu.csv's dialect (§4)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from cchc_cli.merge.engine import build_master
from cchc_cli.merge.workbook import STATUS_COLUMNS, STATUS_FILLS, csv_bytes, kind_label, write_outputs
from cchc_cli.reminders import ERRORS, LATE, MISSING
from cchc_cli.schema import load_schema
from cchc_cli.validation.engine import validate_paths

SCHEMA = load_schema()
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "khanh-son-2020"


@pytest.fixture(scope="module")
def master_files(tmp_path_factory) -> tuple[Path, Path]:
    """Phòng Tư pháp missing, Phòng Nội vụ's newest return with an error, Ba Cụm Bắc late (03/6/2020)."""
    folder = tmp_path_factory.mktemp("bao-cao")
    for f in (EXAMPLES / "bao-cao").glob("*.xlsx"):
        if f.name != "Báo cáo CCHC - Phòng Tư pháp.xlsx":
            shutil.copy(f, folder)
    shutil.copy(EXAMPLES / "loi" / "so-am.xlsx", folder)
    master = build_master(SCHEMA, validate_paths(SCHEMA, [folder], workers=1))
    return write_outputs(master, tmp_path_factory.mktemp("tong-hop"))


def rows_by_code(ws) -> dict[str, list]:
    header = [c.value for c in ws[1]]
    assert header == STATUS_COLUMNS
    return {r[0].value: list(r) for r in ws.iter_rows(min_row=2, max_row=15)}


def test_status_sheet_colours_and_real_datetimes(master_files):
    ws = openpyxl.load_workbook(master_files[0])["Tình trạng nộp"]
    rows = rows_by_code(ws)
    col = {name: k for k, name in enumerate(STATUS_COLUMNS)}

    def fill(code: str) -> str:
        return rows[code][0].fill.start_color.rgb[-6:]

    assert rows["TP"][col["Tình trạng"]].value == "chưa nộp" and fill("TP") == STATUS_FILLS[MISSING][1:]
    assert rows["NV"][col["Tình trạng"]].value == "có lỗi" and fill("NV") == STATUS_FILLS[ERRORS][1:]
    assert rows["22732"][col["Tình trạng"]].value == "nộp muộn" and fill("22732") == STATUS_FILLS[LATE][1:]
    assert rows["22714"][col["Tình trạng"]].value == "đã nộp, dùng được" and fill("22714") == STATUS_FILLS[""][1:]
    # every cell of a row carries its state's fill
    assert {c.fill.start_color.rgb for c in rows["TP"]} == {"FF" + STATUS_FILLS[MISSING][1:]}
    when = rows["22732"][col["Thời gian nộp"]]
    assert when.is_date and when.number_format == "dd/mm/yyyy hh:mm"
    assert when.value == dt.datetime(2020, 6, 3, 10, 15)  # Vietnam time, as the table prints it
    assert rows["TP"][col["Thời gian nộp"]].value is None
    assert ws.auto_filter.ref == f"A1:M{len(rows) + 1}"
    # who to call: the contact written on the unit's return; none known for the unit that sent nothing
    assert rows["22732"][col["Liên hệ"]].value.startswith("Mang Thị Liên")
    assert "0905 110 732" in rows["22732"][col["Liên hệ"]].value
    assert rows["TP"][col["Liên hệ"]].value in (None, "")

    # greyscale: the fills differ in lightness too (print on a black-and-white printer)
    def luma(hex_: str) -> float:
        r, g, b = (int(hex_[i : i + 2], 16) for i in (1, 3, 5))
        return 0.299 * r + 0.587 * g + 0.114 * b

    lights = [luma(STATUS_FILLS[k]) for k in (MISSING, ERRORS, LATE, "")]
    assert lights == sorted(lights) and min(b - a for a, b in itertools.pairwise(lights)) > 8


def test_every_long_sheet_prints_its_titles(master_files):
    wb = openpyxl.load_workbook(master_files[0])
    titles = {ws.title: ws.print_title_rows for ws in wb.worksheets if ws.sheet_state == "visible"}
    assert titles == {
        "Tổng hợp": "$1:$2",
        "Theo đơn vị": "$1:$1",
        "Dữ liệu": "$1:$1",
        "Tình trạng nộp": "$1:$1",
        "Kiểm tra chéo": "$1:$1",
        "Nguồn": "$1:$1",
    }
    assert wb["Theo đơn vị"].print_title_cols == "$A:$D"


def test_cross_check_messages_are_wrapped_and_rows_tall_enough(master_files):
    ws = openpyxl.load_workbook(master_files[0])["Kiểm tra chéo"]
    rows = list(ws.iter_rows(min_row=2))
    assert rows, "the example campaign has cross-check findings"
    for row in rows:
        message = row[5]
        assert message.alignment.wrap_text
        width = ws.column_dimensions["F"].width
        if len(str(message.value)) > width * 1.2:
            assert ws.row_dimensions[message.row].height and ws.row_dimensions[message.row].height > 20


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the diacritics
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_csv_is_in_the_vietnamese_regional_dialect(master_files):
    rows = read_csv(master_files[1])
    header = rows[0]
    assert header[:3] == ["Mã đơn vị", "Đơn vị", "Phần"] and len(header) == 12
    assert all(len(r) == 12 for r in rows)
    rates = [r for r in rows[1:] if r[8] == kind_label("percent") and r[7]]
    assert rates and not any("." in r[7] for r in rates)  # decimal comma (78,5), no thousands dot
    assert any("," in r[7] for r in rates)
    assert all(float(r[7].replace(",", ".")) <= 100 for r in rates)
    assert any(r[4] == "-" for r in rows[1:])  # an STT bullet, not '-
    assert not any(r[4].startswith("'") for r in rows[1:])
    kinds = {r[8] for r in rows[1:]}
    assert kinds <= {kind_label(k) for k in ("count", "percent", "money", "flag", "grade", "text")}
    assert "số nguyên ≥ 0" in kinds and "count" not in kinds


def test_csv_keeps_formula_guard_for_typed_text():
    master = build_master(SCHEMA, validate_paths(SCHEMA, [EXAMPLES / "bao-cao"], workers=1))
    code = next(iter(master.by_unit))
    key = next(iter(master.by_unit[code]))
    master.by_unit[code][key] = "=1+1"
    text = csv_bytes(master).decode("utf-8-sig")
    assert ";'=1+1;" in text


@pytest.mark.office
def test_csv_opens_as_columns_with_numbers_in_a_vietnamese_locale(master_files, soffice_profile, tmp_path):
    """LibreOffice importing with the Vietnamese locale (1066) and ";" reads columns and numbers, as Excel
    set to the Vietnamese regional format does on a double click."""
    src = tmp_path / "du-lieu.csv"
    shutil.copy(master_files[1], src)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={soffice_profile.as_uri()}",
            "--headless",
            "--infilter=CSV:59,34,76,1,,1066",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    ws = openpyxl.load_workbook(tmp_path / "du-lieu.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Mã đơn vị" and len(rows[0]) == 12
    rates = [r[7] for r in rows if r[8] == kind_label("percent") and r[7] is not None]
    assert rates and all(isinstance(v, int | float) for v in rates)  # numbers, not text
    assert any(isinstance(v, float) and not v.is_integer() for v in rates)  # "78,5" read as 78.5
    assert any(r[4] == "-" for r in rows)


# ---- printing (issue 12: the summary and status sheets printed tiny) -----------------------------------------

PRINTED = ("Tổng hợp", "Theo đơn vị", "Tình trạng nộp", "Kiểm tra chéo")


def test_print_setup_of_every_sheet(master_files):
    from cchc_cli.merge.workbook import MARGINS

    wb = openpyxl.load_workbook(master_files[0])
    for ws in (w for w in wb.worksheets if w.sheet_state == "visible"):
        setup = ws.page_setup
        assert setup.paperSize == 9 and setup.orientation == "landscape", ws.title  # A4; every sheet is wide
        assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToHeight == 0, ws.title
        wide = 2 if ws.title == "Theo đơn vị" else 1  # 14 units: two pages wide, the indicator on each
        assert (setup.fitToWidth or 1) == wide, ws.title
        m = ws.page_margins
        assert (m.left, m.right, m.top, m.bottom) == tuple(MARGINS[k] for k in ("left", "right", "top", "bottom"))
        assert ws.oddFooter.center.text.startswith(f"{ws.title} – trang &P/&N")
    assert wb["Theo đơn vị"].print_title_cols == "$A:$D"
    # a wrapped indicator or period label gets a row tall enough (no office suite grows it)
    by_unit = wb["Theo đơn vị"]
    tall = [r for r in range(2, by_unit.max_row + 1) if len(str(by_unit.cell(r, 3).value)) > 20]
    assert tall and all((by_unit.row_dimensions[r].height or 15) >= 30 for r in tall)


def test_print_layout_rule():
    from cchc_cli.merge.workbook import print_layout

    assert print_layout([10, 40, 20]) == ("portrait", 1)
    assert print_layout([10, 40, 20, 30, 30]) == ("landscape", 1)
    assert print_layout([10] * 40) == ("landscape", 1)  # no key columns to repeat: one page wide
    by_unit = [5, 40, 14, 11]
    assert print_layout([*by_unit, *[9.5] * 5], 4) == ("landscape", 1)
    assert print_layout([*by_unit, *[9.5] * 14], 4) == ("landscape", 2)
    assert print_layout([*by_unit, *[9.5] * 100], 4)[1] >= 8  # a province's communes: readable, many pages


@pytest.mark.office
def test_sheets_print_large_enough_to_read(master_files, soffice, tmp_path):
    """LibreOffice prints the master to PDF; the text on the pages of the sheets a specialist prints is at
    least ~8.2 pt high (11 pt at ≥ 74 %), where the status and per-unit sheets printed at 5.5–6 pt."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    (pdf,) = soffice([master_files[0]], "pdf", tmp_path)
    pages = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("<page ")[1:]
    heights: dict[str, list[float]] = {name: [] for name in PRINTED}
    for page in pages:
        words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)
        text = " ".join(w for _, _, w in words)
        sheet = next((name for name in PRINTED if f"{name} – trang" in text), None)
        if sheet is not None:
            heights[sheet] += [float(y1) - float(y0) for y0, y1, _ in words]
    for sheet, hs in heights.items():
        assert hs, f"no printed page of {sheet}"
        typical = sorted(hs)[len(hs) // 2]
        assert typical >= 9.0, (sheet, typical)  # a word's box is ~1.1 × its font size in points


@pytest.mark.office
def test_a_master_re_saved_by_libreoffice_still_drafts_the_report(master_files, soffice_profile, tmp_path):
    """LibreOffice reads "_xa_" in text as a line break: ids such as s3_hs_xa_tiep_nhan must survive a
    specialist opening the master there and saving it."""
    from office import soffice_convert

    from cchc_cli.merge.workbook import read_master

    before = read_master(master_files[0], SCHEMA)
    assert any("_xa_" in k[0] for vals in before.by_unit.values() for k in vals)  # the case is really there
    src = tmp_path / "mo-bang-libreoffice" / "tong-hop.xlsx"
    src.parent.mkdir()
    shutil.copy(master_files[0], src)
    (resaved,) = soffice_convert([src], "xlsx", tmp_path / "luu-lai", profile_dir=soffice_profile)
    after = read_master(resaved, SCHEMA)
    assert after.by_unit == before.by_unit
    assert after.provenance == before.provenance

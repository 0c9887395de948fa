"""The copy sent back to a unit (issue 9 §1), replayed the way a newcomer meets it.

Two units send "Phu luc 2.xlsx" in two subfolders; the specialist annotates; each copy is the unit's own; the
unit fixes the copy itself and sends it back; it validates clean; the old copy goes; the tool never reads its
own copies as returns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from campaign import consistent_values, fill_unit
from openpyxl.writer.excel import ExcelWriter

from cchc_cli.generate import generate_templates
from cchc_cli.schema import load_schema
from cchc_cli.validation.annotate import (
    ERROR_FILL,
    MAX_NAME_BYTES,
    MAX_NAME_CHARS,
    SHEET,
    WARNING_FILL,
    annotate_returns,
    copy_name,
)
from cchc_cli.validation.copies import MARKER, REASON_COPY, REASON_FOLDER
from cchc_cli.validation.engine import collect, validate_paths
from cchc_cli.workbook.layout import build_layout
from cchc_cli.workbook.writer import INPUT_FILL

SCHEMA = load_schema()
UNITS = ["NV", "TP", "22726"]


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, Path]:
    templates = tmp_path_factory.mktemp("bieu-mau")
    written = {u.code: p for u, p, _ in generate_templates(SCHEMA, templates, UNITS).written}
    out = tmp_path_factory.mktemp("sach")
    files = {}
    for code in UNITS:
        files[code] = out / f"{code}.xlsx"
        fill_unit(SCHEMA, written[code], files[code], consistent_values(SCHEMA, code))
    return files


def cell_of(unit: str, indicator: str, period: str) -> tuple[str, str]:
    for sheet, cell in build_layout(SCHEMA, unit).cells("input"):
        if (cell.indicator, cell.period) == (indicator, period):
            return sheet.name, cell.ref
    raise KeyError((unit, indicator, period))


def save_as_office(wb: openpyxl.Workbook, path: Path, when: dt.datetime) -> None:
    """Save as an office suite does: the document's save time becomes ``when`` (openpyxl would use now)."""
    wb.properties.modified = when
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    path.write_bytes(buf.getvalue())


def plant(src: Path, out: Path, changes: dict[tuple[str, str], object]) -> Path:
    """A return saved on 28/5/2020 with ``changes`` typed in."""
    wb = openpyxl.load_workbook(src)
    for (sheet, ref), value in changes.items():
        wb[sheet][ref] = value
    out.parent.mkdir(parents=True, exist_ok=True)
    save_as_office(wb, out, dt.datetime(2020, 5, 28, 10, 0))
    return out


def listing(ws) -> list[list[object]]:  # type: ignore[no-untyped-def]
    """The rows of the findings table on the copy's first sheet."""
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "STT")
    return [[c.value for c in row] for row in ws.iter_rows(min_row=header + 1) if row[0].value is not None]


def luminance(rgb: str) -> float:
    r, g, b = (int(rgb[-6:][k : k + 2], 16) for k in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b


# ---- the newcomer's flow -----------------------------------------------------------------------------


def test_two_units_same_file_name_get_their_own_copies_and_a_fixed_copy_validates_clean(clean, tmp_path):
    returns = tmp_path / "bao-cao"
    nv_sheet, nv_ref = cell_of("NV", "s5_tinh_gian", "y2018")
    tp_sheet, tp_ref = cell_of("TP", "s2_da_kiem_tra", "y2016")
    plant(clean["NV"], returns / "Phong Noi vu" / "Phu luc 2.xlsx", {(nv_sheet, nv_ref): "12 người"})
    plant(clean["TP"], returns / "Phong Tu phap" / "Phu luc 2.xlsx", {(tp_sheet, tp_ref): -4})
    report = validate_paths(SCHEMA, [returns], workers=1)
    out = returns / "tra-lai"  # even inside the returns folder
    done = annotate_returns(report.files, out, schema=SCHEMA)

    assert sorted(p.name for p in done.written) == ["NV_Phu luc 2_kiem-tra.xlsx", "TP_Phu luc 2_kiem-tra.xlsx"]
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, *(p.name for p in done.written)])
    nv = openpyxl.load_workbook(out / "NV_Phu luc 2_kiem-tra.xlsx")
    tp = openpyxl.load_workbook(out / "TP_Phu luc 2_kiem-tra.xlsx")
    # each copy is its own unit's workbook, with its own value and its own finding
    fingerprint = {row[0].value: row[1].value for row in nv["_cchc"].iter_rows()}
    assert fingerprint["unit_code"] == "NV"
    assert {row[0].value: row[1].value for row in tp["_cchc"].iter_rows()}["unit_code"] == "TP"
    assert nv[nv_sheet][nv_ref].value == "12 người" and tp[tp_sheet][tp_ref].value == -4
    assert [(r[2], r[3]) for r in listing(nv[SHEET])] == [(nv_sheet, nv_ref)]
    assert [(r[2], r[3]) for r in listing(tp[SHEET])] == [(tp_sheet, tp_ref)]
    assert "Phòng Nội vụ" in nv[SHEET]["A1"].value and "Phòng Tư pháp" in tp[SHEET]["A1"].value

    # the next morning: the copies are not returns
    files, skipped = collect([returns])
    assert sorted(s.name for s in files) == ["Phong Noi vu/Phu luc 2.xlsx", "Phong Tu phap/Phu luc 2.xlsx"]
    assert {s.name: s.reason for s in skipped} == {
        "tra-lai/NV_Phu luc 2_kiem-tra.xlsx": REASON_FOLDER,
        "tra-lai/TP_Phu luc 2_kiem-tra.xlsx": REASON_FOLDER,
    }

    # the unit fixes the copy itself, saves it and sends it back under the same name
    fixed = openpyxl.load_workbook(out / "NV_Phu luc 2_kiem-tra.xlsx")
    fixed[nv_sheet][nv_ref] = 12
    back = returns / "Phong Noi vu" / "NV_Phu luc 2_kiem-tra.xlsx"
    save_as_office(fixed, back, dt.datetime(2020, 6, 2, 9, 30))
    (result,) = validate_paths(SCHEMA, [back], workers=1).files
    assert result.findings == [] and result.unit == "NV" and result.status == "hợp lệ"
    # in the folder it is the unit's newest return, and the old copy of the unit goes
    report = validate_paths(SCHEMA, [returns], workers=1)
    by_name = {r.name: r for r in report.files}
    assert by_name["Phong Noi vu/Phu luc 2.xlsx"].superseded_by == "Phong Noi vu/NV_Phu luc 2_kiem-tra.xlsx"
    newest = by_name["Phong Noi vu/NV_Phu luc 2_kiem-tra.xlsx"]
    assert {f.code for f in newest.findings} == {"nop-trung", "khac-ban-truoc"}  # the specialist's notes only
    assert newest.errors == 0
    again = annotate_returns(report.files, out, schema=SCHEMA)
    assert [p.name for p in again.removed] == ["NV_Phu luc 2_kiem-tra.xlsx"]
    assert [p.name for p in again.replaced] == ["TP_Phu luc 2_kiem-tra.xlsx"]
    assert sorted(p.name for p in out.glob("*.xlsx")) == ["TP_Phu luc 2_kiem-tra.xlsx"]
    assert [(r.name, why) for r, why in again.left] == [
        ("Phong Noi vu/Phu luc 2.xlsx", "bản cũ, đơn vị đã gửi bản mới hơn (Phong Noi vu/NV_Phu luc 2_kiem-tra.xlsx)")
    ]
    manifest = json.loads((out / MARKER).read_text(encoding="utf-8"))["copies"]
    assert list(manifest) == ["TP_Phu luc 2_kiem-tra.xlsx"] and manifest["TP_Phu luc 2_kiem-tra.xlsx"]["unit"] == "TP"


def test_an_untouched_copy_in_the_returns_folder_is_skipped_a_resaved_one_is_read(clean, tmp_path):
    sheet, ref = cell_of("TP", "s2_da_kiem_tra", "y2016")
    bad = plant(clean["TP"], tmp_path / "in" / "PL2.xlsx", {(sheet, ref): -4})
    out = tmp_path / "tra-lai"
    (copy,) = annotate_returns(validate_paths(SCHEMA, [bad], workers=1).files, out, schema=SCHEMA).written
    returns = tmp_path / "bao-cao"
    returns.mkdir()
    shutil.copy(clean["TP"], returns / "PL2.xlsx")
    shutil.copy(copy, returns / copy.name)  # dropped into the returns folder by mistake
    files, skipped = collect([returns])
    assert [s.name for s in files] == ["PL2.xlsx"]
    assert [(s.name, s.reason) for s in skipped] == [(copy.name, REASON_COPY)]
    wb = openpyxl.load_workbook(copy)
    wb[sheet][ref] = 4
    save_as_office(wb, returns / copy.name, dt.datetime(2020, 6, 3, 8, 0))  # the unit fixed it
    files, skipped = collect([returns])
    assert sorted(s.name for s in files) == sorted(["PL2.xlsx", copy.name]) and skipped == []


def test_copy_lists_only_what_the_unit_must_fix_with_fills_apart_even_in_grey(clean, tmp_path):
    import os

    sheet, ref = cell_of("22726", "s3_pakn_tiep_nhan", "y2019")
    blank_sheet, blank_ref = cell_of("22726", "s5_boi_duong_cc", "y2017")
    older = plant(clean["22726"], tmp_path / "in" / "bao cao xa Son Binh.xlsx", {})
    newer = plant(
        clean["22726"], tmp_path / "in" / "PL2 (2).xlsx", {(sheet, ref): "không có", (blank_sheet, blank_ref): None}
    )
    os.utime(older, (1_590_000_000, 1_590_000_000))
    os.utime(newer, (1_590_100_000, 1_590_100_000))
    report = validate_paths(SCHEMA, [tmp_path / "in"], workers=1)
    result = next(r for r in report.files if r.name == "PL2 (2).xlsx")
    codes = {f.code for f in result.findings}
    assert {"nop-trung", "khac-ban-truoc", "chu-thay-so", "thieu-so-lieu"} <= codes  # all in the report
    done = annotate_returns(report.files, tmp_path / "tra-lai", schema=SCHEMA)
    assert [p.name for p in done.written] == ["22726_PL2 (2)_kiem-tra.xlsx"]  # none for the older return
    wb = openpyxl.load_workbook(done.written[0])
    first = wb[SHEET]
    rows = listing(first)
    assert [(r[1], r[3]) for r in rows] == [("Lỗi", ref), ("Lỗi", blank_ref)]
    assert rows[0][8].startswith("Không phát sinh thì ghi 0")  # the hint fits a count
    text = " ".join(str(c.value) for row in first.iter_rows() for c in row if c.value)
    for specialist in ("tệp nào là bản cuối cùng", "Giá trị khác giữa hai bản", "nop-trung", "mới hơn"):
        assert specialist not in text
    assert "sửa ngay trên tệp này" in first["A3"].value and "Phòng Nội vụ" in first["A3"].value
    assert "không sửa trên tệp này" not in text
    # legend: error, warning and input swatches with their words
    legend = {first.cell(r, 3).value: first.cell(r, 2).fill.start_color.rgb[-6:] for r in range(5, 8)}
    assert list(legend.values()) == [ERROR_FILL, WARNING_FILL, INPUT_FILL.lstrip("#")]
    assert next(iter(legend)).startswith("Lỗi")
    greys = sorted(luminance(c) for c in legend.values())
    assert min(b - a for a, b in itertools.pairwise(greys)) >= 40  # apart in greyscale print
    marked = wb[sheet][ref]
    assert marked.fill.start_color.rgb.endswith(ERROR_FILL) and marked.border.left.style == "thick"
    assert "Không phát sinh thì ghi 0" in marked.comment.text


def test_warning_cells_are_dashed_and_orange(clean, tmp_path):
    sheet, ref = cell_of("TP", "s2_da_kiem_tra", "y2015")
    note = "J" + ref[1:]
    bad = plant(clean["TP"], tmp_path / "PL2.xlsx", {(sheet, ref): None, (sheet, note): "Chưa tổng hợp"})
    (copy,) = annotate_returns(validate_paths(SCHEMA, [bad], workers=1).files, tmp_path / "out").written
    cell = openpyxl.load_workbook(copy)[sheet][ref]
    assert cell.fill.start_color.rgb.endswith(WARNING_FILL) and cell.border.left.style == "mediumDashed"


def test_very_long_vietnamese_file_name_is_shortened_safely(clean, tmp_path):
    long_name = (
        "Báo cáo kết quả thực hiện công tác cải cách hành chính giai đoạn 2011-2020 và phương hướng "
        "nhiệm vụ giai đoạn 2021-2030 của Ủy ban nhân dân xã Sơn Bình.xlsx"
    )
    assert len(long_name.encode("utf-8")) > 180
    sheet, ref = cell_of("22726", "s3_pakn_tiep_nhan", "y2017")
    plant(clean["22726"], tmp_path / "in" / long_name, {(sheet, ref): -1})
    deep = tmp_path / ("thư mục rất sâu " * 4).strip() / "tra lại"
    (result,) = validate_paths(SCHEMA, [tmp_path / "in"], workers=1).files
    (copy,) = annotate_returns([result], deep, schema=SCHEMA).written
    assert copy.exists() and copy.name == copy_name(result, deep)
    assert copy.name.startswith("22726_Báo cáo kết quả") and copy.name.endswith("_kiem-tra.xlsx")
    assert len(copy.name) <= MAX_NAME_CHARS and len(copy.name.encode("utf-8")) <= MAX_NAME_BYTES
    tag = hashlib.sha256(long_name.encode("utf-8")).hexdigest()[:6]
    assert f"~{tag}_kiem-tra.xlsx" in copy.name  # two long names alike still get two copies
    assert openpyxl.load_workbook(copy)["_cchc"] is not None


def test_same_unit_same_name_in_two_folders_gets_two_copies(clean, tmp_path):
    sheet, ref = cell_of("TP", "s2_da_kiem_tra", "y2016")
    plant(clean["TP"], tmp_path / "in" / "a" / "PL2.xlsx", {(sheet, ref): -4})
    plant(clean["TP"], tmp_path / "in" / "b" / "PL2.xlsx", {(sheet, ref): -5})
    report = validate_paths(SCHEMA, [tmp_path / "in"], workers=1)
    for r in report.files:
        r.superseded_by = None  # as if both were current: names must still not collide
    done = annotate_returns(report.files, tmp_path / "out")
    assert len({p.name for p in done.written}) == 2


def test_a_foreign_file_with_the_copy_name_is_not_overwritten(clean, tmp_path):
    from cchc_cli.errors import CchcError

    sheet, ref = cell_of("TP", "s2_da_kiem_tra", "y2016")
    bad = plant(clean["TP"], tmp_path / "PL2.xlsx", {(sheet, ref): -4})
    results = validate_paths(SCHEMA, [bad], workers=1).files
    out = tmp_path / "out"
    out.mkdir()
    (out / "TP_PL2_kiem-tra.xlsx").write_bytes(b"the specialist's own notes")
    with pytest.raises(CchcError, match="không ghi đè"):
        annotate_returns(results, out)
    assert (out / "TP_PL2_kiem-tra.xlsx").read_bytes() == b"the specialist's own notes"
    assert annotate_returns(results, out, force=True).written


def test_cli_annotate_two_units_same_name_then_the_copies_are_not_read(clean, tmp_path):
    from typer.testing import CliRunner

    from cchc_cli.cli import app

    returns = tmp_path / "bao-cao"
    nv = cell_of("NV", "s5_tinh_gian", "y2018")
    tp = cell_of("TP", "s2_da_kiem_tra", "y2016")
    plant(clean["NV"], returns / "Phong Noi vu" / "Phu luc 2.xlsx", {nv: -1})
    plant(clean["TP"], returns / "Phong Tu phap" / "Phu luc 2.xlsx", {tp: -1})
    out = returns / "tra-lai"
    runner = CliRunner()
    first = runner.invoke(app, ["validate", str(returns), "--annotate", str(out)], terminal_width=160)
    assert first.exit_code == 1, first.output
    assert sorted(p.name for p in out.glob("*.xlsx")) == ["NV_Phu luc 2_kiem-tra.xlsx", "TP_Phu luc 2_kiem-tra.xlsx"]
    again = runner.invoke(app, ["validate", str(returns), "--format", "json"], terminal_width=160)
    report = json.loads(again.stdout)
    assert sorted(f["file"] for f in report["files"]) == ["Phong Noi vu/Phu luc 2.xlsx", "Phong Tu phap/Phu luc 2.xlsx"]
    assert {s["reason"] for s in report["skipped"]} == {REASON_FOLDER}
    assert all(f["code"] == "so-am" for f in report["findings"])  # no finding blamed on the copies
    plant(clean["TP"], returns / "Phong Tu phap" / "Phu luc 2.xlsx", {})  # TP's return, fixed in place
    fixed = runner.invoke(app, ["validate", str(returns), "--annotate", str(out)], terminal_width=160)
    assert fixed.exit_code == 1  # NV still has its error
    assert "Đã xóa bản sao đánh dấu cũ TP_Phu luc 2_kiem-tra.xlsx" in fixed.stderr
    assert sorted(p.name for p in out.glob("*.xlsx")) == ["NV_Phu luc 2_kiem-tra.xlsx"]


@pytest.mark.office
def test_a_copy_fixed_and_saved_in_libreoffice_comes_back_clean(clean, tmp_path, soffice):
    sheet, ref = cell_of("22726", "s3_pakn_tiep_nhan", "y2017")
    bad = plant(clean["22726"], tmp_path / "in" / "PL2.xlsx", {(sheet, ref): "12 hồ sơ"})
    (copy,) = annotate_returns(validate_paths(SCHEMA, [bad], workers=1).files, tmp_path / "out", schema=SCHEMA).written
    right = consistent_values(SCHEMA, "22726")[("s3_pakn_tiep_nhan", "y2017")]
    wb = openpyxl.load_workbook(copy)
    wb[sheet][ref] = right
    edited = tmp_path / "sua" / copy.name
    edited.parent.mkdir()
    wb.save(edited)
    (resaved,) = soffice([edited], "xlsx", tmp_path / "gui-lai")  # the unit's office suite saves it
    assert resaved.name == copy.name
    files, skipped = collect([resaved.parent])
    assert [s.name for s in files] == [copy.name] and skipped == []  # a return, not the tool's copy
    (result,) = validate_paths(SCHEMA, [resaved.parent], workers=1).files
    assert result.findings == [] and result.unit == "22726" and result.values[("s3_pakn_tiep_nhan", "y2017")] == right


def test_a_copy_without_the_units_sheets_is_never_reported_written(clean, tmp_path, monkeypatch):
    from cchc_cli.errors import CchcError
    from cchc_cli.validation import annotate as annotate_module

    sheet, ref = cell_of("TP", "s2_da_kiem_tra", "y2016")
    bad = plant(clean["TP"], tmp_path / "PL2.xlsx", {(sheet, ref): -4})
    results = validate_paths(SCHEMA, [bad], workers=1).files

    def someone_elses(result, schema=None):  # type: ignore[no-untyped-def]
        other = openpyxl.Workbook()
        other.active.title = SHEET
        buf = io.BytesIO()
        other.save(buf)
        return buf.getvalue()

    monkeypatch.setattr(annotate_module, "copy_bytes", someone_elses)
    out = tmp_path / "out"
    with pytest.raises(CchcError, match="không giữ được các trang tính của đơn vị"):
        annotate_returns(results, out)
    assert list(out.glob("*.xlsx")) == []


def test_a_return_inside_a_zip_gets_its_copy_and_the_zip_is_untouched(clean, tmp_path):
    from typer.testing import CliRunner

    from cchc_cli.cli import app

    sheet, ref = cell_of("22726", "s3_pakn_tiep_nhan", "y2019")
    faulty = plant(clean["22726"], tmp_path / "tmp" / "PL2 Son Binh.xlsx", {(sheet, ref): -3})
    returns = tmp_path / "bao-cao"
    returns.mkdir()
    bundle = returns / "bao-cao-xa.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(faulty, "xa Son Binh/PL2 Son Binh.xlsx")
        zf.write(clean["TP"], "PL2 Tu phap.xlsx")
    before = hashlib.sha256(bundle.read_bytes()).hexdigest()
    report = validate_paths(SCHEMA, [returns], workers=1)
    result = next(r for r in report.files if r.unit == "22726")
    assert result.name == "bao-cao-xa.zip › xa Son Binh/PL2 Son Binh.xlsx"
    assert result.member == "xa Son Binh/PL2 Son Binh.xlsx"

    done = annotate_returns(report.files, tmp_path / "tra-lai", schema=SCHEMA)
    assert [p.name for p in done.written] == ["22726_PL2 Son Binh_kiem-tra.xlsx"]  # none for clean TP
    wb = openpyxl.load_workbook(done.written[0])
    assert [(r[1], r[2], r[3]) for r in listing(wb[SHEET])] == [("Lỗi", sheet, ref)]
    assert wb[sheet][ref].value == -3 and wb[sheet][ref].fill.start_color.rgb.endswith(ERROR_FILL)
    assert {row[0].value: row[1].value for row in wb["_cchc"].iter_rows()}["unit_code"] == "22726"
    assert wb[SHEET]["A2"].value.startswith("Tệp đơn vị đã gửi: PL2 Son Binh.xlsx (trong tệp nén bao-cao-xa.zip).")
    # it prints one A4 landscape page wide, narrow enough to stay readable (~80 %; it was 186 characters wide)
    first = wb[SHEET]
    assert first.page_setup.orientation == "landscape" and first.sheet_properties.pageSetUpPr.fitToPage
    assert sum(first.column_dimensions[chr(ord("A") + k)].width for k in range(9)) <= 170
    assert first.page_margins.left == 0.5 and first.page_margins.right == 0.4
    assert hashlib.sha256(bundle.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in returns.iterdir()) == ["bao-cao-xa.zip"]

    # the command line does the same, and the copy is not read back as a return
    out = tmp_path / "tra-lai-cli"
    run = CliRunner().invoke(app, ["validate", str(returns), "--annotate", str(out)], terminal_width=160)
    assert run.exit_code == 1, run.output
    assert sorted(p.name for p in out.glob("*.xlsx")) == ["22726_PL2 Son Binh_kiem-tra.xlsx"]
    assert hashlib.sha256(bundle.read_bytes()).hexdigest() == before
    # the unit fixes the copy and sends it back as a plain workbook: clean
    fixed = openpyxl.load_workbook(out / "22726_PL2 Son Binh_kiem-tra.xlsx")
    fixed[sheet][ref] = openpyxl.load_workbook(clean["22726"])[sheet][ref].value
    back = tmp_path / "lan-2" / "22726_PL2 Son Binh_kiem-tra.xlsx"
    back.parent.mkdir()
    save_as_office(fixed, back, dt.datetime(2020, 6, 2, 9, 30))
    (again,) = validate_paths(SCHEMA, [back], workers=1).files
    assert again.unit == "22726" and again.findings == []


def test_a_merged_range_over_inputs_is_marked_on_its_first_cell_and_the_others_still_get_copies(clean, tmp_path):
    """A merged range hides input cells (o-gop): openpyxl can't comment the hidden cells, so the finding goes on
    the range's first cell; no error of one workbook stops the other copies."""
    sheet, ref = cell_of("22726", "s3_pakn_tiep_nhan", "y2019")
    other_sheet, other_ref = cell_of("22726", "s3_pakn_tiep_nhan", "y2018")
    assert sheet == other_sheet
    folder = tmp_path / "in"
    folder.mkdir()
    wb = openpyxl.load_workbook(clean["22726"])
    first, last = sorted([ref, other_ref], key=lambda r: openpyxl.utils.cell.coordinate_to_tuple(r)[1])
    wb[sheet].merge_cells(f"{first}:{last}")
    wb.save(folder / "gop-o.xlsx")
    shutil.copy(clean["TP"], folder / "tu-phap.xlsx")
    report = validate_paths(SCHEMA, [folder], workers=1)
    merged = next(r for r in report.files if r.name == "gop-o.xlsx")
    assert "o-gop" in {f.code for f in merged.findings}
    done = annotate_returns(report.files, tmp_path / "tra-lai", schema=SCHEMA)
    assert not done.left
    copy = openpyxl.load_workbook(next(p for p in done.written if "gop-o" in p.name))
    assert copy[sheet][first].comment is not None and "gộp" in copy[sheet][first].comment.text

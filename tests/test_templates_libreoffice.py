"""Generated templates in the real client: LibreOffice opens, prints and re-saves them intact."""

from __future__ import annotations

import zlib

import openpyxl
import pytest
from clerk import VALIDATION_TYPE, Slot, fill
from openpyxl.worksheet.cell_range import MultiCellRange
from python_calamine import CalamineWorkbook

from cchc_cli.generate import generate_templates
from cchc_cli.schema import load_schema
from cchc_cli.workbook.fingerprint import read_fingerprint

pytestmark = pytest.mark.office


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    schema = load_schema()
    out = tmp_path_factory.mktemp("bieu-mau")
    return schema, generate_templates(schema, out)


def clerk_value(slot: Slot) -> object:
    """What a clerk types, judged from what the sheet shows (unit of measure, sheet, labels)."""
    if slot.sheet.startswith("8."):
        return "Đạt"
    if slot.uom == "%":
        return 97.5
    if slot.uom == "x/0":
        return "x"
    if slot.uom == "Triệu đồng":
        return 125.5
    if not slot.uom:
        return "Tọa đàm, pa-nô, áp phích"
    n = zlib.crc32(f"{slot.row_label}|{slot.col_label}".encode()) % 300 + 20
    # Received and on-time counts of one year: on-time is a little smaller.
    return n - 5 if "đúng hẹn" in slot.row_label else n


def test_every_template_converts_to_pdf(generated, soffice, tmp_path):
    _, result = generated
    files = [p for _, p, _ in result.written]
    pdfs = soffice(files, "pdf", tmp_path / "pdf")
    assert len(pdfs) == 14
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 5_000, pdf.name


@pytest.mark.parametrize("code", ["VP", "NV", "22723"])
def test_filled_template_survives_libreoffice_round_trip(generated, soffice, tmp_path, code):
    schema, result = generated
    _, path, layout = next(w for w in result.written if w[0].code == code)
    filled = tmp_path / f"filled-{path.name}"
    typed = fill(path, filled, clerk_value)
    assert len(typed) == len(layout.cells("input"))

    (saved,) = soffice([filled], "xlsx", tmp_path / "lo")

    assert read_fingerprint(saved) == read_fingerprint(path) == layout.fingerprint()
    wb = openpyxl.load_workbook(saved)
    assert wb["_cchc"].sheet_state in ("hidden", "veryHidden")
    for (sheet, ref), value in typed.items():
        assert wb[sheet][ref].value == value, (sheet, ref)
    for sheet, cell in layout.cells("input"):
        ws = wb[sheet.name]
        assert not ws[cell.ref].protection.locked
        covering = [dv for dv in ws.data_validations.dataValidation if cell.ref in MultiCellRange(dv.sqref)]
        assert [dv.type for dv in covering] == [VALIDATION_TYPE[cell.kind]], (sheet.name, cell.ref)
        assert covering[0].error and covering[0].prompt
    for sheet in layout.sheets:
        assert wb[sheet.name].protection.sheet

    # LibreOffice computed the derived rates from the typed counts (formula cells keep their formulas).
    formulas = layout.cells("formula")
    if code == "NV":
        assert not formulas
        return
    cal = CalamineWorkbook.from_path(str(saved))
    for sheet, cell in formulas:
        ws = wb[sheet.name]
        assert str(ws[cell.ref].value).startswith("=IF(")
        rows = cal.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
        ind = schema.indicator_by_id[cell.indicator]
        num_row = next(c.row for c in sheet.cells if c.indicator == ind.derive.ratio.numerator)
        den_row = next(c.row for c in sheet.cells if c.indicator == ind.derive.ratio.denominator)
        num, den = rows[num_row][cell.col], rows[den_row][cell.col]
        assert rows[cell.row][cell.col] == pytest.approx(round(num / den * 100, 2))

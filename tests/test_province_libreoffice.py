"""The second campaign's returns, saved by the real client (LibreOffice), validate clean and merge the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from campaign import consistent_values, fill_unit

from cchc_cli.generate import generate_templates
from cchc_cli.merge.engine import build_master
from cchc_cli.schema import load_schema
from cchc_cli.validation.engine import validate_paths

pytestmark = pytest.mark.office
SCHEMA = load_schema(Path(__file__).resolve().parents[1] / "schemas" / "khanh-hoa-2025.yaml")


def test_libreoffice_saved_province_returns(tmp_path, soffice):
    written = generate_templates(SCHEMA, tmp_path / "mau", ["VPUB", "SNV", "22714"]).written
    filled = tmp_path / "openpyxl"
    filled.mkdir()
    for unit, template, _ in written:
        fill_unit(SCHEMA, template, filled / template.name, consistent_values(SCHEMA, unit.code, seed=11))
    saved = tmp_path / "libreoffice"
    soffice(sorted(filled.glob("*.xlsx")), "xlsx", saved)
    direct = validate_paths(SCHEMA, [filled], workers=1)
    through_lo = validate_paths(SCHEMA, [saved], workers=1)
    assert [f for r in through_lo.files for f in r.findings] == []
    assert sorted(r.unit for r in through_lo.files) == ["22714", "SNV", "VPUB"]
    a, b = build_master(SCHEMA, direct), build_master(SCHEMA, through_lo)
    assert {k: v.value for k, v in a.district.items()} == {k: v.value for k, v in b.district.items()}
    assert a.district[("s2_hs_tiep_nhan", "q4_2025")].value is not None

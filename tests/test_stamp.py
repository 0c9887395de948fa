"""Stamping a shared layout gives the same layout and the same bytes as building and rendering each unit alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_cli.schema import load_schema, load_schema_text
from cchc_cli.workbook.layout import build_layout
from cchc_cli.workbook.stamp import Stamper
from cchc_cli.workbook.writer import render_workbook

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.filterwarnings("ignore:.*limit of 255 characters:UserWarning")

# Names that change the bytes in other ways: XML escapes, a page-header "&", wrapping rows, a name equal to
# another text of the workbook (shared strings), a header past Excel's 255 characters.
TRICKY = {
    "22717": "Xã Thành Sơn & Sơn <Lâm>",
    "22720": "Xã " + "Sơn Lâm rất dài " * 8,
    "22723": "Phòng Nội vụ – UBND huyện Khánh Sơn",
    "22726": "Chỉ tiêu",
    "22729": "Xã " + "Sơn Trung " * 26,
    "22732": 'Xã "Ba Cụm" \\ Bắc',
    "22735": "Trang nhận diện biểu mẫu do cchc tạo – không sửa, không xóa.",
}


def _tricky_schema():
    text = (REPO / "schemas" / "khanh-son-2011-2020.yaml").read_text(encoding="utf-8")
    for code, name in TRICKY.items():
        start = text.index(f'{{code: "{code}", name: ')
        end = text.index(", short_name:", start)
        quoted = "'" + name.strip().replace("'", "''") + "'"
        text = text[:start] + f'{{code: "{code}", name: {quoted}' + text[end:]
    return load_schema_text(text, "tricky.yaml")


@pytest.mark.parametrize("which", ["khanh-son-2011-2020", "khanh-hoa-2025", "tricky"])
def test_stamped_equals_direct(which):
    schema = _tricky_schema() if which == "tricky" else load_schema(REPO / "schemas" / f"{which}.yaml")
    stamper = Stamper(schema)
    for unit in schema.units:
        direct = build_layout(schema, unit.code)
        stamped = stamper.layout(unit.code)
        assert stamped.sheets == direct.sheets and stamped.layout_hash == direct.layout_hash, unit.code
        assert stamped.fingerprint() == direct.fingerprint() and stamped.file_name == direct.file_name
        if direct.sheets:
            assert stamper.render(stamped) == render_workbook(direct, schema), unit.code


def test_communes_share_one_rendering():
    schema = load_schema()
    stamper = Stamper(schema)
    for code in sorted(schema.commune_units):
        stamper.render(stamper.layout(code))
    assert len(stamper._parts) == 1  # same rows, same name lengths' row heights: rendered once

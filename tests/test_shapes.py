"""Section shapes (cchc_cli.shapes): one module per shape, registered in one list, and the only code that
reads a section's shape.

The template, the structure check, the master, the Word tables and ``schema check`` ask ``shape_of(section)``;
a test here fails when one of them reads ``section.shape`` and branches on the word itself. A new shape (here
"newest year first", written as a module of this file) is one module added to ``SHAPES``: the schema accepts
its word, and templates, validation, the master and the Word table follow it with no other change.
"""

from __future__ import annotations

import ast
import importlib
import io
import pkgutil
from pathlib import Path

import openpyxl
import pytest
from campaign import consistent_values, fill_unit

import cchc_cli
import cchc_cli.shapes as shapes
from cchc_cli.errors import SchemaError
from cchc_cli.merge.engine import build_master
from cchc_cli.merge.model import MasterData
from cchc_cli.merge.workbook import SummarySheet, master_bytes
from cchc_cli.report.table_cells import TableSpec
from cchc_cli.report.tables import TableRef, build_table, goal_sections, section_tables, table_keys
from cchc_cli.schema import load_schema_text
from cchc_cli.schema.loader import default_schema_text
from cchc_cli.schema.model import Indicator, Schema, Section, Unit
from cchc_cli.shapes import years
from cchc_cli.shapes.base import Shape
from cchc_cli.validation.engine import validate_paths
from cchc_cli.workbook.layout import SheetLayout, build_layout
from cchc_cli.workbook.writer import render_workbook

PACKAGE = Path(cchc_cli.__file__).parent


def shape_reads(source: str) -> list[int]:
    """Lines of ``source`` that read a section's shape word: ``x.shape`` or ``getattr(x, "shape")``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Attribute) and node.attr == "shape") or (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "hasattr")
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value == "shape"
        ):
            lines.append(node.lineno)
    return sorted(lines)


def test_the_branch_detector_sees_a_branch_on_a_shape_word():
    assert shape_reads('if section.shape == "years":\n    pass\n') == [1]
    assert shape_reads('x = 1\nbuild = {"years": f}[getattr(section, "shape")]\n') == [2]
    assert shape_reads("builder = {'assessment': g}[s.shape]") == [1]
    assert shape_reads("shape_of(section).sheet(schema, unit, section, rows, own)\nself._shape(code)\n") == []


def test_no_consumer_branches_on_a_shape_word():
    """Only cchc_cli/shapes/ reads ``section.shape``; every other module asks ``shape_of``."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent == PACKAGE / "shapes":
            continue
        for line in shape_reads(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line}")
    assert offenders == []


def outline_shape_reads(source: str) -> list[int]:
    """Lines of a Jinja outline that read a section's shape (``s.shape``, ``s["shape"]``)."""
    from jinja2 import nodes

    from cchc_cli.report.template import make_env

    tree = make_env(PACKAGE).parse(source)
    found = [n.lineno for n in tree.find_all(nodes.Getattr) if n.attr == "shape"]
    found += [
        n.lineno for n in tree.find_all(nodes.Getitem) if isinstance(n.arg, nodes.Const) and n.arg.value == "shape"
    ]
    return sorted(found)


def test_the_bundled_outlines_ask_for_a_section_s_tables_not_its_shape():
    assert outline_shape_reads('x\n{% if s.shape == "periods_as_rows" %}{% endif %}') == [2]
    assert outline_shape_reads("{% if s['shape'] != 'assessment' %}{% endif %}") == [1]
    assert outline_shape_reads("{% for t in section_tables[s.id] %}{{ table(t.key) }}{% endfor %}") == []
    outlines = sorted((PACKAGE.parent / "templates").glob("*.j2"))
    assert len(outlines) >= 2
    offenders = [f"{p.name}:{line}" for p in outlines for line in outline_shape_reads(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_each_shape_module_is_registered_once_and_nothing_else_is():
    modules = [m.name for m in pkgutil.iter_modules([str(PACKAGE / "shapes")]) if m.name != "base"]
    declared = [importlib.import_module(f"cchc_cli.shapes.{name}").SHAPE for name in modules]
    assert sorted(s.word for s in declared) == sorted(s.word for s in shapes.SHAPES)
    assert all(any(s is d for d in declared) for s in shapes.SHAPES)
    assert list(shapes.registered()) == ["years", "periods_as_rows", "assessment"]
    # The bundled campaign uses every shape; each section gets the module its word names.
    schema = load_schema_text(default_schema_text()[1], "ks.yaml")
    assert {s.id: shapes.shape_of(s).word for s in schema.sections} == {
        **{f"s{n}": "years" for n in (1, 2, 3, 5, 6, 7)},
        "s4": "periods_as_rows",
        "s8": "assessment",
    }


def test_the_structure_check_and_word_tables_follow_the_shape():
    """What each shape answers for the bundled campaign: the key column of a sheet, the Word table keys."""
    schema = load_schema_text(default_schema_text()[1], "ks.yaml")
    from cchc_cli.validation.structure import key_col

    layout = build_layout(schema, "NV")
    by_section = {sh.section: key_col(schema, sh) for sh in layout.sheets}
    assert by_section[None] == 1  # the guide sheet
    assert by_section["s4"] == 0  # Giai đoạn
    assert by_section["s1"] == by_section["s8"] == 1  # Chỉ tiêu, Các mục tiêu cải cách
    s4 = next(sh for sh in layout.sheets if sh.section == "s4")
    assert {c.text for c in s4.cells if c.role == "header" and c.col == 0} == {"Giai đoạn"}
    assert table_keys(schema)[:5] == ["s1", "s2", "s3", "s4a", "s4b"]
    assert table_keys(schema)[5:8] == ["s5", "s6", "s7"] and "s8" in table_keys(schema)
    # What the outline gets: each section's tables with the sub-tables' titles, and the goals' section.
    s4 = schema.section_by_id["s4"]
    assert section_tables(s4) == [TableRef(t.id, t.title) for t in s4.tables] and len(s4.tables) == 2
    assert section_tables(schema.section_by_id["s1"]) == [TableRef("s1", "")]
    assert goal_sections(schema) == ["s8"]


def test_each_input_is_explained_by_the_ghi_chu_of_its_own_row():
    """The note key a shape gives an input (what the blank check reads) is the key of the Ghi chú cell on the
    input's row, in every shape."""
    schema = load_schema_text(default_schema_text()[1], "ks.yaml")
    seen = set()
    for unit in ("NV", "TCKH", schema.units[-1].code):
        for sheet in build_layout(schema, unit).sheets:
            notes = {c.key: c.row for c in sheet.cells if c.role == "note"}
            for c in sheet.cells:
                if c.role != "input" or sheet.section is None:
                    continue
                section = schema.section_by_id[sheet.section]
                key = shapes.shape_of(section).note_key(schema.indicator_by_id[c.indicator], c.period)
                assert notes.get(key) == c.row, (sheet.name, c.ref, key)
                seen.add(shapes.shape_of(section).word)
    assert seen == {"years", "periods_as_rows", "assessment"}


# ---- a new shape, as a module would write it ------------------------------------------------------------
def _newest_first(section: Section) -> Section:
    return section.model_copy(update={"periods": list(reversed(section.periods))})


def _sheet(schema: Schema, unit: Unit, section: Section, rows: list[Indicator], own: set[str]) -> SheetLayout:
    return years.sheet(schema, unit, _newest_first(section), rows, own)


def _write_master(out: SummarySheet, section: Section, row: int) -> int:
    return years.write_master(out, _newest_first(section), row)


def _word_table(master: MasterData, section: Section, key: str) -> TableSpec:
    return years.word_table(master, _newest_first(section), key)


NEWEST_FIRST = Shape(
    word="years_newest_first",
    name="năm mới nhất trước",
    tables=False,
    goals=False,
    key_col=1,
    note_key=years.SHAPE.note_key,
    sheet=_sheet,
    master_width=years.master_width,
    write_master=_write_master,
    table_keys=years.SHAPE.table_keys,
    word_table=_word_table,
)


def test_a_new_shape_is_one_module_registered_in_one_list(tmp_path, monkeypatch):
    text = default_schema_text()[1]
    section_1 = "    sheet: 1. Chỉ đạo điều hành\n    shape: years\n"
    assert section_1 in text
    text = text.replace(section_1, "    sheet: 1. Chỉ đạo điều hành\n    shape: years_newest_first\n")
    with pytest.raises(SchemaError) as refused:
        load_schema_text(text, "moi.yaml")
    assert "«years_newest_first» (chấp nhận: years, periods_as_rows hoặc assessment)" in str(refused.value.problems)

    monkeypatch.setattr(shapes, "SHAPES", (*shapes.SHAPES, NEWEST_FIRST))
    schema = load_schema_text(text, "moi.yaml")
    s1 = schema.section_by_id["s1"]
    assert shapes.shape_of(s1) is NEWEST_FIRST
    labels = [p.label for p in schema.section_periods(s1)]

    # The template: the periods' columns newest first; a clerk fills them by their headers.
    units = [u.code for u in schema.units if any(sh.section == "s1" for sh in build_layout(schema, u.code).sheets)]
    assert "NV" in units
    for code in units:
        layout = build_layout(schema, code)
        sheet = next(sh for sh in layout.sheets if sh.section == "s1")
        header = [c.text for c in sorted(sheet.cells, key=lambda c: c.col) if c.role == "header"]
        assert header[3:-1] == labels[::-1]
        blank = tmp_path / "blank" / layout.file_name
        blank.parent.mkdir(exist_ok=True)
        (tmp_path / "nop").mkdir(exist_ok=True)
        blank.write_bytes(render_workbook(layout, schema))
        fill_unit(schema, blank, tmp_path / "nop" / layout.file_name, consistent_values(schema, code, seed=3))

    # Validation reads the cells the new shape laid out: a clean return has no finding.
    report = validate_paths(schema, [tmp_path / "nop"])
    assert [f.code for f in report.findings] == []
    master = build_master(schema, report)
    typed = consistent_values(schema, "NV", seed=3)
    assert master.value("s1_vbcd", "y2015").value == typed[("s1_vbcd", "y2015")]
    assert master.value("s1_vbcd", "y2020").value == typed[("s1_vbcd", "y2020")]

    # The master's Tổng hợp sheet and the Word table put the newest period first too.
    ws = openpyxl.load_workbook(io.BytesIO(master_bytes(master)), read_only=True)["Tổng hợp"]
    rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    head = next(r for r in rows if r[0] == "STT")
    assert list(head[3 : 3 + len(labels)]) == labels[::-1]
    vbcd = next(r for r in rows if r[1] == schema.indicator_by_id["s1_vbcd"].text)
    assert vbcd[3] == typed[("s1_vbcd", "y2020")] and vbcd[3 + len(labels) - 1] == typed[("s1_vbcd", "y2015")]
    table = build_table(master, "s1")
    assert table.header[4:] == labels[::-1]

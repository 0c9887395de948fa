"""Property (issue 8 §5): one random mutation of a filled return — a cell value, a number format, a hidden
sheet, a deleted row, corrupted bytes — gives a finding or the exact value: never an exception, never a
different number in the master without a word."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from corpus import NV, M, add_style, edit_cell, inline_text, members, set_sheet_state, sheet_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from cchc_cli.merge.engine import build_master
from cchc_cli.reading.model import a1, parse_a1
from cchc_cli.schema import load_schema
from cchc_cli.validation.engine import FileResult, validate_paths
from cchc_cli.workbook.layout import build_layout

SCHEMA = load_schema()
LAYOUT = build_layout(SCHEMA, "NV")
INPUTS = [(s.name, c.ref, c.kind) for s in LAYOUT.sheets for c in s.cells if c.role == "input"]
SHEETS = [s.name for s in LAYOUT.sheets]
FORMATS = [
    "0%",
    "0.0%",
    "#,##0,",
    "0.0,,",
    "0.00",
    "@",
    "dd/mm/yyyy",
    "General",
    '#,##0 "đ"',
    "[Red]0",
    "h:mm",
    "[h]:mm:ss",
    "yyyy-mm-dd hh:mm",
    # what other writers use (tests/test_reading_writers.py)
    "[<1000]0;#,##0,",
    '[>=1000]#,##0,"K";0',
    "0.00E+00",
    "# ?/?",
    '_-* #,##0\\ "₫"_-;\\-* #,##0\\ "₫"_-;_-* "-"\\ "₫"_-;_-@_-',
    'General" tr"',
    "[ss]",
]
_CLEAN: dict[tuple[str, str], object] = {}


def _by_cell(result: FileResult) -> dict[tuple[str, str], object]:
    return {result.cells[k]: v for k, v in result.values.items()}


def _clean() -> dict[tuple[str, str], object]:
    if not _CLEAN:
        (r,) = validate_paths(SCHEMA, [NV], workers=1).files
        _CLEAN.update(_by_cell(r))
    return _CLEAN


def _delete_row(parts: dict[str, bytes], sheet: str, row: int) -> None:
    """Delete a row the way Excel does: its cells go, the rows below move up by one."""

    def edit(root: etree._Element) -> None:
        data = root.find(f"{M}sheetData")
        for r in list(data):
            n = int(r.get("r"))
            if n == row:
                data.remove(r)
            elif n > row:
                r.set("r", str(n - 1))
                for c in r:
                    pos = parse_a1(c.get("r"))
                    assert pos is not None
                    c.set("r", a1(pos[0] - 1, pos[1]))

    sheet_xml(parts, sheet, edit)


numbers = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1e300", "1e308", "-0", "0.985", "1e-9", "12.5", "83000000"]),
)
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)

mutation = st.one_of(
    st.tuples(st.just("number"), st.sampled_from(INPUTS), numbers),
    st.tuples(st.just("text"), st.sampled_from(INPUTS), texts),
    st.tuples(st.just("format"), st.sampled_from(INPUTS), st.sampled_from(FORMATS)),
    st.tuples(st.just("hide"), st.sampled_from(SHEETS), st.sampled_from(["hidden", "veryHidden"])),
    st.tuples(st.just("delete-row"), st.sampled_from(SHEETS), st.integers(min_value=1, max_value=30)),
    st.tuples(st.just("bytes"), st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=255)),
)


def _apply(m: tuple, path: Path) -> tuple[str, str] | None:
    """Write the mutated return to ``path``; the (sheet, A1) of the one cell changed, if one was."""
    kind = m[0]
    if kind == "bytes":
        raw = bytearray(NV.read_bytes())
        raw[m[1] % len(raw)] ^= m[2]
        path.write_bytes(bytes(raw))
        return None
    _, parts = members(NV)
    where = None
    if kind == "number":
        (sheet, ref, _), text = m[1], m[2]
        edit_cell(parts, sheet, ref, value=text, t="n", keep_value=False)
        where = (sheet, ref)
    elif kind == "text":
        (sheet, ref, _), text = m[1], m[2]
        text = _typeable(text)
        inline_text(parts, sheet, ref, text)
        where = (sheet, ref)
    elif kind == "format":
        (sheet, ref, _), code = m[1], m[2]
        edit_cell(parts, sheet, ref, style=add_style(parts, code))
        where = (sheet, ref)
    elif kind == "hide":
        set_sheet_state(parts, m[1], m[2])
    elif kind == "delete-row":
        _delete_row(parts, m[1], m[2])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    path.write_bytes(buf.getvalue())
    return where


KINDS = {(sheet, ref): kind for sheet, ref, kind in INPUTS}
NUMERIC = {"count", "money", "percent"}


def _typeable(text: str) -> str:
    """What a person can type into a cell: no control characters but tab and line break."""
    return "".join(ch for ch in text if ch.isprintable() or ch in "\t\n")


def _typed_number(text: str) -> float:
    """A number typed as text the Vietnamese way ("1.234", "98,5", "1 234")."""
    body = text.strip().removesuffix("%").strip().replace(" ", "").replace("\u00a0", "")
    return float(body.replace(".", "").replace(",", ".")) if "," in body or body.count(".") != 1 else float(body)


def _exact(text: str) -> object:
    """The number a person sees for a number typed in a General cell."""
    x = float(text)
    return int(x) if x.is_integer() else x


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(m=mutation)
def test_one_mutation_gives_a_finding_or_the_exact_value(m: tuple, tmp_path: Path) -> None:
    path = tmp_path / "PL2_NV.xlsx"
    changed = _apply(m, path)
    report = validate_paths(SCHEMA, [path], workers=1)  # never raises
    (result,) = report.files
    bugs = [f.message for f in result.findings if "lỗi không lường trước" in f.message]
    assert bugs == []  # an exception caught by the file isolation is still a bug in the reader or a check
    master = build_master(SCHEMA, report)  # never raises
    merged = master.by_unit.get("NV")
    if merged is None:
        return  # refused (with findings): nothing of this file reached the master
    assert result.read
    clean = _clean()
    flagged = {(f.sheet, f.cell) for f in result.findings}
    for key, value in merged.items():
        where = result.cells[key]
        if value == clean.get(where) or where in flagged:
            continue
        # The only other right outcome: the mutated cell, read as exactly what was typed.
        assert where == changed, (m, where, value, clean.get(where))
        if KINDS[where] not in NUMERIC:
            continue  # a text, flag or grade cell holds what was typed (normalised): not a number
        if m[0] == "number":
            assert value == _exact(m[2]), (m, value)
        else:
            assert value == _typed_number(_typeable(m[2])), (m, value)

"""The check registry: one catalogue, each code one severity and one declaring check; the engine runs the lists.

Static tests read the package's source (every literal code passed to make(), Parsed(…) and Unreadable(…)
is catalogued and declared by the check that emits it); dynamic tests validate the bundled example returns
and assert every code that comes out is in the campaign's catalogue with its one severity.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import cchc_cli
from cchc_cli.merge.engine import build_master
from cchc_cli.schema import load_schema
from cchc_cli.schema.model import ValueKind
from cchc_cli.validation import checks, engine
from cchc_cli.validation.checks import (
    CROSS_FILE,
    DISTRICT,
    FILE_LEVELS,
    Check,
    FileContext,
    all_checks,
    cell_values,
    declared_codes,
    open_workbook,
)
from cchc_cli.validation.engine import validate_paths
from cchc_cli.validation.findings import CATALOGUE, Finding, catalogue, make
from cchc_cli.validation.values import KINDS as PARSER_KINDS

SCHEMA = load_schema()
PACKAGE = Path(cchc_cli.__file__).parent
CAMPAIGN = Path(__file__).resolve().parents[1] / "examples" / "khanh-son-2020"
CODE_CALLS = {"make": 0, "Parsed": 1, "Unreadable": 0}  # function → position of the code argument


def _codes_in(path: Path) -> Iterator[tuple[str, int]]:
    """(code, line) of every literal code passed to make(), Parsed() or Unreadable() in a source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name not in CODE_CALLS or len(node.args) <= CODE_CALLS[name]:
            continue
        arg = node.args[CODE_CALLS[name]]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            yield arg.value, node.lineno


def test_every_literal_code_in_the_package_is_catalogued():
    found = {
        (p.relative_to(PACKAGE).as_posix(), line, code) for p in PACKAGE.rglob("*.py") for code, line in _codes_in(p)
    }
    assert len(found) > 30  # the scan sees the package's codes
    assert [f for f in found if f[2] not in CATALOGUE] == []


@pytest.mark.parametrize("check", all_checks(), ids=lambda c: c.name)
def test_each_check_module_emits_only_the_codes_it_declares(check: Check):
    module = PACKAGE / "validation" / "checks" / f"{check.name}.py"
    emitted = {code for code, _ in _codes_in(module)}
    assert emitted <= set(check.codes), (check.name, emitted - set(check.codes))


def test_parser_and_reader_codes_are_declared_by_their_checks():
    parsed = {code for code, _ in _codes_in(PACKAGE / "validation" / "values.py")}
    # codes that values.py picks from a table (not a literal argument) are declared too
    tree = ast.parse((PACKAGE / "validation" / "values.py").read_text(encoding="utf-8"))
    parsed |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value in CATALOGUE}
    assert parsed == set(cell_values.CODES)
    assert {code for code, _ in _codes_in(PACKAGE / "validation" / "reader.py")} <= set(open_workbook.CODES)


def test_every_catalogue_code_is_declared_by_exactly_one_check():
    owners: dict[str, list[str]] = {}
    for check in all_checks():
        for code in check.codes:
            owners.setdefault(code, []).append(check.name)
    assert {c: o for c, o in owners.items() if len(o) > 1} == {}
    assert set(owners) == set(CATALOGUE)
    assert declared_codes()["khac-ban-truoc"] == "changed_values"


def test_each_code_has_one_severity_in_the_campaign_catalogue():
    codes = catalogue(SCHEMA)
    assert len(codes) == len(CATALOGUE) + len(SCHEMA.rules)  # no rule code collides with another code
    for rule in SCHEMA.rules:
        assert codes[rule.code].severity == rule.severity


def _assert_catalogued(findings: list[Finding]) -> set[str]:
    codes = catalogue(SCHEMA)
    wrong = [
        (f.file, f.code, f.severity) for f in findings if f.code not in codes or codes[f.code].severity != f.severity
    ]
    assert wrong == []
    return {f.code for f in findings}


def test_every_code_emitted_over_the_examples_is_catalogued_with_its_severity():
    faulty = validate_paths(SCHEMA, [CAMPAIGN / "loi"], workers=1)
    emitted = _assert_catalogued(faulty.findings)
    duplicates = validate_paths(SCHEMA, [CAMPAIGN / "nop-trung"], workers=1)
    emitted |= _assert_catalogued(duplicates.findings)
    emitted |= _assert_catalogued(build_master(SCHEMA, duplicates, include_errors=True).cross_findings)
    # the examples exercise most of the catalogue, every level included
    assert {"tep-rong", "sai-mau", "thieu-trang", "so-am", "nop-trung", "khac-ban-truoc"} <= emitted
    assert {"tong-khong-khop", "cbcc-vuot-bien-che"} <= emitted


def test_levels_run_in_order_and_a_new_check_runs_from_its_list(monkeypatch, tmp_path):
    ran: list[str] = []

    def spy(ctx: FileContext) -> Iterator[Finding]:
        ran.append(ctx.name)
        assert ctx.inputs and ctx.numbers  # the values were read before the value checks
        yield make("cong-thuc", **ctx.where(sheet="x", cell="A1", seen="1"))

    levels = tuple(
        (name, (*level, Check("spy", ("cong-thuc",), spy)) if name == "values" else level)
        for name, level in FILE_LEVELS
    )
    monkeypatch.setattr(engine, "FILE_LEVELS", levels)
    clean = sorted((CAMPAIGN / "bao-cao").glob("*.xlsx"))[0]  # a commune: no self-assessment to contradict
    shutil.copy(clean, tmp_path / clean.name)
    (result,) = validate_paths(SCHEMA, [tmp_path], workers=1).files
    assert ran == [clean.name]
    assert [(f.code, f.unit, f.sheet) for f in result.findings] == [("cong-thuc", result.unit, "x")]
    assert [name for name, _ in FILE_LEVELS] == ["readable", "identity", "structure", "values", "rules"]
    assert [c.name for c in CROSS_FILE] == ["duplicates", "changed_values"]
    assert [c.name for c in DISTRICT] == ["inconsistent_units", "district_rules", "self_assessment_district"]
    assert {"readable", "identity"} == checks.GATES


def test_a_structure_error_stops_only_the_damaged_sheet(tmp_path):
    (result,) = validate_paths(SCHEMA, [CAMPAIGN / "loi" / "thieu-trang.xlsx"], workers=1).files
    missing = "2. Cải cách thể chế"
    assert [(f.code, f.sheet) for f in result.findings] == [("thieu-trang", missing), ("chua-kiem-tra-trang", missing)]
    assert result.read and result.values  # the other sheets were read and checked
    assert not [k for k in result.values if SCHEMA.indicator_by_id[k[0]].section == "s2"]


def test_kinds_cover_the_parser_and_the_schema():
    from cchc_cli.kinds import SPECS

    assert set(SPECS) == PARSER_KINDS == {k.value for k in ValueKind} - {"heading"}

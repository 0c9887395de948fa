"""The bundled example campaign: clean returns validate clean; each planted mistake is found where expected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cchc_cli.cli import app
from cchc_cli.schema import load_schema
from cchc_cli.validation.engine import validate_paths

CAMPAIGN = Path(__file__).resolve().parents[1] / "examples" / "khanh-son-2020"
SCHEMA = load_schema()
EXPECTED = yaml.safe_load((CAMPAIGN / "loi" / "expected.yaml").read_text(encoding="utf-8"))["files"]
runner = CliRunner()


def test_clean_campaign_validates_clean():
    result = runner.invoke(app, ["validate", str(CAMPAIGN / "bao-cao")], terminal_width=120)
    assert result.exit_code == 0, result.output
    # The two warnings are the self-assessments the figures contradict (goals 7 and 10: "Đạt" at 89,3% and 96,1%).
    assert "Tổng cộng: 14 tệp, 0 tệp cần sửa, 0 lỗi, 2 cảnh báo." in result.stdout
    report = validate_paths(SCHEMA, [CAMPAIGN / "bao-cao"], workers=1)
    contradictions = sorted((f.unit, f.sheet, f.cell) for f in report.findings if f.code == "tu-danh-gia-khac-so-lieu")
    assert contradictions == [("VHTT", "8. Tự đánh giá mục tiêu", "C6"), ("VP", "8. Tự đánh giá mục tiêu", "C9")]
    assert [f.code for f in report.findings] == ["tu-danh-gia-khac-so-lieu"] * 2
    assert sorted(r.unit for r in report.files) == sorted(
        u.code for u in SCHEMA.units if u.code != "KTHT"
    )  # every unit with rows has sent its return


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if not e.get("skipped")))
def test_planted_mistake_found_at_expected_cell(name):
    expected = EXPECTED[name]
    report = validate_paths(SCHEMA, [CAMPAIGN / "loi" / name], workers=1)
    (result,) = report.files
    found = [(f.code, f.sheet, f.cell) for f in result.findings]
    wanted = [(e["code"], e.get("sheet"), e.get("cell")) for e in expected["findings"]]
    allowed = {e["code"] for e in expected.get("also_allowed", [])}
    for item in wanted:
        assert item in found, (name, found)
    extra = [f for f in result.findings if (f.code, f.sheet, f.cell) not in wanted and f.code not in allowed]
    assert not [f for f in extra if f.severity == "error"], (name, extra)
    if expected.get("unit"):
        assert result.unit == expected["unit"] or not result.opened


def test_lock_and_text_files_are_skipped():
    report = validate_paths(SCHEMA, [CAMPAIGN / "loi"], workers=1)
    skipped = {s.name for s in report.skipped}
    assert {n for n, e in EXPECTED.items() if e.get("skipped")} <= skipped
    assert not {r.name for r in report.files} & skipped


def test_duplicate_submission_folder():
    spec = yaml.safe_load((CAMPAIGN / "nop-trung" / "expected.yaml").read_text(encoding="utf-8"))
    report = validate_paths(SCHEMA, [CAMPAIGN / "nop-trung"], workers=1)
    newer = next(r for r in report.files if r.name == spec["files"]["newer"])
    older = next(r for r in report.files if r.name == spec["files"]["older"])
    assert older.superseded_by == newer.name and newer.superseded_by is None
    changes = sorted((f.sheet, f.cell) for f in newer.findings if f.code == "khac-ban-truoc")
    assert changes == sorted((e["sheet"], e["cell"]) for e in spec["findings"] if e["code"] == "khac-ban-truoc")

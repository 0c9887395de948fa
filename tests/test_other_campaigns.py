"""Campaigns other than the bundled ones (monthly, by half-year, a new unit kind mix) run through every command:
clean returns give no finding at all, and the merged figures are the oracle's. No code is written for them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from aggregation_oracle import expected
from campaign import consistent_values, fill_unit
from typer.testing import CliRunner

from cchc_cli.cli import app
from cchc_cli.merge.engine import build_master
from cchc_cli.schema import load_schema_text
from cchc_cli.validation.engine import validate_paths

REPO = Path(__file__).resolve().parents[1]
BASE = (REPO / "schemas" / "khanh-son-2011-2020.yaml").read_text(encoding="utf-8")
YEARS = "[y2015, y2016, y2017, y2018, y2019, y2020]"


def _with_periods(lines: list[str], ids: list[str]) -> str:
    """The bundled schema with its yearly periods replaced (the stages and the assessment stay); its targets,
    measured between named years, go with the years (targets are last in the file)."""
    text = re.sub(r"  - \{id: y20\d\d, [^\n]*\n", "", BASE.split("\ntargets:\n")[0] + "\n")
    text = text.replace("periods:\n", "periods:\n" + "".join(f"  - {line}\n" for line in lines), 1)
    return text.replace(YEARS, "[" + ", ".join(ids) + "]")


MONTHLY = _with_periods(
    [
        *(
            f"{{id: m{m:02d}, label: Tháng {m}/2025, kind: month, start: 2025-{m:02d}-01, end: 2025-{m:02d}-28}}"
            for m in range(1, 6)
        ),
        "{id: m06, label: Tháng 6/2025 (đến 14/6), kind: month, start: 2025-06-01, end: 2025-06-14, partial: true}",
    ],
    [f"m{m:02d}" for m in range(1, 7)],
)
HALF_YEARS = _with_periods(
    [
        "{id: h1_2024, label: 6 tháng đầu năm 2024, kind: half_year, start: 2024-01-01, end: 2024-06-30}",
        "{id: h2_2024, label: 6 tháng cuối năm 2024, kind: half-year, start: 2024-07-01, end: 2024-12-31}",
        "{id: h1_2025, label: 6 tháng đầu năm 2025 (đến 31/5), kind: half_year, start: 2025-01-01, "
        "end: 2025-05-31, partial: true}",
    ],
    ["h1_2024", "h2_2024", "h1_2025"],
)
CAMPAIGNS = {"hang-thang": MONTHLY, "sau-thang": HALF_YEARS}


@pytest.mark.parametrize("name", sorted(CAMPAIGNS))
def test_a_campaign_nobody_wrote_code_for(name, tmp_path, monkeypatch):
    text = CAMPAIGNS[name].replace("2020-04-29", "2024-01-02").replace("2020-06-01", "2025-06-20")
    text = text.replace("2020-06-20", "2025-06-30")
    schema = load_schema_text(text, f"{name}.yaml")
    source = tmp_path / f"{name}.yaml"
    source.write_text(text, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(tmp_path / "dot"), "--from", str(source)]).exit_code == 0
    monkeypatch.chdir(tmp_path / "dot")
    result = runner.invoke(app, ["generate-templates", "-q"])
    assert result.exit_code == 0, result.output
    templates = sorted(Path("bieu-mau").glob("*.xlsx"))
    assert len(templates) == 14
    for template in templates:
        code = template.name.split("_")[1]
        fill_unit(schema, template, Path("bao-cao-nhan") / template.name, consistent_values(schema, code, seed=5))
    import openpyxl

    ws = openpyxl.load_workbook(templates[0])["Hướng dẫn"]
    guide_lines = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    partial = next(p for p in schema.periods if p.partial)
    assert any(
        line.startswith(f"{partial.label}: số liệu ")
        and line.endswith(f"{partial.end.day}/{partial.end.month}/{partial.end.year}.")
        for line in guide_lines
    )

    result = runner.invoke(app, ["validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []
    assert runner.invoke(app, ["merge", "-q"]).exit_code == 0
    assert Path("tong-hop/tong-hop.xlsx").is_file()

    master = build_master(schema, validate_paths(schema, [Path("bao-cao-nhan")]))
    for ind in schema.indicators:
        if ind.kind.value == "heading":
            continue
        for per in schema.section_by_id[ind.section].periods:
            value, complete, _ = expected(schema, master.by_unit, ind.id, per)
            assert (master.district[(ind.id, per)].value, master.district[(ind.id, per)].complete) == (
                value,
                complete,
            ), (ind.id, per)

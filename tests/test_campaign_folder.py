"""The folder and the campaign: another campaign's returns, a folder with nothing usable (issue 9 §4)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from campaign import consistent_values, fill_unit
from typer.testing import CliRunner

from cchc_cli.cli import app
from cchc_cli.foreign import WrongCampaignError, check_campaign, foreign_campaign
from cchc_cli.generate import generate_templates
from cchc_cli.schema import load_schema
from cchc_cli.schema.loader import default_schema_text
from cchc_cli.validation.engine import validate_paths

SCHEMA = load_schema()
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "khanh-son-2020"
OTHER_ID = "cam-lam-cchc-2021-2025"
OTHER_TITLE = "Thống kê cải cách hành chính huyện Cam Lâm 2021–2025"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), terminal_width=200)


def other_schema_text() -> str:
    text = default_schema_text()[1]
    text = text.replace("id: khanh-son-cchc-2011-2020", f"id: {OTHER_ID}", 1)
    return text.replace(
        "  title: Thống kê các chỉ tiêu, nhiệm vụ về cải cách hành chính huyện Khánh Sơn qua các năm\n",
        f"  title: {OTHER_TITLE}\n",
        1,
    )


@pytest.fixture(scope="module")
def other_campaign(tmp_path_factory) -> Path:
    """A campaign folder of another district: schemas/cam-lam.yaml and bao-cao/ with three filled returns."""
    root = tmp_path_factory.mktemp("cam-lam")
    (root / "schemas").mkdir()
    schema_file = root / "schemas" / "cam-lam.yaml"
    schema_file.write_text(other_schema_text(), encoding="utf-8")
    other = load_schema(schema_file)
    assert other.meta.id == OTHER_ID
    written = generate_templates(other, root / "bieu-mau", ["NV", "TP", "22714"]).written
    (root / "bao-cao").mkdir()
    for unit, template, _ in written:
        fill_unit(other, template, root / "bao-cao" / f"PL2 {unit.code}.xlsx", consistent_values(other, unit.code))
    return root


def test_library_names_the_campaign_and_the_schema_next_to_the_folder(other_campaign):
    returns = other_campaign / "bao-cao"
    report = validate_paths(SCHEMA, [returns])
    found = foreign_campaign(SCHEMA, report, [returns])
    assert found is not None
    assert (found.schema_id, found.version) == (OTHER_ID, "1.0.0")
    assert sorted(found.files) == ["PL2 22714.xlsx", "PL2 NV.xlsx", "PL2 TP.xlsx"]
    assert found.match is not None and found.match.path == other_campaign / "schemas" / "cam-lam.yaml"
    assert found.match.title == OTHER_TITLE
    with pytest.raises(WrongCampaignError) as err:
        check_campaign(SCHEMA, report, [returns])
    assert err.value.exit_code == 2 and err.value.expected == SCHEMA.meta.id


@pytest.mark.parametrize("command", ["validate", "merge", "status"])
def test_wrong_campaign_is_one_line_exit_2_nothing_written(other_campaign, tmp_path, command):
    returns = other_campaign / "bao-cao"
    extra = {
        "validate": ["--annotate", str(tmp_path / "tra-lai")],
        "merge": ["--out", str(tmp_path / "tong-hop")],
        "status": [],
    }[command]
    result = invoke(command, str(returns), *extra)
    assert result.exit_code == 2, result.output
    schema_path = other_campaign / "schemas" / "cam-lam.yaml"
    assert result.stderr == (
        f"Lỗi: 3 tệp báo cáo là biểu mẫu của đợt báo cáo khác: «{OTHER_TITLE}» (mã {OTHER_ID}), "
        f"phiên bản 1.0.0, không phải đợt {SCHEMA.meta.id} đang dùng. Chạy lại với --schema {schema_path}. "
        "Chưa ghi tệp nào.\n"
    )
    assert result.stdout == ""  # no table blaming units, no finding
    assert list(tmp_path.iterdir()) == []
    # With the schema it names, the same folder is fine.
    again = invoke(command, str(returns), "--schema", str(schema_path), *extra)
    assert again.exit_code == 0, again.output


def test_wrong_campaign_without_a_schema_nearby(other_campaign, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    returns = tmp_path / "thu-muc"
    shutil.copytree(other_campaign / "bao-cao", returns)
    result = invoke("validate", str(returns), "--format", "json")
    assert result.exit_code == 2
    assert f"đợt báo cáo khác: mã {OTHER_ID}, phiên bản 1.0.0, không phải đợt" in result.stderr
    assert "Chạy lại với --schema <tệp lược đồ của đợt đó>." in result.stderr
    assert result.stdout == ""


def test_returns_of_the_bundled_campaign_run_with_another_schema(other_campaign, tmp_path, monkeypatch):
    """The reverse slip: Khánh Sơn returns checked with Cam Lâm's schema → run without --schema."""
    monkeypatch.chdir(tmp_path)  # no schemas/ folder around: the bundled schema is the match
    returns = tmp_path / "bao-cao"
    returns.mkdir()
    shutil.copy(EXAMPLES / "bao-cao" / "PL2_NV_Phong-Noi-vu.xlsx", returns)
    result = invoke("validate", str(returns), "--schema", str(other_campaign / "schemas" / "cam-lam.yaml"))
    assert result.exit_code == 2
    assert "(mã khanh-son-cchc-2011-2020)" in result.stderr
    assert "Chạy lại không có --schema (dùng lược đồ kèm theo cchc)." in result.stderr


def test_one_foreign_return_among_ours_stays_a_finding_of_that_file(other_campaign, tmp_path):
    returns = tmp_path / "bao-cao"
    returns.mkdir()
    shutil.copy(EXAMPLES / "bao-cao" / "Báo cáo CCHC - Phòng Tư pháp.xlsx", returns)
    shutil.copy(other_campaign / "bao-cao" / "PL2 NV.xlsx", returns)
    report = validate_paths(SCHEMA, [returns])
    assert foreign_campaign(SCHEMA, report, [returns]) is None
    result = invoke("validate", str(returns), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(f["file"], f["code"]) for f in data["findings"] if f["severity"] == "error"] == [
        ("PL2 NV.xlsx", "sai-mau")
    ]


def test_merge_with_nothing_usable_writes_nothing_exit_1(tmp_path):
    returns = tmp_path / "bao-cao"
    returns.mkdir()
    for name in ("so-am.xlsx", "tong-khong-khop.xlsx", "khong-doc-duoc.xlsx"):
        shutil.copy(EXAMPLES / "loi" / name, returns)
    out = tmp_path / "tong-hop"
    result = invoke("merge", str(returns), "--out", str(out))
    assert result.exit_code == 1, result.output
    assert not out.exists()
    assert result.stderr.startswith("Lỗi: không có báo cáo nào dùng được để tổng hợp (")
    assert "đơn vị nộp tệp còn lỗi" in result.stderr
    assert "chưa ghi tệp nào" in result.stderr and "--include-errors" in result.stderr
    assert result.stdout == ""


def test_merge_of_an_empty_folder_writes_nothing(tmp_path):
    returns = tmp_path / "bao-cao"
    returns.mkdir()
    (returns / "ghi-chu.txt").write_text("không phải bảng tính", encoding="utf-8")
    out = tmp_path / "tong-hop"
    result = invoke("merge", str(returns), "--out", str(out))
    assert result.exit_code == 2  # nothing could be opened: unreadable input, as for validate
    assert not out.exists()
    assert result.stderr.startswith("Lỗi: không có tệp báo cáo nào đọc được trong")


def test_status_in_a_campaign_whose_returns_folder_was_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Nothing received yet, as the page sees it: every unit to remind (the folder is made again), no error."""
    assert invoke("init", str(tmp_path / "dot"), "-q").exit_code == 0
    (tmp_path / "dot" / "bao-cao-nhan").rmdir()
    monkeypatch.chdir(tmp_path / "dot")
    result = invoke("status", "--format", "json")
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)["counts"]
    assert (counts["expected"], counts["missing"]) == (14, 14)
    assert (tmp_path / "dot" / "bao-cao-nhan").is_dir()

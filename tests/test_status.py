"""`cchc status`: states coloured, the contact of each unit to remind, ready-to-send reminders, JSON (§4)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from cchc_cli.cli import app
from cchc_cli.merge.engine import build_master
from cchc_cli.reminders import ERRORS, LATE, MISSING, UNUSABLE, reminder_text
from cchc_cli.report_console import print_follow_up
from cchc_cli.schema import load_schema
from cchc_cli.schema.loader import default_schema_text
from cchc_cli.status import SOURCE_REGISTRY, SOURCE_RETURN, build_status
from cchc_cli.validation.engine import validate_paths

SCHEMA = load_schema()
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "khanh-son-2020"
TODAY = dt.date(2020, 6, 5)  # after the deadline (01/6/2020)


@pytest.fixture(scope="module")
def returns(tmp_path_factory) -> Path:
    """The example campaign without Phòng Tư pháp's return, and a newer return of Phòng Nội vụ with an error."""
    folder = tmp_path_factory.mktemp("bao-cao")
    for f in (EXAMPLES / "bao-cao").glob("*.xlsx"):
        if f.name != "Báo cáo CCHC - Phòng Tư pháp.xlsx":
            shutil.copy(f, folder)
    shutil.copy(EXAMPLES / "loi" / "so-am.xlsx", folder)  # a unit's newer return, with a negative count
    return folder


def follow_up(returns: Path, schema=SCHEMA, today: dt.date = TODAY):
    report = validate_paths(schema, [returns])
    return build_status(build_master(schema, report), report, today=today), report


def by_code(status) -> dict:
    return {u.status.code: u for u in status.units}


def test_states_contacts_and_reminders(returns):
    status, report = follow_up(returns)
    units = by_code(status)
    tp = units["TP"]
    assert tp.states == [MISSING]
    assert tp.contact.source == "" and not tp.contact.known
    assert tp.reminder.startswith("Kính gửi Phòng Tư pháp.\n")
    assert "Phòng Nội vụ chưa nhận được báo cáo Phụ lục 2" in tp.reminder
    assert "Kế hoạch số 283/KH-UBND ngày 29/4/2020 của Ủy ban nhân dân huyện Khánh Sơn" in tp.reminder
    assert "Hạn gửi trước ngày 01/6/2020 đã qua" in tp.reminder and "sớm nhất có thể" in tp.reminder

    bad = next(u for u in status.units if ERRORS in u.states)
    source = next(r for r in report.files if r.name == "so-am.xlsx")
    assert bad.status.code == source.unit == "NV" and bad.status.file == "so-am.xlsx"
    assert bad.contact.source == SOURCE_RETURN
    assert bad.contact.person == source.contact["nguoi_lap"] and bad.contact.phone == source.contact["dien_thoai"]
    # Phòng Nội vụ collects the returns: it does not remind itself, it is told what to fix
    assert bad.reminder == ""
    assert bad.own_task.startswith("Phòng Nội vụ là nơi nhận báo cáo nên không cần lời nhắc")
    assert f"Tệp «so-am.xlsx» của Phòng Nội vụ còn {bad.status.errors} lỗi" in bad.own_task
    assert "Kính gửi" not in bad.own_task
    # the same state for another unit is a reminder
    other = reminder_text(
        SCHEMA, "TP", [ERRORS], person="A", file="so-am.xlsx", submitted=bad.status.submitted_at, errors=1, today=TODAY
    )
    assert other.startswith("Kính gửi đồng chí A – Phòng Tư pháp.\n")
    assert f"(tệp «so-am.xlsx» gửi lúc {bad.status.submitted_at:%H:%M}" in other
    assert "còn 1 lỗi cần sửa" in other and "bản có đánh dấu" in other

    late = units["22732"]  # Ba Cụm Bắc sent on 03/6/2020
    assert late.states == [LATE]
    assert "sau hạn (hạn gửi trước ngày 01/6/2020). Số liệu đã được tổng hợp" in late.reminder

    fine = [u for u in status.units if not u.states]
    assert fine and all(u.reminder == "" for u in fine)
    assert status.counts == {
        "expected": 14,
        "received": 13,
        "used": 12,
        "late": 1,
        "missing": 1,
        "with_errors": 1,
        "unusable": 0,
        "to_remind": 2,  # TP and Ba Cụm Bắc; not Phòng Nội vụ itself
    }


def test_registry_contact_when_no_return_gives_one(returns, tmp_path):
    text = default_schema_text()[1].replace(
        "  - {code: TP, name: Phòng Tư pháp, short_name: P. Tư pháp, kind: phong}",
        "  - {code: TP, name: Phòng Tư pháp, short_name: P. Tư pháp, kind: phong,"
        " contact: {person: Trần Văn An, phone: 0258 3869 999, email: an@example.vn}}",
    )
    assert "Trần Văn An" in text
    path = tmp_path / "luoc-do.yaml"
    path.write_text(text, encoding="utf-8")
    status, _ = follow_up(returns, load_schema(path))
    tp = by_code(status)["TP"]
    assert (tp.contact.person, tp.contact.phone, tp.contact.email) == ("Trần Văn An", "0258 3869 999", "an@example.vn")
    assert tp.contact.source == SOURCE_REGISTRY
    assert tp.reminder.startswith("Kính gửi đồng chí Trần Văn An – Phòng Tư pháp.\n")


def test_before_the_deadline_the_reminder_gives_the_deadline():
    text = reminder_text(SCHEMA, "TP", [MISSING], today=dt.date(2020, 5, 20))
    assert "Hạn gửi trước ngày 01/6/2020;" in text and "gửi lại Phòng Nội vụ trước ngày 01/6/2020." in text
    unusable = reminder_text(SCHEMA, "TP", [UNUSABLE], file="a.xlsx", today=dt.date(2020, 5, 20))
    assert "không đọc được hoặc không đúng biểu mẫu" in unusable and "«a.xlsx»" in unusable
    assert reminder_text(SCHEMA, "TP", [], today=TODAY) == ""


def test_cli_json_equals_the_library(returns):
    result = CliRunner().invoke(app, ["status", str(returns), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    today = dt.date.fromisoformat(data["today"])
    status, _ = follow_up(returns, today=today)
    assert data == status.to_dict()
    tp = next(u for u in data["units"] if u["unit"] == "TP")
    assert tp["states"] == ["chua-nop"] and tp["state_labels"] == ["chưa nộp"]
    assert tp["contact"] == {"person": "", "role": "", "phone": "", "email": "", "source": ""}
    assert data["subject"] == "Nhắc gửi báo cáo Phụ lục 2 – Kế hoạch số 283/KH-UBND"


def test_table_colours_each_state_and_prints_the_reminders(returns):
    status, _ = follow_up(returns)
    console = Console(record=True, width=200, force_terminal=True, color_system="standard", highlight=False)
    print_follow_up(console, status)
    ansi = console.export_text(styles=True, clear=False)
    plain = console.export_text()
    red, yellow, green = "\x1b[1;31mchưa nộp", "\x1b[33mnộp muộn", "\x1b[32mđã nộp, dùng được"
    assert red in ansi and yellow in ansi and green in ansi
    assert "\x1b[31mcó lỗi" in ansi
    bad = next(u for u in status.units if u.states == [ERRORS])
    assert f"Nhắc {bad.status.name}" not in plain  # Phòng Nội vụ: its own task instead
    assert "Việc của Phòng Nội vụ (nơi nhận báo cáo)" in plain and bad.own_task.split(". ")[1] in plain
    assert "Nhắc Xã Ba Cụm Bắc — Zalo/ĐT" in plain and "Nhắc Phòng Tư pháp" in plain
    assert "Tiêu đề thư: Nhắc gửi báo cáo Phụ lục 2" in plain
    for u in status.units:
        if u.reminder:
            assert u.reminder.splitlines()[1] in plain  # printed whole, not cut by the terminal width
    assert "13/14 đơn vị đã nộp, 12 dùng được để tổng hợp; 1 chưa nộp, 1 phải sửa, 1 nộp muộn." in plain


def test_cli_table_without_reminders(returns):
    result = CliRunner().invoke(app, ["status", str(returns), "--khong-loi-nhac"], terminal_width=160)
    assert result.exit_code == 0
    assert "Tình trạng nộp báo cáo (hạn trước ngày 01/6/2020)" in result.stdout
    assert "Kính gửi" not in result.stdout


def test_an_empty_folder_is_every_unit_to_remind(tmp_path):
    """The first morning of a campaign: nothing received yet, a reminder for each of the 13 other units and, for
    Phòng Nội vụ, what it fills in itself."""
    result = CliRunner().invoke(app, ["status", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"]["expected"] == 14 and data["counts"]["missing"] == 14 and data["counts"]["to_remind"] == 13
    assert all(u["states"] == ["chua-nop"] for u in data["units"])
    assert all(bool(u["reminder"]) == (u["unit"] != "NV") for u in data["units"])
    nv = next(u for u in data["units"] if u["unit"] == "NV")
    assert "điền biểu mẫu PL2_NV_Phong-Noi-vu.xlsx" in nv["own_task"] and "«1. Chỉ đạo điều hành»" in nv["own_task"]


def test_table_says_when_no_contact_is_known(returns):
    status, _ = follow_up(returns)
    console = Console(record=True, width=200, highlight=False)
    print_follow_up(console, status, reminders=False)
    text = console.export_text()
    line = next(x for x in text.splitlines() if "Phòng Tư pháp" in x)
    assert "chưa có (thêm contact cho đơn vị trong lược đồ)" in line and "[dim]" not in line


def test_the_collecting_office_is_named_in_its_own_words_in_another_campaign():
    """Sở Nội vụ (a province campaign) is not "phòng"; its own task names its template and sheets."""
    from cchc_cli.reminders import is_collector, own_return_text

    schema = load_schema(Path(__file__).resolve().parents[1] / "schemas" / "khanh-hoa-2025.yaml")
    code = schema.campaign.collector
    assert is_collector(schema, code) and not is_collector(schema, None)
    text = own_return_text(schema, code, [MISSING])
    assert text.startswith("Sở Nội vụ là nơi nhận báo cáo") and "phòng" not in text
    assert f"Chưa có báo cáo {schema.campaign.annex} của Sở Nội vụ: điền biểu mẫu BM01_SNV_" in text
    assert own_return_text(schema, code, [LATE]) == ""  # sent and usable: nothing left to do


def test_one_state_word_per_unit_for_the_page_and_the_legend():
    from cchc_cli.merge.model import UnitStatus
    from cchc_cli.status import STATE_MEANINGS, unit_state

    cases = {
        "chưa nộp": (UnitStatus("A", "a", received=False), True),
        "không dùng được": (UnitStatus("A", "a", received=True, errors=1), False),
        "có lỗi": (UnitStatus("A", "a", received=True, errors=2, warnings=1), True),
        "có cảnh báo": (UnitStatus("A", "a", received=True, used=True, warnings=3), True),
        "hợp lệ": (UnitStatus("A", "a", received=True, used=True), True),
    }
    assert {word: unit_state(s, readable=r) for word, (s, r) in cases.items()} == {w: w for w in cases}
    late = UnitStatus("A", "a", received=True, used=True, on_time=False)
    assert unit_state(late) == "hợp lệ"  # lateness is a flag beside the state, not a state of its own
    assert set(cases) <= {word for word, _ in STATE_MEANINGS}  # every word the page shows is explained


def test_a_return_of_no_known_unit_is_named_with_why(tmp_path):
    """A password-protected return: its unit shows «chưa nộp», so status names the file and why (table, JSON)."""
    folder = tmp_path / "nhan"
    folder.mkdir()
    shutil.copy(EXAMPLES / "loi" / "tep-ma-hoa.xlsx", folder / "PL2 Sơn Hiệp.xlsx")
    shutil.copy(EXAMPLES / "bao-cao" / "PL2_NV_Phong-Noi-vu.xlsx", folder)
    why = "Tệp được đặt mật khẩu mở (mã hóa) nên không đọc được"
    status, _ = follow_up(folder)
    assert status.unattributed == [("PL2 Sơn Hiệp.xlsx", why)]
    runner = CliRunner()
    data = json.loads(runner.invoke(app, ["status", str(folder), "--format", "json"]).stdout)
    assert data["unattributed"] == [{"file": "PL2 Sơn Hiệp.xlsx", "reason": why}]
    table = runner.invoke(app, ["status", str(folder), "--khong-loi-nhac"], terminal_width=300).output
    assert f"Tệp PL2 Sơn Hiệp.xlsx chưa biết của đơn vị nào, chưa dùng được. {why}." in table

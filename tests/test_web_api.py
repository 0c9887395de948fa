"""The facade (cchc_cli/api.py) and the `cchc giao-dien` command as started from a terminal."""

from __future__ import annotations

import datetime as dt
import http.client
import io
import os
import re
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from cchc_cli import api
from cchc_cli.schema import load_schema
from cchc_cli.validation.engine import ValidationReport

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "khanh-son-2020"


@pytest.fixture(scope="module")
def schema():  # type: ignore[no-untyped-def]
    return load_schema(None)


def test_templates_zip_is_what_generate_writes(schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = api.templates_zip(schema, ["cap_xa"])
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert len(names) == 16 and "PL2_22714_Thi-tran-To-Hap.xlsx" in names  # 8 workbooks, 8 Word outlines
    assert "DeCuong_22714_Thi-tran-To-Hap.docx" in names
    written = api.generate_into(schema, tmp_path, ["22714"])
    assert written.written[0][2].read_bytes() == zipfile.ZipFile(io.BytesIO(data)).read(
        "PL2_22714_Thi-tran-To-Hap.xlsx"
    )
    assert (tmp_path / "DeCuong_22714_Thi-tran-To-Hap.docx").read_bytes() == zipfile.ZipFile(io.BytesIO(data)).read(
        "DeCuong_22714_Thi-tran-To-Hap.docx"
    )
    assert api.templates_zip(schema) == api.templates_zip(schema)  # deterministic
    with pytest.raises(api.CchcError):
        api.templates_zip(schema, ["KHONG_CO"])


def test_check_bytes_gives_findings_annotated_copy_and_reminder(schema) -> None:  # type: ignore[no-untyped-def]
    checked = api.check_bytes(schema, "so-am.xlsx", (EXAMPLE / "loi" / "so-am.xlsx").read_bytes())
    assert [(f.code, f.sheet, f.cell) for f in checked.result.findings] == [("so-am", "1. Chỉ đạo điều hành", "G9")]
    assert checked.annotated is not None
    wb = openpyxl.load_workbook(io.BytesIO(checked.annotated))
    assert wb["1. Chỉ đạo điều hành"]["G9"].comment is not None
    assert checked.reminder.startswith("Kính gửi Phòng Nội vụ,")
    assert "ô G9" in checked.reminder and "Số âm (-7)" in checked.reminder
    clean = api.check_bytes(schema, "x.xlsx", (EXAMPLE / "bao-cao" / "PL2_NV_Phong-Noi-vu.xlsx").read_bytes())
    assert clean.result.findings == [] and clean.annotated is None and "hợp lệ" in clean.reminder
    assert "sau hạn" not in clean.reminder
    late = api.check_bytes(schema, "x.xlsx", (EXAMPLE / "bao-cao" / "PL2 Ba Cum Bac.xlsx").read_bytes())  # 03/6
    assert "báo cáo hợp lệ. Báo cáo gửi sau hạn (hạn gửi trước ngày 01/6/2020)" in late.reminder
    broken = api.check_bytes(schema, "hong.xlsx", b"not a workbook")
    assert broken.result.findings[0].severity == "error" and broken.annotated is None


def test_reminder_for_a_unit_that_has_not_sent(schema) -> None:  # type: ignore[no-untyped-def]
    """The page's reminder to a unit that sent nothing is `cchc status`'s (one wording, reminders.py)."""
    from cchc_cli.merge.engine import build_master
    from cchc_cli.status import build_status

    empty = ValidationReport([], [])
    text = api.missing_reminder(schema, empty, "22720", today=dt.date(2020, 5, 20))
    assert text.startswith("Kính gửi Xã Sơn Lâm.\nPhòng Nội vụ chưa nhận được báo cáo Phụ lục 2")
    assert "Hạn gửi trước ngày 01/6/2020;" in text and text.endswith("Trân trọng cảm ơn.\nPhòng Nội vụ")
    status = build_status(build_master(schema, empty), empty, today=dt.date(2020, 5, 20))
    assert text == next(u.reminder for u in status.units if u.status.code == "22720")
    late = api.missing_reminder(schema, None, "22720", today=dt.date(2020, 6, 2))
    assert "Hạn gửi trước ngày 01/6/2020 đã qua" in late
    assert api.reminder_text(schema, None, "Xã Sơn Lâm") == api.missing_reminder(schema, None, "22720")
    with pytest.raises(KeyError):
        api.reminder_text(schema, None, "Xã Không Có")


def test_master_and_draft_bytes(schema) -> None:  # type: ignore[no-untyped-def]
    report = api.validate_folder(schema, EXAMPLE / "bao-cao")
    xlsx, csv_data = api.master_files(schema, report)
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert "Tổng hợp" in wb.sheetnames
    assert csv_data.startswith("\ufeff".encode())
    draft = docx.Document(io.BytesIO(api.draft_bytes(schema, report, today=dt.date(2020, 6, 10))))
    assert any(p.text.strip() == "BÁO CÁO" for p in draft.paragraphs)
    assert draft.core_properties.created.date() == dt.date(2020, 6, 10)
    with pytest.raises(api.CchcError) as err:
        api.draft_bytes(schema, ValidationReport([], []))
    assert str(err.value) == (
        "không có báo cáo nào dùng được để dựng dự thảo (14/14 đơn vị chưa nộp); chưa ghi tệp nào. "
        f"Hãy {api.PAGE_NEXT_STEP}."
    )


def test_status_states(schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "nhan"
    folder.mkdir()
    for name in ("PL2 Ba Cum Bac.xlsx", "PL2_NV_Phong-Noi-vu.xlsx"):
        (folder / name).write_bytes((EXAMPLE / "bao-cao" / name).read_bytes())
    (folder / "ghi-chu.txt").write_text("x")
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04 broken")
    status = api.campaign_status(schema, api.validate_folder(schema, folder))
    states = {r.code: (r.state, r.late) for r in status.rows}
    assert states["22732"] == ("hợp lệ", True)
    assert states["NV"] == ("hợp lệ", False)
    assert states["22720"] == ("chưa nộp", False)
    assert status.count("chưa nộp") == 12
    assert ("ghi-chu.txt", "không phải tệp bảng tính") in status.other_files
    # why the file can't be used, as validate says it (the unit shows «chưa nộp»: the specialist must see it)
    assert ("hong.xlsx", "Không đọc được tệp bảng tính: tệp nén bị hỏng") in status.other_files
    assert api.validate_folder(schema, tmp_path / "khong-co").files == []


def test_write_new_never_overwrites(tmp_path: Path) -> None:
    first = api.write_new(tmp_path, "a.xlsx", b"1")
    second = api.write_new(tmp_path, "a.xlsx", b"2")
    assert (first.name, second.name) == ("a.xlsx", "a (2).xlsx")
    assert first.read_bytes() == b"1" and second.read_bytes() == b"2"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert api.safe_name("C:\\Users\\x\\Desktop\\Báo cáo.XLSX") == "Báo cáo.xlsx"
    assert api.safe_name("NUL.xlsx") == "_NUL.xlsx"
    assert api.safe_name("...") == "tep" and api.safe_name(".xlsx") == "tep.xlsx"


def test_giao_dien_serves_on_loopback_with_a_token(tmp_path: Path) -> None:
    """The command as a person runs it: prints the address, serves 127.0.0.1 only, refuses a request without
    the token, accepts the printed address."""
    cchc = Path(sys.executable).with_name("cchc")
    proc = subprocess.Popen(
        [str(cchc), "giao-dien", "--thu-muc", str(tmp_path), "--khong-mo-trinh-duyet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/\?t=(\S+)", line)
        assert match, line + (proc.stderr.read() if proc.stderr and proc.poll() is not None else "")
        port, token = int(match.group(1)), match.group(2)
        assert "đóng cửa sổ" in proc.stdout.readline()

        def get(path: str) -> http.client.HTTPResponse:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path)
            return conn.getresponse()

        assert get("/").status == 403
        ok = get(f"/?t={token}")
        assert ok.status == 303 and f"cchc_{port}={token}" in (ok.getheader("set-cookie") or "")
        import socket

        with socket.socket() as other, pytest.raises(OSError):
            other.settimeout(2)
            other.connect((_non_loopback_address(), port))
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _non_loopback_address() -> str:
    """An address of this machine that is not 127.0.0.1 (the server must not answer there)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            address = s.getsockname()[0]
        except OSError:
            address = "127.0.0.2"
    return address if not address.startswith("127.0.0.1") else "127.0.0.2"


def test_campaign_file_gives_the_page_its_schema_outline_and_folders(tmp_path: Path) -> None:
    """A folder with a campaign file (`cchc init`) takes its schema, outline and folder names from it, from any
    folder below it — the same resolver as the command line (campaign.find_campaign)."""
    root = tmp_path / "dot"
    (root / "con").mkdir(parents=True)
    (root / "cchc.yaml").write_text(
        "outline: de-cuong.md.j2\nfolders:\n  returns: nhan\n  returned: gui-lai\n", encoding="utf-8"
    )
    campaign = api.open_campaign(root / "con")
    assert campaign.root == root.resolve() and campaign.schema_path == root.resolve() / "luoc-do.yaml"
    assert campaign.outline == root.resolve() / "de-cuong.md.j2"
    assert campaign.folder("returns") == root.resolve() / "nhan"
    assert campaign.folder("annotated") == root.resolve() / "gui-lai"
    assert campaign.folder("master") == root.resolve() / "tong-hop"  # not named: the campaign module's default
    assert campaign.settings is not None and campaign.settings.settings.folders.returns == "nhan"
    outside = api.open_campaign(tmp_path)
    assert outside.schema_path is None  # outside: the bundled default
    names = [outside.folder(k).name for k in api.FOLDERS]
    assert names == ["bieu-mau", "bao-cao-nhan", "tra-lai", "tong-hop", "bao-cao"]


def test_narrative_column_uses_the_narrative_reader(schema, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Without the narrative library the column says "chưa hỗ trợ"; with it (a stand-in with issue 11's
    `collect_narratives` shape) a unit whose Word report was read shows "đã nhận"."""
    import types

    folder = tmp_path / "nhan"
    folder.mkdir()
    (folder / "nv.xlsx").write_bytes((EXAMPLE / "bao-cao" / "PL2_NV_Phong-Noi-vu.xlsx").read_bytes())
    report = api.validate_folder(schema, folder)
    monkeypatch.setitem(sys.modules, "cchc_cli.narrative.collect", None)  # import fails: not merged
    assert {r.narrative for r in api.campaign_status(schema, report).rows} == {"chưa hỗ trợ"}

    class Found:
        def __init__(self) -> None:
            self.narratives = [
                types.SimpleNamespace(unit=schema.unit_by_code["TP"], path=folder / "tp.docx", used=True),
                types.SimpleNamespace(unit=None, path=folder / "la.docx", used=True),
            ]

    module = types.ModuleType("cchc_cli.narrative.collect")
    module.collect_narratives = lambda schema, paths, schema_path=None: Found()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cchc_cli.narrative.collect", module)
    assert api.narratives_supported()
    found = api.narrative_units(schema, folder)
    assert found == {"TP": "tp.docx"}
    rows = {r.code: r.narrative for r in api.campaign_status(schema, report, found).rows}
    assert rows["TP"] == "đã nhận" and rows["NV"] == "chưa nhận"


def test_reminder_leaves_out_what_is_between_two_returns(schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two returns of one unit are the specialist's to sort out: the unit's message names only its own mistakes."""
    folder = tmp_path / "nhan"
    folder.mkdir()
    for src in (EXAMPLE / "bao-cao" / "PL2_NV_Phong-Noi-vu.xlsx", EXAMPLE / "loi" / "so-am.xlsx"):
        (folder / src.name).write_bytes(src.read_bytes())
    report = api.validate_folder(schema, folder)
    newest = next(r for r in report.files if r.name == "so-am.xlsx")
    assert {"so-am", "nop-trung"} <= {f.code for f in newest.findings}
    text = api.reminder_text(schema, newest, "Phòng Nội vụ")
    assert "Số âm (-7)" in text and "tệp của Phòng Nội vụ" not in text and "Giá trị khác giữa hai bản" not in text


def test_unit_page_of_a_unit_that_sent_nothing_shows_the_status_reminder(tmp_path: Path) -> None:
    """The page's unit screen uses api.missing_reminder: the reminder `cchc status` prints for that unit."""
    import html

    from starlette.testclient import TestClient

    from cchc_cli.web.app import create_app

    host = "127.0.0.1:8766"
    app = create_app(api.open_campaign(tmp_path), token="tk", hosts={host}, port=8766)
    client = TestClient(app, base_url=f"http://{host}")
    page = html.unescape(client.get("/don-vi/22720?t=tk").text)
    assert "Chưa nhận được báo cáo của đơn vị này." in page
    assert "Kính gửi Xã Sơn Lâm.\nPhòng Nội vụ chưa nhận được báo cáo Phụ lục 2" in page

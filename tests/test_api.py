"""The facade's jobs that the command line calls (cchc_cli/api.py): each returns what the CLI prints.

The CLI's own tests (test_cli.py, test_validate.py …) check the printed output; these check the values.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from cchc_cli import api
from cchc_cli.errors import EXIT_INVALID, CchcError, SchemaError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "khanh-son-2020"
NV = EXAMPLE / "bao-cao" / "PL2_NV_Phong-Noi-vu.xlsx"
WRONG = EXAMPLE / "loi" / "chu-thay-so.xlsx"  # Xã Sơn Lâm's return with words for a number (one error)
TO_HAP = EXAMPLE / "bao-cao" / "PL2_22714_Thi-tran-To-Hap.xlsx"


class Steps:
    """A front end's progress: the total it was told and the labels of the steps."""

    def __init__(self) -> None:
        self.totals: list[int] = []
        self.labels: list[str] = []

    def total(self, n: int) -> None:
        self.totals.append(n)

    def step(self, label: str) -> None:
        self.labels.append(label)


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> api.Created:
    """A campaign folder made by `cchc init` (bundled Khánh Sơn campaign), its working folders empty."""
    return api.init_campaign(tmp_path_factory.mktemp("dot") / "bao-cao-2020")


def _returns(campaign: api.Created, *sources: Path) -> Path:
    folder = campaign.folders["returns"]
    for old in folder.iterdir():
        old.unlink()
    for src in sources:
        shutil.copy(src, folder / src.name)
    return folder


def test_init_campaign_gives_the_folder_its_schema_and_working_folders(campaign: api.Created) -> None:
    root = campaign.folder.root
    assert (root / "cchc.yaml").is_file() and campaign.folder.schema_path == root / "luoc-do.yaml"
    assert {role: path.relative_to(root).as_posix() for role, path in campaign.folders.items()} == {
        "templates": "bieu-mau",
        "returns": "bao-cao-nhan",
        "returned": "tra-lai",
        "merged": "tong-hop",
        "report": "bao-cao",
    }
    assert all(path.is_dir() for path in campaign.folders.values())
    assert campaign.schema.meta.id == "khanh-son-cchc-2011-2020"
    assert campaign.campaign_line.startswith("Đợt báo cáo khanh-son-cchc-2011-2020: Kế hoạch số 283/KH-UBND")
    assert campaign.campaign_line.endswith(f" · thư mục {root}")
    with pytest.raises(CchcError):
        api.init_campaign(root)  # not empty: nothing overwritten


def test_locate_inside_below_and_outside_a_campaign_folder(campaign: api.Created, tmp_path: Path) -> None:
    root = campaign.folder.root
    here = api.locate(cwd=root / "bao-cao-nhan")
    assert here.folder is not None and here.folder.root == root
    assert here.schema_path == root / "luoc-do.yaml"
    assert here.path("merged", Path("tong-hop")) == root / "tong-hop"
    mine = tmp_path / "khac.yaml"
    shutil.copy(root / "luoc-do.yaml", mine)
    assert api.locate(mine, cwd=root).schema_path == mine  # --schema wins, the folders stay the campaign's
    assert api.locate(cwd=tmp_path).schema_path == mine.resolve()  # a schema lying in the folder: used
    elsewhere = tmp_path / "khac"
    elsewhere.mkdir()
    outside = api.locate(cwd=elsewhere)
    assert outside.folder is None and outside.schema_path is None
    assert outside.path("merged", Path("tong-hop")) == Path("tong-hop")
    with pytest.raises(CchcError, match="chưa chỉ tệp hoặc thư mục báo cáo"):
        api.returns_to_read(None, outside)
    assert api.returns_to_read(None, here) == [root / "bao-cao-nhan"]
    assert api.returns_to_read([tmp_path], here) == [tmp_path]


def test_locate_a_campaign_whose_schema_file_is_gone(tmp_path: Path) -> None:
    (tmp_path / "cchc.yaml").write_text("schema_file: mat.yaml\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="không tìm thấy tệp lược đồ"):
        api.locate(cwd=tmp_path)


def test_schema_info_names_the_folder_only_for_the_campaigns_schema(campaign: api.Created) -> None:
    root = campaign.folder.root
    info = api.schema_info(cwd=root)
    assert info.summary.schema_id == "khanh-son-cchc-2011-2020"
    assert info.summary.indicators >= info.summary.input_indicators > 0
    assert info.campaign_line.endswith(f" · thư mục {root}")
    given = api.schema_info(root / "luoc-do.yaml", cwd=root)
    assert "thư mục" not in given.campaign_line and given.summary == info.summary
    assert api.check_schema(None).summary == api.schema_info(cwd=Path("/")).summary


def test_generate_counts_then_writes_into_the_campaigns_templates_folder(campaign: api.Created) -> None:
    steps = Steps()
    done = api.generate(units=["NV", "cap_xa"], progress=steps.step, total=steps.total, cwd=campaign.folder.root)
    assert done.out == campaign.folders["templates"]
    written = sorted(path.name for _, path, _ in done.result.written)
    assert len(written) == 9 and "PL2_NV_Phong-Noi-vu.xlsx" in written
    assert "PL2_22714_Thi-tran-To-Hap.xlsx" in written
    assert steps.totals == [9] and len(steps.labels) == 9
    assert all((done.out / name).is_file() for name in written)
    with pytest.raises(CchcError):  # already there, no --force: nothing replaced
        api.generate(units=["NV"], cwd=campaign.folder.root)
    with pytest.raises(CchcError, match="XYZ"):
        api.generate(units=["XYZ"], cwd=campaign.folder.root)


def test_validate_reads_the_returns_folder_and_annotates(campaign: api.Created, tmp_path: Path) -> None:
    folder = _returns(campaign, NV, WRONG, EXAMPLE / "loi" / "ghi-chu.txt")
    steps = Steps()
    done = api.validate(annotate=tmp_path / "tra-lai", progress=steps.step, total=steps.total, cwd=folder)
    by_name = {r.name: r for r in done.report.files}
    assert set(by_name) == {NV.name, WRONG.name}
    assert [(f.code, f.sheet, f.cell) for f in by_name[WRONG.name].findings] == [
        ("chu-thay-so", "3. Cải cách TTHC", "F18")
    ]
    assert [s.name for s in done.report.skipped] == ["ghi-chu.txt"]
    assert steps.totals == [2] and len(steps.labels) == 2
    assert [p.parent for p in done.written] == [tmp_path / "tra-lai"] and len(done.written) == 1
    assert done.written[0].name.endswith("_kiem-tra.xlsx")
    assert done.not_annotated == [] and done.removed == []  # a clean return needs no copy
    payload = done.to_dict()
    assert payload == json.loads(json.dumps(payload)) and "narratives" not in payload
    assert {f["file"] for f in payload["files"]} == {NV.name, WRONG.name}


def test_validate_returns_refuses_no_readable_file_unless_empty_is_fine(campaign: api.Created, tmp_path: Path) -> None:
    empty = tmp_path / "rong"
    empty.mkdir()
    assert api.validate_returns(campaign.schema, [empty]).files == []
    with pytest.raises(CchcError, match="không có tệp báo cáo nào đọc được"):
        api.validate_returns(campaign.schema, [empty], empty_ok=False)
    steps = Steps()
    assert api.validate_folder(campaign.schema, tmp_path / "khong-co", total=steps.total).files == []
    assert steps.totals == [0]


def test_merge_writes_the_master_or_says_why_nothing_is_usable(campaign: api.Created, tmp_path: Path) -> None:
    folder = _returns(campaign, NV, TO_HAP)
    done = api.merge(cwd=folder)
    assert [p.name for p in done.outputs] == ["tong-hop.xlsx", "du-lieu.csv"]
    assert all(p.parent == campaign.folders["merged"] and p.is_file() for p in done.outputs)
    assert sorted(s.code for s in done.master.status if s.used) == ["22714", "NV"]
    assert "Tổng hợp" in openpyxl.load_workbook(done.outputs[0], read_only=True).sheetnames
    dry = api.merge([folder], out=tmp_path / "khong-ghi", dry_run=True, cwd=folder)
    assert dry.outputs == () and not (tmp_path / "khong-ghi").exists()
    with pytest.raises(CchcError):  # already there, no --force
        api.merge(cwd=folder)
    before = done.outputs[0].read_bytes()
    api.merge(cwd=folder, force=True)  # --force: the master before is kept in ban-cu/, whole
    (kept,) = (campaign.folders["merged"] / "ban-cu").glob("tong-hop-*.xlsx")
    assert kept.read_bytes() == before
    bad = _returns(campaign, WRONG)
    with pytest.raises(CchcError) as err:
        api.merge(cwd=bad, out=tmp_path / "th")
    assert err.value.exit_code == EXIT_INVALID
    assert str(err.value) == (  # 14 units report (of the 15 the schema names)
        "không có báo cáo nào dùng được để tổng hợp (13/14 đơn vị chưa nộp; 1 đơn vị nộp tệp còn lỗi); "
        "chưa ghi tệp nào. Hãy xem cchc validate để biết cần sửa gì, hoặc thêm --include-errors."
    )
    assert not (tmp_path / "th").exists()
    forced = api.merge(cwd=bad, out=tmp_path / "th", include_errors=True)
    assert [s.code for s in forced.master.status if s.used] == ["22720"]


def test_follow_up_on_the_first_day_and_after_returns(campaign: api.Created) -> None:
    folder = _returns(campaign)
    first = api.follow_up(cwd=folder, today=dt.date(2020, 5, 20))
    counts = first.status.counts
    assert counts["expected"] == counts["missing"] == 14
    assert all(u.states == ["chua-nop"] for u in first.status.units)
    assert first.regime_line is not None and "hạn gửi: 01/06/2020" in first.regime_line
    assert first.skipped == [] and first.narratives.narratives == []
    _returns(campaign, TO_HAP, WRONG)
    later = api.follow_up(cwd=folder, today=dt.date(2020, 6, 2))
    son_lam = next(u for u in later.status.units if u.status.code == "22720")
    assert son_lam.states == ["co-loi"] and "còn 1 lỗi" in son_lam.reminder
    assert later.to_dict()["counts"]["with_errors"] == 1
    outside = api.follow_up([folder], today=dt.date(2020, 6, 2), cwd=Path("/"))
    assert outside.regime_line is None and outside.status.counts == later.status.counts


def test_render_from_a_folder_of_returns(campaign: api.Created, tmp_path: Path) -> None:
    folder = _returns(campaign, NV, TO_HAP)
    steps = Steps()
    out = tmp_path / "bc.docx"
    done = api.render(folder, out=out, date=dt.date(2020, 6, 5), progress=steps.step, total=steps.total, cwd=folder)
    assert done.path == out and done.narratives is None and done.companion is None
    assert steps.totals == [2]
    doc = docx.Document(str(out))
    assert doc.tables[0].rows[1].cells[1].text == "Khánh Sơn, ngày 05 tháng 6 năm 2020"
    assert any(p.text == "DỰ THẢO" for p in doc.paragraphs)
    with pytest.raises(CchcError, match="không có tệp hoặc thư mục này"):
        api.render(tmp_path / "khong-co.xlsx", out=tmp_path / "x.docx", cwd=folder)
    with pytest.raises(CchcError, match="không có thư mục báo cáo thuyết minh"):
        api.render(folder, out=tmp_path / "y.docx", narratives_dir=tmp_path / "khong-co", cwd=folder)


def test_render_puts_the_units_word_reports_in(campaign: api.Created, tmp_path: Path) -> None:
    folder = _returns(campaign, NV, TO_HAP)
    done = api.render(
        folder, out=tmp_path / "bc.docx", narratives_dir=EXAMPLE / "thuyet-minh", cwd=campaign.folder.root
    )
    assert done.narratives is not None and done.narratives.narratives
    assert done.companion is not None and done.companion.is_file() and done.companion != done.path


def test_the_page_and_the_command_line_refuse_an_unusable_folder_alike(campaign: api.Created, tmp_path: Path) -> None:
    """One rule for "nothing usable" (usable_master): the page's merge says the same counts, its own next step."""
    folder = _returns(campaign, WRONG)
    report = api.validate_folder(campaign.schema, folder)
    with pytest.raises(CchcError) as err:
        api.merge_into(campaign.schema, report, tmp_path / "th")
    assert str(err.value) == (
        "không có báo cáo nào dùng được để tổng hợp (13/14 đơn vị chưa nộp; 1 đơn vị nộp tệp còn lỗi); "
        f"chưa ghi tệp nào. Hãy {api.PAGE_NEXT_STEP}."
    )
    assert not (tmp_path / "th").exists()
    master = api.usable_master(campaign.schema, report, "x", include_errors=True)
    assert list(master.by_unit) == ["22720"]


def test_the_page_and_the_command_line_find_the_same_campaign(campaign: api.Created, tmp_path: Path) -> None:
    """One resolver (the campaign module): open_campaign (the page) and locate (the CLI) agree on the schema
    and every working folder, from the campaign folder or one below it."""
    root = campaign.folder.root
    for start in (root, root / "bao-cao-nhan"):
        page, here = api.open_campaign(start), api.locate(cwd=start)
        assert page.schema_path == here.schema_path == root / "luoc-do.yaml"
        assert page.settings == here.folder
        for key, role in api.ROLES.items():
            assert page.folder(key) == api.working_folder(here, role) == campaign.folders[role]
    outside = api.locate(cwd=tmp_path)
    assert [api.working_folder(outside, r) for r in ("templates", "merged")] == [Path("bieu-mau"), Path("tong-hop")]


def test_a_schema_file_lying_in_the_folder_is_used_by_the_command_line_and_the_page(tmp_path: Path) -> None:
    """A copied luoc-do.yaml being edited, with no cchc.yaml: both ways in find it (not the bundled schema)."""
    from cchc_cli.schema.loader import default_schema_text

    folder = tmp_path / "dot-moi"
    folder.mkdir()
    text = default_schema_text()[1].replace("Khánh Sơn", "Khánh Vĩnh", 1)
    (folder / "luoc-do.yaml").write_text(text, encoding="utf-8")
    (folder / "so-lieu.yaml").write_text("values: {}\n", encoding="utf-8")  # a YAML that is no schema
    here = api.locate(cwd=folder)
    assert here.folder is None and here.schema_path == (folder / "luoc-do.yaml").resolve()
    assert api.open_campaign(folder).schema_path == here.schema_path
    assert api.locate(cwd=tmp_path).schema_path is None  # elsewhere: the bundled schema, as before


def test_the_campaign_file_signs_addresses_and_dates_the_draft(tmp_path: Path) -> None:
    """cchc.yaml's signer, recipients and report date reach the draft's closing block (command line and page);
    the units' Word reports in the returns folder are pulled in with no --narratives."""
    created = api.init_campaign(tmp_path / "dot")
    root = created.folder.root
    text = (root / "cchc.yaml").read_text(encoding="utf-8")
    text = text.replace("recipients: []", 'recipients: ["UBND tỉnh Khánh Hòa", "Sở Nội vụ tỉnh Khánh Hòa"]')
    text = text.replace('  title: ""', '  title: "KT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH"')
    text = text.replace('  name: ""', '  name: "Nguyễn Văn Ký"')
    text = text.replace('report_date: ""', "report_date: 2020-06-10")
    (root / "cchc.yaml").write_text(text, encoding="utf-8")
    folder = _returns(created, NV, TO_HAP)
    for doc in (EXAMPLE / "thuyet-minh").glob("*.docx"):
        shutil.copy(doc, folder / doc.name)
    merged = api.merge(cwd=root, dry_run=True)
    assert not [s for s in merged.skipped if s.name.endswith(".docx")]  # Word reports are not "skipped"
    status = api.campaign_status(merged.schema, merged.report, api.narrative_units(merged.schema, folder))
    assert not [name for name, _ in status.other_files if name.endswith(".docx")]
    done = api.render(folder, out=tmp_path / "bc.docx", cwd=root)
    drafted = api.campaign_draft(api.open_campaign(root), done.schema, api.validate_folder(done.schema, folder))
    page = drafted.path
    # the page writes the companion of the units' text beside its draft, as the command does
    assert drafted.companion == page.with_name(f"{page.stem}-noi-dung-don-vi.docx") and done.companion is not None
    gathered = [[p.text for p in docx.Document(str(c)).paragraphs] for c in (done.companion, drafted.companion)]
    assert gathered[0] == gathered[1] and gathered[0][0] == "TỔNG HỢP NỘI DUNG BÁO CÁO CỦA CÁC ĐƠN VỊ THEO ĐỀ CƯƠNG"
    again = api.campaign_draft(api.open_campaign(root), done.schema, api.validate_folder(done.schema, folder))
    assert again.path.name.endswith(" (2).docx") and again.companion == again.path.with_name(
        f"{again.path.stem}-noi-dung-don-vi.docx"
    )
    for path in (done.path, page):
        doc = docx.Document(str(path))
        texts = [p.text for p in doc.paragraphs] + [
            p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
        ]
        assert "Khánh Sơn, ngày 10 tháng 6 năm 2020" in texts
        assert {"KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Ký"} <= set(texts)
        assert [t for t in texts if t.startswith("- ") and ("Khánh Hòa" in t or t == "- Lưu: VT.")] == [
            "- UBND tỉnh Khánh Hòa;",
            "- Sở Nội vụ tỉnh Khánh Hòa;",
            "- Lưu: VT.",
        ]
        assert any(t.startswith("Theo báo cáo của") for t in texts)  # the units' own text, attributed

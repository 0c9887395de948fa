"""The local page (`cchc giao-dien`) through Starlette's test client: token, origin and host checks, uploads,
escaping, jobs. The browser test (real chromium) is tests/test_web_browser.py."""

from __future__ import annotations

import io
import os
import re
import shutil
import time
import zipfile
from pathlib import Path
from urllib.parse import quote

import docx
import openpyxl
import pytest
from starlette.testclient import TestClient

from cchc_cli import api
from cchc_cli.schema.loader import default_schema_text
from cchc_cli.web.app import create_app
from cchc_cli.web.security import cookie_name

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "khanh-son-2020"
RETURNS = EXAMPLE / "bao-cao"
TOKEN = "t0ken-for-tests"
PORT = 8765
HOST = f"127.0.0.1:{PORT}"


def make_client(folder: Path, *, login: bool = True) -> TestClient:
    app = create_app(api.open_campaign(folder), token=TOKEN, hosts={HOST, f"localhost:{PORT}"}, port=PORT)
    client = TestClient(app, base_url=f"http://{HOST}", follow_redirects=False)
    if login:
        r = client.get(f"/?t={TOKEN}")
        assert r.status_code == 303 and r.headers["location"] == "/"
        assert f"{cookie_name(PORT)}={TOKEN}" in r.headers["set-cookie"]
        assert "HttpOnly" in r.headers["set-cookie"] and "SameSite=Strict" in r.headers["set-cookie"]
    return client


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "dot-bao-cao"


@pytest.fixture
def client(folder: Path) -> TestClient:
    folder.mkdir()
    return make_client(folder)


def upload(client: TestClient, *files: tuple[str, bytes]) -> str:
    r = client.post("/nhan-bao-cao", files=[("tep", (name, data)) for name, data in files])
    assert r.status_code == 200, r.text
    return r.text


def wait_job(client: TestClient, location: str) -> dict:
    job_id = location.rsplit("/", 1)[1]
    for _ in range(600):
        state = client.get(f"/viec/{job_id}/trang-thai").json()
        if state["state"] in ("xong", "lỗi"):
            return state
        time.sleep(0.05)
    raise AssertionError("job did not finish")


# ---- who may use the page ----------------------------------------------------------------------------------


def test_without_token_every_page_is_refused(folder: Path) -> None:
    folder.mkdir()
    c = make_client(folder, login=False)
    for path in ("/", "/nhan-bao-cao", "/luoc-do", "/bieu-mau", "/tai-ve/bao-cao-nhan/x.xlsx"):
        r = c.get(path)
        assert r.status_code == 403, path
        assert "mã truy cập" in r.text
    assert c.get("/?t=wrong").status_code == 403
    assert c.post("/tong-hop").status_code == 403
    r = c.post("/nhan-bao-cao", files=[("tep", ("a.xlsx", b"PK"))])
    assert r.status_code == 403
    assert not (folder / "bao-cao-nhan").exists()


def test_another_origin_is_refused_even_with_the_cookie(client: TestClient, folder: Path) -> None:
    data = (RETURNS / "PL2_NV_Phong-Noi-vu.xlsx").read_bytes()
    files = [("tep", ("nv.xlsx", data))]
    r = client.post("/nhan-bao-cao", files=files, headers={"origin": "http://evil.example"})
    assert r.status_code == 403 and "trang web khác" in r.text
    r = client.post("/nhan-bao-cao", files=files, headers={"sec-fetch-site": "cross-site"})
    assert r.status_code == 403
    assert not (folder / "bao-cao-nhan").exists()
    # the page's own origin is accepted
    r = client.post("/nhan-bao-cao", files=files, headers={"origin": f"http://{HOST}", "sec-fetch-site": "same-origin"})
    assert r.status_code == 200
    assert (folder / "bao-cao-nhan" / "nv.xlsx").read_bytes() == data


def test_another_origin_without_the_token_is_refused(folder: Path) -> None:
    """A web page elsewhere that posts to the local page has neither the cookie nor the right origin."""
    folder.mkdir()
    c = make_client(folder, login=False)
    r = c.post("/tong-hop", headers={"origin": "http://evil.example", "sec-fetch-site": "cross-site"})
    assert r.status_code == 403
    r = c.get("/", headers={"origin": "http://evil.example", "sec-fetch-site": "cross-site"})
    assert r.status_code == 403
    assert not (folder / "tong-hop").exists()


def test_dns_rebinding_host_is_refused(client: TestClient) -> None:
    r = client.get("/", headers={"host": f"evil.example:{PORT}"})
    assert r.status_code == 403 and "127.0.0.1" in r.text
    r = client.get(f"/?t={TOKEN}", headers={"host": "attacker.test"})
    assert r.status_code == 403 and "set-cookie" not in r.headers
    assert client.get("/", headers={"host": f"localhost:{PORT}"}).status_code == 200


def test_static_files_need_no_token_but_the_right_host(folder: Path) -> None:
    folder.mkdir()
    c = make_client(folder, login=False)
    assert c.get("/static/style.css").status_code == 200
    assert c.get("/static/style.css", headers={"host": "evil.example"}).status_code == 403


# ---- uploads ------------------------------------------------------------------------------------------------


def test_upload_saves_checks_and_never_overwrites(client: TestClient, folder: Path) -> None:
    data = (RETURNS / "PL2_NV_Phong-Noi-vu.xlsx").read_bytes()
    page = upload(client, ("PL2_NV_Phong-Noi-vu.xlsx", data))
    assert "Phòng Nội vụ" in page and "hợp lệ" in page
    page = upload(client, ("PL2_NV_Phong-Noi-vu.xlsx", data))  # the same file again: not stored twice
    assert "đã nhận trước đó (cùng nội dung với PL2_NV_Phong-Noi-vu.xlsx), không lưu thêm" in page
    assert "Phòng Nội vụ" in page and "hợp lệ" in page
    other = (EXAMPLE / "loi" / "so-am.xlsx").read_bytes()  # another file under the same name
    page = upload(client, ("PL2_NV_Phong-Noi-vu.xlsx", other))
    assert "đã có tệp khác cùng tên nên lưu thành PL2_NV_Phong-Noi-vu (2).xlsx" in page
    saved = sorted(p.name for p in (folder / "bao-cao-nhan").iterdir())
    assert saved == ["PL2_NV_Phong-Noi-vu (2).xlsx", "PL2_NV_Phong-Noi-vu.xlsx"]
    assert (folder / "bao-cao-nhan" / "PL2_NV_Phong-Noi-vu.xlsx").read_bytes() == data


def test_upload_names_are_sanitised_and_stay_in_the_returns_folder(client: TestClient, folder: Path) -> None:
    a, b, c = (p.read_bytes() for p in sorted(RETURNS.iterdir())[:3])
    upload(client, ("../../thoat-ra.xlsx", a), ("..\\..\\con.xlsx", b), ("a<b>:c|?.xlsx", c))
    inside = sorted(p.name for p in (folder / "bao-cao-nhan").iterdir())
    assert inside == ["_con.xlsx", "a_b__c__.xlsx", "thoat-ra.xlsx"]
    assert not (folder.parent / "thoat-ra.xlsx").exists()
    assert [p.name for p in folder.iterdir()] == ["bao-cao-nhan"]


def test_upload_refuses_other_kinds_and_big_files(
    client: TestClient, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = upload(client, ("virus.exe", b"MZ"), ("ghi-chu.txt", b"abc"))
    assert page.count("không nhận loại tệp này") == 2
    monkeypatch.setattr(api, "MAX_UPLOAD_BYTES", 1000)
    page = upload(client, ("to.xlsx", b"x" * 2000))
    assert "tệp quá lớn" in page
    assert not any((folder / "bao-cao-nhan").glob("*")) if (folder / "bao-cao-nhan").exists() else True


def test_request_body_over_the_cap_is_refused(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc_cli.web import security

    monkeypatch.setattr(security, "MAX_BODY_BYTES", 10_000)
    r = client.post("/nhan-bao-cao", files=[("tep", ("a.xlsx", b"x" * 20_000))])
    assert r.status_code == 413


def test_a_zip_is_kept_whole_and_each_return_in_it_checked(client: TestClient, folder: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("bao cao/PL2 Ba Cum Bac.xlsx", (RETURNS / "PL2 Ba Cum Bac.xlsx").read_bytes())
        zf.writestr("Sơn Trung_Phụ lục 2.xlsx", (RETURNS / "Sơn Trung_Phụ lục 2.xlsx").read_bytes())
        zf.writestr("readme.txt", b"hello")
    page = upload(client, ("bao-cao-2-xa.zip", buf.getvalue()))
    assert "Xã Ba Cụm Bắc" in page and "Xã Sơn Trung" in page
    assert "bao-cao-2-xa.zip › " in page
    assert sorted(p.name for p in (folder / "bao-cao-nhan").iterdir()) == ["bao-cao-2-xa.zip"]
    page = upload(client, ("bao-cao-2-xa (1).zip", buf.getvalue()))  # downloaded again: nothing new is stored
    assert "đã nhận trước đó (cùng nội dung với bao-cao-2-xa.zip)" in page
    assert sorted(p.name for p in (folder / "bao-cao-nhan").iterdir()) == ["bao-cao-2-xa.zip"]
    rows = client.get("/").text
    assert "22732" in rows and rows.count("đã nộp – hợp lệ") == 2


# ---- what is shown ------------------------------------------------------------------------------------------


def test_overview_shows_every_unit_with_its_state(client: TestClient, folder: Path) -> None:
    upload(client, *[(p.name, p.read_bytes()) for p in sorted(RETURNS.iterdir())[:5]])
    upload(client, ("so-am.xlsx", (EXAMPLE / "loi" / "so-am.xlsx").read_bytes()))
    page = client.get("/").text
    rows = dict(re.findall(r'data-unit="([^"]+)">\s*<td>.*?</td>\s*<td><span class="badge \w+">([^<]+)</span>', page))
    assert len(rows) == 14
    assert rows["NV"] == "có lỗi"
    assert rows["22732"] == "đã nộp – hợp lệ"  # Ba Cụm Bắc, saved after the deadline
    assert "nộp muộn" in page.split('data-unit="22732"')[1].split("</tr>")[0]
    assert list(rows.values()).count("chưa nộp") == 14 - 6  # five clean returns and NV's faulty one
    assert "chưa hỗ trợ" in page or "chưa nhận" in page
    unit = client.get("/don-vi/NV").text
    assert "Số âm" in unit and "G9" in unit and "Tải bản đánh dấu" in unit
    # Phòng Nội vụ collects the returns: no reminder to itself, what it must fix instead
    assert "Kính gửi" not in unit and "<textarea" not in unit
    assert "Phòng Nội vụ là nơi nhận báo cáo nên không cần lời nhắc" in unit
    assert "«so-am.xlsx» của Phòng Nội vụ còn 1 lỗi" in unit
    assert "Kính gửi Văn phòng HĐND và UBND huyện" in client.get("/don-vi/VP").text  # not sent yet: a reminder


def test_legend_says_what_each_state_means_in_the_status_words(client: TestClient) -> None:
    from cchc_cli.reminders import LATE, MISSING, STATE_LABELS
    from cchc_cli.status import STATE_MEANINGS
    from cchc_cli.validation.report import STATUS_ERRORS, STATUS_OK, STATUS_UNUSABLE, STATUS_WARNINGS

    page = client.get("/").text
    legend = page.split('class="legend"', 1)[1].split("</dl>", 1)[0]
    shown = re.findall(r'<span class="badge (\w+)">([^<]+)</span></dt><dd>([^<]+)</dd>', legend)
    words = [STATE_LABELS[MISSING], STATUS_OK, STATUS_WARNINGS, STATUS_ERRORS, STATUS_UNUSABLE, STATE_LABELS[LATE]]
    assert [w for _, w, _ in shown] == words == [w for w, _ in STATE_MEANINGS]
    assert [c for c, _, _ in shown] == ["missing", "ok", "warn", "bad", "bad", "late"]
    assert all(meaning for _, _, meaning in shown)
    assert "chưa được tổng hợp" in dict((w, m) for _, w, m in shown)[STATUS_ERRORS]


def test_collecting_office_not_sent_is_told_what_to_fill_in(client: TestClient) -> None:
    page = client.get("/").text
    nv_row = page.split('data-unit="NV"', 1)[1].split("</tr>", 1)[0]
    assert "nơi nhận báo cáo" in nv_row and "Xem việc cần làm" in nv_row
    unit = client.get("/don-vi/NV").text
    assert "<textarea" not in unit and "Kính gửi" not in unit
    assert "điền biểu mẫu PL2_NV_Phong-Noi-vu.xlsx" in unit and "«1. Chỉ đạo điều hành» (14 chỉ tiêu)" in unit
    other = client.get("/don-vi/TP").text
    assert "<textarea" in other and "Kính gửi Phòng Tư pháp" in other


def test_header_names_the_campaign_and_shortens_the_folder(tmp_path: Path) -> None:
    deep = tmp_path / "Tài liệu" / "Năm 2020" / "Cải cách hành chính" / "bao-cao-cchc-2020"
    deep.mkdir(parents=True)
    page = make_client(deep).get("/").text
    header = page.split("<header>", 1)[1].split("</header>", 1)[0]
    assert "Kế hoạch số 283/KH-UBND – UBND huyện Khánh Sơn" in header
    assert f"Thư mục: …{os.sep}Cải cách hành chính{os.sep}bao-cao-cchc-2020<" in header
    assert f'title="Thư mục của đợt báo cáo: {deep.resolve()}"' in header
    assert str(deep.resolve()) not in header.replace(f'title="Thư mục của đợt báo cáo: {deep.resolve()}"', "")


def test_annotated_copy_download(client: TestClient) -> None:
    upload(client, ("so-am.xlsx", (EXAMPLE / "loi" / "so-am.xlsx").read_bytes()))
    r = client.get("/ban-danh-dau", params={"tep": "so-am.xlsx"})
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    assert "NV_so-am_kiem-tra.xlsx" in r.headers["content-disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames[0] == "Kết quả kiểm tra"
    texts = [str(v) for row in wb["Kết quả kiểm tra"].iter_rows(values_only=True) for v in row if v]
    assert any("Số âm (-7)" in t for t in texts)
    assert wb["1. Chỉ đạo điều hành"]["G9"].comment is not None
    assert client.get("/ban-danh-dau", params={"tep": "../../etc/passwd"}).status_code == 404


def test_a_return_inside_a_zip_gets_its_annotated_copy(client: TestClient, folder: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("so-am.xlsx", (EXAMPLE / "loi" / "so-am.xlsx").read_bytes())
        zf.writestr("PL2 Ba Cum Bac.xlsx", (RETURNS / "PL2 Ba Cum Bac.xlsx").read_bytes())
    page = upload(client, ("bao-cao-xa.zip", buf.getvalue()))
    name = "bao-cao-xa.zip › so-am.xlsx"
    link = f"/ban-danh-dau?tep={quote(name, safe='')}"
    assert page.count("Tải bản đánh dấu") == 1 and link in page
    assert link in client.get("/don-vi/NV").text
    r = client.get("/ban-danh-dau", params={"tep": name})
    assert r.status_code == 200
    assert "NV_so-am_kiem-tra.xlsx" in r.headers["content-disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames[0] == "Kết quả kiểm tra" and wb["1. Chỉ đạo điều hành"]["G9"].comment is not None
    assert "(trong tệp nén bao-cao-xa.zip)" in str(wb["Kết quả kiểm tra"]["A2"].value)
    assert (folder / "bao-cao-nhan" / "bao-cao-xa.zip").read_bytes() == buf.getvalue()  # the .zip untouched
    assert sorted(p.name for p in (folder / "bao-cao-nhan").iterdir()) == ["bao-cao-xa.zip"]


def test_downloads_stay_inside_the_campaign_folders(client: TestClient, folder: Path) -> None:
    (folder / "bi-mat.txt").write_text("secret")
    assert client.get("/tai-ve/bi-mat.txt").status_code == 404
    assert client.get("/tai-ve/../bi-mat.txt").status_code == 404
    assert client.get("/tai-ve/bao-cao-nhan/%2E%2E/bi-mat.txt").status_code == 404


def test_text_from_a_return_is_escaped(client: TestClient, tmp_path: Path) -> None:
    """A cell typed as <script> shows as text in the findings, never as markup."""
    wb = openpyxl.load_workbook(RETURNS / "PL2_22723_Xa-Son-Hiep (1).xlsx")
    wb["3. Cải cách TTHC"]["E15"] = "<script>alert('x')</script>"
    buf = io.BytesIO()
    wb.save(buf)
    page = upload(client, ("<b>son-hiep</b>.xlsx", buf.getvalue()))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<b>son-hiep" not in page
    unit = client.get("/don-vi/22723").text
    assert "<script>alert" not in unit and "&lt;script&gt;" in unit


def test_unit_name_from_the_schema_is_escaped(folder: Path) -> None:
    folder.mkdir()
    _, text = default_schema_text()
    assert "name: Xã Sơn Lâm" in text
    (folder / "luoc-do.yaml").write_text(text.replace("name: Xã Sơn Lâm", 'name: "Xã <script>x()</script>"'))
    c = make_client(folder)
    page = c.get("/").text
    assert "<script>x()" not in page and "Xã &lt;script&gt;x()&lt;/script&gt;" in page
    assert "luoc-do.yaml" in page


def test_schema_page_summary_and_problems(folder: Path) -> None:
    folder.mkdir()
    c = make_client(folder)
    page = c.get("/luoc-do").text
    assert "Lược đồ dùng được" in page and "Chỉ tiêu theo đơn vị" in page
    _, text = default_schema_text()
    (folder / "luoc-do.yaml").write_text(text.replace("collector: NV", "collector: KHONG_CO"))
    c = make_client(folder)
    page = c.get("/luoc-do").text
    assert "chỗ cần sửa" in page and "KHONG_CO" in page
    assert "Lược đồ của đợt báo cáo có lỗi" in c.get("/").text


def test_schema_problems_are_said_in_plain_words_with_the_key_as_a_hint(folder: Path) -> None:
    folder.mkdir()
    _, text = default_schema_text()
    start = text.index("indicators:\n")
    first_reporter = text.index("reporters: [", start) + len("reporters: [")
    mistakes = {  # a key misspelt (the file's shape), then names that point nowhere (its consistency)
        "shape": text.replace("  plan_number:", "  plan_numbr:", 1),
        "names": (text[:first_reporter] + "XYZ, " + text[first_reporter:]).replace("collector: NV", "collector: KHONG"),
    }
    said: dict[str, list[str]] = {}
    for kind, broken in mistakes.items():
        (folder / "luoc-do.yaml").write_text(broken, encoding="utf-8")
        c = make_client(folder)
        pages = (c.get("/luoc-do").text, c.get("/").text)
        lists = [
            [
                " ".join(re.sub(r"<[^>]+>", "", li.replace("<br>", " ")).split())
                for li in re.findall(r"<li>(.*?)</li>", p, re.S)
            ]
            for p in pages
        ]
        assert lists[0] == lists[1]  # the schema page and the overview say the same
        said[kind] = [s for s in lists[0] if s.startswith("Dòng ")]
    shape, names = said["shape"], said["names"]
    assert any(s.startswith("Dòng 27 · Thông tin đợt báo cáo, mục «số kế hoạch»: thiếu mục bắt buộc") for s in shape), (
        shape
    )
    assert any(
        "Thông tin đợt báo cáo, mục «plan_numbr»: mục này không có trong lược đồ (gõ nhầm tên?)" in s
        and s.endswith("Cho người sửa tệp: khóa campaign.plan_numbr, tệp luoc-do.yaml, dòng 31")
        for s in shape
    ), shape
    assert any(
        "Thông tin đợt báo cáo, mục «đơn vị nhận báo cáo»: đơn vị nhận báo cáo «KHONG» không có trong danh sách đơn vị"
        in s
        and "khóa campaign.collector" in s
        for s in names
    ), names
    assert any(
        "Chỉ tiêu thứ 1 «Số lượng văn bản chỉ đạo, điều hành» (mã s1_vbcd), đơn vị báo cáo thứ 1: " in s
        and "«XYZ» không có trong danh sách đơn vị và nhóm đơn vị" in s
        and "khóa indicators[0].reporters[0]" in s
        for s in names
    ), names
    # the key path is a hint after the sentence, not in it
    assert all(s.index("Cho người sửa tệp") > s.index(": ") for s in shape + names)


# ---- jobs ---------------------------------------------------------------------------------------------------


def test_templates_job_all_and_one(client: TestClient, folder: Path) -> None:
    r = client.post("/bieu-mau")
    assert r.status_code == 303
    state = wait_job(client, r.headers["location"])
    assert state["state"] == "xong", state
    assert state["done"] == state["total"] == 15
    url = state["links"][0]["url"]
    archive = zipfile.ZipFile(io.BytesIO(client.get(url).content))
    assert len(archive.namelist()) == 14 and "PL2_NV_Phong-Noi-vu.xlsx" in archive.namelist()
    r = client.post("/bieu-mau", data={"don_vi": "22714"})
    state = wait_job(client, r.headers["location"])
    assert state["links"][0]["url"].endswith("PL2_22714_Thi-tran-To-Hap.xlsx")
    assert client.get(r.headers["location"]).status_code == 200
    page = client.get("/bieu-mau").text
    assert page.count("Tạo lại") == 14  # every template is there now: a link to download it, a button to redo it
    assert client.get("/tai-ve/bieu-mau/PL2_22714_Thi-tran-To-Hap.xlsx").content.startswith(b"PK")


def test_merge_and_draft_jobs(client: TestClient, folder: Path) -> None:
    error = wait_job(client, client.post("/tong-hop").headers["location"])["error"]
    assert error.startswith("không có báo cáo nào dùng được để tổng hợp (14/14 đơn vị chưa nộp)")
    upload(client, *[(p.name, p.read_bytes()) for p in sorted(RETURNS.iterdir())])
    state = wait_job(client, client.post("/tong-hop").headers["location"])
    assert state["state"] == "xong", state
    assert "14/14" in state["message"]
    assert (folder / "tong-hop" / "tong-hop.xlsx").is_file()
    state = wait_job(client, client.post("/tong-hop").headers["location"])
    assert len(list((folder / "tong-hop" / "ban-cu").iterdir())) == 2  # the previous master is kept
    state = wait_job(client, client.post("/bao-cao").headers["location"])
    assert state["state"] == "xong", state
    drafts = list((folder / "bao-cao").glob("du-thao-bao-cao-*.docx"))
    assert len(drafts) == 1
    wait_job(client, client.post("/bao-cao").headers["location"])
    assert len(list((folder / "bao-cao").glob("du-thao-bao-cao-*.docx"))) == 2  # never overwritten
    page = client.get("/tong-hop").text
    assert "tong-hop.xlsx" in page and "du-thao-bao-cao-" in page


def test_draft_job_writes_the_units_text_beside_the_draft(client: TestClient, folder: Path) -> None:
    words = sorted((EXAMPLE / "thuyet-minh").glob("*.docx"))
    upload(client, *[(p.name, p.read_bytes()) for p in [*sorted(RETURNS.iterdir()), *words]])
    state = wait_job(client, client.post("/bao-cao").headers["location"])
    assert state["state"] == "xong", state
    texts = [link["text"] for link in state["links"]]
    assert texts[1].startswith("Tải tổng hợp nội dung các đơn vị (du-thao-bao-cao-")
    assert texts[1].endswith("-noi-dung-don-vi.docx)")
    gathered = client.get(state["links"][1]["url"])
    doc = docx.Document(io.BytesIO(gathered.content))
    assert doc.paragraphs[0].text == "TỔNG HỢP NỘI DUNG BÁO CÁO CỦA CÁC ĐƠN VỊ THEO ĐỀ CƯƠNG"
    assert len(list((folder / "bao-cao").glob("*-noi-dung-don-vi.docx"))) == 1


def test_campaign_folder_with_its_own_schema(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    shutil.copy(ROOT / "schemas" / "khanh-son-2011-2020.yaml", folder / "luoc-do.yaml")
    (folder / "ghi-chu.yaml").write_text("a: 1\n")
    campaign = api.open_campaign(folder)
    assert campaign.schema_path == (folder / "luoc-do.yaml").resolve()
    assert api.open_campaign(tmp_path).schema_path is None
    with pytest.raises(api.CampaignError):
        api.open_campaign(tmp_path / "khong-co")


def test_a_bug_shows_a_page_in_words(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder.mkdir()
    app = create_app(api.open_campaign(folder), token=TOKEN, hosts={HOST}, port=PORT)
    c = TestClient(app, base_url=f"http://{HOST}", follow_redirects=False, raise_server_exceptions=False)
    c.get(f"/?t={TOKEN}")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("<b>hỏng</b>")

    monkeypatch.setattr(api, "validate_folder", broken)
    r = c.get("/")
    assert r.status_code == 500
    assert "Lỗi không mong đợi (RuntimeError: &lt;b&gt;hỏng&lt;/b&gt;)" in r.text and "Traceback" not in r.text


def test_a_campaign_folder_made_by_cchc_init(tmp_path: Path) -> None:
    """`cchc init` writes cchc.yaml, the schema, the outline and the folders: the page works inside it."""
    from cchc_cli.campaign import init_campaign

    root = tmp_path / "dot-2020"
    init_campaign(root, "khanh-son-2011-2020")
    campaign = api.open_campaign(root)
    assert campaign.schema_path == root / "luoc-do.yaml"
    assert campaign.folder("returns") == root / "bao-cao-nhan" and campaign.folder("annotated") == root / "tra-lai"
    c = make_client(root)
    upload(c, *[(p.name, p.read_bytes()) for p in sorted(RETURNS.iterdir())])
    assert len(list((root / "bao-cao-nhan").iterdir())) == 14
    page = c.get("/").text
    # every unit submitted; two lead units' self-assessments disagree with their own figures (a warning)
    assert page.count("đã nộp – hợp lệ") == 12 and page.count("đã nộp – có cảnh báo") == 2
    assert "luoc-do.yaml" in page
    state = wait_job(c, c.post("/bao-cao").headers["location"])
    assert state["state"] == "xong", state
    assert len(list((root / "bao-cao").glob("du-thao-bao-cao-*.docx"))) == 1


def test_a_narrative_report_is_received_and_shown(client: TestClient, folder: Path) -> None:
    """A unit's Word report goes into the returns folder; the overview's narrative column names it received."""
    word = EXAMPLE / "thuyet-minh" / "Báo cáo tổng kết CCHC_Phòng Tư pháp.docx"
    page = upload(client, (word.name, word.read_bytes()))
    assert "báo cáo thuyết minh (Word): đã lưu" in page
    assert (folder / "bao-cao-nhan" / word.name).is_file()
    overview = client.get("/").text
    row = overview.split('data-unit="TP"')[1].split("</tr>")[0]
    assert "đã nhận" in row
    assert "đã nhận" not in overview.split('data-unit="NV"')[1].split("</tr>")[0]


def test_a_page_that_does_not_exist_is_said_in_vietnamese(client: TestClient) -> None:
    for url, method, status in (("/khong-co", "get", 404), ("/don-vi/", "get", 404), ("/bao-cao", "get", 405)):
        response = getattr(client, method)(url)
        assert response.status_code == status, url
        assert "Not Found" not in response.text and "Method Not Allowed" not in response.text
        assert ("Không có trang này" if status == 404 else "Trang này không mở theo cách đó") in response.text

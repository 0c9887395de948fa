"""Build the example campaign's returned workbooks from the data file.

Run:  .venv/bin/python examples/make_examples.py      (after examples/make_values.py, if the data changed)

1. Generates the templates with the product (``generate_templates``) into a temporary folder.
2. Fills each one the way a clerk would: reads the header row and the row labels (under their heading when a
   label repeats), types the values of examples/khanh-son-2020/so-lieu.yaml into the unlocked cells, and fills
   the contact cells of the "Hướng dẫn" sheet. Saves the returns under the names people give them
   (bao-cao/), some re-saved through LibreOffice so the set contains real-client files.
3. Plants one mistake per file in copies of clean returns (loi/) and writes loi/expected.yaml; writes a
   duplicate submission (nop-trung/) with its expected.yaml.
4. Reads every clean return back (python-calamine) and compares each input cell with so-lieu.yaml.

Deterministic: fixed data, fixed zip timestamps and document dates, fixed file modification times. Files that
went through LibreOffice (and the encrypted one) may differ byte-wise between runs; their content does not.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import yaml
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_cli.generate import generate_templates  # noqa: E402
from cchc_cli.schema.loader import load_schema  # noqa: E402
from cchc_cli.schema.model import Indicator, Schema  # noqa: E402
from cchc_cli.textutil import label_key  # noqa: E402
from cchc_cli.validation.findings import CATALOGUE  # noqa: E402
from cchc_cli.workbook.fingerprint import read_fingerprint  # noqa: E402
from cchc_cli.workbook.layout import CONTACT_FIELDS, FINGERPRINT_SHEET, GUIDE_SHEET  # noqa: E402

EXAMPLE = Path(__file__).resolve().parent / "khanh-son-2020"
DATA = EXAMPLE / "so-lieu.yaml"
BAO_CAO = EXAMPLE / "bao-cao"
LOI = EXAMPLE / "loi"
NOP_TRUNG = EXAMPLE / "nop-trung"
TZ = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh

# ------------------------------------------------------------------------------------------ the clean set
# unit → (file name as sent, when it was saved (UTC+7), re-saved through LibreOffice)
RETURNS: dict[str, tuple[str, str, bool]] = {
    "NV": ("PL2_NV_Phong-Noi-vu.xlsx", "2020-05-29 16:20", False),
    "TP": ("Báo cáo CCHC - Phòng Tư pháp.xlsx", "2020-05-27 10:05", True),
    "TCKH": ("PL2 (1).xlsx", "2020-05-25 09:40", False),
    "VHTT": ("Phong VHTT - bieu CCHC 2011-2020.xlsx", "2020-05-28 14:55", True),
    "VP": ("VP HĐND-UBND_Phụ lục 2_CCHC.xlsx", "2020-05-29 17:35", False),
    "TTVHTTTT": ("PL2_TTVHTTTT_Trung-tam-Van-hoa-Thong-tin-va-The-thao.xlsx", "2020-05-22 08:30", False),
    "22714": ("PL2_22714_Thi-tran-To-Hap.xlsx", "2020-05-26 15:10", False),
    "22717": ("Thanh Son - PL2.xlsx", "2020-05-25 11:20", False),
    "22720": ("BC CCHC xa Son Lam 2020.xlsx", "2020-05-27 16:45", True),
    "22723": ("PL2_22723_Xa-Son-Hiep (1).xlsx", "2020-05-28 09:05", False),
    "22726": ("bao cao xa Son Binh.xlsx", "2020-05-26 10:30", False),
    "22729": ("Sơn Trung_Phụ lục 2.xlsx", "2020-05-29 08:50", True),
    "22732": ("PL2 Ba Cum Bac.xlsx", "2020-06-03 10:15", False),  # after the 01/6/2020 deadline
    "22735": ("BaoCao_CCHC_BaCumNam.xlsx", "2020-05-28 15:25", True),
}
# Two clerks type a count as text with Vietnamese thousands grouping ("2.977"): valid, kept rare.
TEXT_NUMBERS = {("VP", "s3_hs_huyen_tiep_nhan", "y2019"), ("22714", "s3_hs_xa_tiep_nhan", "y2019")}
# A few Ghi chú that people write in clean returns.
NOTES = {
    ("VP", "s3_tthc_huyen"): "Theo các quyết định công bố TTHC của Chủ tịch UBND tỉnh",
    ("22729", "s3_hs_xa_tiep_nhan"): "Năm 2020 tính đến ngày 31/3/2020",
    ("NV", "s8_mt04"): "Kết quả khảo sát năm 2019: 86,4% hài lòng",
}


def when(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


def vi_grouped(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# ------------------------------------------------------------------------------------------ saving
def normalise_xlsx(data: bytes, saved: dt.datetime, author: str | None = None) -> bytes:
    """Fixed zip entry times and document dates, so a re-run writes the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = (
        saved.strftime("%Y-%m-%dT%H:%M:%SZ")
        if saved.tzinfo is None
        else (saved.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\g<2>", text)
                if author is not None:
                    text = re.sub(r"(<cp:lastModifiedBy>)[^<]*(</cp:lastModifiedBy>)", rf"\g<1>{author}\g<2>", text)
                body = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=saved.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body)
    return out.getvalue()


def workbook_bytes(wb: Workbook, saved: dt.datetime, author: str) -> bytes:
    wb.properties.lastModifiedBy = author
    buf = io.BytesIO()
    wb.save(buf)
    return normalise_xlsx(buf.getvalue(), saved, author)


def write(path: Path, data: bytes, mtime: dt.datetime) -> None:
    path.write_bytes(data)
    os.utime(path, (mtime.timestamp(), mtime.timestamp()))


def libreoffice_resave(items: list[tuple[Path, Path]], tmp: Path) -> None:
    """Open each source in LibreOffice and save it as .xlsx at its target (one soffice run for all)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to build the examples: make office")
    src_dir, out_dir, profile = tmp / "lo-in", tmp / "lo-out", tmp / "lo-profile"
    for d in (src_dir, out_dir, profile):
        d.mkdir(parents=True, exist_ok=True)
    names = []
    for k, (src, _) in enumerate(items):
        name = f"f{k:02d}.xlsx"
        shutil.copyfile(src, src_dir / name)
        names.append(name)
    cmd = [
        soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out_dir),
        *(str(src_dir / n) for n in names),
    ]  # fmt: skip
    env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp"}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env, check=False)
    for name, (_, target) in zip(names, items, strict=True):
        produced = out_dir / name
        if not produced.exists():
            raise SystemExit(f"soffice did not write {target.name}:\n{proc.stdout}\n{proc.stderr}")
        shutil.move(produced, target)


# ------------------------------------------------------------------------------------------ the clerk
@dataclass
class Filled:
    """A filled workbook and where each value went, as the clerk found it."""

    unit: str
    wb: Workbook
    cells: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (ind, period) → (sheet, A1)
    typed: dict[tuple[str, str], Any] = field(default_factory=dict)  # (sheet, A1) → value typed
    notes: dict[str, tuple[str, str]] = field(default_factory=dict)  # ind or "table:period" → Ghi chú cell
    contact: dict[str, tuple[str, str]] = field(default_factory=dict)  # field id → (sheet, A1)

    def ref(self, ind: str, period: str) -> tuple[str, str]:
        return self.cells[(ind, period)]


def header_rows(ws: Worksheet) -> list[int]:
    return [c.row for c in ws["A"] if isinstance(c.value, str) and c.value.strip() in ("STT", "Giai đoạn")]


def first_line(v: object) -> str:
    return str(v).split("\n")[0]


class Clerk:
    """Reads labels the way a person does; knows the data by indicator text and period label only."""

    def __init__(self, schema: Schema, data: dict[str, Any]) -> None:
        self.s = schema
        self.data = data
        self.periods = {label_key(p.label): p.id for p in schema.periods}
        for sec in schema.sections:
            if sec.value_header:
                self.periods[label_key(sec.value_header)] = sec.periods[0]
        self.contact_labels = {label_key(label): key for key, label in CONTACT_FIELDS}

    def _match(self, own: list[Indicator], label: str, heading: str) -> Indicator:
        found = [i for i in own if label_key(i.text) == label_key(label)]
        if len(found) > 1:
            found = [
                i for i in found if i.parent and label_key(self.s.indicator_by_id[i.parent].text) == label_key(heading)
            ]
        if len(found) != 1:
            raise SystemExit(f"clerk cannot tell which row «{label}» (under «{heading}») is: {found}")
        return found[0]

    def fill(self, template: Path, unit: str, value: Callable[[str, str, Any], Any] | None = None) -> Filled:
        """Type every value of the unit; ``value(indicator, period, v)`` may change what is typed."""
        wb = openpyxl.load_workbook(template)
        own = self.s.indicators_for_unit(unit)
        values = self.data["units"][unit]["values"]
        f = Filled(unit, wb)
        for ws in wb.worksheets:
            if ws.sheet_state != "visible" or ws.title == GUIDE_SHEET:
                continue
            heads = header_rows(ws)
            for k, hrow in enumerate(heads):
                end = heads[k + 1] if k + 1 < len(heads) else ws.max_row + 1
                header = {c.column: str(c.value) for c in ws[hrow] if c.value is not None}
                by_rows = header.get(1) == "STT"
                note_col = next(col for col, t in header.items() if t.startswith("Ghi chú"))
                heading = ""
                for r in range(hrow + 1, end):
                    label = ws.cell(r, 2 if by_rows else 1).value
                    if label is None:
                        continue
                    inputs = [
                        col
                        for col in header
                        if col > (2 if by_rows else 1) and col != note_col and not ws.cell(r, col).protection.locked
                    ]
                    if not inputs:
                        heading = first_line(label)
                        continue
                    for col in inputs:
                        if by_rows:
                            ind = self._match(own, first_line(label), heading)
                            period = self.periods[label_key(header[col])]
                        else:
                            ind = self._match(own, header[col], "")
                            period = self.periods[label_key(label)]
                        v = values[ind.id][period]
                        if value is not None:
                            v = value(ind.id, period, v)
                        cell = ws.cell(r, col)
                        f.cells[(ind.id, period)] = (ws.title, cell.coordinate)
                        if v is not None:
                            cell.value = v
                            f.typed[(ws.title, cell.coordinate)] = v
                    key = ind.id if by_rows else f"{ind.table}:{period}"
                    f.notes[key] = (ws.title, ws.cell(r, note_col).coordinate)
        guide = wb[GUIDE_SHEET]
        contact = self.data["units"][unit]["contact"]
        for row in guide.iter_rows(min_col=1, max_col=2):
            contact_key = self.contact_labels.get(label_key(row[0].value))
            if contact_key and not row[1].protection.locked:
                row[1].value = contact[contact_key]
                f.contact[contact_key] = (guide.title, row[1].coordinate)
        for (u, note_key), text in NOTES.items():
            if u == unit:
                sheet, ref = f.notes[note_key]
                wb[sheet][ref] = text
        return f


def clean_value(unit: str) -> Callable[[str, str, Any], Any]:
    def value(ind: str, period: str, v: Any) -> Any:
        if (unit, ind, period) in TEXT_NUMBERS:
            assert isinstance(v, int) and v >= 1000, (unit, ind, period, v)
            return vi_grouped(v)
        return v

    return value


# ------------------------------------------------------------------------------------------ faults
@dataclass
class Fault:
    name: str
    unit: str
    fault: str  # what the person did (Vietnamese, for the README and expected.yaml)
    plant: Callable[[Filled], list[dict[str, Any]]] | None = None  # workbook faults: mutate, return expected
    raw: Callable[[dict[str, bytes]], bytes] | None = None  # byte-level faults, from the clean files' bytes
    libreoffice: bool = False
    skipped: bool = False
    also: list[dict[str, Any]] = field(default_factory=list)


def expect(
    code: str, f: Filled | None = None, ind: str | None = None, period: str | None = None, **kw: Any
) -> dict[str, Any]:
    entry: dict[str, Any] = {"code": code, "severity": kw.pop("severity", None)}
    if entry["severity"] is None and code in CATALOGUE:
        entry["severity"] = CATALOGUE[code].severity
    if f is not None and ind is not None and period is not None:
        sheet, cell = f.ref(ind, period)
        entry.update(sheet=sheet, cell=cell)
    if ind is not None:
        entry["indicator"] = ind
    if period is not None:
        entry["period"] = period
    entry.update(kw)
    return {k: x for k, x in entry.items() if x is not None}


def rule_expect(schema: Schema, rule_id: str, f: Filled, ind: str, period: str, **kw: Any) -> dict[str, Any]:
    rule = next(r for r in schema.rules if r.id == rule_id)
    return expect(rule.code, f, ind, period, severity=rule.severity, rule=rule.id, **kw)


def set_value(f: Filled, ind: str, period: str, v: Any) -> tuple[str, str]:
    sheet, ref = f.ref(ind, period)
    f.wb[sheet][ref] = v
    return sheet, ref


def find_row(ws: Worksheet, text: str, col: int = 2) -> int:
    for r in range(1, ws.max_row + 1):
        if label_key(first_line(ws.cell(r, col).value or "")) == label_key(text):
            return r
    raise SystemExit(f"row «{text}» not found on {ws.title}")


def faults(schema: Schema, data: dict[str, Any]) -> list[Fault]:
    v = data["units"]
    ind = schema.indicator_by_id

    def val(unit: str, i: str, p: str) -> Any:
        return v[unit]["values"][i][p]

    def text_in_number(f: Filled) -> list[dict]:
        seen = f"{val('22723', 's3_hs_xa_tiep_nhan', 'y2016')} hồ sơ"
        set_value(f, "s3_hs_xa_tiep_nhan", "y2016", seen)
        return [expect("khong-phai-so", f, "s3_hs_xa_tiep_nhan", "y2016", seen=seen)]

    def negative(f: Filled) -> list[dict]:
        set_value(f, "s1_kiem_tra", "y2018", -7)
        return [expect("so-am", f, "s1_kiem_tra", "y2018", seen="-7")]

    def fractional(f: Filled) -> list[dict]:
        x = val("NV", "s5_tuyen_dung_thi", "y2017") + 0.5
        set_value(f, "s5_tuyen_dung_thi", "y2017", x)
        return [expect("so-le", f, "s5_tuyen_dung_thi", "y2017", seen=str(x))]

    def percent_120(f: Filled) -> list[dict]:
        set_value(f, "s7_hop_thu", "y2019", 120)
        return [expect("ngoai-khoang-ty-le", f, "s7_hop_thu", "y2019", seen="120")]

    def ambiguous(f: Filled) -> list[dict]:
        seen = f"{val('VP', 's3_hs_huyen_tiep_nhan', 'y2018'):,}"  # "2,721": decimal comma or thousands?
        set_value(f, "s3_hs_huyen_tiep_nhan", "y2018", seen)
        return [expect("mo-ho", f, "s3_hs_huyen_tiep_nhan", "y2018", seen=seen)]

    def blank(f: Filled) -> list[dict]:
        set_value(f, "s6_cq_tu_chu", "y2016", None)
        return [expect("thieu-so-lieu", f, "s6_cq_tu_chu", "y2016")]

    def blank_explained(f: Filled) -> list[dict]:
        set_value(f, "s1_hl_mau", "y2015", None)
        note = "Năm 2015 khảo sát bằng hình thức lấy ý kiến trực tiếp, không lưu số phiếu"
        sheet, ref = f.notes["s1_hl_mau"]
        f.wb[sheet][ref] = note
        return [expect("trong-co-giai-thich", f, "s1_hl_mau", "y2015", note=note, note_cell=ref)]

    def formula(cached: bool) -> Callable[[Filled], list[dict]]:
        def plant(f: Filled) -> list[dict]:
            assert val("22726", "s5_boi_duong_cc", "y2017") == 15
            set_value(f, "s5_boi_duong_cc", "y2017", "=10+5")
            if cached:
                return [expect("cong-thuc", f, "s5_boi_duong_cc", "y2017", formula="=10+5", seen="15")]
            return [expect("cong-thuc-khong-gia-tri", f, "s5_boi_duong_cc", "y2017", formula="=10+5")]

        return plant

    def flag(f: Filled) -> list[dict]:
        set_value(f, "s1_cuoc_thi", "y2017", "có lẽ")
        return [expect("sai-co-khong", f, "s1_cuoc_thi", "y2017", seen="có lẽ")]

    def grade(f: Filled) -> list[dict]:
        set_value(f, "s8_mt08", "danh_gia_2011_2020", "Tốt")
        return [expect("sai-danh-gia", f, "s8_mt08", "danh_gia_2011_2020", seen="Tốt")]

    def total(f: Filled) -> list[dict]:
        x = val("NV", "s1_vbcd", "y2016") + 3
        set_value(f, "s1_vbcd", "y2016", x)
        return [rule_expect(schema, "r_s1_vbcd_tong", f, "s1_vbcd", "y2016", seen=str(x))]

    def on_time(f: Filled) -> list[dict]:
        x = val("VP", "s3_hs_huyen_tiep_nhan", "y2017") + 24
        set_value(f, "s3_hs_huyen_dung_hen", "y2017", x)
        return [rule_expect(schema, "r_s3_dung_hen_huyen", f, "s3_hs_huyen_dung_hen", "y2017", seen=str(x))]

    def present(f: Filled) -> list[dict]:
        x = val("NV", "s5_cbcc_giao", "y2018") + 3
        set_value(f, "s5_cbcc_co_mat", "y2018", x)
        return [rule_expect(schema, "r_s5_cbcc_co_mat", f, "s5_cbcc_co_mat", "y2018", seen=str(x))]

    def rate_typed(f: Filled) -> list[dict]:
        sheet, ref = f.ref("s3_hs_huyen_tiep_nhan", "y2019")
        ws = f.wb[sheet]
        ws.protection.sheet = False
        r = find_row(ws, ind["s3_dung_hen_huyen"].text)
        col = ws[ref].column
        ws.cell(r, col).value = 99.5
        n, d = val("VP", "s3_hs_huyen_dung_hen", "y2019"), val("VP", "s3_hs_huyen_tiep_nhan", "y2019")
        return [
            expect(
                "ty-le-tinh-lai", None, "s3_dung_hen_huyen", "y2019", sheet=sheet, cell=ws.cell(r, col).coordinate,
                seen="99.5", expected=f"{round(n / d * 100, 2)}",
            )
        ]  # fmt: skip

    def money_in_dong(f: Filled) -> list[dict]:
        x = val("22717", "s1_kp_su_dung", "y2017")  # triệu đồng
        seen = vi_grouped(round(x * 1_000_000))  # typed in đồng: "23.300.000"
        set_value(f, "s1_kp_su_dung", "y2017", seen)
        return [expect("ngoai-muc-hop-ly", f, "s1_kp_su_dung", "y2017", seen=seen)]

    def extra_zeros(f: Filled) -> list[dict]:
        x = val("22735", "s3_hs_xa_tiep_nhan", "y2018") * 1000
        set_value(f, "s3_hs_xa_tiep_nhan", "y2018", x)
        return [expect("chenh-lech-bat-thuong", f, "s3_hs_xa_tiep_nhan", "y2018", seen=str(x))]

    def blank_template(f: Filled) -> list[dict]:
        for sheet, ref in f.cells.values():
            f.wb[sheet][ref] = None
        return [expect("tep-chua-dien", count=len(f.cells))]

    def nothing_as_text(f: Filled) -> list[dict]:
        set_value(f, "s3_pakn_tiep_nhan", "y2017", "không có")
        return [expect("chu-thay-so", f, "s3_pakn_tiep_nhan", "y2017", seen="không có")]

    def rename(f: Filled) -> list[dict]:
        ws = f.wb["5. Đội ngũ CBCCVC"]
        ws.title = "CBCCVC"
        return [expect("doi-ten-trang", sheet="CBCCVC", template_sheet="5. Đội ngũ CBCCVC")]

    def drop_sheet(f: Filled) -> list[dict]:
        del f.wb["2. Cải cách thể chế"]
        return [
            expect("thieu-trang", sheet="2. Cải cách thể chế"),
            expect("chua-kiem-tra-trang", sheet="2. Cải cách thể chế"),  # the other sheets are checked
        ]

    def insert_row(f: Filled) -> list[dict]:
        ws = f.wb["2. Cải cách thể chế"]
        ws.protection.sheet = False
        r = find_row(ws, ind["s2_nq_hdnd_xa"].text) + 1
        ws.insert_rows(r)
        label = "Chỉ thị của Ủy ban nhân dân cấp xã"
        for col, x in enumerate(["-", label, "Văn bản", 0, 0, 0, 0, 0, 0], start=1):
            ws.cell(r, col).value = x
        return [
            expect("chen-dong", sheet=ws.title, cell=f"B{r}", row=r, seen=label),
            expect("chua-kiem-tra-trang", sheet=ws.title),
        ]

    def delete_row(f: Filled) -> list[dict]:
        ws = f.wb["2. Cải cách thể chế"]
        ws.protection.sheet = False
        text = ind["s2_tpl_da_xu_ly"].text
        r = find_row(ws, text)
        ws.delete_rows(r)
        return [expect("xoa-dong", sheet=ws.title, row=r, expected=text)]  # the row is gone: no cell

    def outside(f: Filled) -> list[dict]:
        sheet, ref = f.ref("s3_pakn_tiep_nhan", "y2019")
        ws = f.wb[sheet]
        ws.protection.sheet = False
        r = find_row(ws, ind["s3_pakn"].text)
        cell = ws.cell(r, ws[ref].column)
        cell.value = val("22714", "s3_pakn_tiep_nhan", "y2019")
        return [expect("ngoai-o-nhap", sheet=sheet, cell=cell.coordinate, seen=str(cell.value))]

    def retyped(f: Filled) -> list[dict]:
        del f.wb[FINGERPRINT_SHEET]
        for name in list(f.wb.custom_doc_props.names):
            del f.wb.custom_doc_props[name]
        p = f.wb.properties
        p.title = p.subject = p.keywords = p.description = None
        p.creator = "Cao Văn Lợi"
        return [expect("nhan-dien-theo-bo-cuc", unit="22720", unit_name="Xã Sơn Lâm")]

    def other_district(_: dict[str, bytes]) -> bytes:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Biểu 01"
        rows = [
            ["BIỂU THỐNG KÊ KẾT QUẢ CẢI CÁCH HÀNH CHÍNH NĂM 2019"],
            ["(Kèm theo Công văn số 412/UBND-NV của UBND huyện Cam Lâm)"],
            [],
            ["TT", "Nội dung", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Ghi chú"],
            [1, "Số văn bản chỉ đạo, điều hành về CCHC", "Văn bản", 20, 24, None],
            [2, "Số cuộc kiểm tra CCHC", "Cuộc", 6, 6, None],
            [3, "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", 98, 97.6, None],
        ]
        for row in rows:
            ws.append(row)
        wb.properties.creator = "UBND xã Cam Hải Tây"
        wb.properties.created = dt.datetime(2020, 5, 20, 8, 0)
        return workbook_bytes(wb, when("2020-05-26 09:00"), "UBND xã Cam Hải Tây")

    def truncated(clean: dict[str, bytes]) -> bytes:
        b = clean["TCKH"]
        return b[: len(b) // 2]

    def encrypted(clean: dict[str, bytes]) -> bytes:
        from msoffcrypto.format.ooxml import OOXMLFile  # not a project dependency: pip install msoffcrypto-tool

        out = io.BytesIO()
        OOXMLFile(io.BytesIO(clean["VHTT"])).encrypt("123", out)
        return out.getvalue()

    def lock_file(_: dict[str, bytes]) -> bytes:
        # What Excel leaves while "PL2 (1).xlsx" is open: the user's name, padded, 165 bytes in all.
        user = "Vo Thi Kim Oanh"
        body = bytes([len(user)]) + user.encode("ascii").ljust(53, b" ")
        body += len(user).to_bytes(2, "little") + user.encode("utf-16-le")
        return body.ljust(165, b"\x20")

    def text_note(_: dict[str, bytes]) -> bytes:
        return (
            "Ghi chú của Phòng Nội vụ (không phải báo cáo):\n"
            "- Xã Ba Cụm Bắc gửi báo cáo ngày 03/6/2020, sau hạn.\n"
            "- Phòng Tài chính – Kế hoạch gửi lại tệp vì tệp lần đầu tải về bị lỗi.\n"
        ).encode()

    return [
        Fault("khong-phai-so.xlsx", "22723", "Gõ kèm chữ vào ô số: «… hồ sơ» ở số hồ sơ cấp xã đã tiếp nhận năm 2016.",
              text_in_number),
        Fault("so-am.xlsx", "NV", "Số âm (-7) ở số cơ quan, đơn vị được kiểm tra CCHC năm 2018.", negative),
        Fault("so-le.xlsx", "NV", "Số lượng có phần lẻ ở số công chức tuyển dụng qua thi năm 2017.", fractional),
        Fault("ngoai-khoang-ty-le.xlsx", "VHTT", "Tỷ lệ 120% ở tỷ lệ công chức có hộp thư điện tử năm 2019.",
              percent_120,
              also=[{"code": "ngoai-khoang", "rule": "r_ty_le", "note": "quy tắc r_ty_le của lược đồ, cùng ô"}]),
        Fault("mo-ho.xlsx", "VP", "Số hồ sơ cấp huyện năm 2018 gõ dạng chữ «2,721» (dấu phẩy: thập phân hay "
              "phân cách hàng nghìn?).", ambiguous),
        Fault("thieu-so-lieu.xlsx", "TCKH", "Bỏ trống số cơ quan hành chính thực hiện tự chủ năm 2016, không ghi "
              "lý do.", blank),
        Fault("trong-co-giai-thich.xlsx", "NV", "Bỏ trống số mẫu khảo sát năm 2015, có ghi lý do ở cột Ghi chú.",
              blank_explained),
        Fault("cong-thuc.xlsx", "22726", "Gõ công thức =10+5 vào ô số công chức được bồi dưỡng năm 2017; tệp "
              "được lưu lại bằng LibreOffice nên có giá trị tính sẵn 15.", formula(True), libreoffice=True),
        Fault("cong-thuc-khong-gia-tri.xlsx", "22726", "Cùng công thức =10+5 nhưng tệp chưa được phần mềm bảng "
              "tính nào tính lại (không có giá trị tính sẵn).", formula(False)),
        Fault("sai-co-khong.xlsx", "NV", "Ô có/không (tổ chức cuộc thi năm 2017) ghi «có lẽ».", flag),
        Fault("sai-danh-gia.xlsx", "VP", "Ô tự đánh giá mục tiêu 7 ghi «Tốt».", grade),
        Fault("tong-khong-khop.xlsx", "NV", "Tổng số văn bản chỉ đạo, điều hành năm 2016 lớn hơn tổng hai dòng con "
              "3 văn bản.", total),
        Fault("vuot-qua-ho-so.xlsx", "VP", "Số hồ sơ cấp huyện trả đúng hẹn năm 2017 lớn hơn số đã tiếp nhận.",
              on_time),
        Fault("vuot-qua-co-mat.xlsx", "NV", "Số cán bộ, công chức có mặt năm 2018 lớn hơn số được giao.", present),
        Fault("ty-le-tinh-lai.xlsx", "VP", "Bỏ khóa trang, gõ đè 99,5 lên ô tỷ lệ đúng hẹn (ô công thức) năm 2019.",
              rate_typed),
        Fault("doi-ten-trang.xlsx", "22729", "Đổi tên trang «5. Đội ngũ CBCCVC» thành «CBCCVC».", rename),
        Fault("thieu-trang.xlsx", "22735", "Xóa trang «2. Cải cách thể chế».", drop_sheet),
        Fault("chen-dong.xlsx", "22717", "Bỏ khóa trang, chèn dòng «Chỉ thị của Ủy ban nhân dân cấp xã» vào phần 2.",
              insert_row),
        Fault("xoa-dong.xlsx", "TP", "Bỏ khóa trang, xóa dòng STT 6 «Số VBQPPL trái pháp luật … đã được xử lý» "
              "ở phần 2.",
              delete_row),
        Fault("ngoai-o-nhap.xlsx", "22714", "Bỏ khóa trang, gõ số PAKN năm 2019 vào dòng tiêu đề «Tiếp nhận và xử lý "
              "PAKN về TTHC» (không phải ô nhập).", outside),
        Fault("nhan-dien-theo-bo-cuc.xlsx", "22720", "Tệp «gõ lại»: mất trang ẩn nhận diện _cchc và thuộc tính tài "
              "liệu; nhận ra đơn vị nhờ tên trang và nhãn dòng.", retyped),
        Fault("sai-mau.xlsx", "", "Biểu của huyện khác (Cam Lâm), không phải biểu mẫu của đợt này.",
              raw=other_district),
        Fault("khong-doc-duoc.xlsx", "TCKH", "Tệp tải về bị cắt giữa chừng (nửa đầu của tệp zip).", raw=truncated),
        Fault("tep-rong.xlsx", "", "Tệp 0 byte.", raw=lambda _: b""),
        Fault("tep-ma-hoa.xlsx", "VHTT", "Tệp đặt mật khẩu mở (mật khẩu 123).", raw=encrypted),
        Fault("~$PL2 (1).xlsx", "", "Tệp khóa của Excel (165 byte) để lại khi đang mở «PL2 (1).xlsx»: bỏ qua, "
              "không báo lỗi.", raw=lock_file, skipped=True),
        Fault("ghi-chu.txt", "", "Tệp không phải bảng tính: bỏ qua.", raw=text_note, skipped=True),
        # issue 9: findings added later (kept last so the files above keep their dates)
        Fault("ngoai-muc-hop-ly.xlsx", "22717", "Kinh phí CCHC sử dụng năm 2017 gõ theo đồng (23,3 triệu gõ thành "
              "«23.300.000») vào dòng tính bằng triệu đồng.", money_in_dong),
        Fault("chenh-lech-bat-thuong.xlsx", "22735", "Số hồ sơ cấp xã đã tiếp nhận năm 2018 gõ thừa ba chữ số 0.",
              extra_zeros),
        Fault("tep-chua-dien.xlsx", "22732", "Gửi lại biểu mẫu chưa điền số liệu (chỉ điền thông tin người lập "
              "biểu).", blank_template),
        Fault("chu-thay-so.xlsx", "22720", "Ghi «không có» vào ô số PAKN đã tiếp nhận năm 2017.", nothing_as_text),
    ]  # fmt: skip


# ------------------------------------------------------------------------------------------ read back
def readback(path: Path, f: Filled, data: dict[str, Any]) -> list[str]:
    """Compare every input cell of a saved return with the data file; also the contact cells."""
    bad: list[str] = []
    book = CalamineWorkbook.from_path(str(path))
    grids = {
        name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for name in book.sheet_names
        if name != FINGERPRINT_SHEET
    }

    def cell(sheet: str, ref: str) -> Any:
        c = openpyxl.utils.cell.coordinate_from_string(ref)
        r, col = c[1] - 1, openpyxl.utils.column_index_from_string(c[0]) - 1
        rows = grids[sheet]
        return rows[r][col] if r < len(rows) and col < len(rows[r]) else ""

    values = data["units"][f.unit]["values"]
    for (ind, period), (sheet, ref) in f.cells.items():
        want, got = values[ind][period], cell(sheet, ref)
        if isinstance(got, str) and re.fullmatch(r"\d{1,3}(\.\d{3})+", got):
            got = int(got.replace(".", ""))
        same = (
            abs(float(got) - float(want)) < 1e-9
            if isinstance(want, int | float) and isinstance(got, int | float)
            else got == want
        )
        if not same:
            bad.append(f"{path.name} {sheet}!{ref} {ind} {period}: {got!r} != {want!r}")
    for key, (sheet, ref) in f.contact.items():
        if cell(sheet, ref) != data["units"][f.unit]["contact"][key]:
            bad.append(f"{path.name} contact {key}: {cell(sheet, ref)!r}")
    fp = read_fingerprint(path)
    if not fp or fp.get("unit_code") != f.unit:
        bad.append(f"{path.name}: fingerprint {fp}")
    return bad


# ------------------------------------------------------------------------------------------ main
HEADER_LOI = """\
# Kết quả kiểm tra mong đợi cho từng tệp lỗi trong thư mục này (sinh bởi examples/make_examples.py).
# Mỗi tệp là một báo cáo sạch (bao-cao/) bị cài đúng MỘT lỗi; kiểm tra TỪNG TỆP riêng
# (cchc validate loi/<tệp>): kiểm tra cả thư mục thì nhiều tệp của cùng một đơn vị còn sinh thêm nop-trung.
# findings: các phát hiện phải có (code, severity, sheet, cell A1). Dòng bị chèn: row = số dòng trong tệp, cell = ô
#   nhãn của dòng đó; dòng bị xóa: row = số dòng trong biểu mẫu gốc, không có cell. Trang bị đổi tên: sheet = tên mới.
# also_allowed: phát hiện trùng ý được phép có thêm. skipped: tệp phải được bỏ qua (không phải báo cáo).
# Ngoài các phát hiện này, tệp không được có lỗi (error) nào khác.
"""


def main() -> None:
    t0 = time.perf_counter()
    schema = load_schema(ROOT / "schemas" / "khanh-son-2011-2020.yaml")
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    clerk = Clerk(schema, data)
    kept_encrypted = (LOI / "tep-ma-hoa.xlsx").read_bytes() if (LOI / "tep-ma-hoa.xlsx").exists() else None
    for d in (BAO_CAO, LOI, NOP_TRUNG):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cchc-examples-") as tmp_name:
        tmp = Path(tmp_name)
        result = generate_templates(schema, tmp / "bieu-mau")
        templates = {unit.code: path for unit, path, _ in result.written}
        assert set(templates) == set(RETURNS) == set(data["units"]), "units with a template ≠ data file"

        def author(unit: str) -> str:
            return data["units"][unit]["contact"]["nguoi_lap"]

        # ---- clean returns
        clean_bytes: dict[str, bytes] = {}
        filled: dict[str, Filled] = {}
        to_office: list[tuple[Path, Path]] = []
        office_mtime: dict[Path, dt.datetime] = {}
        for unit, (name, saved, office) in RETURNS.items():
            f = clerk.fill(templates[unit], unit, clean_value(unit))
            filled[unit] = f
            clean_bytes[unit] = workbook_bytes(f.wb, when(saved), author(unit))
            target = BAO_CAO / name
            if office:
                src = tmp / f"clean-{unit}.xlsx"
                src.write_bytes(clean_bytes[unit])
                to_office.append((src, target))
                office_mtime[target] = when(saved)
            else:
                write(target, clean_bytes[unit], when(saved))

        # ---- faulty returns
        expected: dict[str, Any] = {}
        fault_time = when("2020-05-30 10:00")
        for k, fault in enumerate(faults(schema, data)):
            target = LOI / fault.name
            mtime = fault_time + dt.timedelta(minutes=7 * k)
            entry: dict[str, Any] = {"unit": fault.unit or None, "fault": fault.fault}
            if fault.raw is not None:
                if fault.name == "tep-ma-hoa.xlsx":
                    try:
                        body = fault.raw(clean_bytes)
                    except ImportError:
                        if kept_encrypted is None:
                            print("note: msoffcrypto-tool not installed; tep-ma-hoa.xlsx skipped")
                            continue
                        print("note: msoffcrypto-tool not installed; kept the existing tep-ma-hoa.xlsx")
                        body = kept_encrypted
                else:
                    body = fault.raw(clean_bytes)
                write(target, body, mtime)
                code = fault.name.removesuffix(".xlsx")
                if fault.skipped:
                    entry["skipped"] = True
                    entry["findings"] = []
                else:
                    entry["findings"] = [expect(code)]
            else:
                assert fault.plant is not None
                f = clerk.fill(templates[fault.unit], fault.unit, clean_value(fault.unit))
                entry["findings"] = fault.plant(f)
                body = workbook_bytes(f.wb, mtime, author(fault.unit))
                if fault.libreoffice:
                    src = tmp / f"fault-{k}.xlsx"
                    src.write_bytes(body)
                    to_office.append((src, target))
                    office_mtime[target] = mtime
                else:
                    write(target, body, mtime)
            if fault.also:
                entry["also_allowed"] = [
                    {
                        **entry["findings"][0],
                        **a,
                        "severity": next(r.severity for r in schema.rules if r.id == a["rule"]),
                    }
                    if "rule" in a
                    else a
                    for a in fault.also
                ]
            expected[fault.name] = entry

        # ---- duplicate submission: an early version with two values the commune later corrected
        dup_unit = "22723"
        early_changes = {("s3_pakn_tiep_nhan", "y2019"): +2, ("s5_boi_duong_cc", "y2018"): -3}

        def early(i: str, p: str, v: Any) -> Any:
            return v + early_changes.get((i, p), 0)

        first = clerk.fill(templates[dup_unit], dup_unit, early)
        first.wb[GUIDE_SHEET][first.contact["ngay_lap"][1]] = "25/5/2020"
        second = clerk.fill(templates[dup_unit], dup_unit, clean_value(dup_unit))
        t_first, t_second = when("2020-05-25 16:40"), when("2020-05-28 09:05")
        first_name, second_name = "PL2 Son Hiep.xlsx", "PL2 Son Hiep - ban sua.xlsx"
        write(NOP_TRUNG / first_name, workbook_bytes(first.wb, t_first, author(dup_unit)), t_first)
        write(NOP_TRUNG / second_name, workbook_bytes(second.wb, t_second, author(dup_unit)), t_second)
        values = data["units"][dup_unit]["values"]
        dup_expected = {
            "unit": dup_unit,
            "files": {"older": first_name, "newer": second_name},
            "findings": [
                {**expect("nop-trung"), "used": second_name, "ignored": first_name},
                *(
                    {
                        **expect("khac-ban-truoc", second, i, p),
                        "old": values[i][p] + delta,
                        "new": values[i][p],
                        "old_file": first_name,
                        "new_file": second_name,
                    }
                    for (i, p), delta in early_changes.items()
                ),
            ],
        }

        # ---- LibreOffice, then fixed document dates and modification times on its output too
        libreoffice_resave(to_office, tmp)
        for _, target in to_office:
            mtime = office_mtime[target]
            write(target, normalise_xlsx(target.read_bytes(), mtime), mtime)

        cached = openpyxl.load_workbook(LOI / "cong-thuc.xlsx", data_only=True)
        sheet, ref = (
            expected["cong-thuc.xlsx"]["findings"][0]["sheet"],
            expected["cong-thuc.xlsx"]["findings"][0]["cell"],
        )
        if cached[sheet][ref].value != 15:
            problems.append(f"cong-thuc.xlsx: no cached value 15 at {sheet}!{ref} ({cached[sheet][ref].value!r})")

    # ---- expected findings
    doc = yaml.safe_dump({"files": expected}, allow_unicode=True, sort_keys=False, width=120)
    (LOI / "expected.yaml").write_text(HEADER_LOI + doc, encoding="utf-8")
    dup_doc = yaml.safe_dump(dup_expected, allow_unicode=True, sort_keys=False, width=120)
    (NOP_TRUNG / "expected.yaml").write_text(
        "# Nộp trùng: hai bản báo cáo của Xã Sơn Hiệp; bản mới hơn (ngày sửa đổi 28/5/2020) được dùng.\n"
        "# Kiểm tra cả thư mục: cchc validate nop-trung/\n" + dup_doc,
        encoding="utf-8",
    )

    # ---- read the clean returns back
    for unit, (name, _, _) in RETURNS.items():
        problems += readback(BAO_CAO / name, filled[unit], data)
    if problems:
        raise SystemExit("examples are not as intended:\n  " + "\n  ".join(problems))
    files = sorted(p for d in (BAO_CAO, LOI, NOP_TRUNG) for p in d.iterdir())
    size = sum(p.stat().st_size for p in files) + DATA.stat().st_size
    print(
        f"{len(RETURNS)} clean returns ({sum(o for *_, o in RETURNS.values())} re-saved by LibreOffice), "
        f"{len(expected)} faulty files, 2 duplicate returns; {size / 1024:.0f} KB; "
        f"read back and compared with {DATA.name}: OK; {time.perf_counter() - t0:.1f} s"
    )


if __name__ == "__main__":
    main()

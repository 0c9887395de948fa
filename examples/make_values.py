"""Generate the data file of the example campaign: examples/khanh-son-2020/so-lieu.yaml.

Run:  .venv/bin/python examples/make_values.py

Every unit that has a template gets a plausible value for every input indicator and every period it reports,
plus contact details. Values are drawn from a fixed seed, shaped after the district's published figures, and
then checked: every rule of the schema (unit scope and district scope, with the 2020 flows annualised before the
year-on-year test) must hold, and the plausibility bounds below must hold. The script refuses to write a file
that fails a check, so the committed YAML is always a clean campaign.
"""

from __future__ import annotations

import math
import operator
import random
import sys
from collections.abc import Callable, Sequence
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_cli.generate import plan_templates  # noqa: E402
from cchc_cli.schema.loader import load_schema  # noqa: E402
from cchc_cli.schema.model import Aggregate, Schema, ValueKind  # noqa: E402

SEED = 2011_2020
OUT = Path(__file__).resolve().parent / "khanh-son-2020" / "so-lieu.yaml"

YEARS = ["y2015", "y2016", "y2017", "y2018", "y2019"]
Q1 = "y2020"
ALL_YEARS = [*YEARS, Q1]
STAGES = ["gd2001_2010", "gd2011_2020"]
ASSESS = "danh_gia_2011_2020"
COMMUNES = ["22714", "22717", "22720", "22723", "22726", "22729", "22732", "22735"]

Values = dict[str, dict[str, dict[str, Any]]]  # unit → indicator → period → value
N = TypeVar("N", bound=float)  # a count (int) or an amount (float)


class Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def i(self, lo: int, hi: int) -> int:
        return self.r.randint(lo, hi)

    def u(self, lo: float, hi: float) -> float:
        return self.r.uniform(lo, hi)

    def q1(self, annual: float, lo: float = 0.85, hi: float = 1.1) -> int:
        """A flow for 2020 to 31/3: about a quarter of a year's level."""
        return max(0, round(annual * 0.25 * self.u(lo, hi)))

    def growth(self, start: float, lo: float, hi: float) -> list[int]:
        """Five yearly levels 2015–2019 growing by a factor in [lo, hi] each year."""
        out, x = [], start
        for _ in YEARS:
            out.append(round(x))
            x *= self.u(lo, hi)
        return out

    def on_time(self, received: int, lo: float = 0.955, hi: float = 0.996) -> int:
        """Files returned on time: a rate between 95 % and 99.9 %, never all of them."""
        d = round(received * self.u(lo, hi))
        d = min(d, received - 1, math.floor(received * 0.999))
        return max(d, math.ceil(received * 0.95))

    def money(self, x: float) -> float | int:
        v = round(x, 1)
        return int(v) if v == int(v) else v


def yearly(levels: Sequence[N], q1: N) -> dict[str, N]:
    """Five yearly figures (2015–2019) and the first quarter of 2020; counts stay whole numbers."""
    return {**dict(zip(YEARS, levels, strict=True)), Q1: q1}


def flow(g: Gen, levels: list[int], lo: float = 0.85, hi: float = 1.1) -> dict[str, int]:
    """A flow indicator: five yearly amounts and 2020 Q1 ≈ a quarter of the 2019 amount."""
    return yearly(levels, g.q1(levels[-1], lo, hi))


def stock(levels: list[int], last: int | None = None) -> dict[str, int]:
    """A stock indicator: its level each year; 2020 (31/3) stays near the 2019 level."""
    return yearly(levels, levels[-1] if last is None else last)


def flags(first_year: str, q1: Any = None) -> dict[str, Any]:
    on = False
    out: dict[str, Any] = {}
    for p in ALL_YEARS:
        on = on or p == first_year
        out[p] = "x" if on else 0
    if q1 is not None:
        out[Q1] = q1
    return out


# ------------------------------------------------------------------------------------------ offices
def office_values(g: Gen, xa: Values, common: dict[str, dict[str, int]]) -> Values:
    v: Values = {}

    # --- Phòng Nội vụ -------------------------------------------------------------------------------
    nv: dict[str, dict[str, Any]] = {}
    hu = [g.i(3, 8) for _ in YEARS] + [g.i(1, 2)]
    ub = [g.i(14, 34) for _ in YEARS] + [g.i(4, 8)]
    nv["s1_vbcd_huyen_uy"] = dict(zip(ALL_YEARS, hu, strict=True))
    nv["s1_vbcd_ubnd"] = dict(zip(ALL_YEARS, ub, strict=True))
    nv["s1_vbcd"] = {p: nv["s1_vbcd_huyen_uy"][p] + nv["s1_vbcd_ubnd"][p] for p in ALL_YEARS}
    nv["s1_kiem_tra"] = {**{p: g.i(4, 10) for p in YEARS}, Q1: g.i(0, 2)}
    nv["s1_cuoc_thi"] = {"y2015": 0, "y2016": "x", "y2017": 0, "y2018": "x", "y2019": "x", Q1: 0}
    nv["s1_lop_tap_huan"] = {**{p: g.i(1, 3) for p in YEARS}, Q1: 0}
    nv["s1_tt_khac"] = {
        "y2015": "Pa-nô, áp phích tại trụ sở UBND huyện và các xã",
        "y2016": "Chuyên mục trên Đài Truyền thanh – Truyền hình huyện",
        "y2017": "Lồng ghép trong các cuộc họp thôn, tổ dân phố",
        "y2018": "Đài Truyền thanh – Truyền hình huyện; tờ rơi",
        "y2019": "Tờ rơi, pa-nô; chuyên mục trên Đài Truyền thanh – Truyền hình huyện",
        Q1: "Tờ rơi",
    }
    nv["s1_mo_hinh"] = {**{p: g.i(1, 3) for p in YEARS}, Q1: g.i(0, 1)}
    nv["s1_bo_tieu_chi"] = flags("y2016")
    dv = [5, 6, 8, 10, 12]
    nv["s1_hl_dich_vu"] = yearly(dv, 3)
    nv["s1_hl_mau"] = yearly([d * g.i(28, 36) for d in dv], 3 * g.i(28, 32))
    nv["s1_hl_muc_do"] = dict(zip(ALL_YEARS, [78.5, 80.2, 82.7, 84.1, 86.4, 85.9], strict=True))
    pb = [g.money(x) for x in g.growth(85, 1.03, 1.12)]
    nv["s1_kp_phan_bo"] = yearly(pb, pb[-1])  # allocated for the whole year at its start
    nv["s1_kp_su_dung"] = {
        **{p: g.money(b * g.u(0.86, 0.99)) for p, b in zip(YEARS, pb, strict=True)},
        Q1: g.money(pb[-1] * g.u(0.16, 0.28)),
    }
    # Section 4: stages as rows.
    nv["s4_phong_chuyen_mon"] = {"gd2001_2010": 10, "gd2011_2020": 11}
    nv["s4_phong_thanh_tra"] = {"gd2001_2010": 11, "gd2011_2020": 12}
    parts = {
        "s4_dvsn_giao_duc": {"gd2001_2010": 24, "gd2011_2020": 26},
        "s4_dvsn_vhtdtt": {"gd2001_2010": 1, "gd2011_2020": 1},
        "s4_dvsn_y_te": {"gd2001_2010": 1, "gd2011_2020": 1},
        "s4_dvsn_khac": {"gd2001_2010": 2, "gd2011_2020": 3},
    }
    nv["s4_dvsn"] = {s: sum(parts[k][s] for k in parts) for s in STAGES}
    nv.update(parts)
    # Section 5: staffing given vs present (present ≤ given), slowly shrinking (tinh giản biên chế).
    cc_giao = [92, 91, 90, 88, 87]
    vc_giao = [812, 806, 798, 785, 771]
    nv["s5_cbcc_giao"] = stock(cc_giao)
    nv["s5_cbcc_co_mat"] = stock([x - g.i(2, 7) for x in cc_giao])
    nv["s5_cbcc_co_mat"][Q1] = nv["s5_cbcc_co_mat"]["y2019"] - g.i(0, 1)
    nv["s5_vc_giao"] = stock(vc_giao)
    nv["s5_vc_co_mat"] = stock([x - g.i(8, 30) for x in vc_giao])
    nv["s5_vc_co_mat"][Q1] = nv["s5_vc_co_mat"]["y2019"] - g.i(0, 3)
    nv["s5_tuyen_dung_thi"] = {**{p: g.i(0, 5) for p in YEARS}, Q1: 0}
    nv["s5_bo_nhiem_thi_tuyen"] = {**{p: g.i(0, 1) for p in YEARS}, Q1: 0}
    nv["s5_tinh_gian"] = {**{p: g.i(1, 6) for p in YEARS}, Q1: g.i(0, 2)}
    nv["s5_boi_duong_cc"] = flow(g, [g.i(40, 90) for _ in YEARS])
    nv["s5_boi_duong_vc"] = flow(g, [g.i(150, 400) for _ in YEARS])
    nv["s5_lop_dao_tao"] = {**{p: g.i(3, 8) for p in YEARS}, Q1: g.i(0, 2)}
    for k in ("s8_mt02", "s8_mt03", "s8_mt04", "s8_mt05", "s8_mt11"):
        nv[k] = {ASSESS: "Đạt"}
    v["NV"] = nv

    # --- Phòng Tư pháp ------------------------------------------------------------------------------
    tp: dict[str, dict[str, Any]] = {}
    tp["s2_nq_hdnd_huyen"] = {**{p: g.i(0, 3) for p in YEARS}, Q1: 0}
    tp["s2_qd_ubnd_huyen"] = {**{p: g.i(1, 6) for p in YEARS}, Q1: g.i(0, 1)}
    tp["s2_vbqppl_tong"] = {
        p: tp["s2_nq_hdnd_huyen"][p]
        + tp["s2_qd_ubnd_huyen"][p]
        + sum(xa[c]["s2_nq_hdnd_xa"][p] + xa[c]["s2_qd_ubnd_xa"][p] for c in COMMUNES)
        for p in ALL_YEARS
    }
    tp["s2_de_nghi_sua_doi"] = {**{p: g.i(3, 10) for p in YEARS}, Q1: g.i(0, 2)}
    tp["s2_xu_ly_sau_ra_soat"] = {p: n - g.i(0, min(2, n)) for p, n in tp["s2_de_nghi_sua_doi"].items()}
    tp["s2_da_kiem_tra"] = {**{p: g.i(8, 30) for p in YEARS}, Q1: g.i(2, 6)}
    tp["s2_trai_phap_luat"] = {**{p: g.i(0, 2) for p in YEARS}, Q1: 0}
    tp["s2_tpl_da_xu_ly"] = {p: n for p, n in tp["s2_trai_phap_luat"].items()}
    tp["s2_chua_qppl"] = {**{p: g.i(0, 3) for p in YEARS}, Q1: 0}
    v["TP"] = tp

    # --- Phòng Tài chính – Kế hoạch -----------------------------------------------------------------
    tc: dict[str, dict[str, Any]] = {}
    tc["s6_cq_tu_chu"] = stock([12, 12, 12, 12, 12])
    tu_chu = [30, 30, 31, 31, 30]
    tc["s6_dvsn_tu_chu"] = stock(tu_chu)
    tc["s6_dvsn_chi_tx_dt"] = stock([0, 0, 0, 0, 0])
    tc["s6_dvsn_chi_tx"] = stock([0, 0, 0, 0, 1])
    tc["s6_dvsn_mot_phan"] = stock([1, 2, 2, 2, 2])
    tc["s6_dvsn_nha_nuoc"] = {
        p: tc["s6_dvsn_tu_chu"][p] - tc["s6_dvsn_chi_tx_dt"][p] - tc["s6_dvsn_chi_tx"][p] - tc["s6_dvsn_mot_phan"][p]
        for p in ALL_YEARS
    }
    v["TCKH"] = tc

    # --- Phòng Văn hóa và Thông tin -----------------------------------------------------------------
    vh: dict[str, dict[str, Any]] = {}
    vh["s7_vb_dien_tu"] = dict(zip(ALL_YEARS, [31.5, 43.2, 56.8, 68.4, 82.6, 89.3], strict=True))
    vh["s7_ket_noi_truc"] = stock([4, 7, 12, 16, 22])
    nhan = [g.i(150, 170), g.i(380, 420), g.i(900, 1050), g.i(1900, 2300), g.i(3400, 3900)]
    vh["s7_vb_nhan_truc"] = flow(g, nhan, 0.95, 1.15)
    gui_share = [0.40, 0.42, 0.44, 0.45, 0.46]
    vh["s7_vb_gui_truc"] = flow(g, [round(n * s) for n, s in zip(nhan, gui_share, strict=True)], 0.95, 1.15)
    vh["s7_chu_ky_so"] = stock([6, 14, 32, 58, 86], 91)
    vh["s7_hop_thu"] = dict(zip(ALL_YEARS, [62.5, 71.0, 80.4, 88.7, 95.2, 97.8], strict=True))
    vh["s7_pm_quan_ly_vb"] = stock([6, 10, 15, 19, 22])
    vh["s7_mang_lan"] = stock([10, 12, 15, 18, 20])
    vh["s7_cong_ttdt"] = stock([1, 1, 3, 6, 9])
    vh["s8_mt07"] = {ASSESS: "Đạt"}
    vh["s8_mt12"] = {ASSESS: "Không đạt"}
    v["VHTT"] = vh

    # --- Văn phòng HĐND và UBND huyện ---------------------------------------------------------------
    vp: dict[str, dict[str, Any]] = {}
    vp["s1_lop_tap_huan"] = {**{p: g.i(0, 1) for p in YEARS}, Q1: 0}
    vp["s1_chuyen_muc"] = flags("y2016")
    tthc_h = [262, 271, 284, 279, 291]
    vp["s3_tthc_huyen"] = stock(tthc_h, 288)
    vp["s3_don_gian_hoa"] = {**{p: g.i(6, 24) for p in YEARS}, Q1: g.i(0, 4)}
    gaps = [31, 18, 9, 3, 0, 0]
    vp["s3_cong_khai"] = {
        p: vp["s3_tthc_huyen"][p] + common["s3_tthc_xa"][p] - gap for p, gap in zip(ALL_YEARS, gaps, strict=True)
    }
    share = [0.78, 0.86, 0.93, 0.98, 1.0, 1.0]
    vp["s3_mc_tiep_nhan"] = {p: round(vp["s3_tthc_huyen"][p] * s) for p, s in zip(ALL_YEARS, share, strict=True)}
    lt = [14, 19, 24, 31, 36]
    vp["s3_mc_cung_cap"] = stock(lt)
    vp["s3_mc_cac_cap"] = stock([5, 7, 9, 12, 15])
    hs = g.growth(1850, 1.08, 1.16)
    vp["s3_hs_huyen_tiep_nhan"] = flow(g, hs, 0.9, 1.05)
    vp["s3_hs_huyen_dung_hen"] = {p: g.on_time(n, 0.962, 0.993) for p, n in vp["s3_hs_huyen_tiep_nhan"].items()}
    pakn = [g.i(4, 12) for _ in YEARS] + [g.i(1, 3)]
    vp["s3_pakn_tiep_nhan"] = dict(zip(ALL_YEARS, pakn, strict=True))
    vp["s3_pakn_giai_quyet"] = {p: n - g.i(0, min(1, n)) for p, n in vp["s3_pakn_tiep_nhan"].items()}
    vp["s3_pakn_cong_khai"] = {p: n - g.i(0, min(2, n)) for p, n in vp["s3_pakn_giai_quyet"].items()}
    vp["s7_dvc_34"] = stock([12, 17, 25, 36, 52], 58)
    vp["s7_dvc_phat_sinh"] = dict(zip(ALL_YEARS, [8.3, 12.5, 17.9, 24.6, 31.8, 35.2], strict=True))
    vp["s7_pm_mot_cua"] = stock([1, 3, 9, 9, 9])
    vp["s7_hs_mot_cua_dt"] = dict(zip(ALL_YEARS, [21.4, 38.7, 62.3, 81.5, 92.6, 96.1], strict=True))
    vp["s7_iso"] = stock([10, 10, 12, 12, 12])
    vp["s8_mt01"] = {ASSESS: "Đạt"}
    vp["s8_mt08"] = {ASSESS: "Đạt"}
    vp["s8_mt09"] = {ASSESS: "Không đạt"}
    vp["s8_mt10"] = {ASSESS: "Đạt"}
    v["VP"] = vp

    # --- Trung tâm Văn hóa – Thông tin và Thể thao --------------------------------------------------
    v["TTVHTTTT"] = {"s1_ban_tin": {**{p: g.i(2, 6) for p in YEARS}, Q1: 1}}
    return v


# ------------------------------------------------------------------------------------------ communes
# Yearly hồ sơ received in 2015 (the thị trấn is the busiest) and the commune's staff trained per year.
COMMUNE_SIZE = {
    "22714": (840, 24),
    "22717": (350, 14),
    "22720": (410, 15),
    "22723": (300, 12),
    "22726": (380, 15),
    "22729": (330, 13),
    "22732": (450, 16),
    "22735": (280, 12),
}


def common_commune_values() -> dict[str, dict[str, int]]:
    """Catalogue figures set by the province: identical in every commune (aggregation same / levels)."""
    tthc_xa = [118, 122, 126, 113, 121]
    return {
        "s3_tthc_xa": stock(tthc_xa, 124),
        "s3_don_gian_hoa": {"y2015": 4, "y2016": 7, "y2017": 5, "y2018": 9, "y2019": 6, Q1: 2},
        "s3_mc_tiep_nhan": stock([101, 110, 119, 113, 121], 124),
        "s3_mc_cung_cap": stock([6, 8, 10, 11, 12]),
        "s3_mc_cac_cap": stock([3, 4, 5, 6, 7]),
    }


def commune_values(g: Gen, common: dict[str, dict[str, int]]) -> Values:
    v: Values = {}
    for code in COMMUNES:
        hs0, bd0 = COMMUNE_SIZE[code]
        c: dict[str, dict[str, Any]] = {}
        pb = [g.money(x) for x in g.growth(g.u(15, 22), 1.02, 1.1)]
        c["s1_kp_phan_bo"] = yearly(pb, pb[-1])
        c["s1_kp_su_dung"] = {
            **{p: g.money(b * g.u(0.8, 0.99)) for p, b in zip(YEARS, pb, strict=True)},
            Q1: g.money(pb[-1] * g.u(0.12, 0.3)),
        }
        # After the 2015 Law on promulgation of legal documents, communes issue few VBQPPL.
        c["s2_nq_hdnd_xa"] = {"y2015": g.i(0, 2), "y2016": g.i(0, 1), **{p: 0 for p in YEARS[2:]}, Q1: 0}
        c["s2_qd_ubnd_xa"] = {"y2015": g.i(0, 2), "y2016": g.i(0, 1), **{p: g.i(0, 1) for p in YEARS[2:]}, Q1: 0}
        for k, series in common.items():
            c[k] = dict(series)
        hs = g.growth(hs0 * g.u(0.95, 1.05), 1.03, 1.1)
        c["s3_hs_xa_tiep_nhan"] = flow(g, hs, 0.9, 1.05)
        c["s3_hs_xa_dung_hen"] = {p: g.on_time(n) for p, n in c["s3_hs_xa_tiep_nhan"].items()}
        pakn = [g.i(0, 5) for _ in YEARS] + [g.i(0, 2)]
        c["s3_pakn_tiep_nhan"] = dict(zip(ALL_YEARS, pakn, strict=True))
        c["s3_pakn_giai_quyet"] = {p: n - g.i(0, min(1, n)) for p, n in c["s3_pakn_tiep_nhan"].items()}
        c["s3_pakn_cong_khai"] = {p: n - g.i(0, min(1, n)) for p, n in c["s3_pakn_giai_quyet"].items()}
        c["s5_boi_duong_cc"] = flow(g, [bd0 + g.i(-4, 6) for _ in YEARS])
        v[code] = c
    # A value the faulty-return set relies on: Sơn Bình trained 15 staff in 2017 (typed "=10+5" there).
    v["22726"]["s5_boi_duong_cc"]["y2017"] = 15
    return v


# ------------------------------------------------------------------------------------------ contacts
CONTACTS: dict[str, tuple[str, str, str, str]] = {
    # unit: (người lập biểu, chức vụ, điện thoại, thủ trưởng) — fictional people and numbers
    "NV": ("Nguyễn Thị Thu Hà", "Chuyên viên", "0258 3869 101", "Trần Văn Dũng"),
    "TP": ("Lê Minh Tuấn", "Chuyên viên", "0258 3869 102", "Phạm Thị Hồng"),
    "TCKH": ("Võ Thị Kim Oanh", "Chuyên viên", "0258 3869 103", "Nguyễn Văn Lộc"),
    "VHTT": ("Cao Thị Ngọc Lan", "Chuyên viên", "0258 3869 104", "Đặng Quốc Huy"),
    "VP": ("Bo Bo Thị Nhung", "Chuyên viên", "0258 3869 105", "Hoàng Văn Thắng"),
    "TTVHTTTT": ("Mấu Văn Quang", "Viên chức", "0258 3869 106", "Lương Thị Bích"),
    "22714": ("Trần Thị Mỹ Linh", "Công chức Văn phòng – Thống kê", "0905 110 714", "Pi Năng Văn Thành"),
    "22717": ("Mấu Thị Hoa", "Công chức Văn phòng – Thống kê", "0905 110 717", "Bo Bo Văn Sơn"),
    "22720": ("Cao Văn Lợi", "Công chức Văn phòng – Thống kê", "0905 110 720", "Mang Văn Hiền"),
    "22723": ("Pi Năng Thị Hà", "Công chức Văn phòng – Thống kê", "0905 110 723", "Cao Văn Nam"),
    "22726": ("Bo Bo Thị Yến", "Công chức Văn phòng – Thống kê", "0905 110 726", "Mấu Văn Long"),
    "22729": ("Nguyễn Văn Hùng", "Công chức Tư pháp – Hộ tịch", "0905 110 729", "Cao Thị Thủy"),
    "22732": ("Mang Thị Liên", "Công chức Văn phòng – Thống kê", "0905 110 732", "Pi Năng Văn Tín"),
    "22735": ("Tro Thị Mai", "Công chức Văn phòng – Thống kê", "0905 110 735", "Bo Bo Văn Phúc"),
}
EMAIL = {
    "NV": "phongnoivu",
    "TP": "phongtuphap",
    "TCKH": "phongtckh",
    "VHTT": "phongvhtt",
    "VP": "vanphong",
    "TTVHTTTT": "ttvhtttt",
}
# Day in May 2020 each unit signed its return (22732 signed after the 01/6/2020 deadline).
SIGNED = {
    "NV": "29/5/2020",
    "TP": "27/5/2020",
    "TCKH": "25/5/2020",
    "VHTT": "28/5/2020",
    "VP": "29/5/2020",
    "TTVHTTTT": "22/5/2020",
    "22714": "26/5/2020",
    "22717": "25/5/2020",
    "22720": "27/5/2020",
    "22723": "28/5/2020",
    "22726": "26/5/2020",
    "22729": "29/5/2020",
    "22732": "03/6/2020",
    "22735": "28/5/2020",
}


def contact(code: str) -> dict[str, str]:
    name, role, phone, head = CONTACTS[code]
    mail = EMAIL.get(code, f"ubnd{code}")
    return {
        "nguoi_lap": name,
        "chuc_vu": role,
        "dien_thoai": phone,
        "email": f"{mail}@khanhson.example.vn",
        "ngay_lap": SIGNED[code],
        "thu_truong": head,
    }


# ------------------------------------------------------------------------------------------ checks
OPS: dict[str, Callable[[float, float], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
}


def numeric(x: Any) -> float | None:
    return float(x) if isinstance(x, int | float) and not isinstance(x, bool) else None


def district_value(s: Schema, v: Values, ind_id: str, period: str) -> float | None:
    """The district figure of one indicator, following its aggregation."""
    ind = s.indicator_by_id[ind_id]
    units = s.reporting_units.get(ind_id, [])
    if ind.aggregate is Aggregate.CHILDREN_SUM:
        return _sum_known([district_value(s, v, c.id, period) for c in s.children(ind_id)])
    vals = [numeric(v[u].get(ind_id, {}).get(period)) for u in units if u in v]
    if not vals or any(x is None for x in vals):
        return None
    if ind.aggregate in (Aggregate.SUM, Aggregate.SINGLE):
        return _sum_known(vals)
    if ind.aggregate is Aggregate.SAME:
        assert len(set(vals)) == 1, f"{ind_id} {period}: communes disagree {vals}"
        return vals[0]
    if ind.aggregate is Aggregate.LEVELS:
        xa = set(s.expand_reporters(["cap_xa"]))
        county = [numeric(v[u][ind_id][period]) for u in units if u not in xa]
        commune = {numeric(v[u][ind_id][period]) for u in units if u in xa}
        assert len(commune) == 1, f"{ind_id} {period}: commune catalogue differs {commune}"
        return _sum_known([*county, commune.pop()])
    return None


def _sum_known(parts: list[float | None]) -> float | None:
    """The sum of ``parts``; None when one of them is unknown."""
    known = [p for p in parts if p is not None]
    return sum(known) if len(known) == len(parts) else None


def check(s: Schema, v: Values, layouts: dict[str, Any]) -> list[str]:
    """Every problem with the values; an empty list means a clean campaign."""
    bad: list[str] = []
    # 1. Completeness and kinds: every input cell of every template has a value of the right kind.
    for code, layout in layouts.items():
        want = {(c.indicator, c.period) for _, c in layout.cells("input")}
        have = {(i, p) for i, per in v.get(code, {}).items() for p in per}
        if want != have:
            bad.append(f"{code}: missing {sorted(want - have)[:5]} extra {sorted(have - want)[:5]}")
        for ind_id, per in v.get(code, {}).items():
            kind = s.indicator_by_id[ind_id].kind
            for p, x in per.items():
                ok = {
                    ValueKind.COUNT: lambda x: isinstance(x, int) and not isinstance(x, bool) and x >= 0,
                    ValueKind.PERCENT: lambda x: numeric(x) is not None and 0 <= x <= 100,
                    ValueKind.MONEY: lambda x: numeric(x) is not None and x >= 0,
                    ValueKind.FLAG: lambda x: x in ("x", 0),
                    ValueKind.GRADE: lambda x: x in ("Đạt", "Không đạt"),
                    ValueKind.TEXT: lambda x: isinstance(x, str) and x.strip() != "",
                }[kind](x)
                if not ok:
                    bad.append(f"{code} {ind_id} {p}: bad {kind.value} value {x!r}")
    units = [u for u in v]
    year_periods = [p.id for p in s.periods if p.kind == "year"]
    all_periods = [p.id for p in s.periods]

    def unit_val(u: str, i: str, p: str) -> float | None:
        return numeric(v[u].get(i, {}).get(p))

    scopes: list[tuple[str, Callable[[str, str], float | None]]] = [(u, partial(unit_val, u)) for u in units]
    scopes.append(("district", lambda i, p: district_value(s, v, i, p)))
    for rule in s.rules:
        for name, get in scopes:
            if rule.scope == "district" and name != "district":
                continue
            if rule.kind == "compare":
                assert rule.op is not None
                for p in all_periods:
                    lv = _sum_known([get(i, p) for i in rule.left])
                    rv = _sum_known([get(t, p) if isinstance(t, str) else float(t) for t in rule.right])
                    if lv is None or rv is None:
                        # a unit-scope rule applies to units holding all its terms
                        continue
                    if not OPS[rule.op](lv, rv):
                        bad.append(f"{rule.id} [{name} {p}]: {lv} {rule.op} {rv} fails")
            elif rule.kind == "range":
                for i in rule.indicators:
                    for p in all_periods:
                        x = get(i, p)
                        if x is None:
                            continue
                        if (rule.min is not None and x < rule.min) or (rule.max is not None and x > rule.max):
                            bad.append(f"{rule.id} [{name} {i} {p}]: {x} outside {rule.min}–{rule.max}")
            elif rule.kind == "change":
                assert rule.max_ratio is not None
                for i in rule.indicators:
                    ind = s.indicator_by_id[i]
                    for prev_p, p in pairwise(year_periods):
                        a, b = get(i, prev_p), get(i, p)
                        if a is None or b is None:
                            continue
                        if ind.temporal == "flow":
                            a /= s.period_by_id[prev_p].fraction_of_year if s.period_by_id[prev_p].partial else 1
                            b /= s.period_by_id[p].fraction_of_year if s.period_by_id[p].partial else 1
                        # Stricter than any reading of the rule: both directions, either side as base.
                        if max(a, b) < rule.min_base:
                            continue
                        ratio = math.inf if min(a, b) == 0 else max(a, b) / min(a, b)
                        if ratio > rule.max_ratio:
                            bad.append(f"{rule.id} [{name} {i} {prev_p}→{p}]: {a:g} → {b:g} (×{ratio:.2f})")
    bad += plausibility(s, v)
    return bad


def plausibility(s: Schema, v: Values) -> list[str]:
    bad: list[str] = []

    def want(cond: bool, what: str) -> None:
        if not cond:
            bad.append(f"implausible: {what}")

    for p in ALL_YEARS:
        want(250 <= v["VP"]["s3_tthc_huyen"][p] <= 300, f"TTHC cấp huyện {p}")
        xa = {v[c]["s3_tthc_xa"][p] for c in COMMUNES}
        want(len(xa) == 1 and 110 <= min(xa) <= 130, f"TTHC cấp xã {p} {xa}")
        for u, a, b in [("VP", "s3_hs_huyen_dung_hen", "s3_hs_huyen_tiep_nhan")] + [
            (c, "s3_hs_xa_dung_hen", "s3_hs_xa_tiep_nhan") for c in COMMUNES
        ]:
            rate = v[u][a][p] / v[u][b][p] * 100
            want(95 <= rate <= 99.9, f"{u} on-time rate {p} = {rate:.2f}")
        for u in ["VP", *COMMUNES]:
            want(v[u]["s3_mc_tiep_nhan"][p] <= (v[u].get("s3_tthc_huyen") or v[u]["s3_tthc_xa"])[p], f"{u} mc {p}")
        want(v["NV"]["s5_cbcc_co_mat"][p] <= v["NV"]["s5_cbcc_giao"][p], f"cbcc {p}")
        want(v["NV"]["s5_vc_co_mat"][p] <= v["NV"]["s5_vc_giao"][p], f"vc {p}")
    for p in YEARS:
        n = v["VP"]["s3_hs_huyen_tiep_nhan"][p]
        want(300 <= n <= 5000, f"hồ sơ cấp huyện {p} = {n}")
        for c in COMMUNES:
            want(100 <= v[c]["s3_hs_xa_tiep_nhan"][p] <= 1500, f"hồ sơ {c} {p}")
    e = [v["VHTT"]["s7_vb_dien_tu"][p] for p in ALL_YEARS]
    want(e == sorted(e) and 25 <= e[0] <= 35 and 85 <= e[-1] <= 95, "văn bản điện tử rising ~30 → ~90 %")
    d = [v["VP"]["s7_dvc_34"][p] for p in ALL_YEARS]
    want(d == sorted(d), "DVC mức độ 3, 4 rising")
    grades = [x for per in v.values() for i, q in per.items() if i.startswith("s8_") for x in q.values()]
    want(1 <= grades.count("Không đạt") <= 2, "one or two Không đạt")
    return bad


def check_with_product_rules(s: Schema, v: Values) -> list[str] | None:
    """Also run the product's rule engine when it exists (cchc_cli.validation.rules.evaluate)."""
    try:
        from cchc_cli.validation.rules import evaluate
    except ImportError:
        return None
    out: list[str] = []
    for code, per in v.items():
        vals = {(i, p): numeric(x) for i, q in per.items() for p, x in q.items() if numeric(x) is not None}
        for hit in evaluate(s, vals, scope="unit", available=set(per), unit=code):
            out.append(f"{code}: {hit.rule.id} {hit.period}: {hit.message}")
    periods = [p.id for p in s.periods]
    totals = {
        (i.id, p): x
        for i in s.indicators
        if i.kind in (ValueKind.COUNT, ValueKind.PERCENT, ValueKind.MONEY)
        for p in periods
        if (x := district_value(s, v, i.id, p)) is not None
    }
    for scope in ("unit", "district"):
        for hit in evaluate(s, totals, scope=scope):
            out.append(f"district totals ({scope} rules): {hit.rule.id} {hit.period}: {hit.message}")
    return out


# ------------------------------------------------------------------------------------------ output
HEADER = """\
# Số liệu của đợt báo cáo mẫu: Tổng kết CCHC huyện Khánh Sơn 2011–2020 (Kế hoạch 283/KH-UBND).
# TỆP ĐƯỢC SINH TỰ ĐỘNG bởi examples/make_values.py (hạt giống ngẫu nhiên cố định) – không sửa tay;
# sửa script rồi chạy lại:  .venv/bin/python examples/make_values.py
#
# Số liệu là giả định, dựng cho hợp lý (không phải số liệu thật của huyện); người và số điện thoại là hư cấu.
# Cấu trúc:  units → mã đơn vị → {name, contact{nguoi_lap, chuc_vu, dien_thoai, email, ngay_lap, thu_truong},
#             values{mã chỉ tiêu: {mã kỳ: giá trị}}}  (mã chỉ tiêu, mã kỳ: như trong lược đồ)
#   count: số nguyên; percent: số 0–100; money: triệu đồng; flag: "x" hoặc 0; grade: Đạt/Không đạt; text: chữ.
#   y2020 = Năm 2020 (tính đến 31/3): số phát sinh ≈ một quý, số quy mô (stock) giữ mức tại 31/3.
# Mọi quy tắc trong rules: của lược đồ đều thỏa (cả quy tắc phạm vi toàn huyện); không có ô trống.
"""


def build(schema: Schema) -> tuple[dict[str, Any], bool]:
    g = Gen(SEED)
    common = common_commune_values()
    xa = commune_values(g, common)
    offices = office_values(g, xa, common)
    v: Values = {**offices, **xa}
    layouts = {lay.unit.code: lay for lay in plan_templates(schema, schema.units)[0]}
    problems = check(schema, v, layouts)
    product = check_with_product_rules(schema, v)
    if product:
        problems += [f"cchc rules: {x}" for x in product]
    if problems:
        raise SystemExit("so-lieu.yaml not written; the values fail checks:\n  " + "\n  ".join(problems))
    ordered: dict[str, Any] = {}
    for unit in schema.units:
        if unit.code not in layouts:
            continue
        layout = layouts[unit.code]
        order = {p.id: k for k, p in enumerate(schema.periods)}
        data = {
            i: {p: v[unit.code][i][p] for p in sorted(v[unit.code][i], key=order.__getitem__)}
            for i in layout.indicator_ids
        }
        ordered[unit.code] = {"name": unit.name, "contact": contact(unit.code), "values": data}
    return {
        "schema": schema.meta.id,
        "schema_version": schema.meta.version,
        "seed": SEED,
        "units": ordered,
    }, product is not None


def main() -> None:
    schema = load_schema(ROOT / "schemas" / "khanh-son-2011-2020.yaml")
    doc, used_engine = build(schema)
    text = HEADER + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=None, width=120)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    n = sum(len(q) for u in doc["units"].values() for q in u["values"].values())
    engine = "schema rules + cchc rule engine" if used_engine else "schema rules (own checker)"
    print(f"{OUT.relative_to(ROOT)}: {len(doc['units'])} units, {n} values; checks passed ({engine}).")


if __name__ == "__main__":
    main()

"""Every campaign word the product prints, from the schema: one place (issue 10 §2).

The annex name and the templates' file-name prefix, the collecting office, the level word of the whole area
("huyện", "tỉnh"), money units from each row's unit of measure, and what the guide sheet tells units about a
partial period. Nothing here knows Khánh Sơn: the bundled schema gives "Phụ lục 2", "PL2", "Phòng Nội vụ",
"huyện", "Triệu đồng".
"""

from __future__ import annotations

import re

from cchc_cli.schema.model import Indicator, Period, Schema
from cchc_cli.textutil import fold_ascii


def annex(schema: Schema) -> str:
    """The annex the data forms belong to, as the plan names it ("Phụ lục 2")."""
    return schema.campaign.annex


def file_prefix(schema: Schema) -> str:
    """Templates' file-name prefix: ``campaign.file_prefix``, else initials and numbers of the annex name.

    "Phụ lục 2" → "PL2"; "Biểu số 01" → "BS01".
    """
    if schema.campaign.file_prefix:
        return schema.campaign.file_prefix
    words = re.findall(r"[A-Za-z]+|[0-9]+", fold_ascii(schema.campaign.annex))
    prefix = "".join(w if w.isdigit() else w[0].upper() for w in words)
    return prefix or "BM"


def subject(schema: Schema) -> str:
    """The report's trích yếu (Nghị định 30/2020, Phụ lục I: the document's kind, «BÁO CÁO», stands above it, so
    it does not start with «Báo cáo» again): the campaign title without a leading "Báo cáo"."""
    title = schema.campaign.title.strip()
    rest = title[len("báo cáo ") :].lstrip() if title.casefold().startswith("báo cáo ") else ""
    return rest[:1].upper() + rest[1:] if rest else title


def collector_name(schema: Schema) -> str:
    """The office that collects the returns ("Phòng Nội vụ")."""
    unit = schema.unit_by_code.get(schema.campaign.collector)
    return unit.name if unit else schema.campaign.collector


def level(schema: Schema) -> str:
    """The level word of the area the campaign covers: ``campaign.level``, else the first word of ``district``."""
    if schema.campaign.level:
        return schema.campaign.level
    return schema.campaign.district.split()[0].lower()


def whole_area(schema: Schema) -> str:
    """Heading of the area-wide figure column: "Toàn huyện", "Toàn tỉnh"."""
    return f"Toàn {level(schema)}"


def area_source(schema: Schema) -> str:
    """Where an area-wide finding comes from, in place of a file name: "(tổng hợp toàn huyện)"."""
    return f"(tổng hợp toàn {level(schema)})"


def money_unit(indicator: Indicator) -> str:
    """The money unit of a row, in running text: "Triệu đồng" → "triệu đồng" (empty when the row gives none)."""
    uom = indicator.uom.strip()
    return uom[:1].lower() + uom[1:] if uom else ""


def money_units(schema: Schema, indicators: list[Indicator]) -> str:
    """The money units of ``indicators``, joined: "triệu đồng" or "triệu đồng, nghìn đồng"."""
    found = dict.fromkeys(money_unit(i) for i in indicators if i.kind.value == "money")
    return ", ".join(u for u in found if u)


def _day(d: object) -> str:
    return f"{d.day}/{d.month}/{d.year}"  # type: ignore[attr-defined]


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_noun(period: Period) -> str:
    """What the period is, in words, from its kind and dates: "năm 2020", "quý IV năm 2025", "tháng 5/2025"."""
    start, end = period.start, period.nominal_end
    if period.kind == "year":
        return f"năm {start.year}"
    if period.kind == "half_year":
        return f"6 tháng {'đầu' if start.month <= 6 else 'cuối'} năm {start.year}"
    if period.kind == "quarter":
        return f"quý {_ROMAN.get((start.month - 1) // 3 + 1, '')} năm {start.year}"
    if period.kind == "month":
        return f"tháng {start.month}/{start.year}"
    if period.kind == "stage":
        return f"giai đoạn {start.year}–{end.year}"
    return f"kỳ {period.label}"


def partial_notice(period: Period) -> str:
    """The guide sheet's line for a partial period, from its label and end date.

    "Năm 2020 (tính đến 31/3): số liệu năm 2020 chỉ tính đến ngày 31/3/2020."
    """
    return f"{period.label}: số liệu {period_noun(period)} chỉ tính đến ngày {_day(period.end)}."

"""Facts about a schema for `cchc schema check` (no printing here)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from cchc_cli.schema.model import Schema
from cchc_cli.validation.findings import SEVERITY_VI
from cchc_cli.workbook.stamp import Stamper


@dataclass
class SectionSummary:
    number: str
    title: str
    rows: int
    inputs: int


@dataclass
class SchemaSummary:
    schema_id: str
    version: str
    sections: list[SectionSummary]
    indicators: int
    input_indicators: int
    units: int
    rows_per_unit: list[tuple[str, str, int, int]]  # code, name, indicators, input cells
    rules: Counter[str]  # "so sánh, từng đơn vị, lỗi" → how many rules
    corrections: int


RULE_KIND_VI = {"compare": "so sánh", "range": "khoảng giá trị", "change": "biến động giữa các kỳ"}
RULE_SCOPE_VI = {"unit": "từng đơn vị", "district": "toàn huyện"}


def summarize(schema: Schema) -> SchemaSummary:
    sections = [
        SectionSummary(
            sec.number,
            sec.title,
            sum(1 for i in schema.indicators if i.section == sec.id),
            sum(1 for i in schema.indicators if i.section == sec.id and i.is_input),
        )
        for sec in schema.sections
    ]
    per_unit = []
    stamper = Stamper(schema)  # units with the same rows share one layout (national scale)
    for unit in schema.units:
        layout = stamper.layout(unit.code)
        per_unit.append((unit.code, unit.name, len(layout.indicator_ids), len(layout.cells("input"))))
    rules = Counter(
        f"{RULE_KIND_VI.get(r.kind, r.kind)}, {RULE_SCOPE_VI.get(r.scope, r.scope)}, {SEVERITY_VI[r.severity]}"
        for r in schema.rules
    )
    return SchemaSummary(
        schema.meta.id,
        schema.meta.version,
        sections,
        len(schema.indicators),
        sum(1 for i in schema.indicators if i.is_input),
        len(schema.units),
        per_unit,
        rules,
        len(schema.corrections),
    )

"""`cchc merge`: the usable return of each unit → district figures by period, with completeness and status.

Each indicator aggregates by its schema kind (sum, single, same, levels, ratio, children_sum, any, grade, text).
A district figure whose expected contributors are not all there is kept but marked incomplete, with the units
missing, so nobody reports a partial sum as complete. Rates come from summed counts, never from averaged rates.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from cchc_cli.merge.model import DistrictValue, Key, MasterData, SourceFile, UnitStatus
from cchc_cli.numfmt import vi_number
from cchc_cli.schema.model import Aggregate, Indicator, Schema
from cchc_cli.schema.words import area_source
from cchc_cli.status import contact_line, contact_of
from cchc_cli.validation.checks import CROSS_FILE, DISTRICT, DistrictContext
from cchc_cli.validation.engine import FileResult, ValidationReport
from cchc_cli.validation.findings import Finding

CROSS_FILE_CODES = frozenset(code for check in CROSS_FILE for code in check.codes)


def expected_units(schema: Schema) -> list[str]:
    """Units that have a template (something to report), in registry order."""
    return [u.code for u in schema.units if schema.indicators_by_unit[u.code]]  # a template has ≥ 1 input row


def choose_returns(
    report: ValidationReport, *, include_errors: bool = False
) -> tuple[dict[str, FileResult], dict[str, str]]:
    """The return used for each unit, and why each other file was left out (by file name)."""
    used: dict[str, FileResult] = {}
    left_out: dict[str, str] = {}
    for r in report.files:
        if not r.read:
            left_out[r.name] = "không đọc được hoặc không phải biểu mẫu" if not r.unit else "sai cấu trúc biểu mẫu"
        elif r.superseded_by:
            left_out[r.name] = f"đã có bản mới hơn ({r.superseded_by})"
        elif r.errors and not include_errors:
            left_out[r.name] = f"có {r.errors} lỗi"
        elif r.unit:
            used[r.unit] = r
    return used, left_out


def _numbers(values: list[Any]) -> list[float | int]:
    return [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]


def _mode(items: list[tuple[str, Any]], names: dict[str, str]) -> tuple[Any, str]:
    """The value most units gave, and a note naming who gave what when they disagree (empty when all agree)."""
    counts = Counter(v for _, v in items)
    if not counts:
        return None, ""
    first_seen: dict[Any, int] = {}
    for i, (_, v) in enumerate(items):
        first_seen.setdefault(v, i)
    ranked = sorted(counts, key=lambda v: (-counts[v], first_seen[v]))
    if len(ranked) == 1:
        return ranked[0], ""
    parts = []
    for v in ranked:
        who = [names[u] for u, w in items if w == v]
        shown = vi_number(v) if isinstance(v, int | float) else str(v)
        parts.append(f"{shown} ({len(who)} đơn vị)" if v == ranked[0] else f"{shown} ({', '.join(who)})")
    return ranked[0], "các đơn vị báo cáo khác nhau: " + "; ".join(parts)


class Aggregator:
    def __init__(self, schema: Schema, by_unit: dict[str, dict[Key, Any]]) -> None:
        self.schema = schema
        self.by_unit = by_unit
        self.district: dict[Key, DistrictValue] = {}
        self.names = {u.code: u.name for u in schema.units}
        self._index = {u.code: i for i, u in enumerate(schema.units)}

    def reporters(self, ind: Indicator) -> list[str]:
        if ind.derive is not None:
            return self.schema.reporting_units.get(ind.derive.ratio.numerator, [])
        return self.schema.reporting_units.get(ind.id, [])

    def _gather(self, ind_id: str, units: list[str], period: str) -> tuple[list[tuple[str, Any]], list[str]]:
        got, missing = [], []
        for u in units:
            value = self.by_unit.get(u, {}).get((ind_id, period))
            if value is None:
                missing.append(u)
            else:
                got.append((u, value))
        return got, missing

    def compute(self, ind: Indicator, period: str) -> DistrictValue:
        key = (ind.id, period)
        if key in self.district:
            return self.district[key]
        agg = ind.aggregate
        units = self.reporters(ind)
        value: Any = None
        if agg is Aggregate.CHILDREN_SUM:
            parts = [self.compute(c, period) for c in self.schema.children(ind.id)]
            nums = _numbers([p.value for p in parts])
            dv = DistrictValue(
                sum(nums) if nums else None,
                all(p.complete for p in parts),
                sorted({u for p in parts for u in p.missing}, key=self._order),
                sorted({u for p in parts for u in p.contributors}, key=self._order),
            )
        elif agg is Aggregate.RATIO and ind.derive is not None:
            num, den, missing, used = 0.0, 0.0, [], []
            for u in units:
                n = self.by_unit.get(u, {}).get((ind.derive.ratio.numerator, period))
                d = self.by_unit.get(u, {}).get((ind.derive.ratio.denominator, period))
                if isinstance(n, int | float) and isinstance(d, int | float):
                    num, den = num + n, den + d
                    used.append(u)
                else:
                    missing.append(u)
            rate = round(num / den * 100, 2) if den else None
            dv = DistrictValue(rate, not missing and rate is not None, missing, used)
        else:
            got, missing = self._gather(ind.id, units, period)
            contributors = [u for u, _ in got]
            note = ""
            if agg is Aggregate.SUM:
                nums = _numbers([v for _, v in got])
                value = sum(nums) if nums else None
            elif agg in (Aggregate.SINGLE, Aggregate.GRADE):
                value = got[0][1] if got else None
            elif agg is Aggregate.SAME:
                value, note = _mode(got, self.names)
            elif agg is Aggregate.LEVELS:
                communes = [(u, v) for u, v in got if self._is_commune(u)]
                offices = _numbers([v for u, v in got if not self._is_commune(u)])
                common, note = _mode(communes, self.names)
                if offices or common is not None:
                    value = sum(offices) + (common if isinstance(common, int | float) else 0)
            elif agg is Aggregate.ANY:
                # "x" when at least one unit has it; the units that have not are named, never hidden by it
                yes = [u for u, v in got if v == "x"]
                no = [self.names[u] for u, v in got if v != "x"]
                value = "x" if yes else ("0" if got else None)
                if yes and no:
                    note = f"có (x) ở {len(yes)} đơn vị; không hoặc chưa (0) ở: {', '.join(no)}"
            elif agg is Aggregate.TEXT:
                texts = [f"{self.names[u]}: {v}" if len(units) > 1 else str(v) for u, v in got]
                value = "\n".join(texts) if texts else None
                missing = []  # optional text: nothing is incomplete without it
            dv = DistrictValue(value, not missing and value is not None, missing, contributors, note)
        self.district[key] = dv
        return dv

    def _is_commune(self, code: str) -> bool:
        return code in self.schema.commune_units

    def _order(self, code: str) -> int:
        return self._index[code]


def _cross_findings(schema: Schema, district: dict[Key, DistrictValue]) -> list[Finding]:
    """The merge-time cross-checks (``validation.checks.DISTRICT``) on the district figures."""
    ctx = DistrictContext(schema, district, area_source(schema))
    return [f for check in DISTRICT for f in check.run(ctx)]


def _status(
    schema: Schema, report: ValidationReport, used: dict[str, FileResult], expected: Sequence[str]
) -> list[UnitStatus]:
    rows = []
    for code in expected:
        unit = schema.unit_by_code[code]
        files = [r for r in report.files if r.unit == code]
        if not files:
            contact = contact_line(contact_of(schema, report, code))
            rows.append(UnitStatus(code, unit.name, received=False, reason="chưa nộp", contact=contact))
            continue
        chosen = used.get(code) or max(files, key=lambda r: (r.submitted_at, r.name))
        contact = contact_line(contact_of(schema, report, code, chosen.name))
        submitted = chosen.submitted_at
        rows.append(
            UnitStatus(
                code,
                unit.name,
                received=True,
                file=chosen.name,
                submitted_at=submitted,
                on_time=on_time(schema, submitted),
                valid=chosen.read and not chosen.errors,
                used=code in used,
                errors=chosen.errors,
                warnings=chosen.warnings,
                reason="" if code in used else (f"có {chosen.errors} lỗi" if chosen.read else "tệp không dùng được"),
                contact=contact,
            )
        )
    return rows


_VN = dt.timezone(dt.timedelta(hours=7))


def build_master(schema: Schema, report: ValidationReport, *, include_errors: bool = False) -> MasterData:
    """District figures from the usable returns of ``report`` (see module docstring)."""
    used, left_out = choose_returns(report, include_errors=include_errors)
    by_unit = {code: dict(r.values) for code, r in sorted(used.items(), key=lambda kv: _unit_index(schema, kv[0]))}
    provenance = {
        (code, ind, per): (used[code].name, *used[code].cells[(ind, per)])
        for code in by_unit
        for (ind, per) in used[code].values
    }
    agg = Aggregator(schema, by_unit)
    for ind in schema.indicators:
        if ind.kind.value == "heading":
            continue
        for per in schema.section_periods(schema.section_by_id[ind.section]):
            agg.compute(ind, per.id)
    expected = expected_units(schema)
    cross = _cross_findings(schema, agg.district)
    for r in sorted(report.files, key=lambda r: r.name):
        cross += [f for f in r.findings if f.code in CROSS_FILE_CODES]
    sources = [
        SourceFile(r.name, r.sha256, r.unit, r.unit in used and used[r.unit] is r, left_out.get(r.name, ""))
        for r in sorted(report.files, key=lambda r: r.name)
    ]
    return MasterData(
        schema=schema,
        district=agg.district,
        by_unit=by_unit,
        provenance=provenance,
        status=_status(schema, report, used, expected),
        cross_findings=cross,
        sources=sources,
    )


def _unit_index(schema: Schema, code: str) -> int:
    return [u.code for u in schema.units].index(code)


def on_time(schema: Schema, submitted: dt.datetime) -> bool:
    """Whether a return saved at ``submitted`` came in time: its day in Vietnam is before the campaign's
    deadline (``deadline_text`` reads "trước ngày …": the deadline day itself is late)."""
    return submitted.astimezone(_VN).date() < schema.campaign.deadline

"""What the outline template can use: the figures computed from the master, and small helpers.

Python computes (district figures with their gaps, changes, rates, who submitted, the self-assessment);
the Jinja outline decides the wording. Every name here is documented in templates/HUONG-DAN.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cchc_cli.merge.model import DistrictValue, MasterData
from cchc_cli.report.figures import Figure, PeriodView, Series, join_and, percent1
from cchc_cli.report.markup import escape, plain
from cchc_cli.report.tables import goal_sections, section_tables
from cchc_cli.report.template import Indicators, Periods, Problems, near
from cchc_cli.schema import words
from cchc_cli.schema.model import Aggregate, Indicator, Schema, ValueKind
from cchc_cli.targets import TargetResult, evaluate

EMPTY_DATE = "ngày      tháng      năm"


def merged_goal_note(number: str, merged: list[str] | tuple[str, ...]) -> str:
    """The footnote of a goal the plan's goals ``merged`` were merged into (plain text; "" when none): the
    draft keeps the plan's numbering, so a reader must learn why a number is missing."""
    if not merged:
        return ""
    several = len(merged) > 1
    return (
        f"{'Các mục tiêu' if several else 'Mục tiêu'} {join_and(list(merged))} của Kế hoạch trùng nội dung với "
        f"mục tiêu {number} nên được gộp vào mục tiêu {number}; báo cáo giữ số thứ tự các mục tiêu như Kế hoạch."
    )


@dataclass(frozen=True)
class Goal:
    """One goal of the self-assessment (Phụ lục 2, section 8)."""

    stt: str  # the goal's number in the plan (schema ``targets``), else its STT in Phụ lục 2
    text: str  # escaped
    lead: str  # the lead unit(s), escaped
    value: str | None  # "Đạt" / "Không đạt" / None when not assessed
    merged: tuple[str, ...] = ()  # plan numbers of goals merged into this one
    check: str = ""  # "đạt"/"chưa đạt" per the figures (schema ``targets``), "" when they cannot tell
    review: bool = False  # the self-assessment contradicts the figures

    @property
    def footnote(self) -> str:
        """For a goal the plan's other goals were merged into, a Word footnote (markup ``^[…]``, see markup.py)
        saying so, so the draft keeps the plan's numbering and a reader knows why a number is missing; else ""."""
        note = merged_goal_note(plain(self.stt), self.merged)  # stt is escaped for the markup: unescape first
        return f"^[{escape(note)}]" if note else ""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Goals:
    all: list[Goal]

    @property
    def achieved(self) -> list[Goal]:
        return [g for g in self.all if g.value == "Đạt"]

    @property
    def not_achieved(self) -> list[Goal]:
        return [g for g in self.all if g.value == "Không đạt"]

    @property
    def unassessed(self) -> list[Goal]:
        return [g for g in self.all if g.value not in ("Đạt", "Không đạt")]


@dataclass(frozen=True)
class Submission:
    """Who sent a usable return (the DHIS2 completeness view)."""

    expected: list[str]  # unit names, escaped
    used: list[str]
    not_received: list[str]
    left_out: list[str]  # received but not used, with the reason: "Xã X (có 2 lỗi)"
    late: list[str]

    @property
    def complete(self) -> bool:
        return len(self.used) == len(self.expected)


def unit_names(schema: Schema, names: list[str], *, short: bool = False) -> list[str]:
    """Names of units and groups (a group id gives the group's name, e.g. "UBND các xã, thị trấn")."""
    out = []
    for name in names:
        group = schema.group_by_id.get(name)
        unit = schema.unit_by_code.get(name)
        if group is not None:
            out.append(group.name)
        elif unit is not None:
            out.append(unit.short_name if short else unit.name)
        else:
            out.append(name)
    return out


def _missing_names(schema: Schema, codes: list[str]) -> tuple[str, ...]:
    """Unit names; a whole group missing is named by the group."""
    left = list(codes)
    names: list[str] = []
    for group in schema.groups:
        if len(group.members) > 1 and set(group.members) <= set(left):
            names.append(group.name)
            left = [c for c in left if c not in group.members]
    names += [schema.unit_by_code[c].name if c in schema.unit_by_code else c for c in left]
    return tuple(names)


def is_commune(schema: Schema, code: str) -> bool:
    """Whether ``code`` is of the commune level the schema declares (Schema.commune_units)."""
    return code in schema.commune_units


def effective_completeness(
    schema: Schema, ind: Indicator, dv: DistrictValue, master: MasterData | None = None, period: str = ""
) -> tuple[bool, list[str]]:
    """(complete, missing unit codes) as the report states it.

    A ``same`` figure (one list shared by every commune) is complete as soon as the communes that reported
    agree; so is the commune part of a ``levels`` figure: a missing commune changes nothing in it. Only the
    offices of a ``levels`` figure still count one by one. A ``children_sum`` is complete when its parts are
    (``master`` and ``period`` give the parts).
    """
    if dv.value is None or dv.value == "" or dv.note:
        return dv.complete, list(dv.missing)
    if ind.aggregate is Aggregate.CHILDREN_SUM and master is not None:
        parts = [
            effective_completeness(schema, c, master.value(c.id, period), master, period)
            for c in schema.children(ind.id)
        ]
        missing = list(dict.fromkeys(u for _, m in parts for u in m))
        return all(ok for ok, _ in parts), missing
    if ind.aggregate is Aggregate.SAME:
        return True, []
    if ind.aggregate is Aggregate.LEVELS:
        offices = [u for u in dv.missing if not is_commune(schema, u)]
        communes_in = any(is_commune(schema, u) for u in dv.contributors)
        communes_out = [u for u in dv.missing if is_commune(schema, u)]
        if communes_in or not communes_out:
            return not offices, offices
    return dv.complete, list(dv.missing)


def scope_of(schema: Schema, ind: Indicator) -> str:
    """Where a figure counts: "cấp huyện", "cấp xã", "toàn huyện" or, for levels, "cấp huyện và cấp xã"."""
    level = level_word(schema)
    codes = schema.expand_reporters(schema.declared_reporters(ind))
    if ind.derive is not None:
        codes = schema.reporting_units.get(ind.derive.ratio.numerator, codes)
    communes = [c for c in codes if is_commune(schema, c)]
    if ind.aggregate is Aggregate.LEVELS:
        return f"cấp {level} và cấp xã"
    if communes and len(communes) == len(codes):
        return "cấp xã"
    if communes:
        return f"toàn {level}"
    return f"cấp {level}"


def level_word(schema: Schema) -> str:
    """ "huyện" / "tỉnh": the first word of the campaign's area ("huyện Khánh Sơn")."""
    return schema.campaign.district.split()[0].lower() if schema.campaign.district.strip() else "huyện"


def build_series(master: MasterData) -> dict[str, Series]:
    schema = master.schema
    periods = {p.id: PeriodView.of(p) for p in schema.periods}
    out: dict[str, Series] = {}
    for ind in schema.indicators:
        if ind.kind is ValueKind.HEADING:
            continue
        figures = {}
        for pid in schema.section_by_id[ind.section].periods:
            dv = master.value(ind.id, pid)
            complete, missing = effective_completeness(schema, ind, dv, master, pid)
            figures[pid] = Figure(
                ind.id,
                ind.kind.value,
                periods[pid],
                dv.value,
                complete,
                _missing_names(schema, missing),
                dv.note,
            )
        series = Series.of(ind, figures)
        series.label = escape(row_label(schema, ind))
        series.scope = scope_of(schema, ind)
        series.counted = (
            f"số của cấp {level_word(schema)} cộng số chung mà các xã cùng báo cáo"
            if ind.aggregate is Aggregate.LEVELS
            else ""
        )
        out[ind.id] = series
    return out


def row_label(schema: Schema, ind: Indicator) -> str:
    """The row's text with its parent's in front, so a sub-row reads alone: "Tổng số biên chế cán bộ, công chức:
    tổng số được giao" (a row without a parent: its own text)."""
    parent = schema.indicator_by_id.get(ind.parent) if ind.parent else None
    return f"{parent.text}: {ind.text[:1].lower()}{ind.text[1:]}" if parent else ind.text


def target_results(master: MasterData) -> list[TargetResult]:
    """The schema's targets judged on the district figures as the report states them."""
    schema = master.schema

    def lookup(ind: str, period: str) -> tuple[Any, bool]:
        dv = master.value(ind, period)
        return dv.value, effective_completeness(schema, schema.indicator_by_id[ind], dv, master, period)[0]

    return evaluate(schema, lookup)


def build_goals(master: MasterData, series: dict[str, Series], results: list[TargetResult]) -> Goals:
    schema = master.schema
    by_goal = {r.target.goal: r for r in results if r.target.goal}
    goals = []
    for ind in schema.indicators:
        if ind.kind is not ValueKind.GRADE:
            continue
        fig = series[ind.id].last
        lead = join_and(unit_names(schema, schema.declared_reporters(ind)))
        value = str(fig.value) if fig.present else None
        r = by_goal.get(ind.id)
        number = (r.target.number if r and r.target.number else None) or ind.stt
        check = "" if r is None or r.met is None else "đạt" if r.met else "chưa đạt"
        goals.append(
            Goal(
                escape(number),
                escape(ind.text),
                escape(lead),
                value,
                tuple(r.target.merged) if r else (),
                check,
                bool(r and r.disagrees),
            )
        )
    return Goals(goals)


def build_submission(master: MasterData) -> Submission:
    status = master.status
    return Submission(
        expected=[escape(s.name) for s in status],
        used=[escape(s.name) for s in status if s.used],
        not_received=[escape(s.name) for s in status if not s.received],
        left_out=[
            escape(f"{s.name} ({s.reason})" if s.reason else s.name) for s in status if s.received and not s.used
        ],
        late=[escape(s.name) for s in status if s.received and s.on_time is False],
    )


def date_line(place: str, day: dt.date | None, year: int | None = None) -> str:
    """ "Khánh Sơn, ngày 05 tháng 6 năm 2020" (Nghị định 30/2020: day < 10 and months 1–2 get a leading 0).

    With no ``day``: "Khánh Sơn, ngày      tháng      năm 2020", left for the văn thư to fill in on signing.
    """
    if day is None:
        return f"{place}, {EMPTY_DATE} {year or ''}".rstrip()
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def campaign_year(schema: Schema) -> int:
    """The year the report is signed: the year of the report deadline, else of the last data period's end."""
    camp = schema.campaign
    if camp.report_deadline is not None:
        return camp.report_deadline.year
    return max(p.end for p in schema.periods).year


def build_context(
    master: MasterData,
    today: dt.date,
    *,
    date: dt.date | None = None,
    draft: bool = True,
    problems: Problems | None = None,
) -> dict[str, Any]:
    """The variables of the outline template (functions table() and chart() are added by the renderer).

    ``date``: the report's date (None: "ngày … tháng … năm <campaign year>" left blank for the văn thư);
    ``draft``: the "DỰ THẢO" mark; ``problems``: where office() reports unknown unit codes.
    Every name is documented in templates/HUONG-DAN.md (a test checks it).
    """
    schema = master.schema
    camp = schema.campaign
    series = build_series(master)
    results = target_results(master)
    problems = problems if problems is not None else Problems()

    def office(*codes: str) -> str:
        """Names of the units or groups with these codes: office("VP", "KTHT"); an unknown code is an error."""
        known = [u.code for u in schema.units] + [g.id for g in schema.groups]
        for code in codes:
            if code not in known:
                problems.add(f"office(): không có đơn vị hay nhóm mã «{code}»" + near(str(code), known, limit=8))
        return escape(", ".join(unit_names(schema, [c for c in codes if c in known])))

    submission = build_submission(master)
    return {
        "campaign": camp,
        "title": escape(words.subject(schema)),
        "plan_number": escape(camp.plan_number),
        "plan_date": camp.plan_date,
        "district": escape(camp.district),
        "place": escape(camp.place),
        "level": level_word(schema),
        "today": today,
        "report_date": date,
        "year": str(campaign_year(schema)),
        "date_line": date_line(camp.place, date, campaign_year(schema)),
        "draft_mark": "DỰ THẢO" if draft else "",
        "ind": Indicators(series),
        "periods": Periods({p.id: PeriodView.of(p) for p in schema.periods}),
        "years": [PeriodView.of(p) for p in schema.periods if PeriodView.of(p).is_calendar],
        "sections": [s for s in schema.sections],
        "section_tables": {s.id: section_tables(s) for s in schema.sections},
        "goal_sections": goal_sections(schema),
        "section_indicators": {
            s.id: [series[i.id] for i in schema.indicators if i.section == s.id and i.id in series]
            for s in schema.sections
        },
        "section_offices": {
            sec.id: escape(
                join_and(
                    unit_names(
                        schema,
                        list(
                            dict.fromkeys(
                                r
                                for i in schema.indicators
                                if i.section == sec.id
                                for r in schema.declared_reporters(i)
                            )
                        ),
                    )
                )
            )
            for sec in schema.sections
        },
        "goals": build_goals(master, series, results),
        "targets": results,
        "submission": submission,
        "missing_note": missing_note(submission),
        "office": office,
        "join_and": join_and,
        "percent1": percent1,
    }


def missing_note(sub: Submission) -> str:
    """The opening note on missing returns, naming each missing unit once ("" when every return is in)."""
    if sub.complete:
        return ""
    parts = [f"số liệu được tổng hợp từ báo cáo của {len(sub.used)}/{len(sub.expected)} cơ quan, đơn vị, địa phương"]
    if sub.not_received:
        parts.append(f"chưa nhận được báo cáo của {join_and(sub.not_received)}")
    if sub.left_out:
        parts.append(f"chưa dùng được báo cáo của {join_and(sub.left_out)}")
    return (
        "==Lưu ý khi hoàn thiện dự thảo: "
        + "; ".join(parts)
        + ". Các chỗ thiếu số liệu được đánh dấu «[…]» và tô vàng; số liệu chưa đầy đủ được tô vàng.=="
    )

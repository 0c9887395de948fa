"""What the outline template can use: the figures computed from the master, and small helpers.

Python computes (district figures with their gaps, changes, rates, who submitted, the self-assessment);
the Jinja outline decides the wording. Every name here is documented in templates/HUONG-DAN.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cchc_cli.merge.model import MasterData
from cchc_cli.report.figures import Figure, PeriodView, Series, join_and
from cchc_cli.report.markup import escape
from cchc_cli.schema.model import Schema, ValueKind


@dataclass(frozen=True)
class Goal:
    """One goal of the self-assessment (Phụ lục 2, section 8)."""

    stt: str
    text: str  # escaped
    lead: str  # the lead unit(s), escaped
    value: str | None  # "Đạt" / "Không đạt" / None when not assessed

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
            figures[pid] = Figure(
                ind.id,
                ind.kind.value,
                periods[pid],
                dv.value,
                dv.complete,
                _missing_names(schema, dv.missing),
                dv.note,
            )
        out[ind.id] = Series.of(ind, figures)
    return out


def build_goals(master: MasterData, series: dict[str, Series]) -> Goals:
    schema = master.schema
    goals = []
    for ind in schema.indicators:
        if ind.kind is not ValueKind.GRADE:
            continue
        fig = series[ind.id].last
        lead = join_and(unit_names(schema, schema.declared_reporters(ind)))
        value = str(fig.value) if fig.present else None
        goals.append(Goal(ind.stt, escape(ind.text), escape(lead), value))
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


def date_line(place: str, day: dt.date) -> str:
    """ "Khánh Sơn, ngày 05 tháng 6 năm 2020" (Nghị định 30/2020: day < 10 and months 1–2 get a leading 0)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def build_context(master: MasterData, today: dt.date) -> dict[str, Any]:
    """The variables of the outline template (functions table() and chart() are added by the renderer)."""
    schema = master.schema
    camp = schema.campaign
    series = build_series(master)

    def office(*codes: str) -> str:
        """Names of the units or groups with these codes: office("VP", "KTHT")."""
        return escape(", ".join(unit_names(schema, list(codes))))

    return {
        "campaign": camp,
        "title": escape(camp.title),
        "plan_number": escape(camp.plan_number),
        "plan_date": camp.plan_date,
        "district": escape(camp.district),
        "place": escape(camp.place),
        "today": today,
        "date_line": date_line(camp.place, today),
        "ind": series,
        "periods": {p.id: PeriodView.of(p) for p in schema.periods},
        "years": [PeriodView.of(p) for p in schema.periods if p.kind == "year"],
        "sections": [s for s in schema.sections],
        "goals": build_goals(master, series),
        "submission": build_submission(master),
        "office": office,
        "join_and": join_and,
    }

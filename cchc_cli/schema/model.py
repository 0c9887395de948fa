"""Typed model of a campaign schema (see schemas/*.yaml). Field names are the YAML keys."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
UnitCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]{1,20}$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class ValueKind(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    MONEY = "money"
    FLAG = "flag"
    GRADE = "grade"
    TEXT = "text"
    HEADING = "heading"


NUMERIC_KINDS = frozenset({ValueKind.COUNT, ValueKind.PERCENT, ValueKind.MONEY})


class Aggregate(StrEnum):
    SUM = "sum"
    SINGLE = "single"
    SAME = "same"
    LEVELS = "levels"
    RATIO = "ratio"
    CHILDREN_SUM = "children_sum"
    ANY = "any"
    GRADE = "grade"
    TEXT = "text"
    NONE = "none"


class SchemaMeta(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$")]
    version: Text
    title: Text


class Campaign(_Model):
    title: Text
    plan_number: Text
    plan_date: dt.date
    issuing_body: Text
    issuing_body_short: Text
    district: Text
    province: Text
    place: Text
    annex: Text
    annex_title: Text
    collector: UnitCode
    deadline: dt.date
    deadline_text: Text
    report_deadline: dt.date | None = None
    #: File-name prefix of the templates ("PL2" → PL2_22714_Thi-tran-To-Hap.xlsx); default: from the annex name.
    file_prefix: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{1,20}$")] | None = None
    #: The level word of the whole area ("huyện", "tỉnh", "xã"); default: the first word of ``district``.
    level: Text | None = None


PeriodKind = Literal["year", "half_year", "quarter", "month", "stage", "assessment"]

#: Period kinds with a calendar length: consecutive periods of one such kind are compared by change rules.
CALENDAR_KINDS: frozenset[str] = frozenset({"year", "half_year", "quarter", "month"})
_MONTHS = {"year": 12, "half_year": 6, "quarter": 3, "month": 1}


class Period(_Model):
    id: Id
    label: Text
    short_label: Text | None = None
    kind: Annotated[PeriodKind, BeforeValidator(lambda v: v.replace("-", "_") if isinstance(v, str) else v)]
    start: dt.date
    end: dt.date
    partial: bool = False

    @property
    def fraction_of_year(self) -> float:
        """Share of a calendar year the period covers (2020 to 31/3 → about 0.25)."""
        days = (self.end - self.start).days + 1
        return min(1.0, days / 365.0)

    @property
    def nominal_start(self) -> dt.date:
        """The first day of the calendar year, half-year, quarter or month holding the period's start.

        Stages and assessments have no calendar length: their own start.
        """
        months = _MONTHS.get(self.kind)
        if months is None:
            return self.start
        first_month = (self.start.month - 1) // months * months + 1
        return dt.date(self.start.year, first_month, 1)

    @property
    def nominal_end(self) -> dt.date:
        """The last day of that calendar unit (a quarter from 1/10 → 31/12); stages and assessments: their end."""
        months = _MONTHS.get(self.kind)
        if months is None:
            return self.end
        first = self.nominal_start
        month0 = first.month - 1 + months
        after = dt.date(first.year + month0 // 12, month0 % 12 + 1, 1)
        return after - dt.timedelta(days=1)

    @property
    def fraction_of_nominal(self) -> float:
        """Share of the whole calendar unit of its own kind that the period covers, at most 1.

        A year to 31/3 → 91/366 ≈ 0.25 (2020 is a leap year); a quarter from 1/10 to 14/12 → 75/92 ≈ 0.82;
        a year from 1/7 (communes created on 1/7/2025) → 184/365 ≈ 0.5. Change rules scale a partial period's
        flow by this, so a quarter is compared with a quarter.
        """
        days = (self.end - self.start).days + 1
        whole = (self.nominal_end - self.nominal_start).days + 1
        return min(1.0, days / whole) if whole > 0 else 1.0

    @property
    def axis_label(self) -> str:
        """The label charts and narrow tables use: ``short_label`` when given, else the label."""
        return self.short_label or self.label


#: Unit kinds: district offices (phòng, văn phòng), provincial departments and boards (sở, ban, ngành),
#: public service units, and communes (xã, thị trấn, phường, đặc khu since 1/7/2025).
UnitKind = Literal[
    "phong", "van_phong", "so", "ban", "nganh", "don_vi_su_nghiep", "xa", "thi_tran", "phuong", "dac_khu", "khac"
]


#: Unit kinds of the commune level, used only when a schema declares no commune-level group.
COMMUNE_KINDS: frozenset[str] = frozenset({"xa", "thi_tran", "phuong", "dac_khu"})


class UnitContact(_Model):
    """Who to remind at a unit (the registry's fallback when its return gives no contact)."""

    person: str = ""  # người phụ trách / người lập biểu
    phone: str = ""  # điện thoại (also the Zalo number)
    email: str = ""


#: A commune's name before its place name (group 1): "Xã" Sơn Lâm, "UBND xã" Sơn Lâm, "Thị trấn" Tô Hạp, "Đặc khu" ….
COMMUNE_NAME_HEAD = re.compile(r"^((?:UBND\s+)?(?:xã|thị trấn|phường|đặc khu))\s+", re.IGNORECASE)


class Unit(_Model):
    code: UnitCode
    name: Text
    short_name: Text
    kind: UnitKind
    contact: UnitContact | None = None

    @property
    def is_commune(self) -> bool:
        """A unit of the commune level by its kind (xã, thị trấn, phường, đặc khu)."""
        return self.kind in COMMUNE_KINDS

    @property
    def place(self) -> str:
        """A commune's place name ("Sơn Lâm" for "Xã Sơn Lâm" or "UBND xã Sơn Lâm"); any other unit's name."""
        return COMMUNE_NAME_HEAD.sub("", self.name) if self.is_commune else self.name

    @property
    def authority(self) -> str:
        """Who speaks for the unit in a report: a commune's People's Committee ("UBND xã Sơn Lâm", also when the
        registry already names it so: never "UBND uBND …"), any other unit by its own name (Nghị định 30/2020:
        the issuing body's name)."""
        if not self.is_commune or self.name.casefold().startswith("ubnd"):
            return self.name
        return f"UBND {self.name[0].lower()}{self.name[1:]}"


class Group(_Model):
    id: Id
    name: Text
    members: list[UnitCode]
    #: The commune level: `levels` aggregation takes one common figure from these units (declared, not guessed).
    commune_level: bool = False


class Table(_Model):
    id: Id
    title: Text


def _registered_shape(word: str) -> str:
    """A section's ``shape:`` is a word a shape module registers (cchc_cli.shapes); refused as a Literal is."""
    from cchc_cli.shapes import registered  # here: the shape modules import this model

    words = list(registered())
    if word not in words:
        quoted = [f"'{w}'" for w in words]
        expected = ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else quoted[0]
        raise PydanticCustomError("literal_error", "Input should be {expected}", {"expected": expected})
    return word


ShapeWord = Annotated[str, AfterValidator(_registered_shape)]


class Section(_Model):
    id: Id
    number: Text
    title: Text
    sheet: Annotated[str, StringConstraints(min_length=1, max_length=31, pattern=r"^[^\[\]:*?/\\']+$")]
    shape: ShapeWord  # one of the registered section shapes (cchc_cli.shapes)
    periods: list[Id] = Field(min_length=1)
    tables: list[Table] = []
    text_header: Text = "Chỉ tiêu"
    value_header: Text | None = None


class Ratio(_Model):
    numerator: Id
    denominator: Id


class Derive(_Model):
    ratio: Ratio


class Plausible(_Model):
    """How far a money or count value may plausibly go (``plausible:`` of an indicator; defaults per value
    kind in cchc_cli.kinds). A value outside ``min``–``max``, or more than ``max_ratio`` times (or less than
    1/``max_ratio`` of) the unit's own figure in the other years — flows over part of a year annualised —
    gets a warning naming the likely slip. ``min_base``: ratios are only judged when the larger figure is at
    least this. A key set to null switches that bound off for the indicator."""

    min: float | None = None
    max: float | None = None
    max_ratio: float | None = Field(default=None, gt=1)
    min_base: float | None = Field(default=None, ge=0)


class Indicator(_Model):
    id: Id
    section: Id
    table: Id | None = None
    parent: Id | None = None
    stt: str = ""
    text: Text
    kind: ValueKind
    uom: str = ""
    reporters: list[str] | None = None
    aggregate: Aggregate = Aggregate.NONE
    derive: Derive | None = None
    temporal: Literal["flow", "stock"] = "flow"
    required: bool = True
    note: str | None = None
    plausible: Plausible | None = None

    @property
    def is_input(self) -> bool:
        """True when a unit types this value (not a heading, not computed)."""
        return (
            self.kind is not ValueKind.HEADING
            and self.derive is None
            and self.aggregate is not (Aggregate.CHILDREN_SUM)
        )


class Rule(_Model):
    id: Id
    code: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
    severity: Literal["error", "warning"]
    kind: Literal["compare", "range", "change"] = "compare"
    scope: Literal["unit", "district"] = "unit"
    # compare: sum(left) op sum(right)
    left: list[Id] = []
    op: Literal["==", "!=", "<=", "<", ">=", ">"] | None = None
    right: list[Id | float] = []
    tolerance: float = 0.0
    missing: Literal["skip_if_any", "skip_if_all", "never"] = "skip_if_any"
    # range and change
    indicators: list[Id] = []
    min: float | None = None
    max: float | None = None
    max_ratio: float | None = None
    min_base: float = 0.0
    message: Text
    hint: Text

    @property
    def indicator_ids(self) -> list[str]:
        ids = [*self.left, *(t for t in self.right if isinstance(t, str)), *self.indicators]
        return list(dict.fromkeys(ids))


class Correction(_Model):
    id: Id
    where: Text
    source: Text
    used: Text
    why: Text


class Measure(_Model):
    """The measurable part of a target: ``indicator`` compared with ``value`` (report and cross-check).

    ``level``: the figure of ``period`` (default: the latest period with a value) ``op`` ``value``;
    ``change``: the relative change in % from ``start`` to ``period`` ``op`` ``value`` (−10 = a 10% cut).
    """

    indicator: Id
    op: Literal[">", ">=", "<", "<="]
    value: float
    kind: Literal["level", "change"] = "level"
    start: Id | None = None
    period: Id | None = None
    text: Text  # how the plan words it, e.g. "trên 80%"


class Target(_Model):
    """A goal of the plan with its measurable parts (results against targets, Kết quả so với mục tiêu).

    ``goal``: the section-8 self-assessment row of the goal, if any; ``number``: the goal's number in the plan
    (the draft numbers goals as the plan does); ``merged``: plan numbers of goals merged into this one.
    """

    id: Id
    goal: Id | None = None
    number: str | None = None
    merged: list[str] = []
    text: Text | None = None  # for a target that is not a section-8 goal (e.g. a staffing cut)
    source: str | None = None  # where the target comes from, when not the plan's section 8
    measures: list[Measure] = []


class Schema(_Model):
    """A whole campaign: metadata, periods, units, sections, indicators, rules and source corrections."""

    meta: SchemaMeta = Field(alias="schema")
    campaign: Campaign
    periods: list[Period]
    units: list[Unit]
    groups: list[Group] = []
    sections: list[Section]
    indicators: list[Indicator]
    rules: list[Rule] = []
    corrections: list[Correction] = []
    targets: list[Target] = []

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    # ---- lookups (valid after consistency checks) ---------------------------------------------------
    @cached_property
    def unit_by_code(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units}

    @cached_property
    def group_by_id(self) -> dict[str, Group]:
        return {g.id: g for g in self.groups}

    @cached_property
    def period_by_id(self) -> dict[str, Period]:
        return {p.id: p for p in self.periods}

    @cached_property
    def section_by_id(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    @cached_property
    def indicator_by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    def children(self, indicator_id: str) -> list[Indicator]:
        return [i for i in self.indicators if i.parent == indicator_id]

    def expand_reporters(self, names: list[str]) -> list[str]:
        """Unit codes for a list of unit codes and group ids, in registry order."""
        wanted: set[str] = set()
        for name in names:
            group = self.group_by_id.get(name)
            wanted.update(group.members if group else [name])
        return [u.code for u in self.units if u.code in wanted]

    def declared_reporters(self, indicator: Indicator) -> list[str]:
        """Reporters as written, inherited from the nearest ancestor that names some."""
        seen: set[str] = set()
        current: Indicator | None = indicator
        while current is not None and current.id not in seen:
            if current.reporters is not None:
                return current.reporters
            seen.add(current.id)
            current = self.indicator_by_id.get(current.parent) if current.parent else None
        return []

    @cached_property
    def reporting_units(self) -> dict[str, list[str]]:
        """indicator id → unit codes that type a value for it (inputs only)."""
        return {i.id: self.expand_reporters(self.declared_reporters(i)) for i in self.indicators if i.is_input}

    @cached_property
    def commune_units(self) -> frozenset[str]:
        """Codes of the commune level: members of the group declared ``commune_level: true``.

        A schema that declares no such group (written before the key existed) keeps the old reading: the units
        whose kind is a commune kind (xã, thị trấn, phường, đặc khu).
        """
        declared = [g for g in self.groups if g.commune_level]
        if declared:
            return frozenset(m for g in declared for m in g.members)
        return frozenset(u.code for u in self.units if u.kind in COMMUNE_KINDS)

    @cached_property
    def indicators_by_unit(self) -> dict[str, list[Indicator]]:
        """unit code → the input indicators it reports, in schema order (one pass; 3,321 communes stay fast)."""
        out: dict[str, list[Indicator]] = {u.code: [] for u in self.units}
        for ind in self.indicators:
            for code in self.reporting_units.get(ind.id, []):
                out[code].append(ind)
        return out

    def indicators_for_unit(self, unit_code: str) -> list[Indicator]:
        return list(self.indicators_by_unit.get(unit_code, []))

    def section_periods(self, section: Section) -> list[Period]:
        return [self.period_by_id[p] for p in section.periods]

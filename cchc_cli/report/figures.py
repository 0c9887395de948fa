"""District figures as the outline template sees them: formatted the Vietnamese way, honest about gaps.

A ``Figure`` printed in the template (``{{ f }}``) gives its value ("1.234", "98,5%") and, when a unit's data is
missing, says so in highlighted words; a missing figure is never printed as 0. The template decides the wording
around it; the phrases for missing data live here (``MISSING_*``) so every sentence says it the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from cchc_cli.numfmt import vi_number, vi_percent
from cchc_cli.report.markup import escape
from cchc_cli.schema.model import Indicator, Period

MISSING_NONE = "chưa có số liệu"
MISSING_OF = "thiếu số liệu của"
INCOMPLETE = "chưa đầy đủ"
YES, NO = "có", "không"


def join_and(items: Sequence[Any]) -> str:
    """["A", "B", "C"] → "A, B và C"."""
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " và " + words[-1]


def fmt_value(value: Any, kind: str, decimals: int = 1) -> str:
    """One value as printed in a sentence or a table cell (no markup)."""
    if value is None:
        return ""
    if kind == "flag":
        return YES if str(value).strip().lower() in {"x", "1", "true", "có"} else NO
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if kind == "percent":
        return vi_percent(value, decimals)
    if kind == "count" and float(value).is_integer():
        return vi_number(int(value))
    return vi_number(value, decimals)


@dataclass(frozen=True)
class PeriodView:
    id: str
    label: str  # "Năm 2020 (tính đến 31/3)"
    year: int  # year of the period's end
    partial: bool
    kind: str

    @classmethod
    def of(cls, p: Period) -> PeriodView:
        return cls(p.id, p.label, p.end.year, p.partial, p.kind)

    @property
    def name(self) -> str:
        """The label as used inside a sentence ("năm 2015", "năm 2020 (tính đến 31/3)")."""
        return self.label[:1].lower() + self.label[1:]

    def __str__(self) -> str:
        return escape(self.name)


@dataclass(frozen=True)
class Figure:
    """One district figure for one period."""

    indicator: str
    kind: str
    period: PeriodView
    value: Any
    complete: bool = True
    missing: tuple[str, ...] = ()  # names of the units whose data is missing
    note: str = ""

    @property
    def present(self) -> bool:
        return self.value is not None and self.value != ""

    @property
    def ok(self) -> bool:
        """A value, and every expected unit contributed."""
        return self.present and self.complete

    @property
    def number(self) -> str:
        """The formatted value alone, without any note ("" when missing)."""
        return escape(fmt_value(self.value, self.kind))

    @property
    def is_yes(self) -> bool:
        return self.present and fmt_value(self.value, "flag") == YES

    @property
    def gap(self) -> str:
        """The highlighted note on missing or incomplete data ("" when the figure is complete)."""
        who = f" ({MISSING_OF} {escape(join_and(self.missing))})" if self.missing else ""
        if not self.present:
            return f"=={MISSING_NONE}{who}=="
        notes = []
        if not self.complete:
            notes.append(f"{INCOMPLETE}, {MISSING_OF} {escape(join_and(self.missing))}" if self.missing else INCOMPLETE)
        if self.note:
            notes.append(escape(self.note))
        return f" ==({'; '.join(notes)})==" if notes else ""

    @property
    def short(self) -> str:
        """The formatted value, or the highlighted "chưa có số liệu" (no note on incompleteness)."""
        return self.number if self.present else f"=={MISSING_NONE}=="

    def with_unit(self, unit: str) -> str:
        """The figure followed by its unit, the note after both ("1.495 hồ sơ (chưa đầy đủ, …)")."""
        if not self.present:
            return self.gap
        return f"{self.number} {unit}{self.gap}"

    def prefixed(self, words: str) -> str:
        """``words`` then the figure ("đạt 98,5%"); only the missing-data note when there is no value."""
        if not self.present:
            return self.gap
        return f"{words} {self}"

    def __str__(self) -> str:
        if not self.present:
            return self.gap
        return self.number + self.gap


@dataclass(frozen=True)
class Change:
    """How a figure moved between two periods."""

    start: Figure
    end: Figure

    @property
    def known(self) -> bool:
        return isinstance(self.start.value, int | float) and isinstance(self.end.value, int | float)

    @property
    def delta(self) -> float:
        return float(self.end.value) - float(self.start.value) if self.known else 0.0

    @property
    def word(self) -> str:
        if not self.known:
            return ""
        return "tăng" if self.delta > 0 else "giảm" if self.delta < 0 else "không thay đổi"

    @property
    def amount(self) -> str:
        """The absolute change ("12"; percentage points for rates, without the unit)."""
        d = abs(self.delta)
        return vi_number(int(d)) if d.is_integer() else vi_number(d, 1)

    @property
    def percent(self) -> str:
        """The relative change ("8,5%"); "" when the start is 0 or unknown."""
        if not self.known or not self.start.value:
            return ""
        return vi_percent(abs(self.delta) / abs(float(self.start.value)) * 100, 1)

    @property
    def complete(self) -> bool:
        return self.start.ok and self.end.ok

    def __str__(self) -> str:
        if not self.known:
            missing = self.start if not self.start.present else self.end
            return f"==chưa so sánh được ({MISSING_NONE} {missing.period.name})=="
        if self.delta == 0:
            return self.word
        pct = f" ({self.word} {self.percent})" if self.percent else ""
        return f"{self.word} {self.amount}{pct}"


def rate(numerator: Figure, denominator: Figure, decimals: int = 1) -> Figure:
    """numerator / denominator × 100 as a percent figure (missing when either is, or the base is 0)."""
    n, d = numerator.value, denominator.value
    ok = isinstance(n, int | float) and isinstance(d, int | float) and d != 0
    value = round(float(n) / float(d) * 100, decimals) if ok else None
    missing = tuple(dict.fromkeys([*numerator.missing, *denominator.missing]))
    complete = numerator.complete and denominator.complete
    return Figure(
        f"{numerator.indicator}/{denominator.indicator}", "percent", numerator.period, value, complete, missing
    )


@dataclass
class Series:
    """One indicator over the periods of its section; ``series["y2019"]`` or ``series.y2019`` is a Figure."""

    id: str
    text: str  # escaped for the markup
    uom: str
    kind: str
    figures: dict[str, Figure] = field(default_factory=dict)

    @classmethod
    def of(cls, ind: Indicator, figures: dict[str, Figure]) -> Series:
        return cls(ind.id, escape(ind.text), ind.uom, ind.kind.value, figures)

    def __getitem__(self, period_id: str) -> Figure:
        return self.figures[period_id]

    def __getattr__(self, name: str) -> Figure:
        figures = self.__dict__.get("figures", {})
        if name in figures:
            return figures[name]
        raise AttributeError(name)

    def __iter__(self) -> Iterator[Figure]:
        return iter(self.figures.values())

    def __len__(self) -> int:
        return len(self.figures)

    @property
    def years(self) -> list[Figure]:
        """Figures of the calendar-year periods (2015 … 2020 to 31/3)."""
        return [f for f in self.figures.values() if f.period.kind == "year"]

    @property
    def full_years(self) -> list[Figure]:
        return [f for f in self.years if not f.period.partial]

    @property
    def first(self) -> Figure:
        return next(iter(self.figures.values()))

    @property
    def last(self) -> Figure:
        return list(self.figures.values())[-1]

    @property
    def latest(self) -> Figure:
        """The last figure that has a value (the last one when none has)."""
        present = [f for f in self.figures.values() if f.present]
        return present[-1] if present else self.last

    @property
    def complete(self) -> bool:
        """Every figure has a value and every expected unit contributed."""
        return all(f.ok for f in self.figures.values())

    def gap_over(self, figures: Sequence[Figure]) -> str:
        """One highlighted note for the gaps among ``figures`` ("" when there is none)."""
        groups: dict[tuple[bool, tuple[str, ...]], list[str]] = {}
        for f in figures:
            if not f.ok:
                groups.setdefault((f.present, f.missing), []).append(f.period.name)
        parts = []
        for (present, missing), names in groups.items():
            what = INCOMPLETE if present else MISSING_NONE
            who = f", {MISSING_OF} {escape(join_and(missing))}" if missing else ""
            parts.append(f"{escape(join_and(names))}: {what}{who}")
        return f" ==({'; '.join(parts)})==" if parts else ""

    @property
    def gap(self) -> str:
        """One highlighted note for all the gaps of the series over its years."""
        return self.gap_over(self.years)

    def change(self, start: str | None = None, end: str | None = None) -> Change:
        """Change from period ``start`` (default: the first) to ``end`` (default: the latest with a value)."""
        return Change(self[start] if start else self.first, self[end] if end else self.latest)

    def total(self, periods: Sequence[str] | None = None) -> Figure:
        """Sum over ``periods`` (default: the full years) — for flows such as documents issued per year."""
        figs = [self[p] for p in periods] if periods is not None else self.full_years
        nums = [f.value for f in figs if isinstance(f.value, int | float) and not isinstance(f.value, bool)]
        missing = tuple(dict.fromkeys(m for f in figs for m in f.missing))
        total: Any = sum(nums) if nums else None
        last = figs[-1].period if figs else self.last.period
        return Figure(self.id, self.kind, last, total, all(f.ok for f in figs), missing)

"""District figures as the outline template sees them: formatted the Vietnamese way, honest about gaps.

A ``Figure`` printed in the template (``{{ f }}``) gives its value ("1.234", "98,5%") and, when a unit's data is
missing, says so in highlighted words; a missing figure is never printed as 0. The template decides the wording
around it; the phrases for missing data live here (``MISSING_*``) so every sentence says it the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from cchc_cli.numfmt import vi_number
from cchc_cli.report.markup import escape
from cchc_cli.schema.model import Indicator, Period

MISSING_NONE = "chưa có số liệu"
MISSING_OF = "thiếu số liệu của"
INCOMPLETE = "chưa đầy đủ"
YES, NO = "có", "không"
BLANK = "[…]"  # where a missing figure would stand in a sentence; the paragraph says once who has to send it


def gap_token(kind: str, names: Sequence[str], note: str = "") -> str:
    """A marker the paragraph builder turns into one closing sentence (markup.GAP_TOKEN, kind m|i|n)."""
    from cchc_cli.report.markup import gap_marker

    return gap_marker(kind, [str(n) for n in names], note)


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
        return percent1(value)
    if kind == "count" and float(value).is_integer():
        return vi_number(int(value))
    return vi_number(value, decimals)


def percent1(value: float) -> str:
    """A percentage with exactly one decimal, the way the whole draft writes them ("86,0%", "91,3%")."""
    text = vi_number(float(value), 1)
    return f"{text if ',' in text else text + ',0'}%"


@dataclass(frozen=True)
class PeriodView:
    id: str
    label: str  # "Năm 2020 (tính đến 31/3)"
    year: int  # year of the period's end
    partial: bool
    kind: str
    short_label: str = ""  # the schema's short_label, if any ("Q1/2025"); used on chart axes

    @classmethod
    def of(cls, p: Period) -> PeriodView:
        return cls(p.id, p.label, p.end.year, p.partial, p.kind, str(getattr(p, "short_label", None) or ""))

    @property
    def is_calendar(self) -> bool:
        """A period of the year-by-year columns (year, quarter, month …), not a stage or an assessment."""
        return self.kind not in ("stage", "assessment")

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
        """The marker of missing or incomplete data ("" when the figure is complete).

        It prints nothing where it stands: the paragraph ends with one highlighted sentence naming the units
        whose data is missing (markup.parse_blocks), so a sentence never carries the same parenthesis twice.
        """
        out = ""
        if not self.present:
            out = gap_token("m", self.missing)
        elif not self.complete:
            out = gap_token("i", self.missing)
        if self.note:
            out += gap_token("n", (), self.note)
        return out

    @property
    def shown(self) -> str:
        """The formatted value, highlighted when incomplete; the highlighted blank "[…]" when missing."""
        if not self.present:
            return f"=={BLANK}=="
        return self.number if self.complete else f"=={self.number}=="

    @property
    def short(self) -> str:
        """The formatted value, or the highlighted blank (the gap marker is left to the caller)."""
        return self.shown

    def with_unit(self, unit: str) -> str:
        """The figure followed by its unit ("1.495 hồ sơ"; "[…] hồ sơ" when missing), then the gap marker."""
        return f"{self.shown} {unit}{self.gap}" if unit else f"{self.shown}{self.gap}"

    def worded(self, unit: str) -> str:
        """Like with_unit, but a zero is worded: "không có đơn vị nào" instead of "0 đơn vị"."""
        return _amount(self, unit) + self.gap

    def prefixed(self, words: str) -> str:
        """``words`` then the figure ("đạt 98,5%")."""
        return f"{words} {self}"

    def __str__(self) -> str:
        return self.shown + self.gap


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
        """The relative change ("8,5%"); "" when the start is 0 or unknown, or for rates (points instead)."""
        if not self.known or not self.start.value or self.end.kind == "percent":
            return ""
        return percent1(abs(self.delta) / abs(float(self.start.value)) * 100)

    @property
    def multiple(self) -> str:
        """ "gấp 4,3 lần" when the figure at least doubled (reads better than +333%), else ""."""
        if not self.known or self.end.kind == "percent" or not self.start.value or self.start.value < 0:
            return ""
        ratio = float(self.end.value) / float(self.start.value)
        return f"gấp {vi_number(ratio, 1)} lần" if ratio >= 2 else ""

    @property
    def phrase(self) -> str:
        """ "tăng 40 (gấp 4,3 lần)", "giảm 5 (giảm 5,4%)", "tăng 7,9 điểm phần trăm", "không thay đổi"."""
        if not self.known:
            return str(self)
        if self.delta == 0:
            return "không thay đổi"
        amount = (
            f"{self.word} {percent1(abs(self.delta)).removesuffix('%')} điểm phần trăm"
            if (self.end.kind == "percent")
            else f"{self.word} {self.amount}"
        )
        extra = self.multiple or (f"{self.word} {self.percent}" if self.percent else "")
        return f"{amount} ({extra})" if extra else amount

    @property
    def complete(self) -> bool:
        return self.start.ok and self.end.ok

    def __str__(self) -> str:
        if not self.known:
            missing = self.start if not self.start.present else self.end
            return f"=={BLANK}==" + missing.gap  # the paragraph's closing sentence says what is missing
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
    scope: str = ""  # "cấp huyện", "cấp xã", "toàn huyện", "cấp huyện và cấp xã" (context.scope_of)
    counted: str = ""  # how a "levels" figure is counted, in words ("" for other kinds)
    temporal: str = "flow"  # flow (summed over periods) | stock (a level at a date)
    label: str = ""  # the text with its parent row's for context ("Tổng số biên chế …: tổng số được giao"), escaped

    @classmethod
    def of(cls, ind: Indicator, figures: dict[str, Figure]) -> Series:
        return cls(ind.id, escape(ind.text), ind.uom, ind.kind.value, figures, temporal=ind.temporal)

    def over(self, periods: Sequence[str]) -> Figure:
        """One figure for a span of periods (a phase such as 2016–2020): the sum of a flow (partial periods
        included), the latest value of a stock or a rate."""
        figs = [self[p] for p in periods]
        if self.temporal == "flow" and self.kind in ("count", "money"):
            nums = [f.value for f in figs if isinstance(f.value, int | float) and not isinstance(f.value, bool)]
            missing = tuple(dict.fromkeys(m for f in figs for m in f.missing))
            total: Any = sum(nums) if nums else None
            return Total(
                self.id,
                self.kind,
                figs[-1].period,
                total,
                all(f.ok for f in figs),
                missing,
                "",
                tuple(f.period for f in figs),
                (),
            )
        present = [f for f in figs if f.present]
        return present[-1] if present else figs[-1]

    def __getitem__(self, period_id: str) -> Figure:
        return self.figures[period_id]

    @property
    def unit(self) -> str:
        """The unit of measure as a word in a sentence: "Hồ sơ" → "hồ sơ"; acronyms kept ("TTHC"); "" for %."""
        uom = self.uom.strip()
        if uom in ("%", "x/0") or not uom:
            return ""
        first = uom.split()[0]
        return uom if first.isupper() and len(first) > 1 else uom[:1].lower() + uom[1:]

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
        return [f for f in self.figures.values() if f.period.is_calendar]

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

    def trend(self, unit: str = "", *, periods: Sequence[str] | None = None) -> str:
        """The series in one clause, as a report writes it: first and last period, the change, the extreme.

        "từ 12 dịch vụ năm 2015 lên 52 dịch vụ năm 2019 (tăng 40, gấp 4,3 lần); năm 2020 (tính đến 31/3): 54"
        — per-year detail stays in the tables. Partial periods are given after the change, never compared.
        ``periods``: the period ids to consider (default: the calendar periods of the section).
        """
        figs = [self[p] for p in periods] if periods is not None else self.years
        full = [f for f in figs if not f.period.partial]
        partial = [f for f in figs if f.period.partial and f.present]
        present = [f for f in full if f.present]
        gaps = "".join(dict.fromkeys(f.gap for f in figs if f.gap))
        u = f" {unit}" if unit else ""
        if not present:
            if partial:
                return "; ".join(f"{p.period}: {_amount(p, unit)}" for p in partial) + gaps
            return f"=={BLANK}==" + gaps
        first, last = present[0], present[-1]
        if first is last:
            text = f"{_amount(first, unit)} ({first.period})"
        else:
            c = Change(first, last)
            if c.delta == 0 or first.number == last.number:
                text = f"giữ ở mức {last.shown}{u} từ {first.period} đến {last.period}"
            else:
                up = c.delta > 0
                how = c.multiple or (f"tức {c.word} {c.percent}" if c.percent else "")
                amount = c.phrase.split(" (")[0]
                text = (
                    f"{'tăng' if up else 'giảm'} từ {first.shown}{u} {first.period} {'lên' if up else 'xuống'} "
                    f"{last.shown}{u} {last.period} ({amount}{', ' + how if how else ''})"
                )
            numbers = [f for f in present if isinstance(f.value, int | float)]
            if len(numbers) > 2:
                top = max(numbers, key=lambda f: float(f.value))
                low = min(numbers, key=lambda f: float(f.value))
                if top.number not in (first.number, last.number):
                    text += f"; cao nhất {top.period} ({top.shown}{u})"
                if low.number not in (first.number, last.number):
                    text += f"; thấp nhất {low.period} ({low.shown}{u})"
        for p in partial:
            text += f"; {p.period}: {_amount(p, unit)}"
        return text + gaps

    def flags(self) -> Flags:
        """The x/0 answers of a flag over the calendar periods (see Flags: never "chưa" without the data)."""
        return Flags(self.years)

    def change(self, start: str | None = None, end: str | None = None) -> Change:
        """Change from period ``start`` (default: the first) to ``end`` (default: the latest with a value)."""
        return Change(self[start] if start else self.first, self[end] if end else self.latest)

    def total(self, periods: Sequence[str] | None = None) -> Total:
        """Sum over ``periods`` (default: the full calendar periods) — for flows such as documents per year.

        The result says which periods it includes (``.span``) and which it leaves out (``.left_out``, e.g. a
        partial year), so the sentence can say so.
        """
        figs = [self[p] for p in periods] if periods is not None else self.full_years
        left = [f.period for f in self.years if f not in figs] if periods is None else []
        nums = [f.value for f in figs if isinstance(f.value, int | float) and not isinstance(f.value, bool)]
        missing = tuple(dict.fromkeys(m for f in figs for m in f.missing))
        total: Any = sum(nums) if nums else None
        last = figs[-1].period if figs else self.last.period
        complete = all(f.ok for f in figs)
        return Total(self.id, self.kind, last, total, complete, missing, "", tuple(f.period for f in figs), tuple(left))


def _amount(f: Figure, unit: str) -> str:
    """A figure standing alone: "58 dịch vụ"; a zero worded ("không có dịch vụ nào") — never "0 người"."""
    if f.present and f.complete and isinstance(f.value, int | float) and f.value == 0 and f.kind != "percent":
        return f"không có {unit} nào" if unit else "không có"
    return f"{f.shown} {unit}" if unit else f.shown


@dataclass(frozen=True)
class Total(Figure):
    """A sum over periods that knows which periods it covers."""

    periods: tuple[PeriodView, ...] = ()
    left_out: tuple[PeriodView, ...] = ()

    @property
    def span(self) -> str:
        """ "từ năm 2015 đến năm 2019", "quý 1/2024, quý 2/2024 và quý 3/2024" (the periods summed)."""
        return span_words(self.periods)

    @property
    def left_out_note(self) -> str:
        """ ", chưa tính năm 2020 (tính đến 31/3)" when a period is left out, else ""."""
        return f", chưa tính {escape(join_and([p.name for p in self.left_out]))}" if self.left_out else ""


def span_words(periods: Sequence[PeriodView]) -> str:
    """Periods named as a span: consecutive years as "từ năm 2015 đến năm 2019", others listed."""
    if not periods:
        return ""
    if len(periods) == 1:
        return str(periods[0])
    years = [p.year for p in periods]
    if all(p.kind == "year" and not p.partial for p in periods) and years == list(range(years[0], years[-1] + 1)):
        return f"từ {periods[0]} đến {periods[-1]}"
    return escape(join_and([p.name for p in periods]))


@dataclass(frozen=True)
class Flags:
    """x/0 answers over periods. A period with no answer is never read as "no" (Kế hoạch: blank ≠ 0)."""

    figures: list[Figure]

    @property
    def yes(self) -> list[Figure]:
        return [f for f in self.figures if f.is_yes]

    @property
    def no(self) -> list[Figure]:
        return [f for f in self.figures if f.present and not f.is_yes]

    @property
    def unknown(self) -> list[Figure]:
        return [f for f in self.figures if not f.present]

    @property
    def first_yes(self) -> Figure | None:
        return self.yes[0] if self.yes else None

    @property
    def all_no(self) -> bool:
        """Every period answered, none with x: only then may a sentence say "chưa"/"không"."""
        return bool(self.figures) and not self.unknown and not self.yes

    @property
    def known_periods(self) -> str:
        return span_words([f.period for f in self.figures if f.present])

    @property
    def gap(self) -> str:
        return "".join(dict.fromkeys(f.gap for f in self.figures if f.gap))

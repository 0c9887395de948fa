"""Trend charts as PNG (matplotlib, Agg canvas, decimal commas, deterministic bytes).

Readable in black and white: each line has its own marker and dash style, labels are black, bars are hatched
differently; the target the text cites is a dashed horizontal line; the font is the document's (Times New
Roman, or its metric clone Liberation Serif). Axis labels are the periods' labels (or their ``short_label``),
never the bare year repeated for quarters.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field

from cchc_cli.numfmt import vi_number
from cchc_cli.report.figures import Figure, Series, join_and

DPI = 170
WIDTH_IN, HEIGHT_IN = 6.3, 3.1
COLORS = ["#000000", "#5a5a5a", "#8c8c8c", "#2f2f2f"]
MARKERS = ["o", "s", "^", "D"]
DASHES = ["-", "--", "-.", ":"]
HATCHES = ["", "///", "...", "xx"]
FONTS = ["Times New Roman", "Liberation Serif", "DejaVu Serif"]


@dataclass
class ChartSpec:
    key: str
    series: list[Series]
    labels: list[str]
    caption: str
    kind: str = "line"  # line | bar
    unit: str = ""  # y-axis label, e.g. "%" or "Dịch vụ"
    notes: list[str] = field(default_factory=list)
    target: float | None = None  # a target the text cites, drawn as a dashed line
    target_label: str = ""


def x_labels(figs: list[Figure]) -> list[str]:
    """Axis labels: the period's short_label; else the year for whole years (with the cut-off of a partial
    year, "2020\n(đến 31/3)"); else the label itself, wrapped — so four quarters never read "2024 2024 …"."""
    labels = []
    years = [f.period.year for f in figs]
    for f in figs:
        p = f.period
        if p.short_label:
            labels.append(p.short_label)
        elif p.kind == "year" and years.count(p.year) == 1:
            if p.partial:
                _, sep, cut = p.label.partition("đến")
                labels.append(f"{p.year}\n(đến {cut.strip(' )')})" if sep and cut.strip(" )") else f"{p.year}*")
            else:
                labels.append(str(p.year))
        else:
            labels.append(_wrap(p.label))
    return labels


def _wrap(text: str, width: int = 12) -> str:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(line)
    return "\n".join(lines)


def _number(value: float, percent: bool) -> str:
    text = vi_number(float(value), 1)
    return f"{text}%" if percent else text


def gap_notes(spec: ChartSpec) -> list[str]:
    """Plain-text notes on missing or incomplete points (what the chart cannot show)."""
    notes = []
    for s, label in zip(spec.series, spec.labels, strict=True):
        missing = [f.period.name for f in s.years if not f.present]
        partial = [f.period.name for f in s.years if f.present and not f.complete]
        if missing:
            notes.append(f"{label}: chưa có số liệu {join_and(missing)}.")
        if partial:
            notes.append(f"{label}: số liệu {join_and(partial)} chưa đầy đủ (điểm rỗng trên biểu đồ).")
    return notes


def render_png(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes; the same spec always gives the same bytes."""
    from matplotlib import font_manager, rc_context

    have = {f.name for f in font_manager.fontManager.ttflist}
    fonts = [f for f in FONTS if f in have] or ["DejaVu Serif"]
    with rc_context({"font.family": "serif", "font.serif": fonts, "axes.unicode_minus": False}):
        return _draw(spec)


def _draw(spec: ChartSpec) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.ticker import FuncFormatter

    percent = all(s.kind == "percent" for s in spec.series)
    fig = MplFigure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    years = spec.series[0].years
    xs = list(range(len(years)))
    n = len(spec.series)
    values_all: list[float] = []
    columns = [[float(f.value) if isinstance(f.value, int | float) else math.nan for f in s.years] for s in spec.series]
    tops = [list(col) for col in zip(*columns, strict=True)]  # per x: every series' value
    for i, (s, label) in enumerate(zip(spec.series, spec.labels, strict=True)):
        figs = s.years
        ys = [float(f.value) if isinstance(f.value, int | float) else math.nan for f in figs]
        values_all += [y for y in ys if not math.isnan(y)]
        color = COLORS[i % len(COLORS)]
        if spec.kind == "bar":
            width = 0.8 / n
            pos = [x - 0.4 + width * (i + 0.5) for x in xs]
            face = "#bfbfbf" if i % 2 == 0 else "white"
            bars = ax.bar(
                pos,
                [0 if math.isnan(y) else y for y in ys],
                width,
                label=label,
                color=face,
                edgecolor="black",
                hatch=HATCHES[i % len(HATCHES)],
                linewidth=0.8,
            )
            for b, f, y in zip(bars, figs, ys, strict=True):
                if not f.complete and not math.isnan(y):
                    b.set_hatch("///")
                    b.set_facecolor("white")
                    b.set_edgecolor("black")
                if not math.isnan(y):
                    ax.annotate(
                        _number(y, percent),
                        (b.get_x() + b.get_width() / 2, y),
                        ha="center",
                        va="bottom",
                        fontsize=7,
                        xytext=(0, 2),
                        textcoords="offset points",
                    )
        else:
            marker = MARKERS[i % len(MARKERS)]
            ax.plot(
                xs,
                ys,
                marker=marker,
                color=color,
                label=label,
                linewidth=1.6,
                linestyle=DASHES[i % len(DASHES)],
                markersize=5,
            )
            for x, f, y in zip(xs, figs, ys, strict=True):
                if math.isnan(y):
                    continue
                if not f.complete:
                    ax.plot([x], [y], marker=marker, markerfacecolor="white", markeredgecolor=color, markersize=8)
                others = [v for v in tops[x] if not math.isnan(v)]
                below = len(others) > 1 and y < max(others)  # the top line's label above, the others below
                ax.annotate(
                    _number(y, percent),
                    (x, y),
                    ha="center",
                    va="top" if below else "bottom",
                    fontsize=7,
                    xytext=(0, -6 if below else 5),
                    textcoords="offset points",
                    color="black",
                )
    if spec.target is not None:
        ax.axhline(spec.target, color="black", linestyle=(0, (6, 3)), linewidth=1.0)
        ax.annotate(
            spec.target_label or f"Mục tiêu: {_number(spec.target, percent)}",
            (len(xs) - 0.5, spec.target),
            ha="right",
            va="bottom",
            fontsize=7,
            xytext=(0, 2),
            textcoords="offset points",
            color="black",
        )
        values_all.append(float(spec.target))
    ax.set_xticks(xs, x_labels(years), fontsize=8)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _number(v, percent)))
    ax.tick_params(axis="y", labelsize=8)
    if values_all:
        top = max(values_all)
        low = min(values_all)
        if percent:
            bottom = max(0.0, math.floor((low - 8) / 5) * 5) if spec.kind == "line" else 0.0
            ax.set_ylim(bottom, 100.0 if top + 6 > 100 else top + 6)
        else:
            ax.set_ylim(0, top * 1.18 if top > 0 else 1)
    if spec.unit:
        ax.set_ylabel(spec.unit, fontsize=8)
    ax.grid(axis="y", color="#d9d9d9", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if n > 1:
        ax.legend(fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=n)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()

"""Charts for reports and dashboards, drawn on the server as inline SVG.

No JavaScript and nothing from a CDN: the SVG is part of the page, so it prints, works offline and
passes the Content-Security-Policy (presentation attributes only, no ``style``). Each chart is an
``<svg role="img">`` with a ``<title>`` and ``<desc>``; the figures themselves must also be on the
page as a table (WCAG 1.1.1/1.4.1: the chart is never the only way to read them). Colours differ in
lightness as well as hue, and series are also told apart by their legend order and line dashes.

Usage in a view: ``context["chart"] = bar_chart(categories, [Series("Eingang", counts)], title=…)``
and ``{{ chart }}`` in the template.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

#: Colour-blind-safe palette (Okabe–Ito), darkest first; all have ≥ 3:1 contrast on white.
PALETTE = ("#0b5394", "#c45a00", "#00786b", "#a2337a", "#5c5c5c", "#7a5c00")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 48


@dataclass(frozen=True)
class Series:
    """One named row of figures, one value per category (``None`` = no figure)."""

    label: str
    values: Sequence[float | None]


def nice_maximum(value: float) -> float:
    """The smallest 1/2/2.5/5 × 10ⁿ not below ``value`` (at least 1), for a readable axis."""
    if value <= 1:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return float(step * magnitude)
    return float(10 * magnitude)  # pragma: no cover  (the loop always returns)


def _number(value: float, unit: str) -> str:
    """German notation: decimal comma, a point between thousands ("1.250,5 Tage")."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return f"{text}{unit}" if unit == " %" or not unit else f"{text} {unit}"


#: Approximate width of a character of the 11 px axis text and the 12 px legend text.
CHAR_11 = 6.5
CHAR_12 = 7.0
LEGEND_ROW = 18


def _steps(top: float) -> int:
    """Four or five axis steps, whichever gives the rounder tick values (25 → 5 steps of 5,
    not 4 of 6,25)."""

    def decimals(n: int) -> int:
        text = f"{top / n:.6f}".rstrip("0").rstrip(".")
        return len(text.split(".")[1]) if "." in text else 0

    return min((4, 5), key=lambda n: (decimals(n), n))


@dataclass(frozen=True)
class _Layout:
    """Where the plot sits: the left margin fits the longest axis label; the legend gets as
    many rows as its entries need, below the plot."""

    left: float
    ticks: tuple[tuple[float, str], ...]
    legend: tuple[tuple[float, int, str], ...]  # x, row, label
    height: float

    @property
    def plot_w(self) -> float:
        return WIDTH - self.left - RIGHT


def _layout(top: float, unit: str, series: Sequence[Series]) -> _Layout:
    steps = _steps(top)
    ticks = tuple((top * i / steps, _number(top * i / steps, unit)) for i in range(steps + 1))
    left = max(LEFT, max(len(label) for _v, label in ticks) * CHAR_11 + 12)
    legend = []
    x, row = float(left), 0
    for entry in series:
        width = 16 + len(entry.label) * CHAR_12 + 20
        if x > left and x + width > WIDTH - RIGHT:
            x, row = float(left), row + 1
        legend.append((x, row, entry.label))
        x += width
    rows = legend[-1][1] + 1 if legend else 1
    return _Layout(left, ticks, tuple(legend), HEIGHT + (rows - 1) * LEGEND_ROW)


def _frame(
    title: str,
    description: str,
    top: float,
    layout: _Layout,
    body: SafeString,
    series: Sequence[Series],
    categories: Sequence[str],
    slot: float,
) -> SafeString:
    plot_h = HEIGHT - TOP - BOTTOM
    left = layout.left
    ticks = []
    for value, label in layout.ticks:
        y = TOP + plot_h - plot_h * value / top
        ticks.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d0d0d0" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="#333">{}</text>',
                f"{left:.1f}",
                WIDTH - RIGHT,
                f"{y:.1f}",
                f"{y:.1f}",
                f"{left - 6:.1f}",
                f"{y + 4:.1f}",
                label,
            )
        )
    every = max(1, math.ceil(len(categories) / 12))  # at most ~12 labels on the axis
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#333">{}</text>',
        (
            (f"{left + slot * (i + 0.5):.1f}", HEIGHT - BOTTOM + 16, _fit(label, slot * every))
            for i, label in enumerate(categories)
            if i % every == 0
        ),
    )
    legend = format_html_join(
        "",
        '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
        '<text x="{}" y="{}" font-size="12" fill="#222">{}</text>',
        (
            (
                f"{x:.1f}",
                HEIGHT - 18 + row * LEGEND_ROW,
                PALETTE[i % len(PALETTE)],
                f"{x + 16:.1f}",
                HEIGHT - 8 + row * LEGEND_ROW,
                label,
            )
            for i, (x, row, label) in enumerate(layout.legend)
        ),
    )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title><desc>{}</desc>{}{}{}{}</svg>",
        WIDTH,
        f"{layout.height:g}",
        title,
        description,
        mark_safe("".join(ticks)),
        body,
        labels,
        legend,
    )


def _fit(label: str, width: float) -> str:
    """The label shortened with "…" to what fits ``width`` pixels at 11 px (about 6.5 px a
    character); the full text stays in the table beside the chart."""
    room = max(3, int(width / 6.5))
    return label if len(label) <= room else label[: room - 1].rstrip() + "…"


def _top(series: Sequence[Series], target: float | None, maximum: float | None) -> float:
    values = [v for s in series for v in s.values if v is not None]
    if target is not None:
        values.append(target)
    if maximum is not None:
        return maximum
    top = nice_maximum(max(values, default=0.0))
    if all(float(v).is_integer() for v in values):
        top = max(top, 4.0)  # counts: whole numbers on the four axis steps
    return top


def _target_line(target: float | None, top: float, label: str, left: float) -> SafeString:
    if target is None:
        return SafeString("")
    plot_h = HEIGHT - TOP - BOTTOM
    y = TOP + plot_h - plot_h * min(target, top) / top
    return format_html(
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#b00020" stroke-width="2" '
        'stroke-dasharray="6 4"/><text x="{}" y="{}" text-anchor="end" font-size="11" '
        'fill="#b00020">{}</text>',
        f"{left:.1f}",
        WIDTH - RIGHT,
        f"{y:.1f}",
        f"{y:.1f}",
        WIDTH - RIGHT,
        f"{y - 4:.1f}",
        label,
    )


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str = "",
    unit: str = "",
    target: float | None = None,
    target_label: str = "",
    maximum: float | None = None,
) -> SafeString:
    """Grouped vertical bars: one group per category, one bar per series."""
    top = _top(series, target, maximum)
    layout = _layout(top, unit, series)
    left = layout.left
    plot_h = HEIGHT - TOP - BOTTOM
    slot = layout.plot_w / max(1, len(categories))
    bar_w = slot * 0.8 / max(1, len(series))
    bars = []
    for j, s in enumerate(series):
        colour = PALETTE[j % len(PALETTE)]
        for i, value in enumerate(s.values):
            if value is None:
                continue
            h = plot_h * min(value, top) / top
            bars.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {} – {}</title></rect>",
                    f"{left + slot * i + slot * 0.1 + bar_w * j:.1f}",
                    f"{TOP + plot_h - h:.1f}",
                    f"{max(bar_w - 1, 1):.1f}",
                    f"{h:.1f}",
                    colour,
                    categories[i],
                    s.label,
                    _number(value, unit),
                )
            )
    body = mark_safe("".join(bars) + _target_line(target, top, target_label, left))
    return _frame(title, description, top, layout, body, series, categories, slot)


def line_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str = "",
    unit: str = "",
    target: float | None = None,
    target_label: str = "",
    maximum: float | None = None,
) -> SafeString:
    """One line per series over the categories (e.g. weeks or quarters), with point markers."""
    top = _top(series, target, maximum)
    layout = _layout(top, unit, series)
    left = layout.left
    plot_h = HEIGHT - TOP - BOTTOM
    slot = layout.plot_w / max(1, len(categories))
    parts = []
    for j, s in enumerate(series):
        colour = PALETTE[j % len(PALETTE)]
        points = [
            (left + slot * (i + 0.5), TOP + plot_h - plot_h * min(v, top) / top, i, v)
            for i, v in enumerate(s.values)
            if v is not None
        ]
        if len(points) > 1:
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2" '
                    'stroke-dasharray="{}"/>',
                    " ".join(f"{x:.1f},{y:.1f}" for x, y, _i, _v in points),
                    colour,
                    DASHES[j % len(DASHES)] or "none",
                )
            )
        for x, y, i, v in points:
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="3.5" fill="{}"><title>{}: {} – {}</title></circle>',
                    f"{x:.1f}",
                    f"{y:.1f}",
                    colour,
                    categories[i],
                    s.label,
                    _number(v, unit),
                )
            )
    body = mark_safe("".join(parts) + _target_line(target, top, target_label, left))
    return _frame(title, description, top, layout, body, series, categories, slot)

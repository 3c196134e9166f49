"""Small inline-SVG charts for the HTML report: a histogram and a horizontal bar chart.

Why our own ~150 lines instead of a plotting library: the report must be one
self-contained file that works offline, byte-for-byte deterministic, and the two
chart shapes it needs are simple. pygal (LGPL) would add a dependency whose
default SVG output loads its tooltip script from a remote URL (it has to be
switched off) and embeds random ids unless configured; matplotlib is a large
binary dependency that would slow ``pip install`` and start-up for a few
rectangles. Here every string that came from a user (rule ids, labels) is
escaped with markupsafe, and the CSS classes (``bar``, ``axis``, ``label``) are
styled by the report's stylesheet.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

#: Step sizes tried for histogram bins, times a power of ten ("nice" numbers).
NICE_STEPS = (1.0, 2.0, 2.5, 5.0)


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    count: int

    @property
    def label(self) -> str:
        return f"{fmt(self.low)}–{fmt(self.high)}"


def fmt(value: float) -> str:
    """A number as a short label: 10 not 10.0, 2.5 stays 2.5."""
    return f"{value:.10g}" if value != int(value) else str(int(value))


def nice_step(span: float, max_bins: int, min_step: float = 0.0) -> float:
    """The smallest 1/2/2.5/5 x 10^k step that covers ``span`` in at most ``max_bins`` bins.

    ``min_step`` keeps bins from getting finer than the values mean (a tenth of a
    reading grade is noise), which matters for small batches with a narrow spread.
    """
    raw = max(span / max_bins, min_step)
    if raw <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    for step in NICE_STEPS:
        if step * power >= raw:
            return step * power
    return 10.0 * power


def bin_values(values: Sequence[float], max_bins: int = 12, min_step: float = 0.0) -> list[Bin]:
    """Equal-width bins on nice boundaries; a value on a boundary goes to the upper bin."""
    if not values:
        return []
    low, high = min(values), max(values)
    step = nice_step(high - low, max_bins, min_step)
    start = math.floor(low / step) * step
    count = max(1, math.floor((high - start) / step) + 1)
    counts = [0] * count
    for value in values:
        counts[min(count - 1, int((value - start) // step))] += 1
    return [
        Bin(round(start + i * step, 10), round(start + (i + 1) * step, 10), n)
        for i, n in enumerate(counts)
    ]


def histogram(
    values: Sequence[float],
    *,
    title: str,
    unit: str,
    max_bins: int = 12,
    min_step: float = 0.0,
    width: int = 380,
    height: int = 200,
) -> Markup:
    """A histogram of ``values`` as an SVG element (``unit`` names what a bar counts)."""
    bins = bin_values(values, max_bins, min_step)
    if not bins:
        return _empty(title, width)
    left, right, top, bottom = 34, 8, 18, 38
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(b.count for b in bins)
    slot = plot_w / len(bins)
    parts = [_open(title, width, height)]
    parts.append(_axes(left, top, plot_w, plot_h, peak))
    for i, b in enumerate(bins):
        bar_h = plot_h * b.count / peak if peak else 0
        x = left + i * slot + 1
        y = top + plot_h - bar_h
        tip = f"{b.label}: {b.count} {unit}"
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{slot - 2:.1f}" '
            f'height="{bar_h:.1f}"><title>{escape(tip)}</title></rect>'
        )
        if b.count:
            parts.append(
                f'<text class="value" x="{x + (slot - 2) / 2:.1f}" y="{y - 3:.1f}" '
                f'text-anchor="middle">{b.count}</text>'
            )
    parts.append(_x_labels(bins, left, slot, top + plot_h))
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(
    items: Sequence[tuple[str, int]],
    *,
    title: str,
    max_bars: int = 25,
    width: int = 380,
    row: int = 18,
    label_width: int = 170,
) -> Markup:
    """Horizontal bars, one per (label, count), in the order given; the rest summed up."""
    if not items:
        return _empty(title, width)
    shown, rest = list(items[:max_bars]), items[max_bars:]
    top = 6
    height = top + row * len(shown) + (row if rest else 0) + 6
    peak = max(count for _, count in shown) or 1
    bar_space = width - label_width - 48
    parts = [_open(title, width, height)]
    for i, (label, count) in enumerate(shown):
        y = top + i * row
        bar_w = max(1.0, bar_space * count / peak)
        parts.append(
            f'<text class="label" x="{label_width - 6}" y="{y + row * 0.7:.1f}" '
            f'text-anchor="end">{escape(_clip(label, 28))}</text>'
            f'<rect class="bar" x="{label_width}" y="{y + 2}" width="{bar_w:.1f}" '
            f'height="{row - 4}"><title>{escape(label)}: {count}</title></rect>'
            f'<text class="value" x="{label_width + bar_w + 4:.1f}" '
            f'y="{y + row * 0.7:.1f}">{count}</text>'
        )
    if rest:
        more = f"+ {len(rest)} more rules, {sum(c for _, c in rest)} findings"
        parts.append(
            f'<text class="label" x="{label_width}" '
            f'y="{top + len(shown) * row + row * 0.7:.1f}">{escape(more)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _open(title: str, width: int, height: int) -> str:
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
    )


def _axes(left: int, top: int, plot_w: float, plot_h: float, peak: int) -> str:
    base = top + plot_h
    return (
        f'<line class="axis" x1="{left}" y1="{base:.1f}" x2="{left + plot_w:.1f}" y2="{base:.1f}"/>'
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{base:.1f}"/>'
        f'<text class="tick" x="{left - 4}" y="{top + 4}" text-anchor="end">{peak}</text>'
        f'<text class="tick" x="{left - 4}" y="{base:.1f}" text-anchor="end">0</text>'
    )


def _x_labels(bins: Sequence[Bin], left: int, slot: float, base: float) -> str:
    """Bin edges under the axis; every other one when there are many bins."""
    every = 1 if len(bins) <= 8 else 2
    edges = [b.low for b in bins] + [bins[-1].high]
    return "".join(
        f'<text class="tick" x="{left + i * slot:.1f}" y="{base + 14:.1f}" '
        f'text-anchor="middle">{fmt(edge)}</text>'
        for i, edge in enumerate(edges)
        if i % every == 0
    )


def _empty(title: str, width: int) -> Markup:
    return Markup(
        f'<svg class="chart empty" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 40" '
        f'width="{width}" height="40" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
        f'<text class="label" x="8" y="24">No data</text></svg>'
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""An SVG chart of pain and function over time, with episodes shaded. Pure string building.

Kept deliberately plain so it renders in any browser, prints, and needs no plotting library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from .diary import CheckIn, Episode

PAIN_COLOUR = "#c0392b"
FUNCTION_COLOUR = "#2471a3"
EPISODE_COLOUR = "#f5cba7"


def _ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    """A handful of month (or year) starts to label the time axis."""
    span = (last - first).days
    if span <= 31:
        step = max(1, span // 6)
        return [first + dt.timedelta(days=i) for i in range(0, span + 1, step)]
    months = span // 30
    every = 1 if months <= 8 else 3 if months <= 24 else 12 if months <= 96 else 24
    out: list[dt.date] = []
    y, m = first.year, first.month
    while True:
        m += 1
        if m > 12:
            y, m = y + 1, 1
        d = dt.date(y, m, 1)
        if d > last:
            break
        if (m - 1) % every == 0:
            out.append(d)
    return out


def svg_chart(
    checkins: Sequence[CheckIn],
    episodes: Sequence[Episode],
    title: str = "Pain and function",
    width: int = 800,
    height: int = 260,
    expected: Sequence[tuple[dt.date, float]] = (),
) -> str:
    """Pain (0-10, red) and function (0-10, blue) by day; episodes as shaded bands; and, if
    given, the expected course of the current episode (grey dots)."""
    cks = sorted(checkins, key=lambda c: c.day)
    left, right, top, bottom = 40, 10, 28, 30
    pw, ph = width - left - right, height - top - bottom
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
    )
    if not cks:
        return (
            head + f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" '
            'font-family="sans-serif" font-size="14">No check-ins yet.</text></svg>'
        )
    first, last = cks[0].day, cks[-1].day
    for e in episodes:
        first = min(first, e.started)
        last = max(last, e.ended or cks[-1].day)
    span = max(1, (last - first).days)

    def x(day: dt.date) -> float:
        return round(left + pw * (day - first).days / span, 1)

    def y(value: float) -> float:
        return round(top + ph * (1 - value / 10), 1)

    frame = f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="#fff" stroke="#999"/>'
    parts = [head, frame]
    for e in episodes:
        x0, x1 = x(e.started), x(e.ended or last)
        label = f"episode from {e.started}" + (f" to {e.ended}" if e.ended else ", ongoing")
        parts.append(
            f'<rect class="episode" x="{x0}" y="{top}" width="{max(1.0, x1 - x0)}" height="{ph}" '
            f'fill="{EPISODE_COLOUR}" opacity="0.6"><title>{escape(label)}</title></rect>'
        )
    for v in (0, 5, 10):
        parts.append(
            f'<line x1="{left}" x2="{left + pw}" y1="{y(v)}" y2="{y(v)}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y(v) + 4}" text-anchor="end" font-size="11" '
            f'font-family="sans-serif">{v}</text>'
        )
    for t in _ticks(first, last):
        parts.append(
            f'<text x="{x(t)}" y="{height - 10}" text-anchor="middle" font-size="11" '
            f'font-family="sans-serif">{t.isoformat() if span <= 31 else t.strftime("%b %Y")}'
            "</text>"
        )
    pain = " ".join(f"{x(c.day)},{y(c.pain)}" for c in cks)
    parts.append(
        f'<polyline class="pain" fill="none" stroke="{PAIN_COLOUR}" stroke-width="1.5" '
        f'points="{pain}"/>'
    )
    if expected:
        pts = " ".join(f"{x(d)},{y(v)}" for d, v in expected if first <= d <= last)
        parts.append(
            f'<polyline class="expected" fill="none" stroke="#7f8c8d" stroke-width="1.5" '
            f'stroke-dasharray="1 3" points="{pts}"><title>typical course</title></polyline>'
        )
    func = " ".join(f"{x(c.day)},{y(c.function)}" for c in cks if c.function is not None)
    if func:
        parts.append(
            f'<polyline class="function" fill="none" stroke="{FUNCTION_COLOUR}" stroke-width="1.5" '
            f'stroke-dasharray="4 2" points="{func}"/>'
        )
    parts.append(
        f'<text x="{left}" y="18" font-size="13" font-family="sans-serif">{escape(title)}: '
        f'<tspan fill="{PAIN_COLOUR}">pain</tspan>, '
        f'<tspan fill="{FUNCTION_COLOUR}">function</tspan> (0-10), '
        f'<tspan fill="#d35400">episodes shaded</tspan></text>'
    )
    parts.append("</svg>")
    return "".join(parts)

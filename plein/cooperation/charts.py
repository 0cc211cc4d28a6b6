"""The spider (radar) chart of a round's results, drawn on the server as SVG like Plein's other
charts (plein.reports.charts): no JavaScript, no external fonts, a text alternative in the
<title>/<desc>, and the table beside it carries the same numbers.

The current round is a solid blue line with round markers (#1d5fa8, 6.4:1 on white), the
previous round a dashed dark grey line with square markers (#595959, 7:1): the two differ in
more than colour. A mean that is not shown (too few partners) gets no marker; the line then
skips that axis.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from plein.cooperation.instrument import SCALE_MAX
from plein.cooperation.results import Measure

CURRENT, PREVIOUS, GRID, INK = "#1d5fa8", "#595959", "#b3b3b3", "#1a1a1a"
WIDTH, HEIGHT, RADIUS = 700, 460, 150
CX, CY = WIDTH / 2, 225


def _point(index: float, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADIUS * value / SCALE_MAX
    return CX + distance * math.cos(angle), CY + distance * math.sin(angle)


def _text(x: float, y: float, content: str, **attributes) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(content)}</text>'


def _grid(labels: Sequence[str]) -> list[str]:
    count, body = len(labels), []
    for level in range(1, SCALE_MAX + 1):
        ring = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (_point(i, count, level) for i in range(count))
        )
        body.append(f'<polygon points="{ring}" fill="none" stroke="{GRID}"></polygon>')
        # The scale's numbers sit between the first two axes, clear of the markers.
        x, y = _point(0.5, count, level)
        body.append(_text(x, y + 4, str(level), fill=INK, text_anchor="middle"))
    for i, label in enumerate(labels):
        x, y = _point(i, count, SCALE_MAX)
        body.append(f'<line x1="{CX}" y1="{CY}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}"></line>')
        lx, ly = _point(i, count, SCALE_MAX * 1.12)
        anchor = "middle" if abs(lx - CX) < 10 else ("start" if lx > CX else "end")
        body.append(_text(lx, ly + 5, label, text_anchor=anchor, fill=INK))
    return body


def _series(
    values: Sequence[float | None], colour: str, *, dashed: bool, square: bool
) -> list[str]:
    count = len(values)
    points = [None if v is None else _point(i, count, v) for i, v in enumerate(values)]
    shown = [p for p in points if p is not None]
    body = []
    if len(shown) >= 2:
        kind = "polygon" if len(shown) == count else "polyline"
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        fill = (
            f'fill="{colour}" fill-opacity="0.12"'
            if not dashed and kind == "polygon"
            else 'fill="none"'
        )
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in shown)
        body.append(
            f'<{kind} points="{coords}" {fill} stroke="{colour}" stroke-width="2"{dash}></{kind}>'
        )
    for x, y in shown:
        if square:
            corner = f'x="{x - 4:.1f}" y="{y - 4:.1f}"'
            body.append(f'<rect {corner} width="8" height="8" fill="{colour}"></rect>')
        else:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"></circle>')
    return body


def _legend(has_previous: bool) -> list[str]:
    y = HEIGHT - 18
    body = [f'<circle cx="40" cy="{y - 4}" r="4.5" fill="{CURRENT}"></circle>']
    body.append(_text(52, y, _("Deze meetronde"), fill=INK))
    if has_previous:
        body.append(f'<rect x="216" y="{y - 8}" width="8" height="8" fill="{PREVIOUS}"></rect>')
        body.append(
            f'<line x1="230" y1="{y - 4}" x2="256" y2="{y - 4}" stroke="{PREVIOUS}" '
            f'stroke-width="2" stroke-dasharray="6 4"></line>'
        )
        body.append(_text(262, y, _("Vorige meetronde"), fill=INK))
    return body


def _description(measures: Sequence[Measure]) -> str:
    parts = [
        f"{m.name}: {number_format(m.mean, decimal_pos=1)}"
        if m.mean is not None
        else f"{m.name}: {_('te weinig antwoorden')}"
        for m in measures
    ]
    return "; ".join(parts) + ". " + _("De tabel ernaast geeft alle cijfers.")


def radar_chart(*, key: str, title: str, measures: Sequence[Measure]) -> SafeString | None:
    """A spider chart of the means (scale 1–5), with the previous round where it shows."""
    if len(measures) < 3 or all(m.mean is None for m in measures):
        return None
    previous = [m.previous for m in measures]
    has_previous = any(v is not None for v in previous)
    body = _grid([m.name for m in measures])
    if has_previous:
        body += _series(previous, PREVIOUS, dashed=True, square=True)
    body += _series([m.mean for m in measures], CURRENT, dashed=False, square=False)
    body += _legend(has_previous)
    title_id, desc_id = f"radar-{key}-titel", f"radar-{key}-beschrijving"
    return mark_safe(
        f'<svg class="plein-chart" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg" '
        f'font-size="15" font-family="sans-serif">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(_description(measures))}</desc>{"".join(body)}</svg>'
    )

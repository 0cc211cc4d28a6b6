"""Server-rendered SVG charts drawn from a report Table, so they show exactly what its table
shows (hidden counts get no bar, only their "<5"/"×"). No JavaScript, no external fonts.

Colours: bars #1d5fa8 on white (6.4:1); heatmap levels from light to dark blue with dark text
on the light ones and white text on the dark ones (each pair at least 4.5:1).
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from plein.reports.tables import Table

BAR_COLOUR = "#1d5fa8"
TEXT_COLOUR = "#1a1a1a"
HEAT_LEVELS = [("#f2f5fa", TEXT_COLOUR), ("#c9daf0", TEXT_COLOUR), ("#93b6e2", TEXT_COLOUR)]
HEAT_LEVELS += [("#2f68ad", "#ffffff"), ("#173f6e", "#ffffff")]
MAX_BARS = 15
WIDTH = 640


def _svg(table: Table, summary: str, height: int, body: list[str]) -> SafeString:
    title_id = f"grafiek-{table.key}-titel"
    return mark_safe(
        f'<svg class="plein-chart" role="img" aria-labelledby="{title_id}" '
        f'viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg" '
        f'font-size="13" font-family="sans-serif">'
        f'<title id="{title_id}">{escape(summary)}</title>{"".join(body)}</svg>'
    )


def _text(x, y, content, **attributes) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attributes.items())
    return f'<text x="{x}" y="{y}"{extra}>{escape(content)}</text>'


def _largest(table: Table) -> tuple[str, str] | None:
    shown = [(label, cells[0]) for label, cells in table.rows if not cells[0].hidden]
    if not shown:
        return None
    label, cell = max(shown, key=lambda pair: pair[1].value)
    return label, cell.text


def _summary(kind: str, table: Table) -> str:
    largest = _largest(table) if table.chart != "heatmap" else None
    text = _("%(kind)s: %(title)s.") % {"kind": kind, "title": table.title}
    if largest:
        text += " " + _("Hoogste: %(label)s (%(count)s).") % {
            "label": largest[0],
            "count": largest[1],
        }
    return text + " " + _("De tabel ernaast geeft alle aantallen.")


def bar_chart(table: Table) -> SafeString:
    rows = table.rows[:MAX_BARS]
    peak = max([cells[0].value for _l, cells in rows if not cells[0].hidden] or [1]) or 1
    body, label_width, bar_space = [], 220, WIDTH - 220 - 60
    for i, (label, cells) in enumerate(rows):
        y, cell = 8 + i * 26, cells[0]
        body.append(_text(label_width - 8, y + 15, label[:32], text_anchor="end"))
        width = 0 if cell.hidden else round(bar_space * cell.value / peak)
        if width:
            body.append(
                f'<rect x="{label_width}" y="{y}" width="{width}" height="20" '
                f'fill="{BAR_COLOUR}"></rect>'
            )
        body.append(_text(label_width + width + 6, y + 15, cell.text, fill=TEXT_COLOUR))
    summary = _summary(_("Staafdiagram"), table)
    if len(table.rows) > MAX_BARS:
        summary += " " + _("De grafiek toont de %(n)s grootste.") % {"n": MAX_BARS}
    return _svg(table, summary, 16 + 26 * len(rows), body)


def column_chart(table: Table) -> SafeString:
    rows, height, base = table.rows, 220, 190
    peak = max([cells[0].value for _l, cells in rows if not cells[0].hidden] or [1]) or 1
    step = (WIDTH - 50) / max(len(rows), 1)
    body = [f'<line x1="40" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="{TEXT_COLOUR}"></line>']
    body.append(_text(34, 20, str(peak), text_anchor="end"))
    body.append(_text(34, base, "0", text_anchor="end"))
    for i, (label, cells) in enumerate(rows):
        cell, x = cells[0], 44 + i * step
        size = 0 if cell.hidden else round((base - 20) * cell.value / peak)
        body.append(
            f'<rect x="{x:.1f}" y="{base - size}" width="{max(step - 3, 1):.1f}" '
            f'height="{size}" fill="{BAR_COLOUR}">'
            f"<title>{escape(label)}: {escape(cell.text)}</title></rect>"
        )
    if rows:
        body.append(_text(44, base + 20, rows[0][0]))
        body.append(_text(WIDTH - 4, base + 20, rows[-1][0], text_anchor="end"))
    return _svg(table, _summary(_("Kolomdiagram"), table), height, body)


def heatmap_chart(table: Table) -> SafeString:
    hours = table.columns[:-1]  # the last column is the row total
    cell_width = (WIDTH - 100) / max(len(hours), 1)
    values = [c.value for _l, cells in table.rows for c in cells[:-1] if not c.hidden]
    peak = max(values or [1]) or 1
    body = [
        _text(100 + i * cell_width + cell_width / 2, 14, hour.split(":")[0], text_anchor="middle")
        for i, hour in enumerate(hours)
    ]
    for r, (label, cells) in enumerate(table.rows):
        y = 22 + r * 30
        body.append(_text(92, y + 19, label, text_anchor="end"))
        for c, cell in enumerate(cells[:-1]):
            level = 0 if cell.hidden or not cell.value else min(4, 1 + 4 * cell.value // (peak + 1))
            fill, ink = HEAT_LEVELS[level]
            x = 100 + c * cell_width
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{cell_width - 2:.1f}" height="28" '
                f'fill="{fill}"></rect>'
            )
            body.append(
                _text(
                    f"{x + cell_width / 2:.1f}", y + 19, cell.text, fill=ink, text_anchor="middle"
                )
            )
    return _svg(table, _summary(_("Warmtekaart"), table), 30 + 30 * len(table.rows), body)


def chart_for(table: Table) -> SafeString | None:
    if table.is_empty:
        return None
    draw = {"bars": bar_chart, "columns": column_chart, "heatmap": heatmap_chart}.get(table.chart)
    return draw(table) if draw else None

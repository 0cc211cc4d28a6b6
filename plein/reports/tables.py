"""The dashboard's numbers as tables of protected cells: the page, its charts and the exports
all read these, so a chart never shows a number its table hides."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from plein.core.formats import WEEKDAY_FORMAT
from plein.reports import protection
from plein.reports.protection import Cell
from plein.reports.selectors import DIMENSIONS, WEEKDAYS, Dashboard, ReportScope

DEFAULT_HOURS = range(9, 18)


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    row_header: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]]
    footer: tuple[str, list[Cell]] | None = None
    chart: str = ""  # "bars", "columns", "heatmap" or "" for none
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.rows


def _threshold(scope: ReportScope) -> int:
    # Threshold 0 hides nothing: coordinators see exact counts on screen.
    return scope.threshold if scope.protected else 0


def cells_for_list(values: list[int], scope: ReportScope) -> tuple[list[Cell], Cell]:
    return protection.protect_list(values, threshold=_threshold(scope))


def table_from_counts(
    key: str, title, row_header, counts: list[tuple[str, int]], scope: ReportScope, **extra
) -> Table:
    cells, total = cells_for_list([n for _label, n in counts], scope)
    rows = [(label, [cell]) for (label, _n), cell in zip(counts, cells, strict=True)]
    return Table(
        key,
        str(title),
        str(row_header),
        [str(_("Vragen"))],
        rows,
        footer=(str(_("Totaal")), [total]),
        **extra,
    )


TOTAL_LABELS = {
    "visits": _("Bezoeken"),
    "questions": _("Vragen"),
    "referrals": _("Doorverwijzingen"),
    "complex": _("Complexe vragen"),
}


def totals_table(dashboard: Dashboard) -> Table:
    scope, threshold = dashboard.scope, _threshold(dashboard.scope)
    rows = []
    for name, label in TOTAL_LABELS.items():
        now = protection.protect_value(getattr(dashboard.totals, name), threshold=threshold)
        before = protection.protect_value(getattr(dashboard.previous, name), threshold=threshold)
        change = protection.change_between(now, before)
        change_cell = Cell(0, protection.SUPPRESSED) if change is None else Cell(change)
        rows.append((str(label), [now, before, change_cell]))
    previous = scope.previous()
    columns = [
        str(_("Deze periode")),
        _period_label(previous.start, previous.end),
        str(_("Verschil")),
    ]
    return Table("totals", str(_("Totalen")), str(_("Aantal")), columns, rows)


def _period_label(start: datetime.date, end: datetime.date) -> str:
    return f"{formats.date_format(start)} – {formats.date_format(end)}"


def series_label(day: datetime.date, unit: str) -> str:
    if unit == "month":
        return formats.date_format(day, "YEAR_MONTH_FORMAT")
    if unit == "week":
        return str(_("week van %(day)s")) % {"day": formats.date_format(day)}
    return formats.date_format(day, WEEKDAY_FORMAT)


def series_table(dashboard: Dashboard) -> Table:
    unit_names = {"day": _("Dag"), "week": _("Week"), "month": _("Maand")}
    counts = [(series_label(day, dashboard.series_unit), n) for day, n in dashboard.series]
    return table_from_counts(
        "series",
        _("Vragen per %(unit)s") % {"unit": str(unit_names[dashboard.series_unit]).lower()},
        unit_names[dashboard.series_unit],
        counts,
        dashboard.scope,
        chart="columns",
    )


BREAKDOWN_TITLES = {
    "branch": _("Vragen per vestiging"),
    "desk": _("Vragen per balie"),
    "channel": _("Vragen per kanaal"),
    "topic": _("Vragen per onderwerp"),
    "life_domain": _("Vragen per leefgebied"),
    "outcome": _("Vragen per uitkomst"),
    "referral": _("Doorverwijzingen per organisatie"),
    "age_band": _("Vragen per leeftijdsgroep"),
    "gender": _("Vragen per gender"),
}
MULTI_VALUED_NOTE = _(
    "Een vraag over meer onderwerpen of leefgebieden telt bij elk ervan mee; het totaal kan "
    "daarom hoger zijn dan het aantal vragen."
)


def breakdown_table(dashboard: Dashboard, name: str) -> Table:
    notes = [str(MULTI_VALUED_NOTE)] if name in ("topic", "life_domain") else []
    return table_from_counts(
        name,
        BREAKDOWN_TITLES[name],
        DIMENSIONS[name].label,
        dashboard.breakdowns[name],
        dashboard.scope,
        chart="bars",
        notes=notes,
    )


def grid_table(
    key: str, title, row_header, rows: list[str], columns: list[str], cells, scope, chart=""
) -> Table:
    if not rows or not columns:
        return Table(key, str(title), str(row_header), columns, [], chart=chart)
    grid = protection.protect_grid(cells, threshold=_threshold(scope))
    total_label = str(_("Totaal"))
    body = [(label, [*grid.cells[i], grid.row_totals[i]]) for i, label in enumerate(rows)]
    footer = (total_label, [*grid.column_totals, grid.total])
    return Table(
        key, str(title), str(row_header), [*columns, total_label], body, footer, chart=chart
    )


def heatmap_table(dashboard: Dashboard) -> Table:
    hours = sorted({hour for _day, hour in dashboard.heatmap} | set(DEFAULT_HOURS))
    hours = list(range(hours[0], hours[-1] + 1))
    cells = [[dashboard.heatmap.get((day, hour), 0) for hour in hours] for day in WEEKDAYS]
    return grid_table(
        "heatmap",
        _("Drukte per weekdag en uur"),
        _("Weekdag"),
        [str(label) for label in WEEKDAYS.values()],
        [f"{hour}:00" for hour in hours],
        cells,
        dashboard.scope,
        chart="heatmap",
    )


def cross_table(dashboard: Dashboard) -> Table | None:
    cross = dashboard.cross
    if cross is None:
        return None
    row_label, column_label = DIMENSIONS[cross.rows].label, DIMENSIONS[cross.columns].label
    return grid_table(
        "cross",
        _("%(rows)s × %(columns)s") % {"rows": row_label, "columns": column_label},
        f"{row_label} \\ {column_label}",
        cross.row_labels,
        cross.column_labels,
        cross.cells,
        dashboard.scope,
    )


def dashboard_tables(dashboard: Dashboard) -> dict[str, Table]:
    """Every table of the dashboard by key, in the order the page shows them."""
    tables = {"totals": totals_table(dashboard), "series": series_table(dashboard)}
    tables.update({name: breakdown_table(dashboard, name) for name in dashboard.breakdowns})
    tables["heatmap"] = heatmap_table(dashboard)
    cross = cross_table(dashboard)
    if cross is not None:
        tables["cross"] = cross
    return tables


IDO_NOTE = _(
    "Een vraag met meer onderwerpen telt één keer: als digitale overheid zodra één onderwerp "
    "daarover gaat, anders als bibliotheekvraag zodra één onderwerp daarover gaat, anders als "
    "overige vraag. Bezoekers zijn de bezoeken aan de balie."
)


def ido_table(*, rows, scope: ReportScope) -> Table:
    """The KB's IDO form per branch: questions by category protected as one grid, visitors and
    referrals as lists (each with its own total)."""
    threshold = _threshold(scope)
    categories = [[r.digital_government, r.library, r.other] for r in rows]
    columns = [
        str(_("Bezoekers")),
        str(_("Vragen digitale overheid")),
        str(_("Vragen over de bibliotheek")),
        str(_("Overige vragen")),
        str(_("Vragen totaal")),
        str(_("Doorverwijzingen")),
    ]
    if not rows:
        return Table("ido", str(_("IDO-totalen")), str(_("Vestiging")), columns, [])
    grid = protection.protect_grid(categories, threshold=threshold)
    visits, visits_total = protection.protect_list([r.visits for r in rows], threshold=threshold)
    referrals, referrals_total = protection.protect_list(
        [r.referrals for r in rows], threshold=threshold
    )
    body = [
        (r.branch, [visits[i], *grid.cells[i], grid.row_totals[i], referrals[i]])
        for i, r in enumerate(rows)
    ]
    footer = (
        str(_("Totaal")),
        [visits_total, *grid.column_totals, grid.total, referrals_total],
    )
    return Table(
        "ido",
        str(_("IDO-totalen")),
        str(_("Vestiging")),
        columns,
        body,
        footer,
        notes=[str(IDO_NOTE)],
    )

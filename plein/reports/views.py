"""Reports for coordinators (their library, exact on screen) and funders (always protected)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from plein.core.models import Library
from plein.reports import charts, exports, periods, permissions, selectors, services, tables
from plein.reports.forms import (
    DEFAULT_CROSS,
    DEFAULT_PERIOD,
    FIXED_DEFAULT_PERIOD,
    ReportFilterForm,
    today,
)
from plein.reports.protection import PROTECTION_RULES, protect_value, share_of

IDO_FIELDS = ("period", "start", "end", "library", "branch")


def _report_form(
    request: HttpRequest, *, fields=None
) -> tuple[ReportFilterForm, QuerySet[Library]]:
    """The filter form over the libraries the user may see (403 for everyone else)."""
    libraries = permissions.require_reports(
        request.user, requested_library=request.GET.get("library")
    )
    dimensions = selectors.report_dimensions(libraries=libraries.values("pk"))
    fixed = permissions.reports_use_fixed_periods(request.user)
    # Always bound: a first visit validates to the defaults, which the form then shows.
    form = ReportFilterForm(
        _with_defaults(request.GET, fixed=fixed),
        libraries=libraries,
        dimensions=dimensions,
        today=today(),
        fixed_periods=fixed,
    )
    if fields is not None:
        for name in [name for name in form.fields if name not in fields]:
            del form.fields[name]
    return form, libraries


def _with_defaults(query, *, fixed: bool):
    data = query.copy()
    period = FIXED_DEFAULT_PERIOD if fixed else DEFAULT_PERIOD
    defaults = {"period": "custom" if data.get("start") else period}
    defaults.update(zip(("rows", "columns"), DEFAULT_CROSS, strict=True))
    for key, value in defaults.items():
        data.setdefault(key, value)
    return data


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, libraries = _report_form(request)
    context = {"form": form, "multiple_libraries": libraries.count() > 1}
    if form.is_valid():
        scope = form.scope_for(request.user, export=False)
        report = _report_dashboard(scope, form)
        report_tables, completeness = _dashboard_tables(report, form)
        context.update(
            scope=scope,
            report=report,
            totals=report_tables.pop("totals"),
            tables=[(table, charts.chart_for(table)) for table in report_tables.values()],
            completeness=completeness,
            rules=PROTECTION_RULES.format(threshold=scope.threshold),
            query=request.GET.urlencode(),
        )
    return render(request, "reports/dashboard.html", context)


def _report_dashboard(scope, form: ReportFilterForm) -> selectors.Dashboard:
    # Complete past months not yet stored are counted and stored first, a query per table; if
    # that had to count roll-ups, the daily fill runs soon for the rest.
    services.month_counts_fill(
        scope=scope, cross=form.cross(), optional=form.optional, rest_ahead=True
    )
    return selectors.report_dashboard(scope=scope, cross=form.cross(), optional=form.optional)


def _dashboard_tables(
    report: selectors.Dashboard, form: ReportFilterForm
) -> tuple[dict[str, tables.Table], float | None]:
    """The dashboard's protected tables and completeness; a funder's period over several
    months shows only what each of its months shows (periods.py)."""
    scope = report.scope
    found, completeness = tables.dashboard_tables(report), _completeness(report, scope)
    if periods.needs_months(scope):
        months = [_report_dashboard(month, form) for month in scope.months()]
        month_tables = [tables.dashboard_tables(month) for month in months]
        found = periods.dashboard_consistent(scope, found, month_tables)
        if any(_completeness(month, month.scope) is None for month in months):
            completeness = None
    return found, completeness


def _completeness(report: selectors.Dashboard, scope) -> float | None:
    threshold = scope.threshold if scope.protected else 0
    complete, total = report.completeness
    return share_of(
        protect_value(complete, threshold=threshold),
        protect_value(total, threshold=threshold),
        threshold=threshold,
        protected=scope.protected,
    )


@login_required
def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """One table of the dashboard or the IDO totals as CSV or XLSX, always protected."""
    if fmt not in exports.FORMATS:
        raise Http404
    form, libraries = _report_form(request, fields=IDO_FIELDS if table == "ido" else None)
    if not form.is_valid():
        return render(request, "reports/export_invalid.html", {"form": form}, status=400)
    scope = form.scope_for(request.user, export=True)
    found: tables.Table | None
    if table == "ido":
        found = tables_ido(scope)
    else:
        report = _report_dashboard(scope, form)
        found = _dashboard_tables(report, form)[0].get(table)
    if found is None:
        raise Http404
    name = exports.export_filename(table=found, scope=scope, libraries=libraries, fmt=fmt)
    filters = form.filters_described(cross=table == "cross")
    return exports.export_response(table=found, fmt=fmt, filename=name, filters=filters)


def tables_ido(scope) -> tables.Table:
    table = tables.ido_table(rows=selectors.report_ido(scope=scope), scope=scope)
    if periods.needs_months(scope):
        months = [
            tables.ido_table(rows=selectors.report_ido(scope=m), scope=m) for m in scope.months()
        ]
        table = periods.table_consistent(table, months)
    return table


@login_required
def ido(request: HttpRequest) -> HttpResponse:
    form, _libraries = _report_form(request, fields=IDO_FIELDS)
    context = {"form": form, "title": _("IDO-totalen")}
    if form.is_valid():
        scope = form.scope_for(request.user, export=False)
        context.update(
            scope=scope,
            table=tables_ido(scope),
            rules=PROTECTION_RULES.format(threshold=scope.threshold),
            query=request.GET.urlencode(),
        )
    return render(request, "reports/ido.html", context)

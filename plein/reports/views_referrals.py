"""The referral report: coordinators (their library, exact on screen, with reasons) and funders
(always protected, no reasons). Exports are always protected and never hold reasons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from plein.reports import exports, periods, permissions
from plein.reports import referrals as selectors_referrals
from plein.reports.forms import DEFAULT_PERIOD, FIXED_DEFAULT_PERIOD, ReportFilterForm, today
from plein.reports.protection import PROTECTION_RULES
from plein.reports.selectors import ReportScope

FIELDS = ("period", "start", "end", "library")


def period_form(request: HttpRequest):
    """The period (and library) filter over the libraries the user may see; 403 for others."""
    libraries = permissions.require_reports(
        request.user, requested_library=request.GET.get("library")
    )
    fixed = permissions.reports_use_fixed_periods(request.user)
    data = request.GET.copy()
    period = FIXED_DEFAULT_PERIOD if fixed else DEFAULT_PERIOD
    data.setdefault("period", "custom" if data.get("start") else period)
    form = ReportFilterForm(
        data, libraries=libraries, dimensions=[], today=today(), fixed_periods=fixed
    )
    for name in [name for name in form.fields if name not in FIELDS]:
        del form.fields[name]
    return form, libraries


def _referral_report(scope, *, with_reasons: bool) -> selectors_referrals.ReferralReport:
    """The report; a funder's period over several months shows only what each month shows."""
    report = selectors_referrals.referral_report(scope=scope, with_reasons=with_reasons)
    if not periods.needs_months(scope):
        return report
    months = [
        selectors_referrals.referral_report(scope=month, with_reasons=False)
        for month in scope.months()
    ]
    return replace(
        report,
        outcomes=periods.table_consistent(report.outcomes, [m.outcomes for m in months]),
        timeliness=periods.table_consistent(report.timeliness, [m.timeliness for m in months]),
        months=periods.table_consistent(report.months, [m.months for m in months]),
    )


@login_required
def referral_report(request: HttpRequest) -> HttpResponse:
    form, _libraries = period_form(request)
    context = {"form": form}
    if form.is_valid():
        scope = form.scope_for(request.user, export=False)
        # Reasons are partners' free text: only on the coordinator's screen (unprotected).
        report = _referral_report(scope, with_reasons=not scope.protected)
        context.update(
            scope=scope,
            report=report,
            rules=PROTECTION_RULES.format(threshold=scope.threshold),
            query=request.GET.urlencode(),
        )
    return render(request, "reports/referrals.html", context)


def period_export(
    request: HttpRequest, table: str, fmt: str, tables_of: Callable[[ReportScope], dict]
) -> HttpResponse:
    """One table of a period report as a file: always protected (`scope_for(export=True)`)."""
    if fmt not in exports.FORMATS:
        raise Http404
    form, libraries = period_form(request)
    if not form.is_valid():
        return render(request, "reports/export_invalid.html", {"form": form}, status=400)
    scope = form.scope_for(request.user, export=True)
    found = tables_of(scope).get(table)
    if found is None:
        raise Http404
    name = exports.export_filename(table=found, scope=scope, libraries=libraries, fmt=fmt)
    filters = form.filters_described()
    return exports.export_response(table=found, fmt=fmt, filename=name, filters=filters)


@login_required
def referral_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    return period_export(
        request, table, fmt, lambda scope: _referral_report(scope, with_reasons=False).tables()
    )

"""The activities and appointments report: same period (and library) filter, protection and
exports as the referral report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from plein.reports import exports
from plein.reports.activities import activity_report
from plein.reports.protection import PROTECTION_RULES
from plein.reports.views_referrals import period_form


@login_required
def activities_report(request: HttpRequest) -> HttpResponse:
    form, _libraries = period_form(request)
    context: dict = {"form": form}
    if form.is_valid():
        scope = form.scope_for(request.user, export=False)
        context.update(
            scope=scope,
            report=activity_report(scope=scope),
            rules=PROTECTION_RULES.format(threshold=scope.threshold),
            query=request.GET.urlencode(),
        )
    return render(request, "reports/activities.html", context)


@login_required
def activities_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404
    form, libraries = period_form(request)
    if not form.is_valid():
        return render(request, "reports/export_invalid.html", {"form": form}, status=400)
    scope = form.scope_for(request.user, export=True)
    found = activity_report(scope=scope).tables().get(table)
    if found is None:
        raise Http404
    name = exports.export_filename(table=found, scope=scope, libraries=libraries, fmt=fmt)
    filters = form.filters_described()
    return exports.export_response(table=found, fmt=fmt, filename=name, filters=filters)

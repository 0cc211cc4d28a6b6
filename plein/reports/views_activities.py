"""The activities and appointments report: same period (and library) filter, protection and
exports as the referral report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plein.reports.activities import activity_report
from plein.reports.protection import PROTECTION_RULES
from plein.reports.views_referrals import period_export, period_form


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
    return period_export(request, table, fmt, lambda scope: activity_report(scope=scope).tables())

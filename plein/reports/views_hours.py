"""The consultation-hours report: per partner and theme, and presence-rule coverage per branch.
Same period (and library) filter as the referral report."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plein.core.models import Library
from plein.reports import hours
from plein.reports.views_referrals import period_form


@login_required
def hours_report(request: HttpRequest) -> HttpResponse:
    form, _libraries = period_form(request)
    context: dict = {"form": form}
    if form.is_valid():
        start, end = form.cleaned_data["start_date"], form.cleaned_data["end_date"]
        scope = form.scope(protected=True, threshold=0)
        sections = []
        for library in Library.objects.filter(pk__in=scope.libraries).order_by("name"):
            sections.append(
                (
                    library,
                    hours.hours_by_partner_and_theme(library=library, start=start, end=end),
                    hours.presence_coverage(library=library, start=start, end=end),
                )
            )
        context |= {"sections": sections, "start": start, "end": end}
    return render(request, "reports/hours.html", context)

"""Public pages of the social map: search, service and organisation. Anonymous, no JavaScript."""

import datetime
from urllib.parse import urlencode
from uuid import UUID

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from plein.core.models import Library
from plein.socialmap import permissions, selectors
from plein.socialmap.agenda import selectors as agenda_selectors
from plein.socialmap.agenda.feeds import how_describe
from plein.socialmap.agenda.occurrences import Status
from plein.socialmap.agenda.words import room_describe
from plein.socialmap.models import Organization, Service
from plein.socialmap.search.forms import ServiceSearchForm

RESULTS_PER_PAGE = 20
# How far ahead a service's page lists its consultation hours, date by date.
COMING_HOURS = datetime.timedelta(days=14)


def _library(slug: str) -> Library:
    try:
        return selectors.library_get_public(slug=slug)
    except Library.DoesNotExist as error:
        raise Http404 from error


def search(request: HttpRequest, library_slug: str) -> HttpResponse:
    library = _library(library_slug)
    form = ServiceSearchForm(request.GET or None, library=library)
    page = None
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else {}
        services = selectors.service_list_public(library=library, **filters)
        page = Paginator(services, RESULTS_PER_PAGE).get_page(request.GET.get("pagina"))
    context = {
        "library": library,
        "form": form,
        "page": page,
        "query_without_page": urlencode(
            [(key, value) for key, value in request.GET.items() if key != "pagina"]
        ),
    }
    # htmx swaps only the results (and, out of band, the status line screen readers announce).
    partial = bool(request.headers.get("HX-Request"))
    context["htmx_partial"] = partial
    template = "socialmap/search_results.html" if partial else "socialmap/search.html"
    return render(request, template, context)


def service_detail(request: HttpRequest, library_slug: str, pk: UUID) -> HttpResponse:
    library = _library(library_slug)
    professional = permissions.may_see_professional_contacts(request.user, library)
    try:
        service = selectors.service_get_public(library=library, pk=pk, professional=professional)
    except Service.DoesNotExist as error:
        raise Http404 from error
    now = timezone.localtime()
    coming = agenda_selectors.occurrence_list(
        library=library, service=service, start=now, end=now + COMING_HOURS
    )
    context = {
        "library": library,
        "service": service,
        "taxonomy_terms": selectors.service_taxonomy_terms(service=service),
        "professional": professional,
        "coming_hours": [
            {"occurrence": o, "where": room_describe(o.room), "how": how_describe(o)}
            for o in coming
            if o.status != Status.MOVED_AWAY or o.moved_to and o.moved_to >= now
        ],
    }
    return render(request, "socialmap/service_detail.html", context)


def organization_detail(request: HttpRequest, library_slug: str, pk: UUID) -> HttpResponse:
    library = _library(library_slug)
    professional = permissions.may_see_professional_contacts(request.user, library)
    try:
        organization = selectors.organization_get_public(
            library=library, pk=pk, professional=professional
        )
    except Organization.DoesNotExist as error:
        raise Http404 from error
    context = {"library": library, "organization": organization, "professional": professional}
    return render(request, "socialmap/organization_detail.html", context)

"""Public pages of the social map: search, service and organisation. Anonymous; they work
without JavaScript (htmx only swaps results and search suggestions in)."""

import datetime
from urllib.parse import urlencode
from uuid import UUID

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from plein.core.models import Library
from plein.socialmap import permissions, selectors
from plein.socialmap.agenda import selectors as agenda_selectors
from plein.socialmap.agenda.feeds import how_describe
from plein.socialmap.agenda.occurrences import Status
from plein.socialmap.agenda.words import room_describe
from plein.socialmap.models import Organization, Service
from plein.socialmap.search import ServiceSearch, dictionary, search_suggestions
from plein.socialmap.search.forms import ServiceSearchForm
from plein.socialmap.search.query import MAX_QUERY_LENGTH

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
    understood: ServiceSearch | None = None
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else {}
        services = selectors.service_list_public(library=library, **filters)
        page = Paginator(services, RESULTS_PER_PAGE).get_page(request.GET.get("pagina"))
        if isinstance(services, ServiceSearch):
            understood = services
    context = {
        "library": library,
        "form": form,
        "page": page,
        "query_without_page": urlencode(
            [(key, value) for key, value in request.GET.items() if key != "pagina"]
        ),
        **_understanding(request, library, understood, page),
    }
    # htmx swaps only the results (and, out of band, the status line screen readers announce).
    partial = bool(request.headers.get("HX-Request"))
    context["htmx_partial"] = partial
    template = "socialmap/search_results.html" if partial else "socialmap/search.html"
    return render(request, template, context)


def _understanding(
    request: HttpRequest, library: Library, search: ServiceSearch | None, page
) -> dict:
    """What the search made of the question: a suggestion, a note in the resident's language,
    why each result matched (for the library's staff) and, with no results, the desk."""
    if search is None:
        return {}
    languages = sorted(search.languages)
    context: dict = {
        "suggestion": search.suggestion,
        "dutch_notices": [(code, dictionary.dutch_notice(code)) for code in languages],
    }
    if permissions.may_see_professional_contacts(request.user, library):
        context["reasons"] = selectors.search_reasons(
            search=search, services=list(page.object_list)
        )
    if not page.paginator.count:
        context["desk"] = selectors.library_desk(library=library)
    return context


def search_suggest(request: HttpRequest, library_slug: str) -> HttpResponse:
    """Suggestions for the search box, as a <datalist> that htmx swaps in while typing."""
    library = _library(library_slug)
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    suggestions = search_suggestions(library=library, query=query)
    return render(request, "socialmap/search_suggestions.html", {"suggestions": suggestions})


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
        # The search this page was opened from, so that "Terug" keeps the question.
        "back_query": QueryDict(request.GET.get("terug", "")).urlencode(),
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

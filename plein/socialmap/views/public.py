"""Public pages of the social map: search, service and organisation. Anonymous, no JavaScript."""

import re
from urllib.parse import urlencode
from uuid import UUID

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from plein.core.models import Library
from plein.socialmap import hours, permissions, selectors
from plein.socialmap.models import Organization, Service
from plein.socialmap.search.forms import ServiceSearchForm

RESULTS_PER_PAGE = 20
# A plain link to route planning; the page itself never loads anything from a third party.
OSM_DIRECTIONS = "https://www.openstreetmap.org/directions?"


def _library(slug: str) -> Library:
    try:
        return selectors.library_get_public(slug=slug)
    except Library.DoesNotExist as error:
        raise Http404 from error


def _schedules(service: Service) -> list:
    found = list(service.schedules.all())
    for service_at_location in service.service_at_locations.all():
        found.extend(service_at_location.schedules.all())
    return found


def search(request: HttpRequest, library_slug: str) -> HttpResponse:
    library = _library(library_slug)
    form = ServiceSearchForm(request.GET or None, library=library)
    page = None
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else {}
        services = selectors.service_list_public(library=library, **filters)
        page = Paginator(services, RESULTS_PER_PAGE).get_page(request.GET.get("pagina"))
        for service in page.object_list:
            service.hours_next = hours.next_describe(_schedules(service))
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


def _tel(number: str) -> str:
    return re.sub(r"[^\d+]", "", number)


def _current_texts(schedules) -> list[str]:
    return [hours.schedule_describe(s) for s in schedules if hours.schedule_is_current(s)]


def _route_url(location) -> str:
    if location.latitude is not None and location.longitude is not None:
        destination = f"{location.latitude},{location.longitude}"
    else:
        address = next(iter(location.addresses.all()), None)
        if address is None:
            return ""
        destination = f"{address.address_1}, {address.postal_code} {address.city}"
    return OSM_DIRECTIONS + urlencode({"to": destination})


def _prepare_location(location) -> None:
    location.hours_texts = _current_texts(location.schedules.all())
    location.route_url = _route_url(location)
    for phone in location.phones.all():
        phone.tel = _tel(phone.number)


def _prepare_contacts(owner) -> None:
    for phone in owner.phones.all():
        phone.tel = _tel(phone.number)
    for contact in owner.contacts.all():
        for phone in contact.phones.all():
            phone.tel = _tel(phone.number)


def service_detail(request: HttpRequest, library_slug: str, pk: UUID) -> HttpResponse:
    library = _library(library_slug)
    professional = permissions.may_see_professional_contacts(request.user, library)
    try:
        service = selectors.service_get_public(library=library, pk=pk, professional=professional)
    except Service.DoesNotExist as error:
        raise Http404 from error
    service.hours_texts = _current_texts(service.schedules.all())
    if service.assured_date:
        service.assured_date_text = hours.date_describe(service.assured_date)
    _prepare_contacts(service)
    for service_at_location in service.service_at_locations.all():
        service_at_location.hours_texts = _current_texts(service_at_location.schedules.all())
        for phone in service_at_location.phones.all():
            phone.tel = _tel(phone.number)
        _prepare_location(service_at_location.location)
    context = {
        "library": library,
        "service": service,
        "professional": professional,
        "hours_next": hours.next_describe(_schedules(service)),
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
    _prepare_contacts(organization)
    for location in organization.locations.all():
        _prepare_location(location)
    context = {"library": library, "organization": organization, "professional": professional}
    return render(request, "socialmap/organization_detail.html", context)

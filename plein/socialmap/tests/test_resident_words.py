"""Words on the pages residents use: no "(niet verplicht)" on the search, no desk jargon such as
"leefgebied"; and "(niet verplicht)" only where a field is optional whatever one chooses."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from plein.referrals.forms.partner import PartnerTransitionForm
from plein.referrals.models import Status
from plein.socialmap.models import TaxonomyKind
from plein.socialmap.tests.factories import (
    AttributeFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    service = ServiceFactory(name="Schuldhulp")
    domains = TaxonomyFactory(
        library=service.library, kind=TaxonomyKind.LIFE_DOMAIN, name="Leefgebieden"
    )
    AttributeFactory(
        service=service, taxonomy_term=TaxonomyTermFactory(taxonomy_detail=domains, name="Geld")
    )
    return service


def _resident_pages(client, service) -> dict[str, str]:
    slug = service.library.slug
    urls = [
        reverse("socialmap:search", args=[slug]),
        reverse("socialmap:search", args=[slug]) + "?q=schulden&life_domain=onbekend",
        reverse("socialmap:service_detail", args=[slug, service.pk]),
        reverse("socialmap:organization_detail", args=[slug, service.organization.pk]),
    ]
    return {url: client.get(url).content.decode() for url in urls}


def test_resident_pages_do_not_say_leefgebied(client, service):
    for url, page in _resident_pages(client, service).items():
        assert "leefgebied" not in page.lower(), url


def test_the_search_box_does_not_say_it_is_optional(client, service):
    for url, page in _resident_pages(client, service).items():
        assert "niet verplicht" not in page, url


def _label(form, name: str) -> str:
    template = Template('{% include "core/form_field.html" with field=field %}')
    return template.render(Context({"field": form[name]}))


def test_a_reason_needed_for_some_choices_is_not_called_optional():
    form = PartnerTransitionForm(allowed=frozenset({Status.RECEIVED, Status.REJECTED}))
    for name in ("reason_code", "reason", "outcome_code", "outcome"):
        assert "niet verplicht)" not in _label(form, name), name
    assert "Nodig bij afwijzen" in _label(form, "reason_code")

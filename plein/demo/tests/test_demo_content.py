"""What the demo holds. The demo is loaded once for the whole module."""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings

from plein.accounts.models import Role, User
from plein.core.models import Branch, Library
from plein.demo import data
from plein.demo.load import demo_load
from plein.socialmap.models import (
    Attribute,
    Contact,
    Location,
    Neighbourhood,
    Organization,
    Phone,
    PostcodeArea,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for this module, inside a transaction that is rolled back after."""
    # Function fixtures (such as conftest's fast test hasher) do not apply at module scope.
    fast_hasher = override_settings(PASSWORD_HASHERS=[MD5_HASHER])
    with django_db_blocker.unblock(), fast_hasher, transaction.atomic():
        yield demo_load(today=TODAY)
        transaction.set_rollback(True)


def test_demo_has_two_libraries_and_three_branches_with_locations(demo):
    beekveld = Library.objects.get(slug="beekveld")
    assert Library.objects.filter(slug="zandhoven").exists()
    branches = Branch.objects.filter(library=beekveld).select_related("location")
    assert branches.count() == 3
    for branch in branches:
        assert branch.location is not None
        assert branch.location.library == beekveld
        assert branch.location.addresses.get().postal_code
        assert branch.location.schedules.exists()


def test_demo_has_a_social_map_of_the_promised_size(demo):
    beekveld = Library.objects.get(slug="beekveld")
    assert Organization.objects.filter(library=beekveld).count() >= 25
    assert Service.objects.count() >= 60
    assert Location.objects.filter(latitude__isnull=False, longitude__isnull=False).count() == (
        Location.objects.count()
    )
    assert all(location.addresses.exists() for location in Location.objects.all())


def test_every_service_has_a_topic_a_life_domain_and_an_area(demo):
    services = Service.objects.all()
    topics = set(
        Attribute.objects.filter(link_entity="service", link_type="topic").values_list(
            "link_id", flat=True
        )
    )
    domains = set(
        Attribute.objects.filter(link_entity="service", link_type="life_domain").values_list(
            "link_id", flat=True
        )
    )
    for service in services:
        assert service.id in topics, service.name
        assert service.id in domains, service.name
        assert service.service_areas.get().neighbourhoods.exists(), service.name
        assert len(service.description) > 40, service.name


def test_demo_terms_come_from_the_default_taxonomies(demo):
    terms = TaxonomyTerm.objects.filter(attributes__isnull=False).distinct()
    assert terms.exists()
    assert not terms.filter(library__isnull=False).exists()
    for attribute in Attribute.objects.select_related("taxonomy_term__taxonomy_detail"):
        assert attribute.taxonomy_term.taxonomy_detail.kind == attribute.link_type


def test_demo_keeps_each_library_to_its_own_data(demo):
    for service in Service.objects.select_related("organization"):
        assert service.organization.library_id == service.library_id
    for location in Location.objects.select_related("organization"):
        assert location.organization.library_id == location.library_id
    zandhoven = Library.objects.get(slug="zandhoven")
    assert Service.objects.filter(library=zandhoven).count() == 3
    assert not Service.objects.filter(library=zandhoven, name__icontains="Beekveld").exists()


def test_demo_neighbourhoods_have_cbs_codes_and_postcodes(demo):
    beekveld = Library.objects.get(slug="beekveld")
    neighbourhoods = Neighbourhood.objects.filter(library=beekveld)
    assert {n.kind for n in neighbourhoods} == {"wijk", "buurt", "dorp"}
    assert all(n.cbs_code for n in neighbourhoods)
    assert PostcodeArea.objects.get(library=beekveld, postcode="6961").neighbourhood.name == (
        "Hoogdonk"
    )
    elzenhof = Neighbourhood.objects.get(library=beekveld, name="Elzenhof")
    assert elzenhof.parent.name == "De Elzen"
    assert Location.objects.get(name="Buurthuis De Elzen").neighbourhood == elzenhof
    assert Location.objects.get(name="Bibliotheek Hoogdonk").neighbourhood.name == "Hoogdonk"


def test_demo_has_professionals_only_phones_and_contacts(demo):
    assert Phone.objects.filter(professionals_only=True).count() >= 5
    assert Phone.objects.filter(professionals_only=False).count() >= 40
    assert Contact.objects.filter(professionals_only=True).count() >= 3
    assert Contact.objects.filter(professionals_only=False).exists()


def test_demo_has_stale_and_closed_services(demo):
    stale_before = TODAY - datetime.timedelta(days=183)
    assert Service.objects.filter(assured_date__lt=stale_before).count() >= 5
    assert Service.objects.filter(assured_date__isnull=True).exists()
    assert Service.objects.filter(assured_date__gte=stale_before).count() >= 40
    closed = Service.objects.get(status=ServiceStatus.TEMPORARILY_CLOSED)
    assert closed.alert


def test_demo_has_consultation_hours_in_library_branches(demo):
    branch_locations = Branch.objects.values_list("location_id", flat=True)
    consultations = ServiceAtLocation.objects.filter(
        location_id__in=branch_locations, schedules__isnull=False
    ).exclude(service__organization__name__startswith="Bibliotheek")
    assert consultations.distinct().count() >= 8
    monthly = Schedule.objects.get(service_at_location__isnull=False, byday="1MO")
    assert monthly.freq == "MONTHLY"
    weekly = Schedule.objects.filter(service_at_location__isnull=False, freq="WEEKLY").first()
    assert weekly.opens_at < weekly.closes_at


def test_demo_has_a_user_for_every_role_with_the_demo_password(demo, client):
    users = {user.username: user for user in User.objects.all()}
    assert {user.role for user in users.values()} == set(Role.values)
    for user in users.values():
        assert user.check_password(data.PASSWORD), user.username
    partner = users["partner"]
    assert partner.organization.is_partner
    assert partner.organization.library.slug == "beekveld"
    assert list(users["financier"].funded_libraries.values_list("slug", flat=True)) == ["beekveld"]
    assert users["beheerder"].is_staff
    assert users["balie"].library.slug == "beekveld"
    assert users["balie-zandhoven"].library.slug == "zandhoven"
    # Through the admin's own login form, as a person would (django-axes checks every login).
    login = client.post("/admin/login/", {"username": "beheerder", "password": data.PASSWORD})
    assert login.status_code == 302
    # The admin then asks for the second factor, which the demo's administrator sets up first.
    assert "tweestapsverificatie" in client.get("/admin/", follow=True).redirect_chain[-1][0]


def test_demo_runs_the_social_map_hooks(demo):
    assert "plein.socialmap.neighbourhoods.neighbourhoods_link" in demo.hooks_run
    assert "plein.socialmap.search.index.search_index_rebuild" in demo.hooks_run
    assert "plein.socialmap.search.synonyms.synonyms_install_defaults" in demo.hooks_run
    assert demo.hooks_missing == []

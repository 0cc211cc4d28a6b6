"""A coordinator's people page: who is active, switching off those who leave, per library."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.accounts.tests.factories import PASSWORD, UserFactory
from plein.core.models import AuditEvent
from plein.socialmap.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
URL = reverse("accounts:people")


@pytest.fixture
def coordinator():
    return UserFactory(coordinator=True, username="carla")


def test_the_page_lists_the_librarys_people_and_its_partners_staff(client, coordinator):
    library = coordinator.library
    desk = UserFactory(
        library=library, username="bo", last_login=timezone.now() - datetime.timedelta(days=3)
    )
    partner = UserFactory(
        partner=True,
        organization=OrganizationFactory(library=library, is_partner=True, name="Welzijn Oost"),
        username="pim",
    )
    elsewhere = UserFactory(username="zoe")
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert "bo" in html and "pim" in html and "Welzijn Oost" in html
    assert "zoe" not in html
    assert desk.last_login.strftime("%-d") in html
    assert "nog nooit" in html  # pim never logged in
    assert partner.pk and elsewhere.pk


def test_a_coordinator_switches_off_someone_who_left_and_back_on(client, coordinator):
    person = UserFactory(library=coordinator.library, username="bo")
    client.force_login(coordinator)
    url = reverse("accounts:person_active", args=[person.pk])
    assert client.post(url).url == URL
    person.refresh_from_db()
    assert not person.is_active
    client.logout()
    refused = client.post(reverse("accounts:login"), {"username": "bo", "password": PASSWORD})
    assert refused.status_code == 200 and not refused.wsgi_request.user.is_authenticated
    client.force_login(coordinator)
    client.post(url, {"active": "1"})
    person.refresh_from_db()
    assert person.is_active
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["accounts.user.deactivated", "accounts.user.reactivated"]


def test_a_coordinator_cannot_switch_off_their_own_account(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("accounts:person_active", args=[coordinator.pk]), follow=True)
    assert "U kunt uw eigen account niet uitzetten." in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_another_librarys_people_cannot_be_switched_off(client, coordinator):
    other = UserFactory(username="zoe")
    other_partner = UserFactory(partner=True)
    client.force_login(coordinator)
    for person in (other, other_partner):
        response = client.post(reverse("accounts:person_active", args=[person.pk]))
        assert response.status_code == 404
        person.refresh_from_db()
        assert person.is_active
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("role", ["desk", "partner", "funder"])
def test_only_coordinators_manage_people(client, coordinator, role):
    person = UserFactory(library=coordinator.library, username="bo")
    user = UserFactory(**({} if role == "desk" else {role: True}))
    if role == "desk":
        user.library = coordinator.library
        user.save()
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(reverse("accounts:person_active", args=[person.pk])).status_code in (
        403,
        404,
    )
    person.refresh_from_db()
    assert person.is_active

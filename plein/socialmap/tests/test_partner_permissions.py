import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.socialmap import permissions
from plein.socialmap.tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return ServiceFactory()


def partner_of(organization):
    return UserFactory(partner=True, organization=organization)


def test_partner_may_edit_own_organizations_service(service):
    user = partner_of(service.organization)
    assert permissions.get_service_for_user(user, service.pk, write=True) == service


def test_coordinator_may_edit_every_service_of_own_library(service):
    user = UserFactory(coordinator=True, library=service.library)
    assert permissions.get_service_for_user(user, service.pk, write=True) == service


def test_partner_of_another_organization_is_refused(service):
    other = OrganizationFactory(library=service.library)
    with pytest.raises(PermissionDenied):
        permissions.get_service_for_user(partner_of(other), service.pk, write=True)


def test_partner_of_another_library_does_not_see_the_service(service):
    with pytest.raises(Http404):
        permissions.get_service_for_user(partner_of(OrganizationFactory()), service.pk)


def test_coordinator_of_another_library_does_not_see_the_service(service):
    with pytest.raises(Http404):
        permissions.get_service_for_user(UserFactory(coordinator=True), service.pk, write=True)


def test_desk_worker_may_read_but_not_edit(service):
    user = UserFactory(library=service.library)
    assert permissions.get_service_for_user(user, service.pk) == service
    with pytest.raises(PermissionDenied):
        permissions.get_service_for_user(user, service.pk, write=True)


def test_funder_and_anonymous_are_refused(service):
    from django.contrib.auth.models import AnonymousUser

    funder = UserFactory(funder=True)
    funder.funded_libraries.add(service.library)
    with pytest.raises((PermissionDenied, Http404)):
        permissions.get_service_for_user(funder, service.pk, write=True)
    with pytest.raises(PermissionDenied):
        permissions.get_service_for_user(AnonymousUser(), service.pk)


def test_location_and_schedule_follow_the_same_rules(service):
    location = LocationFactory(organization=service.organization)
    schedule = ScheduleFactory(service=service)
    link_schedule = ScheduleFactory(
        service=None, service_at_location=ServiceAtLocationFactory(service=service)
    )
    owner = partner_of(service.organization)
    stranger = partner_of(OrganizationFactory(library=service.library))
    assert permissions.get_location_for_user(owner, location.pk, write=True) == location
    assert permissions.get_schedule_for_user(owner, schedule.pk, write=True) == schedule
    assert permissions.get_schedule_for_user(owner, link_schedule.pk, write=True)
    with pytest.raises(PermissionDenied):
        permissions.get_location_for_user(stranger, location.pk, write=True)
    with pytest.raises(PermissionDenied):
        permissions.get_schedule_for_user(stranger, schedule.pk, write=True)
    with pytest.raises(PermissionDenied):
        permissions.get_schedule_for_user(stranger, link_schedule.pk, write=True)


@pytest.mark.parametrize(
    "url_name",
    ["socialmap:service_edit", "socialmap:schedule_add_service"],
)
def test_edit_pages_refuse_the_wrong_users(client, service, url_name):
    url = reverse(url_name, kwargs={"pk": service.pk})
    assert client.get(url).status_code == 302  # anonymous: to the login page
    wrong_users = [
        partner_of(OrganizationFactory(library=service.library)),
        UserFactory(library=service.library),
        UserFactory(funder=True),
        UserFactory(coordinator=True),
        partner_of(OrganizationFactory()),
    ]
    for user in wrong_users:
        client.force_login(user)
        assert client.get(url).status_code in (403, 404), user.role
        assert client.post(url, {"name": "Gekaapt"}).status_code in (403, 404), user.role
    service.refresh_from_db()
    assert service.name != "Gekaapt"


def test_klopt_nog_refuses_the_wrong_users(client, service):
    service.assured_date = None
    service.save()
    url = reverse("socialmap:service_confirm", kwargs={"pk": service.pk})
    assert client.post(url).status_code == 302
    for user in [
        partner_of(OrganizationFactory(library=service.library)),
        UserFactory(library=service.library),
        UserFactory(coordinator=True),
    ]:
        client.force_login(user)
        assert client.post(url).status_code in (403, 404)
    service.refresh_from_db()
    assert service.assured_date is None


def test_location_page_refuses_another_organizations_partner(client, service):
    location = LocationFactory(organization=service.organization)
    client.force_login(partner_of(OrganizationFactory(library=service.library)))
    url = reverse("socialmap:location_edit", kwargs={"pk": location.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Gekaapt"}).status_code == 403


def test_partner_home_is_for_partners_only(client, service):
    client.force_login(UserFactory(coordinator=True, library=service.library))
    assert client.get(reverse("socialmap:partner_home")).status_code == 403

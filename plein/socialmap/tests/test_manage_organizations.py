"""Coordinators manage their library's organisations and services without the admin."""

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from plein.accounts.models import Invitation, Role
from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.socialmap.models import Organization, Service, ServiceStatus
from plein.socialmap.tests.factories import OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory(coordinator=True)


@pytest.fixture
def organization(coordinator):
    return OrganizationFactory(library=coordinator.library, name="Taalhuis Oost")


def _data(**changes):
    data = {
        "name": "Schuldhulp Lindendal",
        "alternate_name": "",
        "description": "Helpt bij geldzorgen.",
        "email": "info@schuldhulp.test",
        "website": "www.schuldhulp.test",
        "is_partner": "on",
    }
    return data | changes


def test_a_coordinator_adds_a_partner_organisation(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("socialmap:manage_organization_new"), _data())
    organization = Organization.objects.get(name="Schuldhulp Lindendal")
    assert response.url == reverse("socialmap:manage_organization", args=[organization.pk])
    assert organization.library == coordinator.library and organization.is_partner
    assert organization.website == "https://www.schuldhulp.test"
    assert AuditEvent.objects.filter(action="socialmap.organization.created").count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Vul een naam in."),
        (
            {"description": ""},
            "description",
            "Vul een korte omschrijving in: wat doet deze organisatie?",
        ),
        (
            {"email": "geen adres"},
            "email",
            "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.",
        ),
        ({"website": "javascript:alert(1)"}, "website", None),
    ],
)
def test_bad_input_is_refused_in_dutch_and_kept(client, coordinator, changes, field, message):
    client.force_login(coordinator)
    response = client.post(reverse("socialmap:manage_organization_new"), _data(**changes))
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert errors if message is None else errors == [message]
    html = response.content.decode()
    for key, value in _data(**changes).items():
        if key != field and key != "is_partner" and value:
            assert value in html
    assert not Organization.objects.exists()


def test_editing_is_audited_with_what_changed(client, coordinator, organization):
    client.force_login(coordinator)
    url = reverse("socialmap:manage_organization", args=[organization.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _data(name="Taalhuis Lindendal-Oost", is_partner=""))
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name == "Taalhuis Lindendal-Oost"
    event = AuditEvent.objects.get(action="socialmap.organization.updated")
    assert event.changes["name"] == ["Taalhuis Oost", "Taalhuis Lindendal-Oost"]
    page = client.get(url).content.decode()
    assert "Taalhuis Lindendal-Oost" in page  # the history names the change


def test_archiving_keeps_the_organisation_and_ends_its_services(client, coordinator, organization):
    service = ServiceFactory(organization=organization, library=organization.library)
    client.force_login(coordinator)
    response = client.post(reverse("socialmap:manage_organization_archive", args=[organization.pk]))
    assert response.status_code == 302
    organization.refresh_from_db()
    service.refresh_from_db()
    assert organization.archived_at is not None
    assert service.status == ServiceStatus.DEFUNCT
    assert Organization.objects.filter(pk=organization.pk).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"socialmap.organization.archived", "socialmap.service.updated"} <= actions
    # Gone from the list unless asked for, and back out of the archive on request.
    listing = client.get(reverse("socialmap:manage_organizations")).content.decode()
    assert "Taalhuis Oost" not in listing
    assert (
        "Taalhuis Oost"
        in client.get(
            reverse("socialmap:manage_organizations"), {"archived": "on"}
        ).content.decode()
    )
    client.post(
        reverse("socialmap:manage_organization_archive", args=[organization.pk]), {"restore": "1"}
    )
    organization.refresh_from_db()
    assert organization.archived_at is None


def test_an_archived_organisation_cannot_be_edited(client, coordinator, organization):
    client.force_login(coordinator)
    client.post(reverse("socialmap:manage_organization_archive", args=[organization.pk]))
    url = reverse("socialmap:manage_organization", args=[organization.pk])
    response = client.post(url, _data())
    assert response.status_code == 400
    organization.refresh_from_db()
    assert organization.name == "Taalhuis Oost"


def test_a_coordinator_adds_a_service_and_goes_on_to_its_edit_page(
    client, coordinator, organization
):
    client.force_login(coordinator)
    url = reverse("socialmap:manage_service_new", args=[organization.pk])
    response = client.post(url, {"service-name": "Taalcafé", "service-description": "Elke week."})
    service = Service.objects.get(name="Taalcafé")
    assert response.url == reverse("socialmap:service_edit", args=[service.pk])
    assert (service.organization, service.library) == (organization, organization.library)
    assert AuditEvent.objects.filter(action="socialmap.service.created").count() == 1


def test_a_service_without_a_name_is_refused_and_the_description_kept(
    client, coordinator, organization
):
    client.force_login(coordinator)
    url = reverse("socialmap:manage_service_new", args=[organization.pk])
    response = client.post(url, {"service-name": " ", "service-description": "Elke dinsdag."})
    assert response.status_code == 400
    assert response.context["service_form"].errors["name"] == ["Vul een naam in."]
    assert "Elke dinsdag." in response.content.decode()
    assert not Service.objects.exists()


def test_a_coordinator_invites_partner_staff_from_the_organisation(client, coordinator):
    partner = OrganizationFactory(library=coordinator.library, is_partner=True)
    client.force_login(coordinator)
    url = reverse("socialmap:manage_organization_invite", args=[partner.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"invite-email": "medewerker@partner.test"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.organization) == (Role.PARTNER, partner)
    assert len(mail.outbox) == 1


def test_inviting_to_an_organisation_that_is_no_partner_is_refused_in_dutch(
    client, coordinator, organization
):
    client.force_login(coordinator)
    url = reverse("socialmap:manage_organization_invite", args=[organization.pk])
    response = client.post(
        url, {"invite-email": "iemand@taalhuis.test", "invite-first_name": "Ans"}
    )
    assert response.status_code == 400
    assert response.context["invite_form"].non_field_errors() == [
        "Deze organisatie is geen (actieve) netwerkpartner van uw bibliotheek."
    ]
    assert 'value="Ans"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_another_librarys_coordinator_cannot_see_or_change_an_organisation(client, organization):
    other = UserFactory(coordinator=True)
    client.force_login(other)
    pk = organization.pk
    assert client.get(reverse("socialmap:manage_organization", args=[pk])).status_code == 404
    assert (
        client.post(reverse("socialmap:manage_organization", args=[pk]), _data()).status_code == 404
    )
    assert (
        client.post(reverse("socialmap:manage_organization_archive", args=[pk])).status_code == 404
    )
    assert (
        client.post(
            reverse("socialmap:manage_service_new", args=[pk]), {"service-name": "X"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("socialmap:manage_organization_invite", args=[pk]), {"invite-email": "a@b.test"}
        ).status_code
        == 404
    )
    listing = client.get(reverse("socialmap:manage_organizations")).content.decode()
    assert "Taalhuis Oost" not in listing
    organization.refresh_from_db()
    assert organization.archived_at is None and not Service.objects.exists()


@pytest.mark.parametrize("role", ["desk", "partner", "funder", "administrator"])
def test_only_coordinators_manage_organisations(client, organization, role):
    user = (
        UserFactory(**{role: True}) if role != "desk" else UserFactory(library=organization.library)
    )
    client.force_login(user)
    assert client.get(reverse("socialmap:manage_organizations")).status_code == 403
    assert (
        client.get(reverse("socialmap:manage_organization", args=[organization.pk])).status_code
        == 403
    )

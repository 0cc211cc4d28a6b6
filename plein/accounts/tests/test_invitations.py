"""Invitations: a coordinator invites the desk or a partner's staff; a signed, expiring,
single-use link makes the account; partners set up two-factor straight away."""

import datetime
import re

import pytest
import time_machine
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse

from plein.accounts import services, totp
from plein.accounts.models import Invitation, Role, User
from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.socialmap.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "lange-zin-met-woorden-42"


@pytest.fixture
def coordinator():
    return UserFactory(coordinator=True, username="carla")


@pytest.fixture
def partner_org(coordinator):
    return OrganizationFactory(library=coordinator.library, is_partner=True, name="Welzijn Oost")


def _invite(coordinator, **kwargs) -> Invitation:
    kwargs.setdefault("email", "nieuw@welzijn.test")
    kwargs.setdefault("role", Role.DESK)
    with django_capture_on_commit():
        return services.invitation_create(invited_by=coordinator, **kwargs)


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def _link(message) -> str:
    found = re.search(r"https?://\S+", message.body)
    assert found is not None
    return found.group(0)


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_an_invitation_mails_a_signed_link_and_is_audited(coordinator, partner_org):
    invitation = _invite(coordinator, role=Role.PARTNER, organization=partner_org)
    assert [m.to for m in mail.outbox] == [["nieuw@welzijn.test"]]
    assert "Welzijn Oost" in mail.outbox[0].body
    token = _path(_link(mail.outbox[0])).rstrip("/").rsplit("/", 1)[1]
    assert services.invitation_token_read(token=token) == invitation
    event = AuditEvent.objects.get(action="accounts.invitation.sent")
    assert event.actor == coordinator
    assert "nieuw@welzijn.test" not in str(event.changes) + event.object_label


def test_a_token_made_for_another_purpose_is_refused(coordinator):
    invitation = _invite(coordinator)
    other = signing.dumps({"i": invitation.pk}, salt="plein.referrals.acknowledge")
    with pytest.raises(signing.BadSignature):
        services.invitation_token_read(token=other)


def test_the_link_expires(coordinator, client):
    _invite(coordinator)
    path = _path(_link(mail.outbox[0]))
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(
        days=services.INVITATION_LINK_DAYS, hours=1
    )
    with time_machine.travel(later):
        response = client.get(path)
    assert response.status_code == 410
    assert str(services.INVITATION_USED) not in response.content.decode()
    assert "verlopen" in response.content.decode()


def test_an_altered_link_is_refused(coordinator, client):
    _invite(coordinator)
    path = _path(_link(mail.outbox[0]))
    response = client.get(path[:-3] + "xx/")
    assert response.status_code == 400


def test_a_desk_worker_accepts_and_is_signed_in(coordinator, client):
    _invite(coordinator, first_name="Dirk")
    path = _path(_link(mail.outbox[0]))
    page = client.get(path)
    assert page.status_code == 200 and 'value="Dirk"' in page.content.decode()
    response = client.post(
        path,
        {
            "first_name": "Dirk",
            "last_name": "Baas",
            "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD,
        },
    )
    assert response.status_code == 302 and response.url == reverse("accounts:dashboard")
    user = User.objects.get(username="nieuw@welzijn.test")
    assert (user.role, user.library, user.organization) == (Role.DESK, coordinator.library, None)
    assert user.check_password(GOOD_PASSWORD)
    assert client.get(reverse("accounts:dashboard")).context["user"] == user
    assert AuditEvent.objects.filter(action="accounts.invitation.accepted").count() == 1


def test_a_partner_accepts_and_goes_straight_to_two_factor_set_up(coordinator, partner_org, client):
    _invite(coordinator, role=Role.PARTNER, organization=partner_org)
    path = _path(_link(mail.outbox[0]))
    response = client.post(
        path,
        {
            "first_name": "Pien",
            "last_name": "",
            "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:totp_setup"))
    user = User.objects.get(username="nieuw@welzijn.test")
    assert (user.role, user.organization, user.library) == (Role.PARTNER, partner_org, None)
    # The QR code is shown at once: the password was typed a moment ago.
    setup = client.get(response.url)
    assert setup.status_code == 200
    assert "qr_svg" in setup.context
    assert not totp.has_device(user)


def test_the_link_works_once(coordinator, client):
    _invite(coordinator)
    path = _path(_link(mail.outbox[0]))
    data = {
        "first_name": "A",
        "last_name": "",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    assert client.post(path, data).status_code == 302
    client.logout()
    again = client.post(path, data)
    assert again.status_code == 410
    assert str(services.INVITATION_USED) in again.content.decode()
    assert User.objects.filter(username="nieuw@welzijn.test").count() == 1


def test_accepting_twice_in_the_service_is_refused(coordinator):
    invitation = _invite(coordinator)
    services.invitation_accept(
        invitation=invitation, first_name="A", last_name="", password=GOOD_PASSWORD
    )
    with pytest.raises(ValidationError) as error:
        services.invitation_accept(
            invitation=invitation, first_name="B", last_name="", password=GOOD_PASSWORD
        )
    assert error.value.messages == [str(services.INVITATION_USED)]


@pytest.mark.parametrize(
    ("data", "field", "fragment"),
    [
        ({"first_name": ""}, "first_name", "Vul uw voornaam in."),
        ({"password1": "kort", "password2": "kort"}, "password1", ""),
        ({"password1": "12345678901234", "password2": "12345678901234"}, "password1", ""),
        ({"password2": "iets-anders-dan-het-eerste"}, "password2", "niet gelijk"),
        ({"password1": "", "password2": ""}, "password1", "Vul een wachtwoord in."),
    ],
)
def test_bad_input_is_refused_in_dutch_and_the_name_kept(
    coordinator, client, data, field, fragment
):
    _invite(coordinator)
    path = _path(_link(mail.outbox[0]))
    posted = {
        "first_name": "Noor",
        "last_name": "Jansen",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    response = client.post(path, posted | data)
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert errors and all(fragment in e for e in errors)
    html = response.content.decode()
    if posted.get("first_name") and "first_name" not in data:
        assert 'value="Noor"' in html
    assert 'value="Jansen"' in html
    assert not User.objects.filter(username="nieuw@welzijn.test").exists()


def test_password_rules_are_djangos_validators_in_dutch(coordinator, client):
    _invite(coordinator)
    path = _path(_link(mail.outbox[0]))
    response = client.post(
        path, {"first_name": "A", "last_name": "", "password1": "abc", "password2": "abc"}
    )
    assert response.status_code == 400
    assert "te kort" in " ".join(response.context["form"].errors["password1"])


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"role": Role.COORDINATOR}, "role", services.ROLE_NOT_INVITABLE),
        ({"role": Role.PARTNER}, "organization", services.ORGANIZATION_REQUIRED),
        ({"email": "carla@example.org"}, "email", services.EMAIL_HAS_ACCOUNT),
    ],
)
def test_the_service_refuses_bad_invitations(coordinator, kwargs, field, message):
    with pytest.raises(ValidationError) as error:
        _invite(coordinator, **kwargs)
    assert error.value.message_dict[field] == [str(message)]
    assert mail.outbox == []


def test_partner_staff_only_for_a_partner_of_the_own_library(coordinator):
    other_library_partner = OrganizationFactory(is_partner=True)
    not_partner = OrganizationFactory(library=coordinator.library, is_partner=False)
    for organization in (other_library_partner, not_partner):
        with pytest.raises(ValidationError) as error:
            _invite(coordinator, role=Role.PARTNER, organization=organization)
        assert error.value.message_dict["organization"] == [str(services.ORGANIZATION_NOT_PARTNER)]


def test_only_coordinators_invite():
    desk = UserFactory()
    with pytest.raises(Exception) as error:
        _invite(desk)
    assert error.typename == "PermissionDenied"


def test_a_new_invitation_replaces_the_open_one(coordinator):
    first = _invite(coordinator)
    second = _invite(coordinator)
    first.refresh_from_db()
    assert first.revoked_at is not None and services.invitation_is_open(second)


def test_a_revoked_invitation_no_longer_works(coordinator, client):
    invitation = _invite(coordinator)
    path = _path(_link(mail.outbox[0]))
    client.force_login(coordinator)
    response = client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    client.logout()
    assert client.get(path).status_code == 410


def test_the_desk_invite_page_refuses_bad_input_in_dutch(coordinator, client):
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:invite_desk"), {"email": "geen-adres", "first_name": "Kees"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [
        "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."
    ]
    assert 'value="Kees"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_desk_invite_page_sends(coordinator, client):
    client.force_login(coordinator)
    with django_capture_on_commit():
        response = client.post(reverse("accounts:invite_desk"), {"email": "vrijwilliger@bieb.test"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.library) == (Role.DESK, coordinator.library)
    assert len(mail.outbox) == 1


def test_desk_workers_and_partners_cannot_invite(client):
    for user in (UserFactory(), UserFactory(partner=True)):
        client.force_login(user)
        assert client.get(reverse("accounts:invite_desk")).status_code == 403
        assert client.get(reverse("accounts:people")).status_code == 403

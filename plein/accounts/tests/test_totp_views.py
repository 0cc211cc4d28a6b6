import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from plein.accounts import totp
from plein.accounts.models import TOTPDevice
from plein.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
SETUP = "accounts:totp_setup"
VERIFY = "accounts:totp_verify"


@pytest.fixture
def partner(client):
    user = UserFactory(partner=True)
    client.force_login(user)
    return user


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(
        user=user, secret=totp.secret_generate(), confirmed_at=timezone.now()
    )


@pytest.mark.parametrize("name", [SETUP, VERIFY])
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_setup_page_shows_the_secret_in_groups_and_the_app_link(client, partner):
    response = client.get(reverse(SETUP))
    content = response.content.decode()
    device = TOTPDevice.objects.get(user=partner)
    assert response.status_code == 200
    assert totp.secret_grouped(device.secret) in content
    assert "otpauth://totp/Plein" in content
    assert device.confirmed_at is None
    # Reloading the page keeps the secret the user may already have typed into the app.
    client.get(reverse(SETUP))
    assert TOTPDevice.objects.get(user=partner).secret == device.secret


def test_a_wrong_first_code_is_refused_in_dutch_and_nothing_is_confirmed(client, partner):
    client.get(reverse(SETUP))
    response = client.post(reverse(SETUP), {"code": "000000", "next": "/partner/"})
    assert response.status_code == 400
    content = response.content.decode()
    assert str(totp.CODE_INVALID) in content
    assert 'aria-invalid="true"' in content
    assert 'value="000000"' in content
    assert not totp.has_device(partner)
    assert not totp.session_is_verified(response.wsgi_request)


def test_an_empty_code_is_refused(client, partner):
    response = client.post(reverse(SETUP), {"code": ""})
    assert response.status_code == 400
    assert str(totp.CODE_FORMAT) in response.content.decode()


def test_the_first_correct_code_confirms_the_device_and_verifies_the_session(client, partner):
    client.get(reverse(SETUP))
    secret = TOTPDevice.objects.get(user=partner).secret
    next_url = "/partner/doorverwijzingen/"
    with time_machine.travel(START, tick=False):
        response = client.post(reverse(SETUP), {"code": totp.code_at(secret), "next": next_url})
        assert response.status_code == 302
        assert response["Location"] == next_url
        assert totp.session_is_verified(response.wsgi_request)
    assert totp.has_device(partner)


def test_with_a_device_the_setup_page_sends_to_verify(client, partner):
    confirmed_device(partner)
    response = client.get(reverse(SETUP) + "?next=/x/")
    assert response["Location"] == reverse(VERIFY) + "?next=%2Fx%2F"


def test_without_a_device_the_verify_page_sends_to_setup(client, partner):
    response = client.get(reverse(VERIFY) + "?next=/x/")
    assert response["Location"] == reverse(SETUP) + "?next=%2Fx%2F"


def test_verify_accepts_a_correct_code_once(client, partner):
    device = confirmed_device(partner)
    with time_machine.travel(START, tick=False):
        code = totp.code_at(device.secret)
        response = client.post(reverse(VERIFY), {"code": code, "next": "/partner/"})
        assert response["Location"] == "/partner/"
        client.session.flush()
        client.force_login(partner)
        again = client.post(reverse(VERIFY), {"code": code})
    assert again.status_code == 400
    assert str(totp.CODE_USED) in again.content.decode()


def test_verify_ignores_a_next_address_on_another_site(client, partner):
    device = confirmed_device(partner)
    with time_machine.travel(START, tick=False):
        response = client.post(
            reverse(VERIFY),
            {"code": totp.code_at(device.secret), "next": "https://evil.example/"},
        )
    assert response["Location"] == reverse("referrals:partner_inbox")


def test_verify_is_rate_limited(client, partner):
    device = confirmed_device(partner)
    with time_machine.travel(START, tick=False):
        for _attempt in range(totp.MAX_ATTEMPTS):
            client.post(reverse(VERIFY), {"code": "000000"})
        response = client.post(reverse(VERIFY), {"code": totp.code_at(device.secret)})
    assert response.status_code == 400
    assert str(totp.TOO_MANY_ATTEMPTS) in response.content.decode()


def test_the_session_id_changes_when_the_second_step_passes(client, partner):
    device = confirmed_device(partner)
    before = client.session.session_key
    with time_machine.travel(START, tick=False):
        client.post(reverse(VERIFY), {"code": totp.code_at(device.secret)})
    assert client.session.session_key != before


def test_the_code_command_refuses_outside_development(monkeypatch, settings):
    monkeypatch.delenv("PLEIN_DEV", raising=False)
    settings.DEBUG = False
    UserFactory(username="demo-partner", partner=True)
    with pytest.raises(CommandError, match="Only for development"):
        call_command("totp_code", "demo-partner")


def test_the_code_command_prints_the_current_code_in_development(monkeypatch, capsys):
    monkeypatch.setenv("PLEIN_DEV", "1")
    user = UserFactory(username="demo-partner", partner=True)
    device = confirmed_device(user)
    with time_machine.travel(START, tick=False):
        call_command("totp_code", "demo-partner")
        assert capsys.readouterr().out.strip() == totp.code_at(device.secret)


def test_the_code_command_refuses_an_unknown_user(monkeypatch):
    monkeypatch.setenv("PLEIN_DEV", "1")
    with pytest.raises(CommandError):
        call_command("totp_code", "nobody")

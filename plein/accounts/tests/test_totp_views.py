import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken

from plein.accounts import totp
from plein.accounts.models import TOTPDevice
from plein.accounts.tests.factories import PASSWORD, UserFactory
from plein.core.models import AuditEvent

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
SETUP = "accounts:totp_setup"
VERIFY = "accounts:totp_verify"


@pytest.fixture
def partner(client):
    user = UserFactory(partner=True)
    client.force_login(user)
    return user


def start(client) -> TOTPDevice:
    """Step 1 of the set-up: the password again; the device with this session's secret."""
    response = client.post(reverse(SETUP), {"password": PASSWORD})
    assert response.status_code == 302
    return TOTPDevice.objects.get(confirmed_at__isnull=True)


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(
        user=user, secret=totp.secret_generate(), confirmed_at=timezone.now()
    )


@pytest.mark.parametrize("name", [SETUP, VERIFY])
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_setup_page_asks_the_password_before_it_shows_a_secret(client, partner):
    response = client.get(reverse(SETUP))
    assert response.status_code == 200
    assert 'type="password"' in response.content.decode()
    assert not TOTPDevice.objects.exists()
    wrong = client.post(reverse(SETUP), {"password": "niet-mijn-wachtwoord"})
    assert wrong.status_code == 400
    assert str(totp.PASSWORD_WRONG) in wrong.content.decode()
    assert not TOTPDevice.objects.exists()


def test_the_setup_page_shows_the_secret_in_groups_the_qr_code_and_the_app_link(client, partner):
    device = start(client)
    response = client.get(reverse(SETUP))
    content = response.content.decode()
    assert response.status_code == 200
    assert totp.secret_grouped(device.secret) in content
    assert "otpauth://totp/Plein" in content
    svg = content[content.index("<svg") : content.index("</svg>")]
    assert "<path" in svg and "script" not in svg and "href" not in svg
    assert device.confirmed_at is None
    # Reloading the page keeps the secret the user may already have typed into the app.
    client.get(reverse(SETUP))
    assert TOTPDevice.objects.get(user=partner).secret == device.secret


def test_a_captured_set_up_secret_never_passes(client, partner):
    """An attacker with only the password opens the set-up in session A and sees a secret;
    later the real user sets up in session B. A's secret is of no use then."""
    attacker = Client()
    attacker.force_login(partner)
    attacker.post(reverse(SETUP), {"password": PASSWORD})
    captured = TOTPDevice.objects.get(user=partner).secret
    # Session B: the secret it gets is a fresh one, and A's page no longer offers a secret.
    device = start(client)
    assert device.secret != captured
    assert 'type="password"' in attacker.get(reverse(SETUP)).content.decode()
    with time_machine.travel(START, tick=False):
        late = attacker.post(reverse(SETUP), {"code": totp.code_at(captured)})
        assert "_auth_user_id" in attacker.session and not totp.has_device(partner)
        assert 'type="password"' in late.content.decode()  # back to step 1, nothing confirmed
        client.post(reverse(SETUP), {"code": totp.code_at(device.secret)})
    assert totp.has_device(partner)
    with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
        attempt = attacker.post(reverse(VERIFY), {"code": totp.code_at(captured)})
    assert attempt.status_code == 400
    assert not totp.session_is_verified(attempt.wsgi_request)


def test_the_user_gets_an_e_mail_when_two_factor_is_set_up(
    client, partner, django_capture_on_commit_callbacks
):
    device = start(client)
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(SETUP), {"code": totp.code_at(device.secret)})
    assert [message.to for message in mail.outbox] == [[partner.email]]
    assert "Was u dit niet?" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="accounts.totp.confirmed").count() == 1


def test_a_wrong_first_code_is_refused_in_dutch_and_nothing_is_confirmed(client, partner):
    start(client)
    response = client.post(reverse(SETUP), {"code": "000000", "next": "/partner/"})
    assert response.status_code == 400
    content = response.content.decode()
    assert str(totp.CODE_INVALID) in content
    assert 'aria-invalid="true"' in content
    assert 'value="000000"' in content
    assert not totp.has_device(partner)
    assert not totp.session_is_verified(response.wsgi_request)


def test_an_empty_code_is_refused(client, partner):
    start(client)
    response = client.post(reverse(SETUP), {"code": ""})
    assert response.status_code == 400
    assert str(totp.CODE_FORMAT) in response.content.decode()


def test_the_first_correct_code_confirms_the_device_and_verifies_the_session(client, partner):
    secret = start(client).secret
    next_url = "/partner/doorverwijzingen/"
    with time_machine.travel(START, tick=False):
        response = client.post(reverse(SETUP), {"code": totp.code_at(secret), "next": next_url})
        # The backup codes, shown this once, with the way on.
        assert response.status_code == 200
        page = response.content.decode()
        assert f'href="{next_url}"' in page
        assert totp.session_is_verified(response.wsgi_request)
    assert totp.has_device(partner)
    shown = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)
    stored = set(StaticToken.objects.filter(device__user=partner).values_list("token", flat=True))
    assert len(shown) == totp.BACKUP_CODE_COUNT
    # Stored as keyed hashes only: the page's codes are not in the database as they are.
    assert {totp.backup_code_hash(code) for code in shown} == stored
    assert not stored & set(shown)


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


def test_a_backup_code_passes_the_verify_page_once(client, partner):
    confirmed_device(partner)
    code = totp.backup_codes_make(user=partner)[0]
    response = client.post(reverse(VERIFY), {"code": code.upper(), "next": "/x/"})
    assert response.status_code == 302 and response["Location"] == "/x/"
    again = Client()
    again.force_login(partner)
    response = again.post(reverse(VERIFY), {"code": code})
    assert response.status_code == 400
    assert not totp.session_is_verified(response.wsgi_request)
    assert AuditEvent.objects.filter(action="accounts.totp.backup_code_used").count() == 1


def test_new_backup_codes_replace_the_old_ones(partner):
    first = totp.backup_codes_make(user=partner)
    second = totp.backup_codes_make(user=partner)
    assert not set(first) & set(second)
    assert StaticToken.objects.filter(device__user=partner).count() == totp.BACKUP_CODE_COUNT


def test_turning_two_factor_off_needs_password_and_code_and_sends_a_mail(
    client, partner, django_capture_on_commit_callbacks
):
    device = confirmed_device(partner)
    url = reverse("accounts:totp_remove")
    with time_machine.travel(START, tick=False):
        wrong = client.post(url, {"password": "fout", "code": totp.code_at(device.secret)})
        assert wrong.status_code == 400 and totp.has_device(partner)
        bad_code = client.post(url, {"password": PASSWORD, "code": "000000"})
        assert bad_code.status_code == 400 and totp.has_device(partner)
        with django_capture_on_commit_callbacks(execute=True):
            done = client.post(url, {"password": PASSWORD, "code": totp.code_at(device.secret)})
    assert done.status_code == 302
    assert not totp.has_device(partner)
    assert [m.subject for m in mail.outbox] == [str(totp.REMOVED_SUBJECT)]
    assert AuditEvent.objects.filter(action="accounts.totp.removed").count() == 1


def test_a_coordinator_resets_two_factor_for_a_user_of_the_library_only(client):
    partner_user = UserFactory(partner=True)
    confirmed_device(partner_user)
    desk = UserFactory()
    confirmed_device(desk)
    coordinator = UserFactory(coordinator=True, library=desk.library)
    client.force_login(coordinator)
    url = reverse("accounts:two_factor_reset")
    page = client.get(reverse("accounts:lockouts")).content.decode()
    assert desk.get_username() in page
    assert client.post(url, {"user": desk.pk}).status_code == 302
    assert not totp.has_device(desk)
    # A user not in the coordinator's care (another library's partner) is not found.
    assert client.post(url, {"user": partner_user.pk}).status_code == 404
    assert totp.has_device(partner_user)
    # A desk worker resets nobody.
    client.force_login(desk)
    confirmed_device(desk)
    assert client.post(url, {"user": desk.pk}).status_code == 403


def test_new_backup_codes_need_password_and_code_and_replace_the_old(client, partner):
    device = confirmed_device(partner)
    old = totp.backup_codes_make(user=partner)
    url = reverse("accounts:totp_backup_codes")
    assert client.post(url, {"password": "fout", "code": old[0]}).status_code == 400
    response = client.post(url, {"password": PASSWORD, "code": old[1]})
    assert response.status_code == 200
    shown = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(shown) == totp.BACKUP_CODE_COUNT and not set(shown) & set(old)
    assert totp.backup_codes_left(partner) == totp.BACKUP_CODE_COUNT
    assert device.pk and totp.has_device(partner)


def test_the_dashboard_says_whether_two_factor_is_on(client, partner):
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Niet ingesteld" in page
    confirmed_device(partner)
    totp.backup_codes_make(user=partner)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "nog 10 reservecodes" in page

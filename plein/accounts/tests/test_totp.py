import base64
import datetime

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import timezone

from plein.accounts import audit_actions, totp
from plein.accounts.models import TOTPDevice
from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent

# RFC 6238, appendix B: the SHA-1 test secret and its 8-digit codes; we use the last 6 digits.
RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()
START = datetime.datetime(2026, 3, 2, 9, 0, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("unix_time", "code"),
    [(59, "287082"), (1111111109, "081804"), (1234567890, "005924"), (2000000000, "279037")],
)
def test_codes_match_the_rfc_6238_test_vectors(unix_time, code):
    moment = datetime.datetime.fromtimestamp(unix_time, tz=datetime.UTC)
    assert totp.code_at(RFC_SECRET, moment) == code


def test_a_new_secret_is_160_random_bits_in_base32():
    first, second = totp.secret_generate(), totp.secret_generate()
    assert len(base64.b32decode(first)) == 20
    assert first != second


def test_the_secret_is_shown_in_groups_of_four():
    assert totp.secret_grouped("ABCDEFGHIJ") == "ABCD EFGH IJ"


def test_the_provisioning_uri_names_plein_and_the_account():
    uri = totp.provisioning_uri(secret="ABCD", account="partner 1")
    assert uri.startswith("otpauth://totp/Plein%3Apartner%201?")
    assert "secret=ABCD" in uri and "issuer=Plein" in uri and "period=30" in uri


@pytest.fixture
def device(db):
    user = UserFactory(partner=True)
    return TOTPDevice.objects.create(
        user=user, secret=RFC_SECRET, confirmed_at=timezone.now() - datetime.timedelta(days=1)
    )


@time_machine.travel(START, tick=False)
def test_a_correct_code_confirms_the_device_and_is_accepted(device):
    device.confirmed_at = None
    device.save()
    code = totp.code_at(RFC_SECRET)
    assert totp.code_check(user=device.user, code=code) == str(totp.NOT_SET_UP)  # not yet
    assert totp.code_check(user=device.user, code=code, enrolling=device) is None
    device.refresh_from_db()
    assert device.confirmed_at == START
    assert device.last_used_step == totp.current_step()
    assert totp.has_device(device.user)


@time_machine.travel(START, tick=False)
def test_spaces_in_the_code_are_ignored(device):
    code = totp.code_at(RFC_SECRET)
    assert totp.code_check(user=device.user, code=f" {code[:3]} {code[3:]} ") is None


@pytest.mark.parametrize("offset", [-30, 30])
@time_machine.travel(START, tick=False)
def test_the_previous_and_next_step_are_accepted_for_clock_drift(device, offset):
    code = totp.code_at(RFC_SECRET, START + datetime.timedelta(seconds=offset))
    assert totp.code_check(user=device.user, code=code) is None


@pytest.mark.parametrize("offset", [-60, 60])
@time_machine.travel(START, tick=False)
def test_codes_two_steps_away_are_refused(device, offset):
    code = totp.code_at(RFC_SECRET, START + datetime.timedelta(seconds=offset))
    assert totp.code_check(user=device.user, code=code) == str(totp.CODE_INVALID)
    device.refresh_from_db()
    assert device.last_used_step == 0


def test_the_same_code_is_never_accepted_twice(device):
    with time_machine.travel(START, tick=False):
        code = totp.code_at(RFC_SECRET)
        assert totp.code_check(user=device.user, code=code) is None
        assert totp.code_check(user=device.user, code=code) == str(totp.CODE_USED)
    # Nor an older step that is still inside the drift window.
    with time_machine.travel(START + datetime.timedelta(seconds=30), tick=False):
        assert totp.code_check(user=device.user, code=code) == str(totp.CODE_USED)
        assert totp.code_check(user=device.user, code=totp.code_at(RFC_SECRET)) is None


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef"])
def test_codes_that_are_not_six_digits_are_refused(device, code):
    assert totp.code_check(user=device.user, code=code) == str(totp.CODE_FORMAT)


def test_without_a_device_the_user_is_told_to_set_one_up(db):
    user = UserFactory(partner=True)
    assert totp.code_check(user=user, code="123456") == str(totp.NOT_SET_UP)
    assert not totp.has_device(user)


def test_after_five_wrong_codes_even_the_right_code_waits_five_minutes(device):
    with time_machine.travel(START, tick=False):
        for _attempt in range(totp.MAX_ATTEMPTS):
            assert totp.code_check(user=device.user, code="000000") is not None
        right = totp.code_at(RFC_SECRET)
        assert totp.code_check(user=device.user, code=right) == str(totp.TOO_MANY_ATTEMPTS)
    assert AuditEvent.objects.filter(action=audit_actions.TOTP_FAILED).count() == totp.MAX_ATTEMPTS
    with time_machine.travel(START + datetime.timedelta(minutes=5, seconds=1), tick=False):
        assert totp.code_check(user=device.user, code=totp.code_at(RFC_SECRET)) is None


def test_wrong_codes_of_one_user_do_not_block_another(device):
    other = TOTPDevice.objects.create(
        user=UserFactory(partner=True), secret=RFC_SECRET, confirmed_at=timezone.now()
    )
    with time_machine.travel(START, tick=False):
        for _attempt in range(totp.MAX_ATTEMPTS):
            totp.code_check(user=device.user, code="000000")
        assert totp.code_check(user=other.user, code=totp.code_at(RFC_SECRET)) is None


def test_every_start_makes_a_fresh_secret_and_never_replaces_a_confirmed_one(device, rf):
    from django.contrib.sessions.backends.db import SessionStore

    device.confirmed_at = None
    device.save()
    request = rf.post("/")
    request.user, request.session = device.user, SessionStore()
    device.user.set_password("geheim-wachtwoord-1")
    device.user.save()
    assert totp.enrolment_start(request=request, password="geheim-wachtwoord-1") is None
    first = totp.enrolment_device(request)
    assert first is not None and first.secret != RFC_SECRET
    assert totp.enrolment_start(request=request, password="geheim-wachtwoord-1") is None
    assert totp.enrolment_device(request).secret != first.secret
    device.refresh_from_db()
    device.confirmed_at = timezone.now()
    device.save()
    before = device.secret
    problem = totp.enrolment_start(request=request, password="geheim-wachtwoord-1")
    assert problem == str(totp.ALREADY_SET_UP)
    device.refresh_from_db()
    assert device.confirmed_at is not None and device.secret == before


def test_the_secret_is_stored_encrypted(device):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_totpdevice WHERE id = %s", [device.pk])
        raw = cursor.fetchone()[0]
    assert RFC_SECRET not in raw


def _request():
    request = RequestFactory().get("/")
    request.session = SessionStore()
    return request


@pytest.mark.django_db
def test_a_verified_session_lasts_the_configured_hours(settings):
    settings.PLEIN_TOTP_SESSION_HOURS = 8
    request = _request()
    with time_machine.travel(START, tick=False):
        assert not totp.session_is_verified(request)
        totp.session_mark_verified(request)
        assert totp.session_is_verified(request)
    with time_machine.travel(START + datetime.timedelta(hours=7, minutes=59), tick=False):
        assert totp.session_is_verified(request)
    with time_machine.travel(START + datetime.timedelta(hours=8), tick=False):
        assert not totp.session_is_verified(request)


@pytest.mark.django_db
def test_a_session_flag_that_is_not_a_timestamp_does_not_count():
    request = _request()
    request.session[totp.SESSION_KEY] = "yes"
    assert not totp.session_is_verified(request)

"""The guard of public forms: the keyed client hash, limits per kind, the honeypot, the clean-up."""

import datetime
import hashlib

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import RequestFactory, override_settings
from django.utils import timezone

from plein.core import guard
from plein.core.models import PublicFormAttempt, PublicFormClient
from plein.core.periodic import periodic_registry
from plein.core.tasks import public_form_attempts_prune

pytestmark = pytest.mark.django_db

IP = "192.0.2.44"
LIMITS = {"one": 2, "other": 1}


def _submit(kind: str, client: str) -> None:
    with transaction.atomic():
        guard.attempt_check(kind=kind, client=client)
        guard.attempt_record(kind=kind, client=client, accepted=True)


def test_the_client_is_a_keyed_hash_of_its_address_never_the_address():
    request = RequestFactory().get("/", REMOTE_ADDR=IP)
    value = guard.client_fingerprint(request)
    assert value == guard.fingerprint(ip=IP) and len(value) == 64
    assert IP not in value
    assert value != hashlib.sha256(IP.encode()).hexdigest()
    assert value != guard.fingerprint(ip="192.0.2.45")
    with override_settings(SECRET_KEY="another-secret-key-" * 3):
        assert guard.fingerprint(ip=IP) != value


def test_the_default_limits_are_settings_per_kind(settings):
    assert settings.PLEIN_PUBLIC_FORM_LIMITS == {
        "callback": 3,
        "activity_signup": 5,
        "appointment_booking": 3,
    }


@override_settings(PLEIN_PUBLIC_FORM_LIMITS=LIMITS)
def test_a_client_is_refused_past_its_limit_for_an_hour():
    client = guard.fingerprint(ip=IP)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _submit("one", client)
        _submit("one", client)
        with pytest.raises(ValidationError) as refused:
            _submit("one", client)
        assert refused.value.messages == [str(guard.RATE_LIMITED)]
        assert refused.value.code == "rate_limited"
        _submit("one", guard.fingerprint(ip="198.51.100.7"))  # another client
        clock.shift(datetime.timedelta(minutes=61))
        _submit("one", client)
    assert PublicFormAttempt.objects.filter(kind="one", client_hash=client).count() == 3


@override_settings(PLEIN_PUBLIC_FORM_LIMITS=LIMITS)
def test_the_counters_of_one_kind_do_not_touch_another():
    client = guard.fingerprint(ip=IP)
    _submit("other", client)
    with pytest.raises(ValidationError):
        _submit("other", client)
    _submit("one", client)
    _submit("one", client)
    with pytest.raises(ValidationError):
        _submit("one", client)
    assert PublicFormClient.objects.filter(client_hash=client).count() == 2


@override_settings(PLEIN_PUBLIC_FORM_LIMITS=LIMITS)
def test_a_caller_gives_its_own_message():
    client = guard.fingerprint(ip=IP)
    _submit("other", client)
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        guard.attempt_check(kind="other", client=client, message="Eigen bericht")
    assert refused.value.messages == ["Eigen bericht"]


@pytest.mark.django_db(transaction=True)
def test_the_check_needs_the_transaction_that_stores_the_submission():
    with pytest.raises(RuntimeError):
        guard.attempt_check(kind="callback", client=guard.fingerprint(ip=IP))


@override_settings(PLEIN_PUBLIC_FORM_LIMITS=LIMITS)
def test_a_caught_bot_is_counted_and_reaches_the_limit_too():
    client = guard.fingerprint(ip=IP)
    guard.honeypot_caught(kind="one", client=client)
    guard.honeypot_caught(kind="one", client=client)
    with pytest.raises(ValidationError):
        guard.honeypot_caught(kind="one", client=client)
    assert list(PublicFormAttempt.objects.values_list("accepted", flat=True)) == [False, False]


class _Form(guard.HoneypotMixin, forms.Form):
    name = forms.CharField()


@pytest.mark.parametrize(("value", "filled"), [("", False), ("  ", False), ("http://x", True)])
def test_the_honeypot_is_filled_only_with_text(value, filled):
    form = _Form({"name": "Kees", guard.HONEYPOT_FIELD: value})
    assert form.honeypot_filled is filled
    assert form.is_valid()  # the field itself never refuses: the view decides


def test_the_honeypot_is_hidden_from_people_and_from_the_keyboard():
    html = str(_Form()[guard.HONEYPOT_FIELD])
    assert 'tabindex="-1"' in html and 'autocomplete="off"' in html
    assert "plein-honeypot__input" in html


def test_the_daily_clean_up_deletes_what_the_limits_no_longer_need():
    old, recent = guard.fingerprint(ip=IP), guard.fingerprint(ip="198.51.100.9")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _submit("callback", old)
        _submit("activity_signup", old)
        clock.shift(datetime.timedelta(days=2))
        _submit("appointment_booking", recent)
        _submit("callback", recent)
        assert PublicFormAttempt.objects.count() == 4  # a submission deletes nothing
        # The two old attempts and their clients' two lock rows.
        assert public_form_attempts_prune.call() == 4
    assert set(PublicFormAttempt.objects.values_list("kind", "client_hash")) == {
        ("appointment_booking", recent),
        ("callback", recent),
    }
    assert PublicFormClient.objects.count() == 2
    assert "core.public_form_attempts_prune" in periodic_registry()


def test_the_clean_up_keeps_the_lock_row_of_a_client_still_counted():
    client = guard.fingerprint(ip=IP)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _submit("callback", client)
        clock.shift(datetime.timedelta(days=2))
        _submit("callback", client)
        assert guard.attempts_prune() == 1  # the old attempt; its lock row is still in use
    assert PublicFormClient.objects.filter(kind="callback", client_hash=client).exists()

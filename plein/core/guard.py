"""The guard of public forms, where a resident without an account leaves contact data ("Bel mij
terug", signing up for an activity, booking an appointment online).

Abuse protection without a third-party CAPTCHA, in one place:

- a honeypot field (`HoneypotMixin`): named like a field bots love to fill, hidden from people.
  A filled one is counted and answered like a success, but nothing is stored;
- a limit per client and kind of form: at most `settings.PLEIN_PUBLIC_FORM_LIMITS[kind]`
  submissions an hour. The client is a keyed hash of its address (`client_fingerprint`), never
  the address itself. Each kind has its own counters, so one form does not use up another's.

A service calls `attempt_check` and `attempt_record` in one transaction: the client's lock row
is held until commit, so parallel submissions cannot pass the limit together.
"""

import datetime
import hashlib
import hmac

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.core.clients import client_ip
from plein.core.models import PublicFormAttempt, PublicFormClient

# Named like a field that bots love to fill; people never see it.
HONEYPOT_FIELD = "website"
WINDOW = datetime.timedelta(hours=1)
# Attempts are only needed for the limits; older rows are deleted by the daily clean-up.
ATTEMPT_KEEP = datetime.timedelta(days=1)
RATE_LIMITED = _(
    "U heeft dit formulier al een paar keer verstuurd. Probeer het over een uur opnieuw, of bel "
    "de bibliotheek."
)


class HoneypotMixin(forms.Form):
    """The honeypot field of a public form; render it with core/honeypot.html."""

    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(
            attrs={"tabindex": "-1", "autocomplete": "off", "class": "plein-honeypot__input"}
        ),
    )

    @property
    def honeypot_filled(self) -> bool:
        return bool(str(self.data.get(HONEYPOT_FIELD, "")).strip())


def client_fingerprint(request: HttpRequest) -> str:
    """The client as the limits count it: a hash keyed with the secret key, so the stored value
    cannot be turned back into an address by trying all four billion IPv4 addresses."""
    return fingerprint(ip=client_ip(request))


def fingerprint(*, ip: str) -> str:
    key = f"plein.core.guard:{settings.SECRET_KEY}".encode()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()


def limit_per_hour(kind: str) -> int:
    """Submissions a client may send of this kind of form in an hour (a setting per kind)."""
    return settings.PLEIN_PUBLIC_FORM_LIMITS[kind]


def _client_lock(*, kind: str, client: str) -> None:
    """Wait for this client's other submissions of this kind to commit (the lock is held until
    this one does). On SQLite every transaction already takes the write lock when it starts."""
    PublicFormClient.objects.get_or_create(kind=kind, client_hash=client)
    PublicFormClient.objects.select_for_update().get(kind=kind, client_hash=client)


def attempt_check(*, kind: str, client: str, message=RATE_LIMITED) -> None:
    """Lock the client's row for this kind; ValidationError(message) when its limit is reached.

    Call it inside the transaction that stores the submission, before storing it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("attempt_check needs the transaction that stores the submission.")
    _client_lock(kind=kind, client=client)
    since = timezone.now() - WINDOW
    recent = PublicFormAttempt.objects.filter(kind=kind, client_hash=client, created_at__gt=since)
    if recent.count() >= limit_per_hour(kind):
        raise ValidationError(message, code="rate_limited")


def attempt_record(*, kind: str, client: str, accepted: bool) -> None:
    """Count a submission (accepted=False: the honeypot caught it and nothing was stored)."""
    PublicFormAttempt.objects.create(kind=kind, client_hash=client, accepted=accepted)


@transaction.atomic
def honeypot_caught(*, kind: str, client: str, message=RATE_LIMITED) -> None:
    """A bot filled the honeypot: counted for the limit (which it may reach), nothing stored."""
    attempt_check(kind=kind, client=client, message=message)
    attempt_record(kind=kind, client=client, accepted=False)


def attempts_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete what the limits no longer need (the daily clean-up); the number deleted."""
    cutoff = (now or timezone.now()) - max(ATTEMPT_KEEP, WINDOW)
    attempts, _counts = PublicFormAttempt.objects.filter(created_at__lt=cutoff).delete()
    recent = PublicFormAttempt.objects.filter(
        kind=OuterRef("kind"), client_hash=OuterRef("client_hash")
    )
    clients, _counts = (
        PublicFormClient.objects.filter(created_at__lt=cutoff).exclude(Exists(recent)).delete()
    )
    return attempts + clients

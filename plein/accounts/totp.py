"""Two-factor authentication with an authenticator app: RFC 6238 time-based one-time passwords.

Our own small implementation (RFC 4226 HOTP over 30-second steps, SHA-1, 6 digits: what every
authenticator app uses), so no extra dependency. A code is accepted for the current step and
one step either side (clock drift), never for a step already used (replay), and at most
MAX_ATTEMPTS wrong codes are allowed per user in ATTEMPT_WINDOW (counted from the audit log).

After a correct code the session holds a timestamp; it counts as verified for
PLEIN_TOTP_SESSION_HOURS, then the user is asked again.
"""

import base64
import datetime
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.accounts import audit_actions as actions
from plein.accounts.models import TOTPDevice, User
from plein.core import audit
from plein.core.models import AuditEvent

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1
MAX_ATTEMPTS = 5
ATTEMPT_WINDOW = datetime.timedelta(minutes=5)
ISSUER = "Plein"
SESSION_KEY = "plein_totp_verified_at"

CODE_INVALID = _("Deze code klopt niet. Kijk in uw authenticator-app en probeer het opnieuw.")
CODE_FORMAT = _("Vul de 6 cijfers uit uw authenticator-app in.")
CODE_USED = _("Deze code is al gebruikt. Wacht op de volgende code in uw app.")
TOO_MANY_ATTEMPTS = _("Te veel pogingen. Wacht vijf minuten en probeer het dan opnieuw.")
NOT_SET_UP = _("Stel eerst tweestapsverificatie in.")


def secret_generate() -> str:
    """160 random bits in base32 (RFC 4226 recommends at least 128; apps expect base32)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def secret_grouped(secret: str) -> str:
    """'ABCD EFGH …': easier to type from the screen into an app."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def hotp(secret: str, counter: int) -> str:
    key = base64.b32decode(secret.replace(" ", "").upper())
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


def current_step(moment: datetime.datetime | None = None) -> int:
    moment = moment or timezone.now()
    return int(moment.timestamp()) // STEP_SECONDS


def code_at(secret: str, moment: datetime.datetime | None = None) -> str:
    return hotp(secret, current_step(moment))


def provisioning_uri(*, secret: str, account: str) -> str:
    """The otpauth:// URI an app reads (from a QR code, or pasted)."""
    label = quote(f"{ISSUER}:{account}")
    query = urlencode({"secret": secret, "issuer": ISSUER, "digits": DIGITS, "period": 30})
    return f"otpauth://totp/{label}?{query}"


def _matching_step(secret: str, code: str) -> int | None:
    now = current_step()
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(hotp(secret, step), code):
            return step
    return None


def _recent_failures(user: User) -> int:
    # Failures are audit entries (stored in the database), so the limit holds across processes.
    return AuditEvent.objects.filter(
        action=actions.TOTP_FAILED,
        object_type=user._meta.label_lower,
        object_id=str(user.pk),
        created_at__gte=timezone.now() - ATTEMPT_WINDOW,
    ).count()


def _record_failure(user: User) -> None:
    audit.log(user, actions.TOTP_FAILED, user=user)


def _clean_code(code: str) -> str:
    return "".join(code.split())


def device_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed secret; replaces an earlier unconfirmed one, never a confirmed one."""
    device = TOTPDevice.objects.filter(user=user).first()
    if device is not None and device.confirmed_at is not None:
        return device
    if device is None:
        return TOTPDevice.objects.create(user=user, secret=secret_generate())
    return device


@transaction.atomic
def code_check(*, user: User, code: str) -> str | None:
    """Check a code against the user's device; None when accepted, else the Dutch reason.

    Accepting a code marks its step as used and, for a new device, confirms it.
    """
    device = TOTPDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        return str(NOT_SET_UP)
    if _recent_failures(user) >= MAX_ATTEMPTS:
        return str(TOO_MANY_ATTEMPTS)
    code = _clean_code(code)
    if not (code.isdigit() and len(code) == DIGITS):
        _record_failure(user)
        return str(CODE_FORMAT)
    step = _matching_step(device.secret, code)
    if step is None:
        _record_failure(user)
        return str(CODE_INVALID)
    if step <= device.last_used_step:
        _record_failure(user)
        return str(CODE_USED)
    device.last_used_step = step
    fields = ["last_used_step"]
    if device.confirmed_at is None:
        device.confirmed_at = timezone.now()
        fields.append("confirmed_at")
        audit.log(user, actions.TOTP_CONFIRMED, user=user)
    device.save(update_fields=fields)
    return None


def has_device(user) -> bool:
    return bool(
        user.is_authenticated
        and TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()
    )


def session_mark_verified(request) -> None:
    request.session[SESSION_KEY] = timezone.now().timestamp()
    # A new session id after raising the privilege, like after logging in.
    request.session.cycle_key()


def session_is_verified(request) -> bool:
    stamp = request.session.get(SESSION_KEY)
    if not isinstance(stamp, int | float):
        return False
    age = timezone.now().timestamp() - stamp
    return 0 <= age < settings.PLEIN_TOTP_SESSION_HOURS * 3600

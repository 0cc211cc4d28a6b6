"""Two-factor authentication with an authenticator app, on django-otp.

The codes are django-otp's RFC 6238 computation (django_otp.oath: 30-second steps, SHA-1, 6
digits, what every authenticator app uses) over the secret of the user's device
(accounts.TOTPDevice, a django-otp device with its secret encrypted at rest). Backup codes for
a lost phone are django-otp's static device: ten single-use codes, shown once at set-up. A code
is accepted for the current step and one step either side (clock drift), never for a step
already used (replay), and at most MAX_ATTEMPTS wrong codes are allowed per user in
ATTEMPT_WINDOW (counted from the audit log, so the limit holds across processes).

After a correct code the session holds a timestamp; it counts as verified for
PLEIN_TOTP_SESSION_HOURS, then the user is asked again.
"""

import base64
import datetime
import hashlib
import hmac
import secrets
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

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
# The fingerprint of the secret this session's set-up shows: only this session can confirm it.
ENROLMENT_KEY = "plein_totp_enrolment"

CODE_INVALID = _("Deze code klopt niet. Kijk in uw authenticator-app en probeer het opnieuw.")
CODE_FORMAT = _("Vul de 6 cijfers uit uw authenticator-app in, of een van uw reservecodes.")
CODE_USED = _("Deze code is al gebruikt. Wacht op de volgende code in uw app.")
TOO_MANY_ATTEMPTS = _("Te veel pogingen. Wacht vijf minuten en probeer het dan opnieuw.")
NOT_SET_UP = _("Stel eerst tweestapsverificatie in.")
PASSWORD_WRONG = _("Dit wachtwoord klopt niet. Vul het wachtwoord in waarmee u inlogt.")
ALREADY_SET_UP = _("Tweestapsverificatie is al ingesteld voor dit account.")
SET_UP_SUBJECT = _("Plein: tweestapsverificatie is ingesteld")
SET_UP_BODY = _(
    "Hallo {name},\n\nVoor uw Plein-account ({username}) is zojuist tweestapsverificatie "
    "ingesteld met een authenticator-app.\n\nWas u dit niet? Neem dan meteen contact op met "
    "de coördinator van uw bibliotheek of de beheerder van Plein: dan kan iemand anders met uw "
    "wachtwoord inloggen. Verander ook uw wachtwoord.\n"
)


REMOVED_SUBJECT = _("Plein: tweestapsverificatie is uitgezet")
REMOVED_BODY = _(
    "Hallo {name},\n\nVoor uw Plein-account ({username}) is tweestapsverificatie zojuist "
    "uitgezet: de authenticator-app en de reservecodes werken niet meer. Bij de volgende keer "
    "dat Plein erom vraagt, stelt u een app opnieuw in.\n\nWas u dit niet, en heeft ook uw "
    "coördinator dit niet gedaan? Neem dan meteen contact op met de coördinator van uw "
    "bibliotheek of de beheerder van Plein, en verander uw wachtwoord.\n"
)
BACKUP_CODE_COUNT = 10


def secret_generate() -> str:
    """160 random bits in base32 (RFC 4226 recommends at least 128; apps expect base32)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def secret_grouped(secret: str) -> str:
    """'ABCD EFGH …': easier to type from the screen into an app."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _oath(secret: str, moment: datetime.datetime | None = None) -> TOTP:
    oath = TOTP(base64.b32decode(secret.replace(" ", "").upper()), step=STEP_SECONDS, digits=DIGITS)
    oath.time = (moment or timezone.now()).timestamp()
    return oath


def current_step(moment: datetime.datetime | None = None) -> int:
    """The 30-second step of now (or moment); the same for every secret."""
    oath = TOTP(b"", step=STEP_SECONDS, digits=DIGITS)
    oath.time = (moment or timezone.now()).timestamp()
    return oath.t()


def code_at(secret: str, moment: datetime.datetime | None = None) -> str:
    """The code an app shows for this secret now (or at moment)."""
    return str(_oath(secret, moment).token()).zfill(DIGITS)


def provisioning_uri(*, secret: str, account: str) -> str:
    """The otpauth:// URI an app reads (from a QR code, or pasted)."""
    label = quote(f"{ISSUER}:{account}")
    query = urlencode({"secret": secret, "issuer": ISSUER, "digits": DIGITS, "period": 30})
    return f"otpauth://totp/{label}?{query}"


def _matching_step(secret: str, code: str) -> int | None:
    """The step (of now and one either side) whose code this is, or None."""
    oath = _oath(secret)
    if oath.verify(int(code), tolerance=DRIFT_STEPS):
        return oath.t()
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


def _fingerprint(secret: str) -> str:
    return hashlib.sha256(f"plein-enrolment:{secret}".encode()).hexdigest()


@transaction.atomic
def enrolment_start(*, request, password: str) -> str | None:
    """Start setting up an app: None when started, else the Dutch reason.

    The password is asked again, so that a session left open is not enough. Every start makes a
    fresh secret, shown to this session only (its fingerprint is kept in the session): a
    secret seen earlier, in this or another session, can no longer be confirmed."""
    user = request.user
    if has_device(user):
        return str(ALREADY_SET_UP)
    if _recent_failures(user) >= MAX_ATTEMPTS:
        return str(TOO_MANY_ATTEMPTS)
    if not user.check_password(password):
        _record_failure(user)
        return str(PASSWORD_WRONG)
    secret = secret_generate()
    TOTPDevice.objects.update_or_create(
        user=user,
        defaults={"secret": secret, "confirmed_at": None, "confirmed": False, "last_used_step": 0},
    )
    request.session[ENROLMENT_KEY] = _fingerprint(secret)
    return None


def enrolment_device(request) -> TOTPDevice | None:
    """The unconfirmed device whose secret this session's set-up shows, if any."""
    fingerprint = request.session.get(ENROLMENT_KEY)
    device = TOTPDevice.objects.filter(user=request.user, confirmed_at__isnull=True).first()
    if device is None or not isinstance(fingerprint, str):
        return None
    return device if hmac.compare_digest(_fingerprint(device.secret), fingerprint) else None


def _mail_send(user: User, subject, body_template) -> None:
    if not user.email:
        return
    name = user.first_name or user.get_username()
    body = str(body_template).format(name=name, username=user.get_username())
    transaction.on_commit(
        lambda: send_mail(str(subject), body, None, [user.email], fail_silently=True)
    )


def device_for_development(*, user: User) -> TOTPDevice:
    """The user's device, made when missing (the development code command only)."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, defaults={"secret": secret_generate(), "confirmed": False}
    )
    return device


@transaction.atomic
def code_check(*, user: User, code: str, enrolling: TOTPDevice | None = None) -> str | None:
    """Check a code; None when accepted, else the Dutch reason.

    Without `enrolling`, against the user's confirmed device. With it (the device of this
    session's set-up), the first correct code confirms it, and the user gets an e-mail.
    Accepting a code marks its step as used.
    """
    devices = TOTPDevice.objects.select_for_update().filter(user=user)
    if enrolling is None:
        devices = devices.filter(confirmed_at__isnull=False)
    else:
        devices = devices.filter(pk=enrolling.pk, confirmed_at__isnull=True)
    device = devices.first()
    if enrolling is not None and device is not None and device.secret != enrolling.secret:
        device = None  # another session started again since: this secret is gone
    if device is None:
        return str(NOT_SET_UP)
    if _recent_failures(user) >= MAX_ATTEMPTS:
        return str(TOO_MANY_ATTEMPTS)
    code = _clean_code(code)
    if enrolling is None and not code.isdigit() and _backup_code_used(user, code):
        return None
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
        device.confirmed_at, device.confirmed = timezone.now(), True
        fields += ["confirmed_at", "confirmed"]
        audit.log(user, actions.TOTP_CONFIRMED, user=user)
        _mail_send(user, SET_UP_SUBJECT, SET_UP_BODY)
    device.save(update_fields=fields)
    return None


def backup_code_hash(code: str) -> str:
    """What is stored of a backup code: a keyed hash (16 hex characters fit django-otp's token
    field), so a database dump holds no usable code."""
    return salted_hmac("plein.accounts.backup-code", code.strip().lower()).hexdigest()[:16]


def _backup_code_used(user: User, code: str) -> bool:
    """A backup code (django-otp's static device) is accepted once, then gone."""
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(backup_code_hash(code)):
            audit.log(user, actions.BACKUP_CODE_USED, user=user)
            return True
    return False


@transaction.atomic
def backup_codes_make(*, user: User) -> list[str]:
    """Ten fresh single-use codes for a lost phone, replacing any earlier ones; shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Reservecodes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=backup_code_hash(code)) for code in codes]
    )
    audit.log(user, actions.BACKUP_CODES_MADE, user=user)
    return codes


@transaction.atomic
def two_factor_remove(*, user: User, by: User) -> None:
    """Remove the app and the backup codes; the user sets up again at the next check.

    By the user (after password and code) or by a coordinator or administrator for a user in
    their care (a lost phone without backup codes). The user gets an e-mail either way."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.log(user, actions.TOTP_REMOVED, user=by)
    _mail_send(user, REMOVED_SUBJECT, REMOVED_BODY)


def identity_check(*, user: User, password: str, code: str) -> str | None:
    """Before two-factor changes (off, new backup codes): the password and a valid code; None
    when both hold."""
    if _recent_failures(user) >= MAX_ATTEMPTS:
        return str(TOO_MANY_ATTEMPTS)
    if not user.check_password(password):
        _record_failure(user)
        return str(PASSWORD_WRONG)
    return code_check(user=user, code=code)


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


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

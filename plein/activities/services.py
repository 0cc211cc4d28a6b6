"""Writes of the activities app: plan activities, sign up, cancel, move up from the waiting
list, take attendance, purge. Seats are counted under a row lock on the occurrence, so two
people taking the last seat at once never both get it."""

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.rrule import WEEKLY, rrule
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.activities import audit_actions as actions
from plein.activities import emails
from plein.activities.consent_texts import CURRENT_VERSION
from plein.activities.models import (
    SCORE_RANGE,
    SEAT_STATUSES,
    Activity,
    ActivitySettings,
    Attendance,
    Evaluation,
    Occurrence,
    SignUp,
    Source,
    Status,
)
from plein.core import audit, guard, pii
from plein.core.models import Library

# The public sign-up's limit per client (plein.core.guard; settings.PLEIN_PUBLIC_FORM_LIMITS).
GUARD_KIND = "activity_signup"
RATE_LIMITED = _(
    "U heeft zich al een paar keer aangemeld. Probeer het over een uur opnieuw, of bel de "
    "bibliotheek."
)
NAME_REQUIRED = _("Vul een naam in. Een zelfgekozen naam mag ook.")
NAME_TOO_LONG = _("Deze naam is te lang (hooguit 100 tekens).")
CONTACT_REQUIRED = _("Vul een telefoonnummer of een e-mailadres in, zodat we u kunnen bereiken.")
PHONE_INVALID = _("Dit is geen telefoonnummer. Gebruik alleen cijfers, spaties, + en -.")
EMAIL_INVALID = _("Dit is geen e-mailadres. Een e-mailadres ziet eruit als naam@voorbeeld.nl.")
CONSENT_REQUIRED = _("Zonder uw toestemming kunnen we u niet aanmelden.")
SIGNUP_CLOSED = _("Voor deze activiteit kunt u zich niet (meer) aanmelden.")
OFFER_GONE = _("Deze plaats is niet meer voor u vrij. Het aanbod is verlopen of afgemeld.")
ENDS_BEFORE_START = _("De eindtijd moet na de begintijd liggen.")
SERIES_IN_PAST = _("De eerste datum ligt in het verleden.")
DATE_IN_PAST = _("Deze datum ligt in het verleden.")
ACTIVITY_WAS_CANCELLED = _("Deze activiteit is geannuleerd; er kan geen datum bij.")
EVALUATION_DONE = _("U hebt deze activiteit al beoordeeld. Bedankt!")
SCORE_MISSING = _("Kies een cijfer van 1 tot en met 5.")
# Ask only about dates that ended at most this long ago (not about old dates after an upgrade).
EVALUATION_WINDOW = timedelta(days=7)
DATE_NOT_CANCELLABLE = _("Deze datum is al geweest of al geannuleerd.")

# Who hears that a date is cancelled: everyone with a seat or a place on the waiting list.
WAITING_OR_SEATED = (*SEAT_STATUSES, Status.WAITING)

PHONE_PATTERN = re.compile(r"^\+?[0-9 ()-]{6,20}$")
MAX_NAME = 100


@dataclass
class ContactInput:
    name: str = ""
    phone: str = ""
    email: str = ""


# Settings ------------------------------------------------------------------------------------


def activity_settings_get(*, library: Library) -> ActivitySettings:
    """The library's settings; the defaults (unsaved) until a coordinator changes them, so a
    resident's page view writes nothing."""
    found = ActivitySettings.objects.for_library(library).first()
    return found or ActivitySettings(library=library)


@transaction.atomic
def activity_settings_update(*, settings_row: ActivitySettings, values: dict, user) -> None:
    changes = audit.fields_apply(settings_row, values)
    settings_row.save()
    audit.log(settings_row, actions.SETTINGS_UPDATED, user=user, changes=changes)


# Planning ------------------------------------------------------------------------------------


def occurrence_times(
    *, first_day: date, starts: time, ends: time, sessions: int
) -> list[tuple[datetime, datetime]]:
    """The start and end of each session: one date, or the same time every week."""
    if ends <= starts:
        raise ValidationError({"ends": [ValidationError(ENDS_BEFORE_START)]})
    if first_day < timezone.localdate():
        raise ValidationError({"first_day": [ValidationError(SERIES_IN_PAST)]})
    days = rrule(WEEKLY, dtstart=datetime.combine(first_day, time()), count=sessions)
    zone = timezone.get_current_timezone()
    return [
        (
            timezone.make_aware(datetime.combine(day.date(), starts), zone),
            timezone.make_aware(datetime.combine(day.date(), ends), zone),
        )
        for day in days
    ]


@transaction.atomic
def activity_create(
    *, library: Library, values: dict, times: list[tuple[datetime, datetime]], user
) -> Activity:
    activity = Activity.objects.create(library=library, created_by=user, **values)
    Occurrence.objects.bulk_create(
        Occurrence(
            library=library,
            activity=activity,
            starts_at=start,
            ends_at=end,
            capacity=activity.capacity,
        )
        for start, end in times
    )
    audit.log(activity, actions.ACTIVITY_CREATED, user=user, changes={"sessions": len(times)})
    return activity


def activity_update(*, activity: Activity, values: dict, user) -> None:
    with transaction.atomic():
        changes = audit.fields_apply(activity, values)
        activity.save()
        coming = activity.occurrences.filter(starts_at__gt=timezone.now(), cancelled_at=None)
        coming.update(capacity=activity.capacity)
        audit.log(activity, actions.ACTIVITY_UPDATED, user=user, changes=changes)
    # More seats: people on the waiting list move up.
    for occurrence in coming:
        _free_seats_fill(occurrence_id=occurrence.pk)


def activity_cancel(*, activity: Activity, user) -> int:
    """Cancel the activity's coming dates; tell whoever signed up and has e-mail."""
    now = timezone.now()
    with transaction.atomic():
        activity.cancelled_at = now
        activity.save(update_fields=["cancelled_at"])
        coming = activity.occurrences.filter(starts_at__gt=now, cancelled_at=None)
        signups = _signups_to_tell(coming)
        cancelled = coming.update(cancelled_at=now)
        audit.log(activity, actions.ACTIVITY_CANCELLED, user=user, changes={"dates": cancelled})
    _cancellation_mails_send(signups)
    return cancelled


@transaction.atomic
def occurrence_add(
    *, activity: Activity, starts_at: datetime, ends_at: datetime, user
) -> Occurrence:
    """One more date for an activity (an extra session, or a date moved: cancel the old one)."""
    if activity.cancelled_at is not None:
        raise ValidationError(ACTIVITY_WAS_CANCELLED)
    if ends_at <= starts_at:
        raise ValidationError({"ends": [ValidationError(ENDS_BEFORE_START)]})
    if starts_at < timezone.now():
        raise ValidationError({"day": [ValidationError(DATE_IN_PAST)]})
    occurrence = Occurrence.objects.create(
        library=activity.library,
        activity=activity,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=activity.capacity,
    )
    changes = {"starts_at": [None, starts_at.isoformat()]}
    audit.log(activity, actions.OCCURRENCE_ADDED, user=user, changes=changes)
    return occurrence


def occurrence_cancel(*, occurrence: Occurrence, user) -> int:
    """Cancel one coming date of an activity; tell whoever signed up and has e-mail. Returns
    how many booked or waiting people have no e-mail address: the desk phones them."""
    now = timezone.now()
    with transaction.atomic():
        occurrence = _locked(occurrence.pk)
        if occurrence.cancelled_at is not None or occurrence.starts_at <= now:
            raise ValidationError(DATE_NOT_CANCELLABLE)
        occurrence.cancelled_at = now
        occurrence.save(update_fields=["cancelled_at"])
        signups = _signups_to_tell(Occurrence.objects.filter(pk=occurrence.pk))
        to_phone = (
            SignUp.objects.filter(occurrence=occurrence, status__in=WAITING_OR_SEATED, email="")
            .filter(purged_at=None)
            .count()
        )
        changes = {"starts_at": [occurrence.starts_at.isoformat(), None]}
        audit.log(occurrence.activity, actions.OCCURRENCE_CANCELLED, user=user, changes=changes)
    _cancellation_mails_send(signups)
    return to_phone


def _signups_to_tell(occurrences) -> list[SignUp]:
    return list(
        SignUp.objects.filter(occurrence__in=occurrences, status__in=WAITING_OR_SEATED)
        .select_related("occurrence__activity__branch", "occurrence__activity__room")
        .exclude(email="")
    )


def _cancellation_mails_send(signups: list[SignUp]) -> None:
    for signup in signups:
        emails.signup_mail_send(signup=signup, kind=emails.CANCELLED)


# Sign-up -------------------------------------------------------------------------------------


def contact_hash(*, occurrence: Occurrence, contact: ContactInput) -> str:
    """A keyed hash of the e-mail address (or else the phone number's digits)."""
    key = contact.email.strip().lower() or re.sub(r"\D", "", contact.phone)
    message = f"activities:{occurrence.pk}:{key}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _contact_errors(contact: ContactInput) -> dict:
    errors: dict = {}
    if not contact.name.strip():
        errors["name"] = [ValidationError(NAME_REQUIRED)]
    elif len(contact.name) > MAX_NAME:
        errors["name"] = [ValidationError(NAME_TOO_LONG)]
    if not (contact.phone.strip() or contact.email.strip()):
        errors["phone"] = [ValidationError(CONTACT_REQUIRED)]
    elif contact.phone.strip() and not PHONE_PATTERN.match(contact.phone.strip()):
        errors["phone"] = [ValidationError(PHONE_INVALID)]
    if contact.email.strip():
        try:
            validate_email(contact.email.strip())
        except ValidationError:
            errors["email"] = [ValidationError(EMAIL_INVALID)]
    return errors


def occurrence_is_open(occurrence: Occurrence) -> bool:
    activity = occurrence.activity
    return (
        activity.signup_required
        and activity.cancelled_at is None
        and occurrence.cancelled_at is None
        and occurrence.starts_at > timezone.now()
    )


def signup_validate(*, occurrence: Occurrence, contact: ContactInput, consent_given: bool) -> None:
    errors = _contact_errors(contact)
    if not consent_given:
        errors["consent"] = [ValidationError(CONSENT_REQUIRED)]
    if not occurrence_is_open(occurrence):
        errors["__all__"] = [ValidationError(SIGNUP_CLOSED)]
    if errors:
        raise ValidationError(errors)


def _locked(occurrence_id: int) -> Occurrence:
    """The occurrence, locked until the transaction ends: seats are counted one at a time."""
    return Occurrence.objects.select_for_update().get(pk=occurrence_id)


def _seats_taken(occurrence: Occurrence) -> int:
    return occurrence.signups.filter(status__in=SEAT_STATUSES).count()


def _existing(occurrence: Occurrence, digest: str) -> SignUp | None:
    active = (Status.BOOKED, Status.WAITING, Status.OFFERED)
    return occurrence.signups.filter(contact_hash=digest, status__in=active).first()


def _signup_store(
    *, occurrence: Occurrence, contact: ContactInput, source: str, recorded_by, client: str | None
) -> tuple[SignUp, bool]:
    digest = contact_hash(occurrence=occurrence, contact=contact)
    with transaction.atomic():
        if client is not None:
            guard.attempt_check(kind=GUARD_KIND, client=client, message=RATE_LIMITED)
            guard.attempt_record(kind=GUARD_KIND, client=client, accepted=True)
        locked = _locked(occurrence.pk)
        existing = _existing(locked, digest)
        if existing is not None:
            return existing, False
        waiting = locked.signups.filter(status=Status.WAITING).exists()
        full = waiting or _seats_taken(locked) >= locked.capacity
        signup = SignUp.objects.create(
            library_id=locked.library_id,
            occurrence=locked,
            status=Status.WAITING if full else Status.BOOKED,
            source=source,
            recorded_by=recorded_by,
            consent_version=CURRENT_VERSION,
            consent_given_at=timezone.now(),
            name=contact.name.strip(),
            phone=contact.phone.strip(),
            email=contact.email.strip(),
            contact_hash=digest,
        )
        action = actions.SIGNUP_WAITLISTED if full else actions.SIGNUP_CREATED
        audit.log(signup, action, user=recorded_by, changes={"source": source})
    return signup, True


def signup_create(
    *,
    occurrence: Occurrence,
    contact: ContactInput,
    consent_given: bool,
    source: str = Source.ONLINE,
    recorded_by=None,
    client: str | None = None,
) -> tuple[SignUp, bool]:
    """Sign up for a seat, or for the waiting list when it is full; (sign-up, created).

    The same person sending the form again (a double click, a reload) gets the first sign-up.
    `client` (the public form's fingerprint, plein.core.guard) counts it for that client's
    limit; ValidationError when the limit is reached.
    """
    signup_validate(occurrence=occurrence, contact=contact, consent_given=consent_given)
    try:
        signup, created = _signup_store(
            occurrence=occurrence,
            contact=contact,
            source=source,
            recorded_by=recorded_by,
            client=client,
        )
    except IntegrityError:
        # The same form at the same moment: the constraint let only one through.
        existing = _existing(occurrence, contact_hash(occurrence=occurrence, contact=contact))
        if existing is None:
            raise
        return existing, False
    if created:
        kind = emails.CONFIRMED if signup.status == Status.BOOKED else emails.WAITLISTED
        emails.signup_mail_send(signup=signup, kind=kind)
    return signup, created


# Cancel and the waiting list -----------------------------------------------------------------


def _offer_next(*, occurrence: Occurrence, now: datetime) -> SignUp | None:
    """Offer the freed seat to the first person waiting (under the occurrence's lock)."""
    nxt = occurrence.signups.filter(status=Status.WAITING).order_by("created_at", "id").first()
    if nxt is None:
        return None
    hours = activity_settings_get(library=occurrence.library).offer_hours
    nxt.status = Status.OFFERED
    nxt.offer_expires_at = min(now + timedelta(hours=hours), occurrence.starts_at)
    nxt.save(update_fields=["status", "offer_expires_at"])
    audit.log(nxt, actions.SIGNUP_OFFERED, actor_label="system")
    return nxt


def _free_seats_fill(*, occurrence_id: int) -> list[SignUp]:
    """Offer every free seat to the waiting list, in order; e-mail those who have e-mail."""
    now = timezone.now()
    offered = []
    with transaction.atomic():
        occurrence = _locked(occurrence_id)
        if occurrence.cancelled_at is None and occurrence.starts_at > now:
            while _seats_taken(occurrence) < occurrence.capacity:
                nxt = _offer_next(occurrence=occurrence, now=now)
                if nxt is None:
                    break
                offered.append(nxt)
    for signup in offered:
        emails.signup_mail_send(signup=signup, kind=emails.OFFERED)
    return offered


def signup_cancel(*, signup: SignUp, user=None, actor_label: str = "") -> bool:
    """Cancel a sign-up (by the resident's link or the desk); a freed seat moves up."""
    with transaction.atomic():
        _locked(signup.occurrence_id)
        signup.refresh_from_db(fields=["status"])
        if signup.status in (Status.CANCELLED, Status.EXPIRED):
            return False
        signup.status = Status.CANCELLED
        signup.save(update_fields=["status"])
        audit.log(signup, actions.SIGNUP_CANCELLED, user=user, actor_label=actor_label)
    _free_seats_fill(occurrence_id=signup.occurrence_id)
    return True


def signup_offer_accept(*, signup: SignUp, user=None, actor_label: str = "") -> None:
    """The person offered a seat takes it (by the e-mail link, or the desk after a call)."""
    with transaction.atomic():
        _locked(signup.occurrence_id)
        signup.refresh_from_db(fields=["status", "offer_expires_at"])
        now = timezone.now()
        if signup.status != Status.OFFERED or (signup.offer_expires_at or now) <= now:
            raise ValidationError(OFFER_GONE)
        signup.status = Status.BOOKED
        signup.save(update_fields=["status"])
        audit.log(signup, actions.SIGNUP_OFFER_ACCEPTED, user=user, actor_label=actor_label)
    emails.signup_mail_send(signup=signup, kind=emails.CONFIRMED)


def offers_expire(*, now: datetime | None = None) -> int:
    """Offers not taken in time lapse; the seat goes to the next person waiting."""
    now = now or timezone.now()
    expired = 0
    due = SignUp.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
    for signup in due.only("pk", "occurrence_id"):
        with transaction.atomic():
            _locked(signup.occurrence_id)
            count = SignUp.objects.filter(pk=signup.pk, status=Status.OFFERED).update(
                status=Status.EXPIRED
            )
            if count:
                audit.log(signup, actions.SIGNUP_OFFER_EXPIRED, actor_label="system")
        expired += count
        _free_seats_fill(occurrence_id=signup.occurrence_id)
    return expired


# At the door ---------------------------------------------------------------------------------


@transaction.atomic
def attendance_mark(*, signup: SignUp, attendance: str, user) -> None:
    if attendance not in (Attendance.PRESENT, Attendance.ABSENT):
        raise ValidationError(_("Kies aanwezig of niet gekomen."))
    signup.attendance = attendance
    signup.save(update_fields=["attendance"])
    audit.log(signup, actions.ATTENDANCE_MARKED, user=user, changes={"attendance": attendance})


def occurrence_contact_view(*, occurrence: Occurrence, user) -> None:
    """The desk opened a list with names and contact data: that is recorded."""
    audit.log(occurrence, actions.CONTACT_VIEWED, user=user)


def calls_list_view(*, library: Library, user) -> None:
    """The desk opened "bel deze persoon" with phone numbers: that is recorded."""
    audit.log(activity_settings_get(library=library), actions.CALLS_VIEWED, user=user)


# Periodic ------------------------------------------------------------------------------------


def reminders_send(*, now: datetime | None = None) -> int:
    """E-mail everyone with a seat tomorrow (once)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    due = (
        SignUp.objects.filter(
            status=Status.BOOKED,
            reminded_at=None,
            purged_at=None,
            occurrence__starts_at__date=tomorrow,
            occurrence__cancelled_at=None,
        )
        .exclude(email="")
        .select_related("occurrence__activity__branch", "occurrence__activity__room")
    )
    sent = 0
    for signup in due:
        if emails.signup_mail_send(signup=signup, kind=emails.REMINDER):
            SignUp.objects.filter(pk=signup.pk).update(reminded_at=now)
            sent += 1
    return sent


def signups_purge(*, now: datetime | None = None) -> int:
    """Empty the contact data of sign-ups whose activity ended longer ago than the library's
    retention; status and attendance stay, so only counts remain."""
    now = now or timezone.now()
    purged = 0
    for library in Library.objects.all():
        retention = activity_settings_get(library=library).retention_days
        ended = Occurrence.objects.for_library(library).filter(
            ends_at__lt=now - timedelta(days=retention),
            signups__purged_at=None,
        )
        for occurrence in ended.distinct():
            purged += _occurrence_purge(occurrence=occurrence, now=now)
    return purged


@transaction.atomic
def _occurrence_purge(*, occurrence: Occurrence, now: datetime) -> int:
    count = occurrence.signups.filter(purged_at=None).update(
        name="", phone="", email="", contact_hash="", purged_at=now
    )
    audit.log(occurrence, actions.SIGNUPS_PURGED, actor_label="system", changes={"count": count})
    return count


def evaluations_send(*, now: datetime | None = None) -> int:
    """E-mail the evaluation question once to everyone with an e-mail address who had a seat
    at a date that ended (absent ones left out)."""
    now = now or timezone.now()
    due = (
        SignUp.objects.filter(
            status=Status.BOOKED,
            evaluation_sent_at=None,
            purged_at=None,
            occurrence__ends_at__lt=now,
            occurrence__ends_at__gte=now - EVALUATION_WINDOW,
            occurrence__cancelled_at=None,
        )
        .exclude(email="")
        .exclude(attendance=Attendance.ABSENT)
        .select_related("occurrence__activity__branch", "occurrence__activity__room")
    )
    sent = 0
    for signup in due:
        # Marked first: a crash after sending never sends twice.
        marked = SignUp.objects.filter(pk=signup.pk, evaluation_sent_at=None).update(
            evaluation_sent_at=now
        )
        if marked and emails.signup_mail_send(signup=signup, kind=emails.EVALUATION):
            sent += 1
    return sent


@transaction.atomic
def evaluation_save(
    *, signup: SignUp, score: int | None, comment: str = "", names_confirmed: bool = False
) -> Evaluation:
    """Store an answer without any link to the sign-up, and mark the sign-up as answered."""
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    if signup.evaluated:
        raise ValidationError(EVALUATION_DONE, code="evaluated")
    if score is None or not SCORE_RANGE[0] <= score <= SCORE_RANGE[1]:
        raise ValidationError({"score": SCORE_MISSING})
    comment = pii.comment_checked(comment, names_confirmed=names_confirmed)
    evaluation = Evaluation.objects.create(
        library_id=signup.library_id,
        occurrence_id=signup.occurrence_id,
        score=score,
        comment=comment,
    )
    SignUp.objects.filter(pk=signup.pk).update(evaluated=True)
    # On the date, never on the sign-up: the audit log must not link the answer to a person.
    audit.log(signup.occurrence, actions.EVALUATION_RECEIVED, actor_label="signed link")
    return evaluation

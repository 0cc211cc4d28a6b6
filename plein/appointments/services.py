"""Writes of appointments: make an hour bookable, book, cancel, reschedule, mark, remind, purge.

The database decides who gets a slot: a conditional unique constraint allows one booking that
holds a slot per hour and start (models.Booking). Two people booking the same slot at once both
try the insert; the one that loses gets SLOT_TAKEN. A form sent twice carries the same
submission key, so its second insert finds the first booking and returns it.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.appointments import audit_actions as actions
from plein.appointments import consent_texts, selectors
from plein.appointments.models import (
    AppointmentSettings,
    BookableHour,
    Booking,
    BookingSource,
    BookingStatus,
)
from plein.core import audit, guard, pii
from plein.core.models import Library
from plein.socialmap.models import Schedule

NAME_REQUIRED = _("Vul een naam in, of een naam die de persoon zelf kiest.")
CONTACT_REQUIRED = _("Vul een telefoonnummer of een e-mailadres in.")
EMAIL_INVALID = _(
    "Dit e-mailadres klopt niet. Controleer het, of laat het leeg en geef een telefoonnummer."
)
PHONE_INVALID = _("Dit telefoonnummer klopt niet. Gebruik alleen cijfers, spaties, + of -.")
FIELD_TOO_LONG = _("Dit veld is te lang.")
QUESTION_TOO_LONG = _("Houd de vraag kort: hoogstens 300 tekens.")
QUESTION_PERSONAL_DATA = _(
    "De vraag lijkt persoonsgegevens te bevatten: %(problems)s. Laat die weg."
)
CONSENT_REQUIRED = _("Zonder toestemming kunnen wij geen afspraak voor u vastleggen.")
SLOT_TAKEN = _(
    "Deze tijd is net door iemand anders geboekt. Kies een andere tijd: de vrije tijden staan "
    "hieronder."
)
SLOT_GONE = _("Deze tijd kan niet (meer) geboekt worden. Kies een van de vrije tijden.")
NOT_ACTIVE = _("Deze afspraak is al afgezegd of voorbij.")
MARK_TOO_EARLY = _("Aanwezigheid kunt u pas invullen als de afspraak begonnen is.")
MARK_CANCELLED = _("Een afgezegde afspraak heeft geen aanwezigheid.")
REFERRAL_CLOSED = _("Deze doorverwijzing is afgesloten of de gegevens zijn gewist.")
REFERRAL_OTHER_ORGANIZATION = _("Kies een tijd van uw eigen spreekuur.")
# Online booking's limit per client (plein.core.guard; settings.PLEIN_PUBLIC_FORM_LIMITS).
GUARD_KIND = "appointment_booking"
RATE_LIMITED = _(
    "U heeft al een paar keer een afspraak gemaakt. Probeer het over een uur opnieuw, of bel de "
    "bibliotheek."
)
CONTACT_MAX_LENGTH = 200
QUESTION_MAX_LENGTH = 300
PHONE_CHARACTERS = set("0123456789 +-()")


@dataclass
class ContactInput:
    name: str = ""
    phone: str = ""
    email: str = ""
    question: str = ""
    # The user saw "Dit lijkt op een naam" for the question and chose to keep it.
    names_confirmed: bool = False


def _question_errors(question: str, *, names_confirmed: bool) -> list[ValidationError]:
    if len(question) > QUESTION_MAX_LENGTH:
        return [ValidationError(QUESTION_TOO_LONG)]
    if problems := pii.personal_data_problems(question):
        return [ValidationError(QUESTION_PERSONAL_DATA, params={"problems": "; ".join(problems)})]
    name_error = pii.likely_name_error(question, confirmed=names_confirmed)
    return [name_error] if name_error is not None else []


def contact_errors(contact: ContactInput) -> dict:
    errors: dict = {}
    if not contact.name.strip():
        errors["name"] = [ValidationError(NAME_REQUIRED)]
    if not (contact.phone.strip() or contact.email.strip()):
        errors["phone"] = [ValidationError(CONTACT_REQUIRED)]
    elif contact.phone.strip() and not set(contact.phone.strip()) <= PHONE_CHARACTERS:
        errors["phone"] = [ValidationError(PHONE_INVALID)]
    email = contact.email.strip()
    if email and ("@" not in email or " " in email or "." not in email.rpartition("@")[2]):
        errors["email"] = [ValidationError(EMAIL_INVALID)]
    for name in ("name", "phone", "email"):
        if len(getattr(contact, name)) > CONTACT_MAX_LENGTH:
            errors[name] = [ValidationError(FIELD_TOO_LONG)]
    if found := _question_errors(contact.question.strip(), names_confirmed=contact.names_confirmed):
        errors["question"] = found
    return errors


@transaction.atomic
def bookable_hour_set(
    *, schedule: Schedule, slot_minutes: int, horizon_weeks: int, is_active: bool, user
) -> BookableHour:
    """Make a consultation hour bookable (or change or stop it). The caller checked that the
    user may edit the hour (socialmap.permissions.get_schedule_for_user with write=True)."""
    assert schedule.service_at_location is not None
    service = schedule.service_at_location.service
    values = {"slot_minutes": slot_minutes, "horizon_weeks": horizon_weeks, "is_active": is_active}
    hour, created = BookableHour.objects.update_or_create(
        schedule=schedule,
        defaults={
            **values,
            "library_id": service.library_id,
            "organization_id": service.organization_id,
        },
    )
    audit.log(hour, actions.HOUR_UPDATED, user=user, changes={"created": created, **values})
    return hour


@transaction.atomic
def appointment_settings_update(
    *, library: Library, retention_days: int, user
) -> AppointmentSettings:
    row, _created = AppointmentSettings.objects.get_or_create(library=library)
    changes = {"appointment_retention_days": [row.appointment_retention_days, retention_days]}
    row.appointment_retention_days = retention_days
    row.save(update_fields=["appointment_retention_days"])
    audit.log(row, actions.SETTINGS_UPDATED, user=user, changes=changes)
    return row


def _slot_or_error(*, hour: BookableHour, start: datetime.datetime) -> selectors.Slot:
    slot = selectors.slot_find(library=hour.library, hour=hour, start=start)
    if slot is None:
        raise ValidationError({"slot": [ValidationError(SLOT_GONE)]})
    return slot


def _insert(*, submission_key: uuid.UUID | None, **fields) -> tuple[Booking, bool]:
    """Insert a booking (and say whether it is new); the unique constraints decide between
    people taking the same slot and a form sent twice."""
    try:
        with transaction.atomic():
            return Booking.objects.create(submission_key=submission_key, **fields), True
    except IntegrityError:
        earlier = _submitted_before(submission_key)
        if earlier is not None:
            return earlier, False
        raise ValidationError({"slot": [ValidationError(SLOT_TAKEN)]}) from None


def _submitted_before(submission_key: uuid.UUID | None) -> Booking | None:
    if submission_key is None:
        return None
    return Booking.objects.filter(submission_key=submission_key).first()


def booking_create(
    *,
    hour: BookableHour,
    start: datetime.datetime,
    contact: ContactInput,
    consent_given: bool,
    source: str,
    consent_language: str = "nl",
    user=None,
    submission_key: uuid.UUID | None = None,
    client: str | None = None,
) -> Booking:
    """Book a slot for a resident, with their consent (desk or online).

    `client` (the public form's fingerprint, plein.core.guard) counts an online booking for
    that client's limit; ValidationError when the limit is reached."""
    errors = contact_errors(contact)
    if not consent_given:
        errors["consent"] = [ValidationError(CONSENT_REQUIRED)]
    if errors:
        raise ValidationError(errors)
    if earlier := _submitted_before(submission_key):
        return earlier
    with transaction.atomic():
        if client is not None:
            guard.attempt_check(kind=GUARD_KIND, client=client, message=RATE_LIMITED)
            guard.attempt_record(kind=GUARD_KIND, client=client, accepted=True)
        return _book(
            hour=hour,
            start=start,
            contact=contact,
            source=source,
            consent_language=consent_language,
            user=user,
            submission_key=submission_key,
        )


def _book(
    *,
    hour: BookableHour,
    start: datetime.datetime,
    contact: ContactInput,
    source: str,
    consent_language: str,
    user,
    submission_key: uuid.UUID | None,
) -> Booking:
    slot = _slot_or_error(hour=hour, start=start)
    booking, created = _insert(
        submission_key=submission_key,
        library_id=hour.library_id,
        hour=hour,
        organization_id=hour.organization_id,
        start=slot.start,
        end=slot.end,
        source=source,
        created_by=user if user is not None and user.is_authenticated else None,
        consent_version=consent_texts.CURRENT_VERSION,
        consent_language="en" if consent_language == "en" else "nl",
        consent_given_at=timezone.now(),
        name=contact.name.strip(),
        phone=contact.phone.strip(),
        email=contact.email.strip(),
        question=contact.question.strip(),
    )
    if created:
        _created_logged(booking, user=user, names_confirmed=contact.names_confirmed)
    return booking


def _created_logged(booking: Booking, *, user, names_confirmed: bool) -> None:
    changes = {"source": booking.source, "names_confirmed": names_confirmed}
    audit.log(
        booking,
        actions.BOOKING_CREATED,
        user=user,
        actor_label="" if user else "resident",
        changes=changes,
    )
    _mail_on_commit("booking_confirmation", booking)


def _mail_on_commit(name: str, booking: Booking) -> None:
    def send() -> None:
        from plein.appointments import emails

        getattr(emails, name)(booking=booking)

    transaction.on_commit(send)


def booking_from_referral(
    *, referral, hour: BookableHour, start: datetime.datetime, user
) -> Booking:
    """The partner answers a warm referral with a slot of its own hour; the booking takes the
    referral's contact data, which the resident already agreed to give this partner."""
    consent = getattr(referral, "consent", None)
    if referral.is_closed or referral.is_purged or consent is None or consent.withdrawn_at:
        raise ValidationError({"slot": [ValidationError(REFERRAL_CLOSED)]})
    if hour.organization_id != referral.organization_id:
        raise ValidationError({"slot": [ValidationError(REFERRAL_OTHER_ORGANIZATION)]})
    slot = _slot_or_error(hour=hour, start=start)
    booking, _created = _insert(
        submission_key=None,
        library_id=hour.library_id,
        hour=hour,
        organization_id=hour.organization_id,
        start=slot.start,
        end=slot.end,
        source=BookingSource.REFERRAL,
        referral=referral,
        created_by=user,
        consent_version=None,
        consent_language=consent.language,
        consent_given_at=consent.given_at,
        name=referral.first_name,
        phone=referral.phone,
        email=referral.email,
    )
    _created_logged(booking, user=user, names_confirmed=False)
    return booking


def _locked(booking: Booking) -> Booking:
    return Booking.objects.select_for_update().select_related("hour", "library").get(pk=booking.pk)


def _cancel(booking: Booking, *, user) -> Booking:
    booking = _locked(booking)
    if booking.status != BookingStatus.BOOKED or booking.end <= timezone.now():
        raise ValidationError(NOT_ACTIVE)
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    audit.log(booking, actions.BOOKING_CANCELLED, user=user, actor_label="" if user else "resident")
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, user=None) -> Booking:
    booking = _cancel(booking, user=user)
    if user is not None:
        # Cancelled by the partner or the desk: the resident hears it (their own cancelling
        # shows on the page they used).
        _mail_on_commit("booking_cancelled", booking)
    return booking


@transaction.atomic
def booking_reschedule(
    *, booking: Booking, hour: BookableHour, start: datetime.datetime, user=None
) -> Booking:
    """Move a booking to another free slot of the same organisation: the old one is cancelled
    and a new one made with the same contact data and consent, in one transaction."""
    old = _cancel(booking, user=user)
    if hour.organization_id != old.organization_id:
        raise ValidationError({"slot": [ValidationError(SLOT_GONE)]})
    slot = _slot_or_error(hour=hour, start=start)
    new, _created = _insert(
        submission_key=None,
        library_id=old.library_id,
        hour=hour,
        organization_id=old.organization_id,
        start=slot.start,
        end=slot.end,
        source=old.source,
        referral_id=old.referral_id,
        created_by=old.created_by,
        consent_version=old.consent_version,
        consent_language=old.consent_language,
        consent_given_at=old.consent_given_at,
        previous=old,
        name=old.name,
        phone=old.phone,
        email=old.email,
        question=old.question,
    )
    audit.log(new, actions.BOOKING_RESCHEDULED, user=user, actor_label="" if user else "resident")
    _mail_on_commit("booking_confirmation", new)
    return new


MARKS = {
    BookingStatus.ATTENDED: actions.BOOKING_ATTENDED,
    BookingStatus.NO_SHOW: actions.BOOKING_NO_SHOW,
}


@transaction.atomic
def booking_mark(*, booking: Booking, status: str, user) -> Booking:
    """The partner notes whether the resident came (no-shows are counted)."""
    booking = _locked(booking)
    if status not in MARKS or booking.status == BookingStatus.CANCELLED:
        raise ValidationError(MARK_CANCELLED)
    if booking.start > timezone.now():
        raise ValidationError(MARK_TOO_EARLY)
    if booking.status != status:
        booking.status = status
        booking.save(update_fields=["status"])
        audit.log(booking, MARKS[BookingStatus(status)], user=user)
    return booking


def booking_contacts_viewed(*, bookings: list[Booking], user) -> None:
    """Record that a person saw these bookings' contact data (every viewing is audited)."""
    for booking in bookings:
        audit.log(booking, actions.BOOKING_CONTACT_VIEWED, user=user)


PURGED_FIELDS = ("name", "phone", "email", "question")


@transaction.atomic
def booking_purge(*, booking: Booking) -> None:
    """Empty the contact data; the status stays, so the counts remain."""
    for name in PURGED_FIELDS:
        setattr(booking, name, "")
    booking.purged_at = timezone.now()
    booking.save(update_fields=[*PURGED_FIELDS, "purged_at"])
    audit.log(booking, actions.BOOKING_PURGED, actor_label="system")


def bookings_expired_purge(now: datetime.datetime | None = None) -> int:
    """Purge every booking whose appointment ended longer ago than its library's retention."""
    now = now or timezone.now()
    purged = 0
    waiting = Booking.objects.filter(purged_at__isnull=True, end__lt=now)
    for library_id in waiting.values_list("library_id", flat=True).distinct().order_by():
        library = Library.objects.get(pk=library_id)
        days = selectors.appointment_settings_get(library=library).appointment_retention_days
        due = waiting.filter(library_id=library_id, end__lt=now - datetime.timedelta(days=days))
        for booking in due.select_related("library"):
            booking_purge(booking=booking)
            purged += 1
    return purged


def booking_reminders_send(now: datetime.datetime | None = None) -> int:
    """E-mail a reminder the day before, once, to every booking with an e-mail address."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    due = Booking.objects.filter(
        status=BookingStatus.BOOKED, reminded_at__isnull=True, start__date=tomorrow
    ).select_related("library", "hour")
    sent = 0
    for booking in due:
        sent += booking_remind(booking=booking, now=now)
    return sent


@transaction.atomic
def booking_remind(*, booking: Booking, now: datetime.datetime) -> int:
    updated = Booking.objects.filter(pk=booking.pk, reminded_at__isnull=True).update(
        reminded_at=now
    )
    if not updated or not booking.email:
        return 0
    audit.log(booking, actions.BOOKING_REMINDED, actor_label="system")
    _mail_on_commit("booking_reminder", booking)
    return 1

"""Appointments in consultation hours: a partner's hour made bookable in slots, and bookings.

Empty slots are not stored: they follow from the hour's occurrences (selectors.bookable_slots),
so a cancelled or moved occurrence cancels or moves its slots without a write. A booking holds
the resident's contact data encrypted; the purge empties it and keeps the status for counts.
"""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plein.core.crypto import EncryptedTextField
from plein.core.models import LibraryQuerySet, NamedContactData
from plein.core.ranges import between


class AppointmentSettings(models.Model):
    """A library's retention of appointment contact data."""

    library = models.OneToOneField(
        "core.Library",
        on_delete=models.CASCADE,
        related_name="appointment_settings",
        verbose_name=_("bibliotheek"),
    )
    appointment_retention_days = models.PositiveSmallIntegerField(
        _("contactgegevens van afspraken bewaren na de afspraak (dagen)"),
        default=30,
        validators=between(1, 365),
    )

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("instellingen afspraken")
        verbose_name_plural = _("instellingen afspraken")

    def __str__(self) -> str:
        return str(self.library)


class BookableHour(models.Model):
    """A consultation hour (a socialmap Schedule) residents can book in slots."""

    library = models.ForeignKey("core.Library", on_delete=models.CASCADE, related_name="+")
    schedule = models.OneToOneField(
        "socialmap.Schedule",
        on_delete=models.CASCADE,
        related_name="bookable",
        verbose_name=_("spreekuur"),
    )
    # Whose agenda the bookings land in: the hour's service's organisation.
    organization = models.ForeignKey(
        "socialmap.Organization", on_delete=models.CASCADE, related_name="+"
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("duur van een afspraak (minuten)"), default=20, validators=between(5, 240)
    )
    horizon_weeks = models.PositiveSmallIntegerField(
        _("zoveel weken vooruit te boeken"), default=6, validators=between(1, 26)
    )
    is_active = models.BooleanField(_("afspraken maken kan"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("spreekuur op afspraak")
        verbose_name_plural = _("spreekuren op afspraak")

    def __str__(self) -> str:
        return f"{_('Spreekuur op afspraak')} {str(self.schedule_id)[:8]}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Geboekt")
    ATTENDED = "attended", _("Geweest")
    NO_SHOW = "no_show", _("Niet gekomen")
    CANCELLED = "cancelled", _("Geannuleerd")


# A slot is taken by every booking that is not cancelled.
HOLDS_SLOT = (BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)


class BookingSource(models.TextChoices):
    DESK = "desk", _("Aan de balie")
    ONLINE = "online", _("Online door de inwoner")
    REFERRAL = "referral", _("Vanuit een doorverwijzing")


class Booking(NamedContactData):
    AUDIT_FREE_TEXT: ClassVar[tuple[str, ...]] = ()

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    library = models.ForeignKey("core.Library", on_delete=models.CASCADE, related_name="+")
    hour = models.ForeignKey(BookableHour, on_delete=models.PROTECT, related_name="bookings")
    organization = models.ForeignKey(
        "socialmap.Organization", on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateTimeField(_("begint om"))
    end = models.DateTimeField(_("eindigt om"))
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    source = models.CharField(_("gemaakt"), max_length=10, choices=BookingSource.choices)
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
    )
    # One form submission books once: a retry with the same key returns the first booking.
    submission_key = models.UUIDField(null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The version of consent_texts the resident agreed to; empty when the booking came from a
    # referral, whose own recorded consent covers it.
    consent_version = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=between(1, 1000)
    )
    consent_language = models.CharField(max_length=5, default="nl")
    consent_given_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Rescheduled: the new booking points back at the one it replaced.
    previous = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next"
    )

    # Personal data beside name, phone, e-mail and purged_at (core.models.NamedContactData).
    question = EncryptedTextField(_("korte vraag"), blank=True, default="")

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["start"]
        constraints = [
            # Two people taking the same slot at once: the database lets one in.
            models.UniqueConstraint(
                fields=["hour", "start"],
                condition=Q(status__in=HOLDS_SLOT),
                name="appointments_one_booking_per_slot",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "start"], name="appointments_org_start"),
            models.Index(fields=["purged_at", "end"], name="appointments_purge"),
        ]

    def __str__(self) -> str:
        # Never personal data: this string ends up in the audit log and the admin.
        return f"{_('Afspraak')} {str(self.pk)[:8]}"

    @property
    def is_active(self) -> bool:
        return self.status == BookingStatus.BOOKED

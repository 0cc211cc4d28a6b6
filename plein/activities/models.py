"""Activities on the plein (Digisterker, Klik & Tik, information sessions) and their sign-ups.

An Activity is held on one date or a series of dates; every date is an Occurrence with its own
capacity. A SignUp holds a resident's minimal contact data, encrypted at rest, and is emptied by
the purge some days after the occurrence; its status and attendance stay for the counts.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plein.core.models import LibraryQuerySet, NamedContactData
from plein.core.pii import validate_no_personal_data as no_personal_data
from plein.core.ranges import between

CAPACITY_RANGE = (1, 500)


class ActivitySettings(models.Model):
    """A library's retention and waiting-list timer for activity sign-ups."""

    library = models.OneToOneField(
        "core.Library",
        on_delete=models.CASCADE,
        related_name="activity_settings",
        verbose_name=_("bibliotheek"),
    )
    retention_days = models.PositiveSmallIntegerField(
        _("persoonsgegevens bewaren na de activiteit (dagen)"),
        default=30,
        validators=between(1, 365),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("bedenktijd voor een vrijgekomen plaats (uren)"),
        default=24,
        validators=between(1, 168),
    )

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("instellingen activiteiten")
        verbose_name_plural = _("instellingen activiteiten")

    def __str__(self) -> str:
        return str(self.library)


class Activity(models.Model):
    library = models.ForeignKey("core.Library", on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey(
        "core.Branch", on_delete=models.CASCADE, related_name="+", verbose_name=_("vestiging")
    )
    # Empty: the library's own activity; else the partner that holds it.
    organization = models.ForeignKey(
        "socialmap.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner"),
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), max_length=2000, blank=True)
    room = models.ForeignKey(
        "socialmap.Room",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ruimte"),
    )
    theme = models.ForeignKey(
        "socialmap.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thema"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("aantal plaatsen"), default=12, validators=between(*CAPACITY_RANGE)
    )
    audience = models.CharField(_("voor wie"), max_length=200, blank=True)
    languages = models.CharField(_("talen"), max_length=200, blank=True)
    accessibility = models.CharField(_("toegankelijkheid"), max_length=300, blank=True)
    signup_required = models.BooleanField(_("aanmelden nodig"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Occurrence(models.Model):
    """One date of an activity, with its own seats."""

    library = models.ForeignKey("core.Library", on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="occurrences")
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    capacity = models.PositiveSmallIntegerField(
        _("aantal plaatsen"), validators=between(*CAPACITY_RANGE)
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("activiteit op een datum")
        verbose_name_plural = _("activiteiten op een datum")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["library", "starts_at"], name="activities_occ_lib_start")]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.starts_at:%Y-%m-%d %H:%M}"


class Status(models.TextChoices):
    BOOKED = "booked", _("Aangemeld")
    WAITING = "waiting", _("Op de wachtlijst")
    OFFERED = "offered", _("Plaats aangeboden")
    CANCELLED = "cancelled", _("Afgemeld")
    EXPIRED = "expired", _("Aanbod verlopen")


# A seat is taken by a booking and by an offer that still waits for an answer.
SEAT_STATUSES = (Status.BOOKED, Status.OFFERED)


class Source(models.TextChoices):
    ONLINE = "online", _("Online")
    DESK = "desk", _("Aan de balie")


class Attendance(models.TextChoices):
    UNKNOWN = "", _("Nog niet genoteerd")
    PRESENT = "present", _("Aanwezig")
    ABSENT = "absent", _("Niet gekomen")


class SignUp(NamedContactData):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    library = models.ForeignKey("core.Library", on_delete=models.CASCADE, related_name="+")
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ONLINE)
    attendance = models.CharField(
        max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    consent_version = models.PositiveSmallIntegerField(validators=between(1, 1000))
    consent_given_at = models.DateTimeField()
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    # Personal data (name, phone, e-mail, purged_at) from core.models.NamedContactData.
    # A keyed hash of the contact (not reversible): one sign-up per person per occurrence.
    contact_hash = models.CharField(max_length=64, blank=True)
    # The evaluation question after the activity: asked once, answered once; both survive
    # the purge, and the answer itself (Evaluation) holds no link back to this sign-up.
    evaluation_sent_at = models.DateTimeField(null=True, blank=True)
    evaluated = models.BooleanField(default=False)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "contact_hash"],
                condition=~Q(contact_hash="") & Q(status__in=["booked", "waiting", "offered"]),
                name="activities_signup_once_per_contact",
            )
        ]
        indexes = [models.Index(fields=["occurrence", "status"], name="activities_signup_status")]

    def __str__(self) -> str:
        # Never personal data: this string ends up in the audit log.
        return f"{_('Aanmelding')} {str(self.pk)[:8]}"


SCORE_RANGE = (1, 5)
COMMENT_MAX_LENGTH = 1000


class Evaluation(models.Model):
    """An anonymous answer to the question after an activity date: a score and an optional
    comment, without a time or any link to the sign-up it came from."""

    library = models.ForeignKey("core.Library", on_delete=models.CASCADE, related_name="+")
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="evaluations")
    score = models.PositiveSmallIntegerField(_("cijfer"), validators=between(*SCORE_RANGE))
    comment = models.TextField(
        _("opmerking"), blank=True, max_length=COMMENT_MAX_LENGTH, validators=[no_personal_data]
    )

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")

    def __str__(self) -> str:
        return f"{_('Evaluatie')} {self.pk}"

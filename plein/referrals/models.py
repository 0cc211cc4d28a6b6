"""Warm referral: with the resident's consent, minimal contact data goes to one partner.

Personal data lives only in the encrypted fields of Referral (and nowhere else: not in e-mails,
logs, audit changes or reports). When a referral is closed and its retention period has passed,
or when consent is withdrawn, those fields are emptied (purged); the non-personal skeleton
(service, organisation, dates, statuses, reasons) stays for reports.

Statuses follow HL7 FHIR Task.status as used for social-care referrals.
"""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plein.core.crypto import EncryptedTextField
from plein.core.models import ContactData, LibraryQuerySet
from plein.core.ranges import between


class Status(models.TextChoices):
    REQUESTED = "requested", _("Verstuurd")
    RECEIVED = "received", _("Ontvangen")
    ACCEPTED = "accepted", _("Geaccepteerd")
    IN_PROGRESS = "in-progress", _("In behandeling")
    ON_HOLD = "on-hold", _("Gepauzeerd")
    COMPLETED = "completed", _("Afgerond")
    REJECTED = "rejected", _("Afgewezen")
    CANCELLED = "cancelled", _("Geannuleerd")
    FAILED = "failed", _("Niet bereikt")
    ENTERED_IN_ERROR = "entered-in-error", _("Ten onrechte aangemaakt")


# Statuses after which nothing more happens; the retention period starts then.
CLOSED_STATUSES = frozenset(
    {
        Status.COMPLETED,
        Status.REJECTED,
        Status.CANCELLED,
        Status.FAILED,
        Status.ENTERED_IN_ERROR,
    }
)
# A reason is required when moving into these statuses; an outcome for completed.
REASON_REQUIRED = frozenset(
    {Status.REJECTED, Status.CANCELLED, Status.ON_HOLD, Status.FAILED, Status.ENTERED_IN_ERROR}
)


class ReasonCode(models.TextChoices):
    """Why a referral was paused, refused, not reached or cancelled: kept for reports after
    the purge, unlike the optional free text beside it."""

    NOT_REACHED = "not-reached", _("Inwoner niet bereikt")
    WAITING_FOR_RESIDENT = "waiting-for-resident", _("Wacht op de inwoner")
    WAITING_LIST = "waiting-list", _("Wachtlijst of geen plek")
    OUTSIDE_AREA = "outside-area", _("Buiten ons werkgebied")
    NO_MATCH = "no-match", _("Geen passend aanbod bij ons")
    RESIDENT_DECLINED = "resident-declined", _("Inwoner ziet ervan af")
    HELPED_ELSEWHERE = "helped-elsewhere", _("Al elders geholpen of doorverwezen")
    CONSENT_WITHDRAWN = "consent-withdrawn", _("Toestemming ingetrokken")
    MISTAKE = "mistake", _("Vergissing")
    OTHER = "other", _("Anders")


class OutcomeCode(models.TextChoices):
    """What a completed referral achieved, kept after the purge like ReasonCode."""

    HELPED = "helped", _("Geholpen")
    PARTLY_HELPED = "partly-helped", _("Deels geholpen")
    ADVICE = "advice", _("Advies of informatie gegeven")
    REFERRED_ON = "referred-on", _("Verder verwezen")
    RESIDENT_DECLINED = "resident-declined", _("Inwoner zag ervan af")
    OTHER = "other", _("Anders")


class Source(models.TextChoices):
    DESK = "desk", _("Aan de balie")
    CALLBACK = "callback", _("Bel mij terug (sociale kaart)")


class ContactLanguage(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    ENGLISH = "en", _("Engels")
    OTHER = "other", _("Andere taal (zie samenvatting)")


class ReferralSettings(models.Model):
    """A library's timers and retention for referrals."""

    library = models.OneToOneField(
        "core.Library",
        on_delete=models.CASCADE,
        related_name="referral_settings",
        verbose_name=_("bibliotheek"),
    )
    reminder_working_days = models.PositiveSmallIntegerField(
        _("herinnering partner na (werkdagen)"), default=2, validators=between(1, 30)
    )
    escalation_working_days = models.PositiveSmallIntegerField(
        _("melding coördinator na (werkdagen)"), default=5, validators=between(1, 60)
    )
    retention_days = models.PositiveSmallIntegerField(
        _("persoonsgegevens bewaren na afsluiten (dagen)"),
        default=30,
        validators=between(1, 365),
    )

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("instellingen doorverwijzen")
        verbose_name_plural = _("instellingen doorverwijzen")

    def __str__(self) -> str:
        return str(self.library)


class PartnerAgreement(models.Model):
    """What the library agreed with a network partner about warm referral. Only partners
    whose agreement says they take referrals appear in the desk's referral picker."""

    organization = models.OneToOneField(
        "socialmap.Organization", on_delete=models.CASCADE, related_name="agreement"
    )
    library = models.ForeignKey("core.Library", on_delete=models.CASCADE, related_name="+")
    takes_referrals = models.BooleanField(_("neemt warme doorverwijzingen aan"), default=True)
    # Empty: the library's reminder time (ReferralSettings) is the promise.
    response_working_days = models.PositiveSmallIntegerField(
        _("reageert binnen (werkdagen)"), null=True, blank=True, validators=between(1, 30)
    )
    contact_name = models.CharField(_("contactpersoon voor de balie"), max_length=200, blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("samenwerkingsafspraak")
        verbose_name_plural = _("samenwerkingsafspraken")

    def __str__(self) -> str:
        return f"{_('Afspraak')} {self.organization}"


class ConsentText(models.Model):
    """A version of the consent text. Versions are never changed once used; add a new one.

    The body may use {organization}, {service}, {data}, {purpose} and {retention_days}.
    Without a library it is the installation's default.
    """

    library = models.ForeignKey(
        "core.Library",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bibliotheek"),
    )
    version = models.PositiveIntegerField(_("versie"), validators=between(1, 2_147_483_647))
    body_nl = models.TextField(_("tekst (Nederlands)"))
    body_en = models.TextField(_("tekst (Engels)"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("aangemaakt op"))

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("toestemmingstekst")
        verbose_name_plural = _("toestemmingsteksten")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "version"], name="referrals_consent_text_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{_('Toestemmingstekst')} v{self.version}"


class Referral(ContactData):
    # Typed by the partner or the desk: the audit log records that these changed, not the text.
    AUDIT_FREE_TEXT: ClassVar[tuple[str, ...]] = ("status_reason", "outcome")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    library = models.ForeignKey("core.Library", on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey(
        "core.Branch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.DESK)
    registration = models.ForeignKey(
        "questions.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )
    organization = models.ForeignKey(
        "socialmap.Organization",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("organisatie"),
    )
    service = models.ForeignKey(
        "socialmap.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("dienst"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    # A coded reason and outcome stay for reports; the free texts beside them are purged with
    # the contact data (they may say more about the resident than they should).
    status_reason_code = models.CharField(
        _("reden"), max_length=30, choices=ReasonCode.choices, blank=True
    )
    status_reason = models.CharField(_("toelichting reden"), max_length=300, blank=True)
    outcome_code = models.CharField(
        _("uitkomst"), max_length=30, choices=OutcomeCode.choices, blank=True
    )
    outcome = models.CharField(_("toelichting uitkomst"), max_length=300, blank=True)
    acknowledged_at = models.DateTimeField(_("ontvangen op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # Referred on after a rejection: the new referral points back to this one.
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_referrals"
    )

    # Personal data: encrypted at rest, emptied by the purge.
    # Personal data beside phone, e-mail and purged_at (core.models.ContactData).
    first_name = EncryptedTextField(_("voornaam of gekozen naam"), blank=True, default="")
    preferred_time = EncryptedTextField(_("liefst gebeld op"), blank=True, default="")
    contact_language = EncryptedTextField(_("taal"), blank=True, default="")
    summary = EncryptedTextField(_("korte samenvatting van de vraag"), blank=True, default="")

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organization", "status"], name="referrals_org_status"),
            models.Index(fields=["library", "created_at"], name="referrals_lib_created"),
            models.Index(fields=["status", "closed_at"], name="referrals_status_closed"),
        ]

    def __str__(self) -> str:
        # Never personal data: this string ends up in the audit log and the admin.
        return f"{_('Doorverwijzing')} {str(self.pk)[:8]}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class Consent(models.Model):
    """The resident's consent for one referral: which text version, when, how; withdrawable."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="consent")
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=5, default="nl")
    given_at = models.DateTimeField()
    # Recorded by a desk worker, or given by the resident on the public page (then null).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")

    def __str__(self) -> str:
        return f"{_('Toestemming')} {str(self.referral_id)[:8]} v{self.text.version}"


class ReferralEvent(models.Model):
    """One status change: the non-personal history the desk, the partner and reports see."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    reason_code = models.CharField(max_length=30, blank=True)
    # The free text of the reason or outcome; emptied by the purge.
    reason = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # "signed link", "system" (timers), "resident" (withdrawal) when there is no user.
    actor_label = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"

    @property
    def reason_label(self) -> str:
        """The coded reason or outcome as the desk reads it (empty when there is none)."""
        codes = OutcomeCode if self.to_status == Status.COMPLETED else ReasonCode
        return str(codes(self.reason_code).label) if self.reason_code in codes.values else ""

"""A referral's life: create with consent, move through the FHIR Task statuses, purge.

Every state change writes a ReferralEvent (shown to desk and partner, kept for reports) and an
audit entry. Neither ever holds personal data. Notifications are sent by
plein.referrals.services.notify, called from here through `on_commit`.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.core import audit, pii
from plein.core.models import Branch, Library
from plein.referrals import audit_actions as actions
from plein.referrals import consent_texts
from plein.referrals.models import (
    CLOSED_STATUSES,
    REASON_REQUIRED,
    Consent,
    ConsentText,
    ContactLanguage,
    OutcomeCode,
    ReasonCode,
    Referral,
    ReferralEvent,
    ReferralSettings,
    Source,
    Status,
)
from plein.referrals.selectors.reach import (
    organizations_reachable,
    organizations_with_agreement,
)
from plein.socialmap.models import Organization, Service

# Who may move a referral where. The partner works the referral; the desk may cancel it or
# mark it as made by mistake. Closed statuses are final.
PARTNER_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.REQUESTED: frozenset({Status.RECEIVED, Status.ACCEPTED, Status.REJECTED}),
    Status.RECEIVED: frozenset({Status.ACCEPTED, Status.REJECTED, Status.FAILED}),
    Status.ACCEPTED: frozenset(
        {Status.IN_PROGRESS, Status.ON_HOLD, Status.COMPLETED, Status.FAILED}
    ),
    Status.IN_PROGRESS: frozenset({Status.ON_HOLD, Status.COMPLETED, Status.FAILED}),
    Status.ON_HOLD: frozenset({Status.IN_PROGRESS, Status.COMPLETED, Status.FAILED}),
}
DESK_TRANSITIONS: dict[str, frozenset[str]] = {
    status: frozenset({Status.CANCELLED, Status.ENTERED_IN_ERROR})
    for status in Status.values
    if status not in CLOSED_STATUSES
}
# Statuses that count as "the partner has seen it" (acknowledged) when first reached.
ACKNOWLEDGING = frozenset({Status.RECEIVED, Status.ACCEPTED, Status.REJECTED})

CONTACT_REQUIRED = _("Vul een telefoonnummer of een e-mailadres in.")
NAME_REQUIRED = _("Vul een voornaam in, of een naam die de persoon zelf kiest.")
SUMMARY_PERSONAL_DATA = _("De samenvatting lijkt persoonsgegevens te bevatten: %(problems)s")
ORGANIZATION_OTHER_LIBRARY = _(
    "Deze organisatie staat niet op de sociale kaart van uw bibliotheek."
)
SERVICE_OTHER_ORGANIZATION = _("Deze dienst hoort niet bij de gekozen organisatie.")
ORGANIZATION_NOT_PARTNER = _("Deze organisatie ontvangt geen warme doorverwijzingen via Plein.")
ORGANIZATION_NO_AGREEMENT = _(
    "Met %(organization)s is geen afspraak over warme doorverwijzingen. Geef de inwoner het "
    "telefoonnummer mee, en vraag de coördinator een afspraak met de organisatie vast te leggen."
)
ORGANIZATION_UNREACHABLE = _(
    "Bij %(organization)s kan niemand deze doorverwijzing ontvangen: er is geen partneraccount "
    "en geen e-mailadres voor doorverwijzingen. Geef de inwoner het telefoonnummer mee, en "
    "vraag de coördinator de organisatie een account of adres te geven."
)
CONSENT_REQUIRED = _("Zonder toestemming van de bewoner kan er niet worden doorverwezen.")
TRANSITION_NOT_ALLOWED = _("Van “%(from)s” naar “%(to)s” kan niet.")
REASON_MISSING = _("Kies een reden.")
OUTCOME_MISSING = _("Kies de uitkomst.")
REASON_UNKNOWN = _("Kies een reden uit de lijst.")
OUTCOME_UNKNOWN = _("Kies een uitkomst uit de lijst.")
TEXT_AFTER_PURGE = _(
    "De gegevens van deze doorverwijzing zijn al gewist: kies alleen een reden of uitkomst, "
    "zonder toelichting."
)
OTHER_NEEDS_TEXT = _("U koos “Anders”: licht dat kort toe, zonder persoonsgegevens.")
ALREADY_CLOSED = _("Deze doorverwijzing is al afgesloten.")
CONSENT_ALREADY_WITHDRAWN = _("De toestemming was al ingetrokken.")
TEXT_PERSONAL_DATA = _(
    "Deze tekst lijkt persoonsgegevens te bevatten: %(problems)s. Beschrijf het zonder naam, "
    "adres, telefoonnummer of geboortedatum."
)
TEXT_TOO_LONG = _("Houd het kort: hoogstens 300 tekens.")
SUMMARY_TOO_LONG = _("Houd de samenvatting kort: hoogstens 500 tekens.")
FIELD_TOO_LONG = _("Dit veld is te lang.")
LANGUAGE_UNKNOWN = _("Kies een taal uit de lijst.")
FREE_TEXT_MAX_LENGTH = 300
SUMMARY_MAX_LENGTH = 500
CONTACT_FIELD_MAX_LENGTH = 200


@dataclass
class ContactInput:
    first_name: str = ""
    phone: str = ""
    email: str = ""
    preferred_time: str = ""
    contact_language: str = ContactLanguage.DUTCH
    summary: str = ""
    # The user saw "Dit lijkt op een naam" for the summary and chose to keep it.
    names_confirmed: bool = False


def referral_settings_get(*, library: Library) -> ReferralSettings:
    row, _created = ReferralSettings.objects.get_or_create(library=library)
    return row


@transaction.atomic
def referral_settings_update(*, settings_row: ReferralSettings, values: dict, user) -> None:
    changes = audit.fields_apply(settings_row, values)
    settings_row.save()
    audit.log(settings_row, actions.SETTINGS_UPDATED, user=user, changes=changes)


def consent_text_current(*, library: Library) -> ConsentText:
    """The newest consent text of the library, else the installation's default (made once)."""
    text = ConsentText.objects.filter(library=library).first()
    if text is not None:
        return text
    text, _created = ConsentText.objects.get_or_create(
        library=None,
        version=1,
        defaults={"body_nl": consent_texts.BODY_NL, "body_en": consent_texts.BODY_EN},
    )
    return ConsentText.objects.filter(library__isnull=True).first() or text


def _contact_errors(contact: ContactInput) -> dict:
    errors: dict = {}
    if not contact.first_name.strip():
        errors["first_name"] = [ValidationError(NAME_REQUIRED)]
    if not (contact.phone.strip() or contact.email.strip()):
        errors["phone"] = [ValidationError(CONTACT_REQUIRED)]
    for name in ("first_name", "phone", "email", "preferred_time"):
        if len(getattr(contact, name)) > CONTACT_FIELD_MAX_LENGTH:
            errors[name] = [ValidationError(FIELD_TOO_LONG)]
    if contact.contact_language not in ContactLanguage.values:
        errors["contact_language"] = [ValidationError(LANGUAGE_UNKNOWN)]
    if len(contact.summary) > SUMMARY_MAX_LENGTH:
        errors["summary"] = [ValidationError(SUMMARY_TOO_LONG)]
        return errors
    problems = pii.personal_data_problems(contact.summary)
    if problems:
        errors["summary"] = [
            ValidationError(SUMMARY_PERSONAL_DATA, params={"problems": "; ".join(problems)})
        ]
    elif name_error := pii.likely_name_error(contact.summary, confirmed=contact.names_confirmed):
        errors["summary"] = [name_error]
    return errors


def organization_unreachable_reason(*, organization: Organization) -> str:
    """Why a network partner cannot receive a warm referral now ("" when it can)."""
    if organization.archived_at is not None or not organizations_with_agreement(
        organization_ids=[organization.pk]
    ):
        return str(ORGANIZATION_NO_AGREEMENT % {"organization": organization.name})
    if not organizations_reachable(organizations=[organization]):
        return str(ORGANIZATION_UNREACHABLE % {"organization": organization.name})
    return ""


def _target_errors(*, library: Library, organization: Organization, service) -> dict:
    errors: dict = {}
    if organization.library_id != library.pk:
        errors["organization"] = [ValidationError(ORGANIZATION_OTHER_LIBRARY)]
    elif not organization.is_partner:
        errors["organization"] = [ValidationError(ORGANIZATION_NOT_PARTNER)]
    elif message := organization_unreachable_reason(organization=organization):
        errors["organization"] = [ValidationError(message)]
    if service is not None and service.organization_id != organization.pk:
        errors["service"] = [ValidationError(SERVICE_OTHER_ORGANIZATION)]
    return errors


@transaction.atomic
def referral_create(
    *,
    library: Library,
    organization: Organization,
    service: Service | None,
    contact: ContactInput,
    consent_given: bool,
    consent_text: ConsentText,
    consent_language: str = "nl",
    recorded_by=None,
    branch: Branch | None = None,
    registration=None,
    source: str = Source.DESK,
    previous: Referral | None = None,
) -> Referral:
    errors = _target_errors(library=library, organization=organization, service=service)
    errors |= _contact_errors(contact)
    if not consent_given or consent_text is None:
        errors["consent"] = [ValidationError(CONSENT_REQUIRED)]
    if errors:
        raise ValidationError(errors)
    referral = Referral.objects.create(
        library=library,
        branch=branch,
        source=source,
        registration=registration,
        organization=organization,
        service=service,
        created_by=recorded_by,
        previous=previous,
        first_name=contact.first_name.strip(),
        phone=contact.phone.strip(),
        email=contact.email.strip(),
        preferred_time=contact.preferred_time.strip(),
        contact_language=contact.contact_language,
        summary=contact.summary.strip(),
    )
    Consent.objects.create(
        referral=referral,
        text=consent_text,
        language=consent_language,
        given_at=timezone.now(),
        recorded_by=recorded_by,
    )
    ReferralEvent.objects.create(
        referral=referral, to_status=Status.REQUESTED, actor=recorded_by, actor_label=source
    )
    audit.log(referral, actions.REFERRAL_CREATED, user=recorded_by, library=library)
    _count_name_confirmation(
        referral, [contact.summary], confirmed=contact.names_confirmed, user=recorded_by
    )
    _notify_on_commit("referral_created", referral)
    return referral


def _count_name_confirmation(referral: Referral, texts: list[str], *, confirmed: bool, user):
    """Count that a text which looked like a name was kept on purpose (never the text)."""
    if confirmed and any(pii.likely_names(text) for text in texts if text):
        audit.log(referral, actions.NAME_CONFIRMED, user=user, library=referral.library)


def _notify_on_commit(name: str, referral: Referral, **kwargs) -> None:
    def send() -> None:
        from plein.referrals.services import notify

        getattr(notify, name)(referral=referral, **kwargs)

    transaction.on_commit(send)


def transitions_for(*, referral: Referral, as_partner: bool) -> frozenset[str]:
    table = PARTNER_TRANSITIONS if as_partner else DESK_TRANSITIONS
    return table.get(referral.status, frozenset())


def _free_text_errors(*, field: str, text: str, names_confirmed: bool) -> ValidationError | None:
    # The free text beside a coded reason or outcome is shown to the desk: no personal data,
    # and a likely name only when the user confirms it is none.
    if len(text) > FREE_TEXT_MAX_LENGTH:
        return ValidationError({field: [ValidationError(TEXT_TOO_LONG)]})
    problems = pii.personal_data_problems(text)
    if problems:
        message = ValidationError(TEXT_PERSONAL_DATA, params={"problems": "; ".join(problems)})
        return ValidationError({field: [message]})
    name_error = pii.likely_name_error(text, confirmed=names_confirmed)
    return ValidationError({field: [name_error]}) if name_error is not None else None


@dataclass(frozen=True)
class Coded:
    """A coded reason or outcome with its optional free text. A text without a code is filed
    as "anders" (other): callers that only have a text (a system reason) need no code."""

    code: str = ""
    text: str = ""

    @property
    def filed(self) -> str:
        return self.code or (ReasonCode.OTHER.value if self.text.strip() else "")


def _code_errors(*, reason_code: str, outcome_code: str) -> ValidationError | None:
    if reason_code and reason_code not in ReasonCode.values:
        return ValidationError({"reason_code": [ValidationError(REASON_UNKNOWN)]})
    if outcome_code and outcome_code not in OutcomeCode.values:
        return ValidationError({"outcome_code": [ValidationError(OUTCOME_UNKNOWN)]})
    return None


def _transition_errors(
    referral, *, to: str, as_partner: bool, reason: Coded, outcome: Coded, names_confirmed: bool
):
    if referral.is_closed:
        return ValidationError(ALREADY_CLOSED)
    if to not in transitions_for(referral=referral, as_partner=as_partner):
        label = Status(to).label if to in Status.values else to
        return ValidationError(
            TRANSITION_NOT_ALLOWED,
            params={"from": Status(referral.status).label, "to": label},
        )
    error = _code_errors(reason_code=reason.code, outcome_code=outcome.code)
    if error is not None:
        return error
    for field, text in (("reason", reason.text), ("outcome", outcome.text)):
        if referral.is_purged and text.strip():
            # Purged already (at the resident's request): a text now would never be purged.
            return ValidationError({field: [ValidationError(TEXT_AFTER_PURGE)]})
        error = _free_text_errors(field=field, text=text.strip(), names_confirmed=names_confirmed)
        if error is not None:
            return error
    if to in REASON_REQUIRED and not reason.filed:
        return ValidationError({"reason_code": [ValidationError(REASON_MISSING)]})
    if to == Status.COMPLETED and not outcome.filed:
        return ValidationError({"outcome_code": [ValidationError(OUTCOME_MISSING)]})
    for field, coded in (("reason", reason), ("outcome", outcome)):
        if coded.code == ReasonCode.OTHER and not coded.text.strip() and not referral.is_purged:
            return ValidationError({field: [ValidationError(OTHER_NEEDS_TEXT)]})
    return None


TRANSITION_FIELDS = [
    "status",
    "status_reason_code",
    "status_reason",
    "outcome_code",
    "outcome",
    "acknowledged_at",
    "closed_at",
]


@transaction.atomic
def referral_transition(
    *,
    referral: Referral,
    to: str,
    as_partner: bool,
    user=None,
    actor_label: str = "",
    reason: str = "",
    outcome: str = "",
    reason_code: str = "",
    outcome_code: str = "",
    names_confirmed: bool = False,
) -> Referral:
    """Move a referral to another status, or raise ValidationError (nothing changes then).

    A reason (for REASON_REQUIRED) and an outcome (for completed) are a code with an optional
    free text; the text is purged with the contact data, the code stays."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    coded_reason, coded_outcome = Coded(reason_code, reason), Coded(outcome_code, outcome)
    error = _transition_errors(
        referral,
        to=to,
        as_partner=as_partner,
        reason=coded_reason,
        outcome=coded_outcome,
        names_confirmed=names_confirmed,
    )
    if error is not None:
        raise error
    before = referral.status
    now = timezone.now()
    referral.status = to
    kept = to in REASON_REQUIRED
    referral.status_reason_code = coded_reason.filed if kept else ""
    referral.status_reason = reason.strip()[:300] if kept else ""
    if to == Status.COMPLETED:
        referral.outcome_code = coded_outcome.filed
        referral.outcome = outcome.strip()[:300]
    if to in ACKNOWLEDGING and referral.acknowledged_at is None:
        referral.acknowledged_at = now
    if to in CLOSED_STATUSES:
        referral.closed_at = now
    # Only the status fields: the encrypted contact fields are never rewritten by a transition.
    referral.save(update_fields=TRANSITION_FIELDS)
    ReferralEvent.objects.create(
        referral=referral,
        from_status=before,
        to_status=to,
        reason_code=referral.status_reason_code if kept else coded_outcome.filed,
        reason=referral.status_reason if kept else referral.outcome,
        actor=user if getattr(user, "is_authenticated", False) else None,
        actor_label=actor_label,
    )
    audit.log(
        referral,
        actions.REFERRAL_STATUS_CHANGED[Status(to)],
        user=user,
        actor_label=actor_label,
        changes={"status": [before, to]},
    )
    _count_name_confirmation(referral, [reason, outcome], confirmed=names_confirmed, user=user)
    _notify_on_commit("referral_status_changed", referral, from_status=before)
    return referral


@transaction.atomic
def referral_acknowledge(*, referral: Referral, user=None, actor_label: str = "") -> bool:
    """'Ontvangen' in one click; True if it changed anything (a second click changes nothing)."""
    # Read under a lock: two clicks at once must not both try the transition.
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.acknowledged_at is not None or referral.status != Status.REQUESTED:
        return False
    referral_transition(
        referral=referral, to=Status.RECEIVED, as_partner=True, user=user, actor_label=actor_label
    )
    return True


# The contact data, and the free texts beside the coded reason and outcome.
PURGED_FIELDS = (
    "first_name",
    "phone",
    "email",
    "preferred_time",
    "contact_language",
    "summary",
    "status_reason",
    "outcome",
)


@transaction.atomic
def referral_purge(*, referral: Referral, reason: str, user=None) -> None:
    """Empty the personal data; the non-personal skeleton stays for reports."""
    if referral.is_purged:
        return
    for name in PURGED_FIELDS:
        setattr(referral, name, "")
    referral.purged_at = timezone.now()
    referral.save(update_fields=[*PURGED_FIELDS, "purged_at"])
    referral.events.exclude(reason="").update(reason="")
    audit.log(
        referral,
        actions.REFERRAL_PURGED,
        user=user,
        actor_label="" if user else "system",
        changes={"reason": reason},
    )


@transaction.atomic
def consent_withdraw(*, referral: Referral, user=None) -> None:
    """Withdrawal purges at once and tells the partner (without personal data)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    consent = Consent.objects.select_for_update().get(referral=referral)
    if consent.withdrawn_at is not None:
        raise ValidationError(CONSENT_ALREADY_WITHDRAWN)
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    audit.log(consent, actions.CONSENT_WITHDRAWN, user=user, library=referral.library)
    if not referral.is_closed:
        referral = referral_transition(
            referral=referral,
            to=Status.CANCELLED,
            as_partner=False,
            user=user,
            actor_label="" if user else "resident",
            reason_code=ReasonCode.CONSENT_WITHDRAWN,
        )
    referral_purge(referral=referral, reason="consent withdrawn", user=user)
    _notify_on_commit("consent_withdrawn", referral)


def purge_due_at(*, referral: Referral) -> datetime.datetime | None:
    if referral.closed_at is None:
        return None
    days = referral_settings_get(library=referral.library).retention_days
    return referral.closed_at + datetime.timedelta(days=days)


def referral_contact_viewed(*, referral: Referral, user) -> None:
    """Record that a person saw a referral's contact details (every viewing is audited)."""
    audit.log(referral, actions.REFERRAL_CONTACT_VIEWED, user=user)

"""Reads for the desk and the resident's pages: services to refer to, referrals, consent text."""

import uuid
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from plein.core.models import Library
from plein.referrals.models import (
    CLOSED_STATUSES,
    ConsentText,
    PartnerAgreement,
    Referral,
    ReferralEvent,
)
from plein.referrals.selectors.reach import organizations_reachable
from plein.referrals.services import lifecycle
from plein.referrals.services.desk import REFER_AGAIN_STATUSES
from plein.socialmap.models import Organization, Service, ServiceStatus
from plein.socialmap.selectors import phones_shown, service_ids_with_terms

SERVICE_UNKNOWN = _("Deze dienst staat niet op de sociale kaart van uw bibliotheek.")
SERVICE_NOT_OFFERED = _("Deze dienst wordt niet meer aangeboden.")
SERVICE_CHOOSE = _("Kies eerst de dienst waarnaar u wilt doorverwijzen.")

OFFERED = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)

# The filters of the desk overview.
FILTER_OPEN = "open"
FILTER_ATTENTION = "aandacht"
FILTER_CLOSED = "afgesloten"
FILTER_ALL = "alle"
FILTERS = [
    (FILTER_OPEN, _("Lopend")),
    (FILTER_ATTENTION, _("Aandacht nodig")),
    (FILTER_CLOSED, _("Afgesloten")),
    (FILTER_ALL, _("Alle")),
]

# What the consent text says about the data and its purpose, in the language it is shown in.
CONSENT_DATA = {
    "nl": "uw voornaam (of een naam die u kiest), uw telefoonnummer en/of e-mailadres, "
    "wanneer u het liefst gebeld wordt, uw taal en een korte samenvatting van uw vraag",
    "en": "your first name (or a name you choose), your phone number and/or e-mail address, "
    "when you prefer to be called, your language and a short summary of your question",
}
CONSENT_PURPOSE = {
    "nl": "Zodat {organization} u kan bellen of mailen over uw vraag.",
    "en": "So that {organization} can call or e-mail you about your question.",
}
SERVICE_NONE = {"nl": "alle hulp van deze organisatie", "en": "any help this organisation offers"}


def partner_services(*, library: Library, exclude: Service | None = None) -> QuerySet[Service]:
    """Services a desk may refer to: offered, of a partner organisation, of the library."""
    services = (
        Service.objects.for_library(library)
        .filter(organization__is_partner=True, status__in=OFFERED)
        .select_related("organization", "library")
    )
    if exclude is not None:
        services = services.exclude(pk=exclude.pk)
    return services.order_by("organization__name", "name")


@dataclass
class PickerGroup:
    """One organisation in the desk's referral picker, with its services to choose from."""

    organization: Organization
    agreement: PartnerAgreement | None
    services: list[tuple[Service, bool]]  # (service, fits the registered question's topics)

    @property
    def fits(self) -> bool:
        return any(fits for _service, fits in self.services)


def _search(services: QuerySet[Service], query: str) -> QuerySet[Service]:
    for word in query.split():
        services = services.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(organization__name__icontains=word)
            | Q(organization__alternate_name__icontains=word)
        )
    return services


def referral_picker(
    *, library: Library, query: str = "", registration=None
) -> tuple[list[PickerGroup], list[Service]]:
    """The partners the desk may refer to (an active agreement, someone to receive it),
    grouped by organisation, narrowed by the search words; services that fit the registered
    question's topics first, and organisations with such a service first. Also the partners'
    services that cannot receive a warm referral now (give the resident the number)."""
    services = list(_search(partner_services(library=library), query))
    reachable = organizations_reachable(organizations={s.organization for s in services})
    fitting: set = set()
    if registration is not None:
        term_ids = registration.topics.exclude(term=None).values_list("term_id", flat=True)
        fitting = service_ids_with_terms(
            service_ids=[s.pk for s in services if s.organization_id in reachable],
            term_ids=term_ids,
        )
    agreements = {
        row.organization_id: row
        for row in PartnerAgreement.objects.filter(organization_id__in=reachable)
    }
    groups: dict = {}
    for service in services:
        if service.organization_id in reachable:
            group = groups.setdefault(
                service.organization_id,
                PickerGroup(service.organization, agreements.get(service.organization_id), []),
            )
            group.services.append((service, service.pk in fitting))
    for group in groups.values():
        group.services.sort(key=lambda row: not row[1])
    ordered = sorted(groups.values(), key=lambda group: not group.fits)
    return ordered, [s for s in services if s.organization_id not in reachable]


def service_for_referral(*, library: Library, raw_id: str) -> tuple[Service | None, str]:
    """The service a referral goes to, or None and the Dutch reason why it cannot."""
    if not raw_id:
        return None, str(SERVICE_CHOOSE)
    try:
        pk = uuid.UUID(str(raw_id))
    except ValueError:
        return None, str(SERVICE_UNKNOWN)
    service = Service.objects.select_related("organization", "library").filter(pk=pk).first()
    # Another library's service is reported as unknown: its existence is none of our business.
    if service is None or service.library_id != library.pk:
        return None, str(SERVICE_UNKNOWN)
    if service.status not in OFFERED:
        return None, str(SERVICE_NOT_OFFERED)
    if not service.organization.is_partner:
        return None, str(lifecycle.ORGANIZATION_NOT_PARTNER)
    message = lifecycle.organization_unreachable_reason(organization=service.organization)
    if message:
        return None, message
    return service, ""


def consent_text_render(
    *,
    text: ConsentText,
    language: str,
    organization: Organization,
    service: Service | None,
    retention_days: int,
) -> str:
    """The consent text with its placeholders filled in (plain replacement: braces are safe)."""
    language = "en" if language == "en" else "nl"
    body = text.body_en if language == "en" else text.body_nl
    values = {
        "{purpose}": CONSENT_PURPOSE[language],
        "{data}": CONSENT_DATA[language],
        "{organization}": organization.name,
        "{service}": service.name if service else SERVICE_NONE[language],
        "{retention_days}": str(retention_days),
    }
    # The purpose names the organisation, so it is filled in first.
    for placeholder, value in values.items():
        body = body.replace(placeholder, value)
    return body


@dataclass
class ConsentView:
    text: ConsentText
    language: str
    body: str


def consent_view(*, library: Library, service: Service, language: str) -> ConsentView:
    text = lifecycle.consent_text_current(library=library)
    retention = lifecycle.referral_settings_get(library=library).retention_days
    language = "en" if language == "en" else "nl"
    body = consent_text_render(
        text=text,
        language=language,
        organization=service.organization,
        service=service,
        retention_days=retention,
    )
    return ConsentView(text=text, language=language, body=body)


def _needs_attention() -> Q:
    # Rejected or not reached and not yet referred elsewhere, or escalated without an answer.
    followed_up = Exists(Referral.objects.filter(previous=OuterRef("pk")))
    stuck = Q(status__in=REFER_AGAIN_STATUSES, purged_at__isnull=True) & ~Q(followed_up)
    escalated = Q(escalated_at__isnull=False, acknowledged_at__isnull=True) & ~Q(
        status__in=CLOSED_STATUSES
    )
    return stuck | escalated


def referral_list_for_library(*, library: Library, state: str) -> QuerySet[Referral]:
    referrals = (
        Referral.objects.for_library(library)
        .select_related("organization", "service")
        .annotate(next_count=Count("next_referrals"))
        .order_by("-created_at")
    )
    if state == FILTER_OPEN:
        return referrals.exclude(status__in=CLOSED_STATUSES)
    if state == FILTER_ATTENTION:
        return referrals.filter(_needs_attention())
    if state == FILTER_CLOSED:
        return referrals.filter(status__in=CLOSED_STATUSES)
    return referrals


def referral_needs_attention(*, referral: Referral) -> bool:
    return Referral.objects.filter(pk=referral.pk).filter(_needs_attention()).exists()


def referral_events(*, referral: Referral) -> list[ReferralEvent]:
    return list(referral.events.select_related("actor"))


def referral_follow_ups(*, referral: Referral) -> list[Referral]:
    return list(referral.next_referrals.select_related("organization", "service"))


def referral_for_card(*, referral: Referral) -> Referral:
    """The referral with what the card shows: the organisation's and service's public phones."""
    public_phones = phones_shown(professional=False).filter(contact__isnull=True)
    return (
        Referral.objects.select_related("organization", "service", "library", "branch__location")
        .prefetch_related(
            Prefetch("organization__phones", queryset=public_phones),
            Prefetch("service__phones", queryset=public_phones),
            "branch__location__addresses",
            Prefetch("branch__location__phones", queryset=public_phones),
        )
        .get(pk=referral.pk)
    )

"""Reads for the self-assessment pages; every library's rows through for_library."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from plein.cooperation.instrument import instrument
from plein.cooperation.models import Answer, Assessment, Response
from plein.cooperation.results import Results, Scores, results_compute
from plein.core.models import Library
from plein.referrals.models import PartnerAgreement
from plein.referrals.selectors.reach import organization_recipients
from plein.socialmap.models import Organization


def network_partners(*, library: Library) -> QuerySet[Organization]:
    """The library's network partners with an agreement: who is asked in a round."""
    return (
        Organization.objects.for_library(library)
        .filter(is_partner=True, archived_at__isnull=True, agreement__isnull=False)
        .order_by("name")
    )


def assessment_list(*, library: Library) -> QuerySet[Assessment]:
    return Assessment.objects.for_library(library).annotate(
        invited=Count("responses"),
        answered=Count("responses", filter=Q(responses__submitted_at__isnull=False)),
    )


def assessment_open(*, library: Library) -> Assessment | None:
    return (
        Assessment.objects.for_library(library).filter(closes_on__gte=timezone.localdate()).first()
    )


def response_rows(*, assessment: Assessment) -> QuerySet[Response]:
    """Who was asked and who answered (never what): for the coordinator."""
    return assessment.responses.select_related("organization").order_by("organization__name")


def recipients(*, organization: Organization) -> list[str]:
    """Where the link goes: the contact person of the agreement, who speaks for the partner in
    the network; without one, whoever gets the partner's warm referrals (its partner accounts,
    else its referral address)."""
    agreement = PartnerAgreement.objects.filter(organization=organization).first()
    if agreement is not None and agreement.contact_email:
        return [agreement.contact_email]
    return organization_recipients(organization=organization)


def _forms(assessment: Assessment) -> list[Scores]:
    scores: dict[int, dict[str, int | None]] = defaultdict(dict)
    answers = Answer.objects.filter(
        response__assessment=assessment, response__submitted_at__isnull=False
    ).values_list("response_id", "statement", "score")
    for response_id, statement, score in answers:
        scores[response_id][statement] = score
    return list(scores.values())


def previous_assessment(*, assessment: Assessment) -> Assessment | None:
    """The closed round before this one that used the same instrument (for the trend)."""
    return (
        Assessment.objects.for_library(assessment.library_id)
        .filter(
            started_at__lt=assessment.started_at,
            instrument_version=assessment.instrument_version,
            closes_on__lt=timezone.localdate(),
        )
        .order_by("-started_at")
        .first()
    )


def assessment_results(*, assessment: Assessment, with_trend: bool = True) -> Results:
    previous = previous_assessment(assessment=assessment) if with_trend else None
    return results_compute(
        instrument=instrument(assessment.instrument_version),
        forms=_forms(assessment),
        previous=assessment_results(assessment=previous, with_trend=False) if previous else None,
    )


def answers_of(*, response: Response) -> dict[str, int | None]:
    """An organisation's own answers, to fill in its form again (through its own link only)."""
    return dict(response.answers.values_list("statement", "score"))


def comments(*, assessment: Assessment) -> list[str]:
    """The partners' comments in alphabetical order, not tied to who wrote them."""
    texts = assessment.responses.filter(submitted_at__isnull=False).exclude(comment="")
    return sorted(texts.values_list("comment", flat=True))


def partner_assessments(*, organization: Organization) -> QuerySet[Assessment]:
    """The closed rounds an organisation was asked in: for its dashboard."""
    return Assessment.objects.for_library(organization.library_id).filter(
        responses__organization=organization, closes_on__lt=timezone.localdate()
    )

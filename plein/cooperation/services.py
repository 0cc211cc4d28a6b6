"""Writes of the self-assessment: start a round, answer it through the signed link, remind."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from plein.cooperation import audit_actions, selectors, signing
from plein.cooperation.instrument import CURRENT_VERSION, SCALE_MAX, SCALE_MIN, instrument
from plein.cooperation.models import Answer, Assessment, Response
from plein.core import audit, pii
from plein.core.models import Library

logger = logging.getLogger(__name__)

MAX_DAYS_OPEN = 90
CLOSES_IN_PAST = _("Kies een sluitdatum na vandaag.")
CLOSES_TOO_LATE = _("Kies een sluitdatum binnen %(days)s dagen.")
ALREADY_OPEN = _("Er loopt al een meetronde. Start een nieuwe als die gesloten is.")
NO_PARTNERS = _(
    "Er zijn nog geen netwerkpartners met een samenwerkingsafspraak. Leg eerst afspraken vast."
)
ROUND_CLOSED = _("Deze meetronde is gesloten: antwoorden kunnen niet meer worden gewijzigd.")
ANSWER_MISSING = _("Kies bij elke stelling een antwoord (of “weet niet”).")
ANSWER_INVALID = _("Dit antwoord bestaat niet. Kies een getal van 1 tot en met 5 of “weet niet”.")
LINK_ACTOR_LABEL = "ondertekende link"


@transaction.atomic
def assessment_start(*, library: Library, closes_on: datetime.date, user) -> Assessment:
    """A new round for the library's network partners; each gets its link by e-mail."""
    today = timezone.localdate()
    if closes_on <= today:
        raise ValidationError({"closes_on": CLOSES_IN_PAST})
    if closes_on > today + datetime.timedelta(days=MAX_DAYS_OPEN):
        too_late = ValidationError(CLOSES_TOO_LATE, params={"days": MAX_DAYS_OPEN})
        raise ValidationError({"closes_on": too_late})
    # One round at a time: the lock makes two coordinators starting at once queue here.
    Library.objects.select_for_update().filter(pk=library.pk).first()
    if selectors.assessment_open(library=library) is not None:
        raise ValidationError(ALREADY_OPEN)
    partners = list(selectors.network_partners(library=library))
    if not partners:
        raise ValidationError(NO_PARTNERS)
    now = timezone.now()
    assessment = Assessment.objects.create(
        library=library,
        instrument_version=CURRENT_VERSION,
        closes_on=closes_on,
        started_at=now,
        started_by=user,
    )
    responses = Response.objects.bulk_create(
        Response(assessment=assessment, organization=o, invited_at=now) for o in partners
    )
    audit.log(
        assessment,
        audit_actions.ASSESSMENT_STARTED,
        user=user,
        changes={"partners": len(responses), "closes_on": closes_on.isoformat()},
    )
    transaction.on_commit(lambda: _send_links(assessment, responses, template="invitation"))
    return assessment


@transaction.atomic
def assessment_remind(*, assessment: Assessment, user) -> int:
    """Send the link again to the partners that have not answered; how many were reminded."""
    if not assessment.is_open():
        raise ValidationError(ROUND_CLOSED)
    waiting = list(
        assessment.responses.select_related("organization").filter(submitted_at__isnull=True)
    )
    if not waiting:
        return 0
    Response.objects.filter(pk__in=[r.pk for r in waiting]).update(reminded_at=timezone.now())
    audit.log(
        assessment, audit_actions.ASSESSMENT_REMINDED, user=user, changes={"partners": len(waiting)}
    )
    transaction.on_commit(lambda: _send_links(assessment, waiting, template="reminder"))
    return len(waiting)


def _scores_checked(values: dict[str, int | None], version: int) -> dict[str, int | None]:
    codes = instrument(version).statement_codes
    errors = {}
    for code in codes:
        if code not in values:
            errors[code] = ANSWER_MISSING
        elif values[code] is not None and not SCALE_MIN <= values[code] <= SCALE_MAX:  # type: ignore[operator]
            errors[code] = ANSWER_INVALID
    if set(values) - codes:
        errors["__all__"] = ANSWER_INVALID
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def response_save(
    *,
    response: Response,
    scores: dict[str, int | None],
    comment: str = "",
    names_confirmed: bool = False,
) -> Response:
    """Store (or replace) an organisation's answers while the round is open."""
    response = (
        Response.objects.select_for_update()
        .select_related("assessment__library", "organization")
        .get(pk=response.pk)
    )
    if not response.assessment.is_open():
        raise ValidationError(ROUND_CLOSED)
    scores = _scores_checked(scores, response.assessment.instrument_version)
    comment = pii.comment_checked(comment, names_confirmed=names_confirmed)
    first = response.submitted_at is None
    response.answers.all().delete()
    Answer.objects.bulk_create(
        Answer(response=response, statement=code, score=score) for code, score in scores.items()
    )
    now = timezone.now()
    response.submitted_at = response.submitted_at or now
    response.updated_at = now
    response.comment = comment
    response.save(update_fields=["submitted_at", "updated_at", "comment"])
    unknown = sum(score is None for score in scores.values())
    audit.log(
        response,
        audit_actions.RESPONSE_SUBMITTED if first else audit_actions.RESPONSE_CHANGED,
        actor_label=LINK_ACTOR_LABEL,
        library=response.assessment.library,
        changes={"answers": len(scores) - unknown, "unknown": unknown, "comment": bool(comment)},
    )
    return response


def _send_links(assessment: Assessment, responses: list[Response], *, template: str) -> int:
    """One e-mail per organisation with its own link (no personal data). A mail server that is
    down must not undo the round: failures are logged without addresses and swallowed."""
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for response in responses:
            to = selectors.recipients(organization=response.organization)
            if not to:
                continue
            context = {
                "assessment": assessment,
                "library": assessment.library,
                "organization": response.organization,
                "url": signing.answer_url(response=response),
            }
            subject = " ".join(
                render_to_string(f"cooperation/email/{template}_subject.txt", context).split()
            )
            body = render_to_string(f"cooperation/email/{template}_body.txt", context)
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, to))
    try:
        return send_mass_mail(messages, fail_silently=False)
    except Exception:  # noqa: BLE001 - any mail failure; the round stands
        logger.exception("Sending %s e-mails of assessment %s failed", template, assessment.pk)
        return 0

"""Factories for referrals. Named states set the fields directly (fast, no notifications);
use plein.referrals.services.lifecycle when a test is about the workflow itself.

    ReferralFactory()                       requested, with consent and a first event
    ReferralFactory(acknowledged=True)      received ("Ontvangen")
    ReferralFactory(accepted=True) / in_progress / on_hold
    ReferralFactory(completed=True)         closed with an outcome (alias: closed=True)
    ReferralFactory(rejected=True) / cancelled / failed / entered_in_error   closed with a reason
    ReferralFactory(purged=True)            completed and purged (personal fields empty)
    ReferralFactory(reminded=True) / escalated=True
    ReferralFactory(withdrawn=True)         consent withdrawn, cancelled and purged
"""

import datetime

import factory
from django.utils import timezone

from plein.referrals import models
from plein.referrals.models import OutcomeCode, ReasonCode, Status
from plein.referrals.services.lifecycle import PURGED_FIELDS, consent_text_current
from plein.socialmap.tests.factories import OrganizationFactory, ServiceFactory


def _now():
    return timezone.now()


def _closed(status: str, **extra) -> factory.Trait:
    return factory.Trait(
        status=status,
        acknowledged_at=factory.LazyFunction(_now),
        closed_at=factory.LazyFunction(_now),
        **extra,
    )


class ConsentTextFactory(factory.django.DjangoModelFactory):
    """A library's own consent text (the installation default comes from consent_text_current)."""

    class Meta:
        model = models.ConsentText

    library = factory.SubFactory("plein.core.tests.factories.LibraryFactory")
    version = factory.Sequence(lambda n: n + 2)
    body_nl = "Mogen wij uw gegevens doorgeven aan {organization}? ({retention_days} dagen)"
    body_en = "May we pass on your details to {organization}? ({retention_days} days)"


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Referral
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory, is_partner=True)
    library = factory.SelfAttribute("organization.library")
    service = factory.SubFactory(
        ServiceFactory, organization=factory.SelfAttribute("..organization")
    )
    branch = None
    source = models.Source.DESK
    status = Status.REQUESTED
    first_name = "Fatima"
    phone = "06-12345678"
    email = "fatima@voorbeeld.nl"
    preferred_time = "dinsdagochtend"
    contact_language = models.ContactLanguage.DUTCH
    summary = "Vraag over toeslagen en een brief van de gemeente."

    class Params:
        acknowledged = factory.Trait(
            status=Status.RECEIVED, acknowledged_at=factory.LazyFunction(_now)
        )
        accepted = factory.Trait(status=Status.ACCEPTED, acknowledged_at=factory.LazyFunction(_now))
        in_progress = factory.Trait(
            status=Status.IN_PROGRESS, acknowledged_at=factory.LazyFunction(_now)
        )
        on_hold = factory.Trait(
            status=Status.ON_HOLD,
            status_reason_code=ReasonCode.WAITING_FOR_RESIDENT,
            status_reason="Wacht op papieren",
            acknowledged_at=factory.LazyFunction(_now),
        )
        completed = _closed(
            Status.COMPLETED, outcome_code=OutcomeCode.HELPED, outcome="Geholpen met de aanvraag"
        )
        closed = _closed(
            Status.COMPLETED, outcome_code=OutcomeCode.HELPED, outcome="Geholpen met de aanvraag"
        )
        rejected = _closed(
            Status.REJECTED,
            status_reason_code=ReasonCode.NO_MATCH,
            status_reason="Past niet bij ons aanbod",
        )
        cancelled = _closed(
            Status.CANCELLED,
            status_reason_code=ReasonCode.HELPED_ELSEWHERE,
            status_reason="Bewoner heeft al hulp",
        )
        failed = _closed(
            Status.FAILED,
            status_reason_code=ReasonCode.NOT_REACHED,
            status_reason="Drie keer gebeld, geen gehoor",
        )
        entered_in_error = _closed(
            Status.ENTERED_IN_ERROR,
            status_reason_code=ReasonCode.MISTAKE,
            status_reason="Verkeerde dienst",
        )
        purged = factory.Trait(
            status=Status.COMPLETED,
            outcome_code=OutcomeCode.HELPED,
            acknowledged_at=factory.LazyFunction(_now),
            closed_at=factory.LazyFunction(lambda: _now() - datetime.timedelta(days=31)),
            purged_at=factory.LazyFunction(_now),
            **{name: "" for name in PURGED_FIELDS},
        )
        reminded = factory.Trait(reminded_at=factory.LazyFunction(_now))
        escalated = factory.Trait(
            reminded_at=factory.LazyFunction(_now), escalated_at=factory.LazyFunction(_now)
        )
        withdrawn = factory.Trait(
            status=Status.CANCELLED,
            status_reason_code=ReasonCode.CONSENT_WITHDRAWN,
            closed_at=factory.LazyFunction(_now),
            purged_at=factory.LazyFunction(_now),
            **{name: "" for name in PURGED_FIELDS},
        )

    @factory.post_generation
    def consent(self, create, extracted, **kwargs):
        """Every referral has a consent (pass consent=False to leave it out)."""
        if not create or extracted is False:
            return
        ConsentFactory(
            referral=self,
            withdrawn_at=self.closed_at
            if self.status_reason_code == ReasonCode.CONSENT_WITHDRAWN
            else None,
            **kwargs,
        )

    @factory.post_generation
    def events(self, create, extracted, **kwargs):
        """The history a real referral has: 'requested', then the current status if different."""
        if not create or extracted is False:
            return
        models.ReferralEvent.objects.create(
            referral=self, to_status=Status.REQUESTED, actor_label=self.source
        )
        if self.status != Status.REQUESTED:
            models.ReferralEvent.objects.create(
                referral=self,
                from_status=Status.REQUESTED,
                to_status=self.status,
                reason_code=self.status_reason_code or self.outcome_code,
                reason=self.status_reason or self.outcome,
            )


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Consent

    referral = factory.SubFactory(ReferralFactory, consent=False)
    text = factory.LazyAttribute(lambda c: consent_text_current(library=c.referral.library))
    language = "nl"
    given_at = factory.LazyFunction(_now)
    recorded_by = None
    withdrawn_at = None

"""Reminders, escalations and the purge, on a frozen clock (Europe/Amsterdam)."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.core.periodic import periodic_registry
from plein.core.workdays import AMSTERDAM
from plein.referrals import signing, tasks
from plein.referrals.models import OutcomeCode, Referral, ReferralSettings, Status
from plein.referrals.services import lifecycle, timers
from plein.referrals.tests.factories import ReferralFactory
from plein.socialmap.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

PERSONAL = ("Fatima", "06-12345678", "fatima@voorbeeld.nl", "toeslagen", "dinsdagochtend")


def at(month, day, hour=10, minute=0, year=2026):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


@pytest.fixture
def organization():
    return OrganizationFactory(is_partner=True, name="Welzijn Oost", email="info@welzijn.test")


@pytest.fixture
def partners(organization):
    return [
        UserFactory(partner=True, organization=organization, email="a@welzijn.test"),
        UserFactory(partner=True, organization=organization, email="b@welzijn.test"),
    ]


@pytest.fixture
def coordinator(organization):
    return UserFactory(coordinator=True, library=organization.library, email="coord@bieb.test")


def referral_at(moment, **kwargs):
    with time_machine.travel(moment, tick=False):
        return ReferralFactory(**kwargs)


def run(step, moment):
    with time_machine.travel(moment, tick=False):
        return step()


def test_reminder_waits_two_working_days_over_a_weekend(organization, partners):
    referral = referral_at(at(3, 6), organization=organization)  # Friday 10:00
    assert run(timers.referral_reminders_send, at(3, 9, 10)) == 0  # Monday
    assert run(timers.referral_reminders_send, at(3, 10, 9, 59)) == 0
    assert mail.outbox == []
    assert run(timers.referral_reminders_send, at(3, 10, 10)) == 1  # Tuesday 10:00
    assert sorted(m.to[0] for m in mail.outbox) == ["a@welzijn.test", "b@welzijn.test"]
    referral.refresh_from_db()
    assert referral.reminded_at == at(3, 10, 10)


def test_reminder_is_sent_once(organization, partners):
    referral_at(at(3, 6), organization=organization)
    assert run(timers.referral_reminders_send, at(3, 10, 10)) == 1
    assert run(timers.referral_reminders_send, at(3, 10, 11)) == 0
    assert run(timers.referral_reminders_send, at(3, 20, 11)) == 0
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(action="referrals.referral.reminded").count() == 1


def test_reminder_skips_christmas(organization, partners):
    referral_at(at(12, 23), organization=organization)  # Wednesday
    # Thursday 24th is one working day; 25, 26 and 27 December are not working days.
    assert run(timers.referral_reminders_send, at(12, 27, 23)) == 0
    assert run(timers.referral_reminders_send, at(12, 28, 9)) == 0
    assert run(timers.referral_reminders_send, at(12, 28, 10)) == 1


def test_reminder_skips_kings_day(organization, partners):
    referral_at(at(4, 24, year=2026), organization=organization)  # Friday; Monday 27 April off
    assert run(timers.referral_reminders_send, at(4, 28, 10)) == 0
    assert run(timers.referral_reminders_send, at(4, 29, 10)) == 1


def test_reminder_follows_the_librarys_setting(organization, partners):
    ReferralSettings.objects.create(library=organization.library, reminder_working_days=1)
    referral_at(at(3, 9), organization=organization)
    assert run(timers.referral_reminders_send, at(3, 10, 10)) == 1


@pytest.mark.parametrize("state", ["acknowledged", "accepted", "rejected", "cancelled", "purged"])
def test_no_reminder_once_acknowledged_or_closed(organization, partners, state):
    referral_at(at(3, 2), organization=organization, **{state: True})
    assert run(timers.referral_reminders_send, at(3, 20)) == 0
    assert run(timers.referral_escalations_send, at(3, 20)) == 0
    assert mail.outbox == []


def test_no_reminder_after_an_acknowledgement_by_the_signed_link(organization, partners):
    referral = referral_at(at(3, 6), organization=organization)
    with time_machine.travel(at(3, 9), tick=False):
        assert lifecycle.referral_acknowledge(referral=referral, actor_label="signed link")
    assert run(timers.referral_reminders_send, at(3, 20)) == 0


def test_reminder_goes_to_the_referral_address_when_it_has_no_partner_users(organization):
    organization.referral_email = "doorverwijzen@welzijn.test"
    organization.save()
    referral_at(at(3, 6), organization=organization)
    assert run(timers.referral_reminders_send, at(3, 10, 10)) == 1
    # Not the public general address: referral notices go where the partner asked for them.
    assert [m.to for m in mail.outbox] == [["doorverwijzen@welzijn.test"]]


def test_reminder_skips_inactive_partner_users_and_other_organisations(organization, partners):
    partners[1].is_active = False
    partners[1].save()
    UserFactory(partner=True, email="other@elders.test")
    referral_at(at(3, 6), organization=organization)
    run(timers.referral_reminders_send, at(3, 10, 10))
    assert [m.to for m in mail.outbox] == [["a@welzijn.test"]]


def test_reminder_carries_no_personal_data_and_a_working_link(organization, partners):
    referral = referral_at(at(3, 6), organization=organization)
    run(timers.referral_reminders_send, at(3, 10, 10))
    message = mail.outbox[0]
    text = message.subject + message.body
    for value in PERSONAL:
        assert value not in text
    assert "Welzijn Oost" in message.body and organization.library.name in message.subject
    assert "6 maart 2026" in message.body and "2 werkdagen" in message.body
    assert signing.partner_detail_url(referral=referral) in message.body
    with time_machine.travel(at(3, 10, 10), tick=False):
        ack = signing.ack_url(referral=referral)
        assert ack in message.body
        token = ack.rstrip("/").rsplit("/", 1)[1]
        assert signing.ack_token_read(token=token) == referral


def test_escalation_after_five_working_days_to_the_coordinators_once(
    organization, partners, coordinator
):
    UserFactory(coordinator=True, email="elders@bieb.test")  # another library
    referral = referral_at(at(3, 6), organization=organization)  # Friday
    assert run(timers.referral_escalations_send, at(3, 12, 23)) == 0  # Thursday
    assert run(timers.referral_escalations_send, at(3, 13, 10)) == 1  # Friday 10:00
    assert run(timers.referral_escalations_send, at(3, 13, 11)) == 0
    assert [m.to for m in mail.outbox] == [["coord@bieb.test"]]
    message = mail.outbox[0]
    for value in PERSONAL:
        assert value not in message.subject + message.body
    assert "Welzijn Oost" in message.subject and "5 werkdagen" in message.body
    assert f"/doorverwijzingen/{referral.pk}/" in message.body
    referral.refresh_from_db()
    assert referral.escalated_at == at(3, 13, 10)


def test_escalation_skips_easter_monday(organization, coordinator):
    # Good Friday is a working day, Easter Monday (6 April 2026) is not.
    referral_at(at(3, 31), organization=organization)  # Tuesday
    assert run(timers.referral_escalations_send, at(4, 7, 10)) == 0
    assert run(timers.referral_escalations_send, at(4, 8, 10)) == 1


@override_settings(PLEIN_LIBERATION_DAY="yearly")
def test_escalation_respects_the_liberation_day_setting(organization, coordinator):
    referral_at(at(4, 29), organization=organization)  # Wednesday
    # 30 Apr, 1 May, 4 May, 6 May, 7 May: 5 May is off under "yearly".
    assert run(timers.referral_escalations_send, at(5, 6, 10)) == 0
    assert run(timers.referral_escalations_send, at(5, 7, 10)) == 1


def test_escalation_follows_the_librarys_setting(organization, coordinator):
    ReferralSettings.objects.create(library=organization.library, escalation_working_days=3)
    referral_at(at(3, 9), organization=organization)
    assert run(timers.referral_escalations_send, at(3, 12, 10)) == 1


def test_a_referral_stamped_by_another_run_is_not_sent_again(organization, partners):
    referral = referral_at(at(3, 6), organization=organization)
    Referral.objects.filter(pk=referral.pk).update(reminded_at=at(3, 10, 10))
    assert not timers._claim(referral=referral, stamp_field="reminded_at", now=at(3, 10, 11))


def test_purge_after_the_retention_period_keeps_the_skeleton(organization):
    referral = referral_at(at(3, 2), organization=organization)
    with time_machine.travel(at(3, 3), tick=False):
        lifecycle.referral_transition(referral=referral, to=Status.RECEIVED, as_partner=True)
        lifecycle.referral_transition(referral=referral, to=Status.ACCEPTED, as_partner=True)
    with time_machine.travel(at(3, 10), tick=False):
        lifecycle.referral_transition(
            referral=referral,
            to=Status.COMPLETED,
            as_partner=True,
            outcome_code=OutcomeCode.HELPED,
            outcome="Geholpen",
        )
    # 30 × 24 hours after closing; summer time began in between, so 11:00 on the clock.
    assert run(timers.referral_expired_purge, at(4, 9, 10, 59)) == 0
    assert run(timers.referral_expired_purge, at(4, 9, 11)) == 1
    referral.refresh_from_db()
    assert referral.is_purged
    for name in lifecycle.PURGED_FIELDS:
        assert getattr(referral, name) == ""
    # The coded outcome is the skeleton; its free text is purged (issue 10).
    assert referral.status == Status.COMPLETED and referral.outcome_code == OutcomeCode.HELPED
    assert referral.organization == organization and referral.service is not None
    assert referral.created_at == at(3, 2) and referral.closed_at == at(3, 10)
    assert referral.acknowledged_at == at(3, 3)
    assert referral.events.count() == 4  # factory's "requested" + three transitions
    assert AuditEvent.objects.filter(action="referrals.referral.purged").count() == 1


def test_purge_is_idempotent(organization):
    referral_at(at(3, 2), organization=organization, completed=True)
    assert run(timers.referral_expired_purge, at(5, 1)) == 1
    assert run(timers.referral_expired_purge, at(5, 2)) == 0
    assert AuditEvent.objects.filter(action="referrals.referral.purged").count() == 1


def test_purge_follows_each_librarys_retention(organization):
    ReferralSettings.objects.create(library=organization.library, retention_days=7)
    short = referral_at(at(3, 2), organization=organization, rejected=True)
    default = referral_at(at(3, 2), rejected=True)  # another library: 30 days
    assert run(timers.referral_expired_purge, at(3, 9, 11)) == 1
    short.refresh_from_db()
    default.refresh_from_db()
    assert short.is_purged and not default.is_purged
    assert default.first_name == "Fatima"


def test_purge_leaves_open_referrals_alone(organization):
    referral = referral_at(at(1, 2), organization=organization, in_progress=True)
    assert run(timers.referral_expired_purge, at(6, 1)) == 0
    referral.refresh_from_db()
    assert referral.first_name == "Fatima"


def test_the_timers_are_registered_to_run_every_hour():
    registry = periodic_registry()
    for name in ("referrals.reminders", "referrals.escalations", "referrals.purge"):
        assert registry[name].every == datetime.timedelta(hours=1)


def test_the_tasks_run_the_timers(organization, partners, coordinator):
    referral_at(at(3, 2), organization=organization)
    referral_at(at(3, 2), organization=organization, failed=True)
    with time_machine.travel(at(4, 20), tick=False):
        assert tasks.referral_reminders_send.call() == 1
        assert tasks.referral_escalations_send.call() == 1
        assert tasks.referral_expired_purge.call() == 1


def test_a_failed_e_mail_is_retried_on_the_next_run(organization, partners):
    referral = referral_at(at(3, 6), organization=organization)
    with mock.patch.object(timers, "send_mass_mail", side_effect=OSError("smtp down")):
        assert run(timers.referral_reminders_send, at(3, 10, 10)) == 0
    referral.refresh_from_db()
    assert referral.reminded_at is None
    assert run(timers.referral_reminders_send, at(3, 10, 11)) == 1
    assert len(mail.outbox) == 2


def test_escalation_says_whether_the_partner_was_reminded(organization, partners, coordinator):
    referral_at(at(3, 6), organization=organization)
    referral_at(at(3, 6), organization=organization, reminded=True, consent=False)
    Referral.objects.filter(reminded_at__isnull=False).update(reminded_at=at(3, 10, 10))
    run(timers.referral_escalations_send, at(3, 13, 10))
    bodies = sorted(m.body for m in mail.outbox)
    assert ["herinnering gekregen" in body for body in bodies].count(True) == 1
    assert len(bodies) == 2

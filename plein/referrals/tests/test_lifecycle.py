"""The referral's life: every transition allowed and forbidden, reasons, timestamps, consent
withdrawal, purge, and bad input to referral_create.

The expectations come from the tables below, written out by hand from the issue (FHIR Task
statuses; the partner works the referral, the desk may cancel it or mark it as made in error),
not from the module's own PARTNER_TRANSITIONS / DESK_TRANSITIONS.
"""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.referrals.models import Consent, ReasonCode, Referral, ReferralEvent
from plein.referrals.services import lifecycle
from plein.referrals.services.lifecycle import ContactInput
from plein.referrals.tests.factories import ReferralFactory
from plein.socialmap.tests.factories import OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

R, RC, A, IP, OH = "requested", "received", "accepted", "in-progress", "on-hold"
C, RJ, CA, F, E = "completed", "rejected", "cancelled", "failed", "entered-in-error"
ALL = [R, RC, A, IP, OH, C, RJ, CA, F, E]
OPEN = [R, RC, A, IP, OH]

PARTNER_MAY = {
    R: {RC, A, RJ},
    RC: {A, RJ, F},
    A: {IP, OH, C, F},
    IP: {OH, C, F},
    OH: {IP, C, F},
}
DESK_MAY = {status: {CA, E} for status in OPEN}
NEEDS_REASON = {RJ, CA, OH, F, E}
ACKNOWLEDGES = {RC, A, RJ}
CLOSES = {C, RJ, CA, F, E}
MATRIX = [(before, after) for before in ALL for after in ALL]


def referral_in(status: str) -> Referral:
    closed = status in CLOSES
    return ReferralFactory.create(
        status=status,
        closed_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC) if closed else None,
    )


def move(referral, to, *, as_partner, **kwargs):
    kwargs.setdefault("reason", "Een reden" if to in NEEDS_REASON else "")
    kwargs.setdefault("outcome", "Geholpen" if to == C else "")
    return lifecycle.referral_transition(referral=referral, to=to, as_partner=as_partner, **kwargs)


@pytest.mark.parametrize(("before", "after"), MATRIX)
def test_partner_transitions_follow_the_table(before, after):
    referral = referral_in(before)
    if after in PARTNER_MAY.get(before, set()):
        moved = move(referral, after, as_partner=True)
        assert moved.status == after
        assert ReferralEvent.objects.filter(referral=referral, to_status=after).exists()
    else:
        with pytest.raises(ValidationError):
            move(referral, after, as_partner=True)
        referral.refresh_from_db()
        assert referral.status == before
        assert not ReferralEvent.objects.filter(referral=referral, from_status=before).exists()


@pytest.mark.parametrize(("before", "after"), MATRIX)
def test_desk_transitions_follow_the_table(before, after):
    referral = referral_in(before)
    if after in DESK_MAY.get(before, set()):
        assert move(referral, after, as_partner=False).status == after
    else:
        with pytest.raises(ValidationError):
            move(referral, after, as_partner=False)
        referral.refresh_from_db()
        assert referral.status == before


@pytest.mark.parametrize("before", ALL)
def test_transitions_for_offers_what_the_tables_allow(before):
    referral = referral_in(before)
    assert lifecycle.transitions_for(referral=referral, as_partner=True) == PARTNER_MAY.get(
        before, set()
    )
    assert lifecycle.transitions_for(referral=referral, as_partner=False) == DESK_MAY.get(
        before, set()
    )


@pytest.mark.parametrize("before", [C, RJ, CA, F, E])
def test_a_closed_referral_says_it_is_closed(before):
    with pytest.raises(ValidationError) as error:
        move(referral_in(before), CA, as_partner=False)
    assert error.value.messages == [str(lifecycle.ALREADY_CLOSED)]


def test_a_forbidden_move_names_both_statuses():
    with pytest.raises(ValidationError) as error:
        move(referral_in(R), C, as_partner=True)
    assert error.value.messages == [
        str(lifecycle.TRANSITION_NOT_ALLOWED) % {"from": "Verstuurd", "to": "Afgerond"}
    ]


def test_an_unknown_status_is_refused_as_bad_input():
    with pytest.raises(ValidationError):
        move(referral_in(R), "deleted", as_partner=True)


@pytest.mark.parametrize(
    ("before", "after", "as_partner"),
    [(R, RJ, True), (RC, F, True), (A, OH, True), (R, CA, False), (RC, E, False)],
)
@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(before, after, as_partner, reason):
    referral = referral_in(before)
    with pytest.raises(ValidationError) as error:
        move(referral, after, as_partner=as_partner, reason=reason)
    assert error.value.message_dict == {"reason_code": [str(lifecycle.REASON_MISSING)]}
    referral.refresh_from_db()
    assert referral.status == before


@pytest.mark.parametrize("before", [A, IP, OH])
def test_an_outcome_is_required_to_complete(before):
    referral = referral_in(before)
    with pytest.raises(ValidationError) as error:
        move(referral, C, as_partner=True, outcome=" ")
    assert error.value.message_dict == {"outcome_code": [str(lifecycle.OUTCOME_MISSING)]}


def test_a_reason_longer_than_300_characters_is_refused_not_cut_off():
    referral = referral_in(R)
    with pytest.raises(ValidationError) as error:
        move(referral, RJ, as_partner=True, reason="Past niet " + "x" * 400)
    assert error.value.message_dict == {"reason": [str(lifecycle.TEXT_TOO_LONG)]}
    referral.refresh_from_db()
    assert referral.status == R


def test_a_reason_with_personal_data_is_refused():
    referral = referral_in(R)
    with pytest.raises(ValidationError) as error:
        move(referral, RJ, as_partner=True, reason="Niet bereikt op 06-12345678")
    assert list(error.value.message_dict) == ["reason"]


def test_reason_and_outcome_are_kept_trimmed():
    referral = move(referral_in(R), RJ, as_partner=True, reason="  Past niet  ")
    assert referral.status_reason == "Past niet"
    event = referral.events.get(to_status=RJ)
    assert event.reason == referral.status_reason and event.from_status == R
    done = move(referral_in(A), C, as_partner=True, outcome=" Aanvraag ingediend ")
    assert done.outcome == "Aanvraag ingediend" and done.status_reason == ""


def test_leaving_on_hold_clears_its_reason():
    referral = move(referral_in(A), OH, as_partner=True, reason="Wacht op papieren")
    assert referral.status_reason == "Wacht op papieren"
    assert move(referral, IP, as_partner=True).status_reason == ""


def test_acknowledgement_time_is_set_once():
    first = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    referral = referral_in(R)
    with time_machine.travel(first, tick=False):
        move(referral, RC, as_partner=True)
    with time_machine.travel(first + datetime.timedelta(days=1), tick=False):
        referral = move(referral, A, as_partner=True)
    assert referral.acknowledged_at == first


@pytest.mark.parametrize("after", [RC, A, RJ])
def test_each_acknowledging_status_sets_the_acknowledgement_time(after):
    assert move(referral_in(R), after, as_partner=True).acknowledged_at is not None


def test_cancelling_does_not_count_as_acknowledged():
    assert move(referral_in(R), CA, as_partner=False).acknowledged_at is None


@pytest.mark.parametrize(
    ("before", "after", "as_partner"),
    [(A, C, True), (R, RJ, True), (RC, F, True), (R, CA, False), (IP, E, False)],
)
def test_closing_sets_closed_at(before, after, as_partner):
    moment = datetime.datetime(2026, 3, 5, 14, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        referral = move(referral_in(before), after, as_partner=as_partner)
    assert referral.closed_at == moment and referral.is_closed


@pytest.mark.parametrize(("before", "after"), [(R, RC), (RC, A), (A, IP), (IP, OH)])
def test_open_moves_leave_closed_at_empty(before, after):
    assert move(referral_in(before), after, as_partner=True).closed_at is None


def test_a_transition_is_audited_with_the_user_and_the_label():
    user = UserFactory(partner=True)
    referral = referral_in(R)
    move(referral, RC, as_partner=True, user=user)
    entry = AuditEvent.objects.get(action="referrals.referral.received")
    assert entry.actor == user and entry.changes == {"status": [R, RC]}
    move(referral, A, as_partner=True, actor_label="signed link")
    assert AuditEvent.objects.get(action="referrals.referral.accepted").actor_label == "signed link"


def test_acknowledge_works_once():
    referral = referral_in(R)
    assert lifecycle.referral_acknowledge(referral=referral, actor_label="signed link")
    referral.refresh_from_db()
    assert referral.status == RC
    assert not lifecycle.referral_acknowledge(referral=referral, actor_label="signed link")
    assert referral.events.filter(to_status=RC).count() == 1


@pytest.mark.parametrize("status", [A, RJ, CA])
def test_acknowledge_changes_nothing_after_another_status(status):
    referral = referral_in(status)
    assert not lifecycle.referral_acknowledge(referral=referral)
    referral.refresh_from_db()
    assert referral.status == status


def test_acknowledge_on_a_stale_copy_changes_nothing():
    referral = referral_in(R)
    stale = Referral.objects.get(pk=referral.pk)
    lifecycle.referral_acknowledge(referral=referral)
    # The second click arrives with a copy read before the first one was saved.
    assert not lifecycle.referral_acknowledge(referral=stale)


# Consent withdrawal and purge


@pytest.fixture
def partner_user():
    organization = OrganizationFactory(is_partner=True)
    return UserFactory(partner=True, organization=organization, email="p@partner.test")


def test_withdrawing_consent_cancels_purges_and_tells_the_partner_once(
    partner_user, django_capture_on_commit_callbacks
):
    referral = ReferralFactory(organization=partner_user.organization, acknowledged=True)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.consent_withdraw(referral=referral)
    referral.refresh_from_db()
    assert referral.status == CA and referral.is_purged and referral.closed_at
    assert referral.status_reason_code == ReasonCode.CONSENT_WITHDRAWN
    for name in lifecycle.PURGED_FIELDS:
        assert getattr(referral, name) == ""
    assert Consent.objects.get(referral=referral).withdrawn_at is not None
    assert [m.to for m in mail.outbox] == [["p@partner.test"]]
    assert "Fatima" not in mail.outbox[0].body + mail.outbox[0].subject
    assert referral.events.get(to_status=CA).actor_label == "resident"


def test_withdrawing_consent_after_closing_purges_without_a_new_status(
    partner_user, django_capture_on_commit_callbacks
):
    referral = ReferralFactory(organization=partner_user.organization, completed=True)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.consent_withdraw(referral=referral, user=UserFactory(coordinator=True))
    referral.refresh_from_db()
    assert referral.status == C and referral.is_purged
    assert len(mail.outbox) == 1


def test_withdrawing_consent_twice_is_refused():
    referral = ReferralFactory()
    lifecycle.consent_withdraw(referral=referral)
    with pytest.raises(ValidationError) as error:
        lifecycle.consent_withdraw(referral=referral)
    assert error.value.messages == [str(lifecycle.CONSENT_ALREADY_WITHDRAWN)]
    assert AuditEvent.objects.filter(action="referrals.consent.withdrawn").count() == 1


def test_purge_is_idempotent_and_keeps_the_skeleton():
    referral = ReferralFactory(rejected=True)
    lifecycle.referral_purge(referral=referral, reason="test")
    first = Referral.objects.get(pk=referral.pk).purged_at
    lifecycle.referral_purge(referral=Referral.objects.get(pk=referral.pk), reason="again")
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.purged_at == first
    assert AuditEvent.objects.filter(action="referrals.referral.purged").count() == 1
    # The coded reason stays for reports; its free text goes with the contact data (issue 10).
    assert referral.status == RJ and referral.status_reason_code and referral.organization_id
    assert referral.status_reason == "" and not referral.events.exclude(reason="").exists()
    assert referral.events.count() == 2 and referral.consent.pk


def test_purge_due_at_uses_the_retention_days():
    referral = ReferralFactory(completed=True)
    assert lifecycle.purge_due_at(referral=referral) == referral.closed_at + datetime.timedelta(
        days=30
    )
    assert lifecycle.purge_due_at(referral=ReferralFactory()) is None


# Bad input to referral_create


@pytest.fixture
def target():
    return ServiceFactory(organization=OrganizationFactory(is_partner=True))


def create(chosen, **overrides):
    contact = overrides.pop("contact", ContactInput(first_name="Fatima", phone="06-12345678"))
    arguments = {
        "library": chosen.organization.library,
        "organization": chosen.organization,
        "service": chosen,
        "contact": contact,
        "consent_given": True,
        "consent_text": lifecycle.consent_text_current(library=chosen.organization.library),
        **overrides,
    }
    return lifecycle.referral_create(**arguments)


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def test_a_good_referral_is_created_with_consent_event_and_audit(target):
    desk = UserFactory(library=target.organization.library)
    referral = create(target, recorded_by=desk)
    assert referral.status == R and referral.created_by == desk
    assert referral.consent.recorded_by == desk and referral.consent.text.version == 1
    assert list(referral.events.values_list("to_status", flat=True)) == [R]
    assert AuditEvent.objects.filter(action="referrals.referral.created").count() == 1


def test_create_trims_the_contact_data(target):
    referral = create(target, contact=ContactInput(first_name=" Fatima ", email=" f@x.nl "))
    referral.refresh_from_db()
    assert referral.first_name == "Fatima" and referral.email == "f@x.nl"


@pytest.mark.parametrize("name", ["", "   "])
def test_create_needs_a_name(target, name):
    errors = errors_of(lambda: create(target, contact=ContactInput(first_name=name, phone="1")))
    assert errors == {"first_name": [str(lifecycle.NAME_REQUIRED)]}


def test_create_needs_a_phone_number_or_an_e_mail_address(target):
    errors = errors_of(lambda: create(target, contact=ContactInput(first_name="Fatima")))
    assert errors == {"phone": [str(lifecycle.CONTACT_REQUIRED)]}


def test_create_refuses_personal_data_in_the_summary(target):
    contact = ContactInput(first_name="Fatima", phone="1", summary="BSN 111222333, bel 0612345678")
    errors = errors_of(lambda: create(target, contact=contact))
    assert list(errors) == ["summary"]
    assert errors["summary"][0].startswith("De samenvatting lijkt persoonsgegevens te bevatten")


def test_create_needs_consent(target):
    errors = errors_of(lambda: create(target, consent_given=False))
    assert errors == {"consent": [str(lifecycle.CONSENT_REQUIRED)]}


def test_create_refuses_an_organisation_of_another_library(target):
    other = OrganizationFactory(is_partner=True)
    service = ServiceFactory(organization=other)
    errors = errors_of(lambda: create(service, library=target.organization.library))
    assert errors == {"organization": [str(lifecycle.ORGANIZATION_OTHER_LIBRARY)]}


def test_create_refuses_an_organisation_that_is_no_partner(target):
    service = ServiceFactory(
        organization=OrganizationFactory(is_partner=False, library=target.organization.library)
    )
    errors = errors_of(lambda: create(service))
    assert errors == {"organization": [str(lifecycle.ORGANIZATION_NOT_PARTNER)]}


def test_create_refuses_a_service_of_another_organisation(target):
    other = ServiceFactory(
        organization=OrganizationFactory(is_partner=True, library=target.organization.library)
    )
    errors = errors_of(lambda: create(target, service=other, organization=target.organization))
    assert errors == {"service": [str(lifecycle.SERVICE_OTHER_ORGANIZATION)]}


def test_create_reports_every_problem_at_once_and_saves_nothing(target):
    errors = errors_of(lambda: create(target, contact=ContactInput(), consent_given=False))
    assert set(errors) == {"first_name", "phone", "consent"}
    assert not Referral.objects.exists() and not Consent.objects.exists()


def test_create_notifies_the_partner_without_personal_data(
    target, django_capture_on_commit_callbacks
):
    UserFactory(partner=True, organization=target.organization, email="p@partner.test")
    with django_capture_on_commit_callbacks(execute=True):
        create(target)
    assert [m.to for m in mail.outbox] == [["p@partner.test"]]
    assert "Fatima" not in mail.outbox[0].body and "0612345678" not in mail.outbox[0].body


def test_consent_text_current_prefers_the_librarys_newest_version(target):
    from plein.referrals.tests.factories import ConsentTextFactory

    library = target.organization.library
    assert lifecycle.consent_text_current(library=library).library is None
    ConsentTextFactory(library=library, version=2)
    newest = ConsentTextFactory(library=library, version=3)
    assert lifecycle.consent_text_current(library=library) == newest


def test_create_does_not_call_the_guard_for_nothing(target):
    with mock.patch("plein.core.pii.personal_data_problems", return_value=[]) as guard:
        create(target, contact=ContactInput(first_name="Fatima", phone="1", summary="Toeslag"))
    guard.assert_called_once_with("Toeslag")


def test_a_coded_reason_with_an_optional_text_and_other_needs_a_text():
    referral = referral_in(R)
    move(referral, RJ, as_partner=True, reason_code=ReasonCode.OUTSIDE_AREA, reason="")
    referral.refresh_from_db()
    assert referral.status_reason_code == ReasonCode.OUTSIDE_AREA and referral.status_reason == ""
    assert referral.events.last().reason_label == str(ReasonCode.OUTSIDE_AREA.label)
    other = referral_in(R)
    with pytest.raises(ValidationError) as error:
        move(other, RJ, as_partner=True, reason_code=ReasonCode.OTHER, reason="")
    assert error.value.message_dict == {"reason": [str(lifecycle.OTHER_NEEDS_TEXT)]}


@pytest.mark.parametrize("code", ["onbekend", "completed", "x" * 40])
def test_an_unknown_code_is_refused(code):
    referral = referral_in(R)
    with pytest.raises(ValidationError) as error:
        move(referral, RJ, as_partner=True, reason_code=code)
    assert error.value.message_dict == {"reason_code": [str(lifecycle.REASON_UNKNOWN)]}
    with pytest.raises(ValidationError) as error:
        move(referral_in(A), C, as_partner=True, outcome_code=code)
    assert error.value.message_dict == {"outcome_code": [str(lifecycle.OUTCOME_UNKNOWN)]}


def test_a_text_without_a_code_is_filed_as_other():
    referral = referral_in(R)
    move(referral, RJ, as_partner=True, reason="Past niet bij ons")
    referral.refresh_from_db()
    assert referral.status_reason_code == ReasonCode.OTHER


def test_after_a_purge_of_an_open_referral_no_new_text_is_kept():
    """A coordinator purges an open referral at the resident's request: a reason typed later
    would never be purged, so only a code is taken."""
    referral = referral_in(R)
    lifecycle.referral_purge(referral=referral, reason="op verzoek")
    with pytest.raises(ValidationError) as error:
        move(Referral.objects.get(pk=referral.pk), RJ, as_partner=True, reason="Past niet")
    assert error.value.message_dict == {"reason": [str(lifecycle.TEXT_AFTER_PURGE)]}
    move(
        Referral.objects.get(pk=referral.pk),
        RJ,
        as_partner=True,
        reason="",
        reason_code=ReasonCode.OTHER,
    )
    referral.refresh_from_db()
    assert (referral.status_reason_code, referral.status_reason) == (ReasonCode.OTHER, "")

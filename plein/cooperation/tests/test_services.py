import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from plein.accounts.tests.factories import UserFactory
from plein.cooperation import audit_actions, services, signing
from plein.cooperation.models import Assessment, Response
from plein.cooperation.tests.factories import AssessmentFactory, ResponseFactory
from plein.core.models import AuditEvent
from plein.socialmap.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def all_scores(score):
    from plein.cooperation.instrument import instrument

    return {s.code: score for s in instrument(1).statements}


@pytest.fixture
def coordinator():
    return UserFactory(coordinator=True)


def test_a_round_asks_the_network_partners_with_an_agreement_only(
    coordinator, django_capture_on_commit_callbacks
):
    library = coordinator.library
    partner = OrganizationFactory(library=library, is_partner=True, agreement__contact_email="")
    contact = OrganizationFactory(
        library=library, is_partner=True, agreement__contact_email="netwerk@partner.nl"
    )
    OrganizationFactory(library=library, is_partner=True, agreement=False)
    OrganizationFactory(library=library, is_partner=True, archived_at=timezone.now())
    OrganizationFactory(library=library)
    OrganizationFactory(is_partner=True)  # another library's
    with django_capture_on_commit_callbacks(execute=True):
        assessment = services.assessment_start(
            library=library, closes_on=in_days(14), user=coordinator
        )
    asked = set(assessment.responses.values_list("organization_id", flat=True))
    assert asked == {partner.pk, contact.pk}
    # The agreement's contact person gets the link; else the address for referrals.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["netwerk@partner.nl", partner.referral_email]
    )
    assert "/samenwerking/vragenlijst/" in mail.outbox[0].body
    event = AuditEvent.objects.get(action=audit_actions.ASSESSMENT_STARTED)
    assert event.changes["partners"] == 2


@pytest.mark.parametrize(
    "days, message",
    [(0, services.CLOSES_IN_PAST), (-3, services.CLOSES_IN_PAST), (91, "binnen 90 dagen")],
)
def test_a_closing_date_must_be_after_today_and_within_ninety_days(coordinator, days, message):
    OrganizationFactory(library=coordinator.library, is_partner=True)
    with pytest.raises(ValidationError) as error:
        services.assessment_start(
            library=coordinator.library, closes_on=in_days(days), user=coordinator
        )
    assert str(message) in str(error.value.message_dict["closes_on"])
    assert not Assessment.objects.exists()


def test_one_round_at_a_time(coordinator):
    OrganizationFactory(library=coordinator.library, is_partner=True)
    AssessmentFactory(library=coordinator.library)
    with pytest.raises(ValidationError) as error:
        services.assessment_start(
            library=coordinator.library, closes_on=in_days(10), user=coordinator
        )
    assert error.value.messages == [str(services.ALREADY_OPEN)]


def test_a_round_needs_partners(coordinator):
    with pytest.raises(ValidationError) as error:
        services.assessment_start(
            library=coordinator.library, closes_on=in_days(10), user=coordinator
        )
    assert error.value.messages == [str(services.NO_PARTNERS)]


def test_one_response_per_organisation_and_round_in_the_database():
    response = ResponseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(assessment=response.assessment, organization=response.organization)


def test_answers_are_stored_and_can_be_changed_while_open():
    response = ResponseFactory()
    services.response_save(response=response, scores=all_scores(2))
    first = Response.objects.get(pk=response.pk).submitted_at
    changed = all_scores(4) | {"V2b": None}
    services.response_save(response=response, scores=changed, comment="Goed overleg.")
    response.refresh_from_db()
    assert response.submitted_at == first
    assert dict(response.answers.values_list("statement", "score")) == changed
    assert response.comment == "Goed overleg."
    actions = list(
        AuditEvent.objects.filter(object_id=str(response.pk)).values_list("action", flat=True)
    )
    assert sorted(actions) == sorted(
        [audit_actions.RESPONSE_SUBMITTED, audit_actions.RESPONSE_CHANGED]
    )
    assert "Goed overleg" not in str(AuditEvent.objects.values_list("changes", flat=True))


def test_a_closed_round_takes_no_answers():
    response = ResponseFactory(assessment__closed=True)
    with pytest.raises(ValidationError) as error:
        services.response_save(response=response, scores=all_scores(3))
    assert error.value.messages == [str(services.ROUND_CLOSED)]
    assert not response.answers.exists()


@pytest.mark.parametrize(
    "scores, code, message",
    [
        (all_scores(3) | {"I1a": 6}, "I1a", services.ANSWER_INVALID),
        (all_scores(3) | {"I1a": 0}, "I1a", services.ANSWER_INVALID),
        ({k: v for k, v in all_scores(3).items() if k != "O2b"}, "O2b", services.ANSWER_MISSING),
        (all_scores(3) | {"X9z": 3}, "__all__", services.ANSWER_INVALID),
    ],
)
def test_bad_scores_are_refused(scores, code, message):
    response = ResponseFactory()
    with pytest.raises(ValidationError) as error:
        services.response_save(response=response, scores=scores)
    assert error.value.message_dict[code] == [str(message)]
    assert not response.answers.exists()


def test_a_comment_with_personal_data_is_refused():
    response = ResponseFactory()
    with pytest.raises(ValidationError) as error:
        services.response_save(
            response=response, scores=all_scores(3), comment="Bel mij op 06-12345678."
        )
    assert "telefoonnummer" in error.value.message_dict["comment"][0]
    assert not response.answers.exists()


def test_a_comment_with_a_name_needs_confirmation():
    response = ResponseFactory()
    comment = "Mevrouw Jansen van het wijkteam is altijd bereikbaar."
    with pytest.raises(ValidationError) as error:
        services.response_save(response=response, scores=all_scores(3), comment=comment)
    assert "Dit lijkt op een naam" in error.value.message_dict["comment"][0]
    services.response_save(
        response=response, scores=all_scores(3), comment=comment, names_confirmed=True
    )
    assert response.answers.count() == 20


def test_a_reminder_goes_to_those_who_have_not_answered(
    coordinator, django_capture_on_commit_callbacks
):
    assessment = AssessmentFactory(library=coordinator.library)
    waiting = ResponseFactory(assessment=assessment)
    ResponseFactory(assessment=assessment, scores=3)
    with django_capture_on_commit_callbacks(execute=True):
        count = services.assessment_remind(assessment=assessment, user=coordinator)
    assert count == 1
    assert [m.to for m in mail.outbox] == [[waiting.organization.referral_email]]
    assert "Herinnering" in mail.outbox[0].subject
    waiting.refresh_from_db()
    assert waiting.reminded_at is not None
    assert AuditEvent.objects.filter(action=audit_actions.ASSESSMENT_REMINDED).count() == 1


def test_no_reminders_after_closing(coordinator):
    assessment = AssessmentFactory(library=coordinator.library, closed=True)
    ResponseFactory(assessment=assessment)
    with pytest.raises(ValidationError):
        services.assessment_remind(assessment=assessment, user=coordinator)


def test_the_link_names_its_response_only():
    response = ResponseFactory()
    assert signing.token_read(token=signing.token_make(response=response)) == response


def test_a_link_whose_organisation_does_not_match_its_response_is_refused():
    from django.core import signing as django_signing

    response = ResponseFactory()
    other = ResponseFactory()
    payload = {"r": response.pk, "o": str(other.organization_id)}
    token = django_signing.dumps(payload, salt=signing.SALT, compress=True)
    with pytest.raises(django_signing.BadSignature):
        signing.token_read(token=token)

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from plein.accounts.tests.factories import UserFactory
from plein.cooperation import signing
from plein.cooperation.models import Assessment
from plein.cooperation.tests.factories import AssessmentFactory, ResponseFactory
from plein.referrals import signing as referral_signing
from plein.referrals.tests.factories import ReferralFactory
from plein.socialmap.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
LIST = reverse("cooperation:list")


def answer_path(response=None, token=None):
    token = token or signing.token_make(response=response)
    return reverse("cooperation:answer", kwargs={"token": token})


def full_answers(value="4"):
    from plein.cooperation.instrument import instrument

    return {s.code: value for s in instrument(1).statements}


@pytest.fixture
def coordinator():
    return UserFactory(coordinator=True)


def closed_round_with(library, scores, **extra):
    assessment = AssessmentFactory(library=library, closed=True, **extra)
    for score in scores:
        ResponseFactory(assessment=assessment, scores=score)
    return assessment


# --- coordinator ----------------------------------------------------------------------------


def test_the_coordinator_starts_a_round(client, coordinator):
    OrganizationFactory(library=coordinator.library, is_partner=True, name="Wijkteam Oost")
    client.force_login(coordinator)
    page = client.get(LIST)
    assert "Wijkteam Oost" in page.content.decode()
    closes = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    response = client.post(LIST, {"closes_on": closes})
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation:detail", args=[assessment.pk])
    assert assessment.library == coordinator.library


@pytest.mark.parametrize(
    "value, message",
    [
        ("", "Vul een sluitdatum in."),
        ("31-02-2026", "Vul een geldige datum in"),
        ("2020-01-01", "Kies een sluitdatum na vandaag."),
    ],
)
def test_a_bad_closing_date_gets_a_dutch_message_and_keeps_the_input(
    client, coordinator, value, message
):
    OrganizationFactory(library=coordinator.library, is_partner=True)
    client.force_login(coordinator)
    response = client.post(LIST, {"closes_on": value})
    content = response.content.decode()
    assert response.status_code == 400
    assert message in content
    assert f'value="{value}"' in content or value == ""
    assert not Assessment.objects.exists()


def test_the_coordinator_sees_who_answered_but_not_what(client, coordinator):
    assessment = AssessmentFactory(library=coordinator.library)
    ResponseFactory(assessment=assessment, organization__name="Schuldhulp Noord", scores=1)
    ResponseFactory(assessment=assessment, organization__name="Taalhuis West")
    client.force_login(coordinator)
    content = client.get(reverse("cooperation:detail", args=[assessment.pk])).content.decode()
    assert "Schuldhulp Noord" in content and "Taalhuis West" in content
    assert "nog niet" in content
    assert "helemaal oneens" not in content and "Gemiddelde" not in content


def test_results_show_after_closing_with_chart_table_and_trend(client, coordinator):
    library = coordinator.library
    closed_round_with(library, [2, 2, 2], started_at=timezone.now() - datetime.timedelta(days=200))
    assessment = closed_round_with(library, [4, 4, 5])
    client.force_login(coordinator)
    content = client.get(reverse("cooperation:detail", args=[assessment.pk])).content.decode()
    assert '<svg class="plein-chart" role="img"' in content
    assert "Samenwerking per fase" in content and "Vorige ronde" in content
    assert "4,3" in content  # (4 + 4 + 5) / 3 in the table
    assert "+2,3" in content  # the change against the previous round


def test_too_few_answers_show_no_results(client, coordinator):
    assessment = closed_round_with(coordinator.library, [5, 1])
    client.force_login(coordinator)
    content = client.get(reverse("cooperation:detail", args=[assessment.pk])).content.decode()
    assert "pas vanaf 3 antwoorden" in content
    assert "<svg" not in content


def test_the_reminder_button(client, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    assessment = AssessmentFactory(library=coordinator.library)
    ResponseFactory(assessment=assessment)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cooperation:remind", args=[assessment.pk]), follow=True)
    assert "Herinnering gestuurd aan 1 partner." in response.content.decode()
    assert len(mailoutbox) == 1


def test_another_librarys_coordinator_sees_nothing(client, coordinator):
    assessment = closed_round_with(coordinator.library, [4, 4, 4])
    stranger = UserFactory(coordinator=True)
    client.force_login(stranger)
    for name in ("cooperation:detail",):
        assert client.get(reverse(name, args=[assessment.pk])).status_code == 404
    assert client.post(reverse("cooperation:remind", args=[assessment.pk])).status_code == 404
    assert "Nog geen meetrondes." in client.get(LIST).content.decode()


def test_the_links_token_stays_out_of_the_server_log(settings):
    from plein.core.logging import token_paths_hidden

    path = answer_path(ResponseFactory())
    assert token_paths_hidden(f"GET {path} 200") == "GET /samenwerking/vragenlijst/[verborgen]/ 200"


@pytest.mark.parametrize("role", [{}, {"partner": True}, {"funder": True}])
def test_other_roles_are_refused(client, role):
    assessment = AssessmentFactory()
    client.force_login(UserFactory(**role))
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("cooperation:detail", args=[assessment.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    assert client.get(LIST).status_code == 302


# --- partner link ---------------------------------------------------------------------------


def test_a_partner_answers_without_an_account_and_can_change_it(client):
    response = ResponseFactory(organization__name="Buurtwerk Zuid")
    page = client.get(answer_path(response))
    assert page.status_code == 200
    assert "Buurtwerk Zuid" in page.content.decode()
    posted = client.post(answer_path(response), full_answers("4"), follow=True)
    assert "uw antwoorden zijn opgeslagen" in posted.content.decode()
    again = client.get(answer_path(response)).content.decode()
    assert again.count(" checked>") == 20
    client.post(answer_path(response), full_answers("2"))
    assert set(response.answers.values_list("score", flat=True)) == {2}


def test_missing_answers_get_a_dutch_message_and_keep_what_was_chosen(client):
    response = ResponseFactory()
    data = full_answers("5")
    del data["S2a"]
    data["comment"] = "Prettige samenwerking."
    page = client.post(answer_path(response), data)
    content = page.content.decode()
    assert page.status_code == 400
    assert "Kies bij elke stelling een antwoord" in content
    assert "Prettige samenwerking." in content
    assert content.count(" checked>") == 19  # the 19 answers given stay chosen
    assert not response.answers.exists()


def test_a_made_up_answer_is_refused(client):
    response = ResponseFactory()
    page = client.post(answer_path(response), full_answers("4") | {"I1a": "9"})
    assert page.status_code == 400
    assert "Dit antwoord bestaat niet" in page.content.decode()


def test_a_comment_with_personal_data_is_refused_and_kept(client):
    response = ResponseFactory()
    data = full_answers("3") | {"comment": "Mail jan@voorbeeld.nl"}
    page = client.post(answer_path(response), data)
    assert page.status_code == 400
    assert "persoonsgegevens" in page.content.decode()
    assert "jan@voorbeeld.nl" in page.content.decode()  # shown back to fix, not stored
    assert not response.answers.exists()


def test_a_forged_link_is_refused(client):
    token = signing.token_make(response=ResponseFactory())
    page = client.get(answer_path(token=token[:-2] + "xx"))
    assert page.status_code == 400
    assert "Deze link klopt niet" in page.content.decode()


def test_a_link_made_for_something_else_is_refused(client):
    token = referral_signing.ack_token_make(referral=ReferralFactory())
    assert client.get(answer_path(token=token)).status_code == 400


def test_an_expired_link_is_refused(client):
    response = ResponseFactory()
    token = signing.token_make(response=response)
    later = timezone.now() + datetime.timedelta(days=signing.LINK_DAYS + 1)
    with time_machine.travel(later, tick=False):
        page = client.get(answer_path(token=token))
    assert page.status_code == 410
    assert "verlopen" in page.content.decode()


def test_a_link_reused_after_closing_changes_nothing_and_shows_the_results(client):
    assessment = closed_round_with(AssessmentFactory().library, [4, 4, 4])
    response = assessment.responses.first()
    posted = client.post(answer_path(response), full_answers("1"), follow=True)
    content = posted.content.decode()
    assert "Deze meetronde is gesloten" in content
    assert set(response.answers.values_list("score", flat=True)) == {4}
    assert "Samenwerking per aspect" in content
    # The network's means only: no partner's name appears on a partner's results page.
    others = [r.organization.name for r in assessment.responses.exclude(pk=response.pk)]
    assert not any(name in content for name in others)


def test_the_partner_dashboard_shows_the_networks_results(client):
    assessment = closed_round_with(AssessmentFactory().library, [3, 4, 5])
    partner = UserFactory(partner=True, organization=assessment.responses.first().organization)
    client.force_login(partner)
    content = client.get(reverse("cooperation:partner_results")).content.decode()
    assert "Samenwerking per fase" in content and "4,0" in content


def test_a_partner_of_another_library_sees_no_results(client):
    closed_round_with(AssessmentFactory().library, [3, 4, 5])
    client.force_login(UserFactory(partner=True))
    content = client.get(reverse("cooperation:partner_results")).content.decode()
    assert "nog geen gesloten meetronde" in content

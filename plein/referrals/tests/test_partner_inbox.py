import pytest
from django.urls import reverse
from django.utils import timezone

from plein.accounts import totp
from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.referrals.models import Referral, Status
from plein.referrals.services import lifecycle
from plein.referrals.tests.factories import ReferralFactory
from plein.socialmap.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
CONTACT_VALUES = ["Fatima", "06-12345678", "fatima@voorbeeld.nl", "dinsdagochtend", "toeslagen"]
VIEWED = "referrals.referral.contact_viewed"


def verify_two_factor(client) -> None:
    session = client.session
    session[totp.SESSION_KEY] = timezone.now().timestamp()
    session.save()


@pytest.fixture
def organization():
    return OrganizationFactory(is_partner=True)


@pytest.fixture
def partner(client, organization):
    user = UserFactory(partner=True, organization=organization)
    client.force_login(user)
    return user


def inbox_url(**query):
    url = reverse("referrals:partner_inbox")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def detail_url(referral):
    return reverse("referrals:partner_detail", kwargs={"pk": referral.pk})


def transition_url(referral):
    return reverse("referrals:partner_transition", kwargs={"pk": referral.pk})


def test_the_inbox_lists_only_the_organisations_referrals_new_ones_first(
    client, partner, organization
):
    accepted = ReferralFactory(organization=organization, accepted=True)
    new = ReferralFactory(organization=organization)
    other = ReferralFactory()
    response = client.get(inbox_url())
    assert response.status_code == 200
    listed = list(response.context["page"].object_list)
    assert listed == [new, accepted]
    assert other not in listed
    assert response.context["new_count"] == 1


def test_the_inbox_never_shows_contact_data_even_with_two_factor(client, partner, organization):
    ReferralFactory(organization=organization)
    verify_two_factor(client)
    content = client.get(inbox_url()).content.decode()
    for value in CONTACT_VALUES:
        assert value not in content
    assert not AuditEvent.objects.filter(action=VIEWED).exists()


def test_the_inbox_filters_open_and_closed(client, partner, organization):
    open_one = ReferralFactory(organization=organization, in_progress=True)
    closed = ReferralFactory(organization=organization, completed=True)
    assert list(client.get(inbox_url()).context["page"].object_list) == [open_one]
    closed_page = client.get(inbox_url(filter="afgesloten"))
    assert list(closed_page.context["page"].object_list) == [closed]
    assert len(client.get(inbox_url(filter="alle")).context["page"].object_list) == 2
    assert client.get(inbox_url(filter="onzin")).context["state"] == "open"


def test_the_inbox_runs_a_fixed_number_of_queries(
    client, partner, organization, django_assert_max_num_queries
):
    for _index in range(12):
        ReferralFactory(organization=organization)
    with django_assert_max_num_queries(8):
        response = client.get(inbox_url())
    assert len(response.context["page"].object_list) == 12


@pytest.mark.parametrize("role", ["desk", "coordinator", "funder", "administrator"])
def test_the_inbox_is_for_partners_only(client, role):
    client.force_login(UserFactory(**{role: True} if role != "desk" else {}))
    assert client.get(inbox_url()).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(inbox_url())
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_without_two_factor_the_detail_offers_the_second_step_and_hides_contact_data(
    client, partner, organization
):
    referral = ReferralFactory(organization=organization)
    response = client.get(detail_url(referral))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Inloggen met tweestapsverificatie om contactgegevens te zien" in content
    assert reverse("accounts:totp_verify") in content
    for value in CONTACT_VALUES:
        assert value not in content
    assert not AuditEvent.objects.filter(action=VIEWED).exists()


def test_with_two_factor_the_detail_shows_contact_data_and_audits_the_viewing(
    client, partner, organization
):
    referral = ReferralFactory(organization=organization)
    verify_two_factor(client)
    content = client.get(detail_url(referral)).content.decode()
    for value in CONTACT_VALUES:
        assert value in content
    event = AuditEvent.objects.get(action=VIEWED)
    assert (event.actor, event.object_id) == (partner, str(referral.pk))
    client.get(detail_url(referral))
    assert AuditEvent.objects.filter(action=VIEWED).count() == 2


def test_an_expired_second_step_hides_contact_data_again(client, partner, organization, settings):
    referral = ReferralFactory(organization=organization)
    session = client.session
    session[totp.SESSION_KEY] = timezone.now().timestamp() - 9 * 3600
    session.save()
    settings.PLEIN_TOTP_SESSION_HOURS = 8
    assert "Fatima" not in client.get(detail_url(referral)).content.decode()


def test_a_purged_referral_says_its_data_was_deleted(client, partner, organization):
    referral = ReferralFactory(organization=organization, purged=True)
    verify_two_factor(client)
    content = client.get(detail_url(referral)).content.decode()
    assert "De contactgegevens zijn op" in content
    assert not AuditEvent.objects.filter(action=VIEWED).exists()


def test_another_organisations_partner_gets_404(client, partner):
    referral = ReferralFactory()
    verify_two_factor(client)
    assert client.get(detail_url(referral)).status_code == 404
    response = client.post(transition_url(referral), {"to": Status.ACCEPTED})
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED


def test_the_librarys_desk_worker_cannot_use_the_partner_pages(client):
    referral = ReferralFactory()
    client.force_login(UserFactory(library=referral.library))
    assert client.get(detail_url(referral)).status_code == 403


def test_the_detail_offers_only_the_allowed_transitions(client, partner, organization):
    referral = ReferralFactory(organization=organization, accepted=True)
    form = client.get(detail_url(referral)).context["form"]
    offered = {value for value, _label in form.fields["to"].choices}
    assert offered == {"in-progress", "on-hold", "completed", "failed"}


def test_a_closed_referral_offers_no_transitions(client, partner, organization):
    referral = ReferralFactory(organization=organization, completed=True)
    response = client.get(detail_url(referral))
    assert response.context["form"] is None
    response = client.post(transition_url(referral), {"to": Status.FAILED, "reason": "x"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED


def test_the_partner_accepts_then_completes_with_an_outcome(client, partner, organization):
    referral = ReferralFactory(organization=organization)
    response = client.post(transition_url(referral), {"to": Status.ACCEPTED})
    assert response.status_code == 302
    response = client.post(
        transition_url(referral), {"to": Status.COMPLETED, "outcome": "Aanvraag ingediend"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == (Status.COMPLETED, "Aanvraag ingediend")
    assert referral.acknowledged_at is not None
    assert list(referral.events.values_list("to_status", flat=True)) == [
        "requested",
        "accepted",
        "completed",
    ]
    assert referral.events.last().actor == partner


@pytest.mark.parametrize("to", [Status.REJECTED, Status.FAILED])
def test_a_reason_is_required_and_what_was_typed_is_kept(client, partner, organization, to):
    referral = ReferralFactory(organization=organization, acknowledged=True)
    response = client.post(
        transition_url(referral), {"to": to, "reason": "  ", "outcome": "iets getypt"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["reason_code"] == [str(lifecycle.REASON_MISSING)]
    content = response.content.decode()
    assert "iets getypt" in content
    assert 'aria-invalid="true"' in content
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED


def test_on_hold_needs_a_reason(client, partner, organization):
    referral = ReferralFactory(organization=organization, accepted=True)
    response = client.post(transition_url(referral), {"to": Status.ON_HOLD})
    assert response.context["form"].errors["reason_code"] == [str(lifecycle.REASON_MISSING)]


def test_completing_needs_an_outcome(client, partner, organization):
    referral = ReferralFactory(organization=organization, in_progress=True)
    response = client.post(transition_url(referral), {"to": Status.COMPLETED, "reason": "x"})
    assert response.status_code == 400
    assert response.context["form"].errors["outcome_code"] == [str(lifecycle.OUTCOME_MISSING)]
    referral.refresh_from_db()
    assert referral.status == Status.IN_PROGRESS


@pytest.mark.parametrize("to", ["", "completed", "cancelled", "entered-in-error", "onzin"])
def test_a_status_the_partner_may_not_choose_is_refused(client, partner, organization, to):
    referral = ReferralFactory(organization=organization)
    response = client.post(transition_url(referral), {"to": to, "outcome": "x", "reason": "x"})
    assert response.status_code == 400
    assert response.context["form"].errors["to"]
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED


def test_the_transition_page_refuses_get(client, partner, organization):
    referral = ReferralFactory(organization=organization)
    assert client.get(transition_url(referral)).status_code == 405


def test_the_detail_runs_a_fixed_number_of_queries(
    client, partner, organization, django_assert_max_num_queries
):
    referral = ReferralFactory(organization=organization, accepted=True)
    verify_two_factor(client)
    with django_assert_max_num_queries(10):
        client.get(detail_url(referral))


def test_a_withdrawn_referral_tells_the_partner_why_the_data_is_gone(client, partner, organization):
    referral = ReferralFactory(organization=organization, withdrawn=True)
    content = client.get(detail_url(referral)).content.decode()
    assert "De bewoner heeft de toestemming ingetrokken." in content
    assert "Fatima" not in content


def test_a_coded_outcome_with_a_text_is_kept_and_its_text_goes_with_the_purge(
    client, partner, organization
):
    referral = ReferralFactory(organization=organization, in_progress=True)
    response = client.post(
        transition_url(referral),
        {"to": Status.COMPLETED, "outcome_code": "helped", "outcome": "Aanvraag samen gedaan"},
    )
    assert response.status_code == 302
    page = client.get(reverse("referrals:partner_detail", args=[referral.pk])).content.decode()
    assert "Geholpen: Aanvraag samen gedaan" in page
    lifecycle.referral_purge(referral=Referral.objects.get(pk=referral.pk), reason="test")
    page = client.get(reverse("referrals:partner_detail", args=[referral.pk])).content.decode()
    assert "Geholpen" in page and "Aanvraag samen gedaan" not in page


@pytest.mark.parametrize("code", ["onzin", "consent-withdrawn"])
def test_an_unknown_or_system_reason_code_is_refused(client, partner, organization, code):
    referral = ReferralFactory(organization=organization, acknowledged=True)
    response = client.post(
        transition_url(referral), {"to": Status.REJECTED, "reason_code": code, "reason": "x"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["reason_code"]
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED


def test_a_likely_name_in_the_explanation_is_kept_only_when_confirmed(
    client, partner, organization
):
    referral = ReferralFactory(organization=organization, in_progress=True)
    data = {"to": Status.COMPLETED, "outcome_code": "helped", "outcome": "Samen met dhr. Bakker"}
    response = client.post(transition_url(referral), data)
    assert response.status_code == 400
    assert response.context["form"].has_error("outcome", "likely_name")
    assert 'type="checkbox" name="names_confirmed"' in response.content.decode()
    response = client.post(transition_url(referral), {**data, "names_confirmed": "on"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.outcome == "Samen met dhr. Bakker"
    counted = AuditEvent.objects.get(action="referrals.referral.name_confirmed")
    assert "Bakker" not in str(counted.changes)

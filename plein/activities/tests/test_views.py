"""The pages: public sign-up, signed links, the desk's list and the door list, with bad input
and the wrong people."""

import pytest
from django.core import signing as django_signing
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plein.accounts.tests.factories import UserFactory
from plein.activities import audit_actions as actions
from plein.activities import signing
from plein.activities.models import Activity, ActivitySettings, Occurrence, SignUp, Status
from plein.activities.tests.factories import OccurrenceFactory, SignUpFactory
from plein.core.models import AuditEvent
from plein.core.tests.factories import BranchFactory

pytestmark = pytest.mark.django_db


def _public_url(occurrence):
    return reverse("activities:public", args=[occurrence.library.slug, occurrence.pk])


def test_the_public_page_shows_the_seats_left(client):
    occurrence = OccurrenceFactory(capacity=3)
    SignUpFactory(occurrence=occurrence)
    response = client.get(_public_url(occurrence))
    assert response.status_code == 200
    assert "Nog 2 plaatsen vrij." in response.content.decode()


def test_bad_input_keeps_what_was_typed_and_says_what_is_wrong(client):
    occurrence = OccurrenceFactory()
    data = {"name": "Fatima", "phone": "bel me maar", "email": "", "consent": "on"}
    response = client.post(_public_url(occurrence), data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Dit is geen telefoonnummer" in text
    assert 'value="Fatima"' in text and 'value="bel me maar"' in text
    assert not SignUp.objects.exists()


def test_without_consent_no_sign_up(client):
    occurrence = OccurrenceFactory()
    data = {"name": "Fatima", "phone": "0612345678"}
    response = client.post(_public_url(occurrence), data)
    assert response.status_code == 400
    assert "Zonder uw toestemming" in response.content.decode()


def test_a_resident_signs_up_online_and_gets_a_cancel_link(client):
    occurrence = OccurrenceFactory()
    data = {"name": "Fatima", "phone": "0612345678", "consent": "on"}
    response = client.post(_public_url(occurrence), data)
    assert response.status_code == 200
    assert "U bent aangemeld" in response.content.decode()
    assert "/activiteit/afmelden/" in response.content.decode()
    assert SignUp.objects.get().recorded_by is None


def test_another_librarys_slug_finds_nothing(client):
    occurrence = OccurrenceFactory()
    other = BranchFactory().library
    response = client.get(reverse("activities:public", args=[other.slug, occurrence.pk]))
    assert response.status_code == 404


def test_the_cancel_link_cancels_and_a_forged_one_does_nothing(client):
    signup = SignUpFactory()
    token = signing.token_make(signup=signup, salt=signing.CANCEL_SALT)
    confirm_token = signing.token_make(signup=signup, salt=signing.CONFIRM_SALT)
    assert client.post(reverse("activities:cancel_link", args=[confirm_token])).status_code == 400
    assert client.post(reverse("activities:cancel_link", args=["vals"])).status_code == 400
    signup.refresh_from_db()
    assert signup.status == Status.BOOKED
    assert client.get(reverse("activities:cancel_link", args=[token])).status_code == 200
    assert client.post(reverse("activities:cancel_link", args=[token])).status_code == 200
    signup.refresh_from_db()
    assert signup.status == Status.CANCELLED


def test_the_confirm_link_takes_an_offered_seat_once(client):
    signup = SignUpFactory(
        status=Status.OFFERED, offer_expires_at=timezone.now() + timezone.timedelta(hours=3)
    )
    url = reverse(
        "activities:confirm_link", args=[signing.confirm_url(signup=signup).split("/")[-2]]
    )
    assert client.post(url).status_code == 200
    signup.refresh_from_db()
    assert signup.status == Status.BOOKED
    signup.status = Status.CANCELLED
    signup.save()
    response = client.post(url)
    assert response.status_code == 400 and "niet meer voor u vrij" in response.content.decode()


def test_a_purged_sign_ups_link_no_longer_works():
    signup = SignUpFactory(purged_at=timezone.now())
    token = signing.token_make(signup=signup, salt=signing.CANCEL_SALT)
    with pytest.raises(django_signing.BadSignature):
        signing.token_read(token=token, salt=signing.CANCEL_SALT)


def test_the_desk_signs_someone_up_and_the_contact_view_is_audited(client):
    occurrence = OccurrenceFactory()
    desk = UserFactory(library=occurrence.library)
    client.force_login(desk)
    url = reverse("activities:occurrence", args=[occurrence.pk])
    response = client.post(url, {"name": "Henk", "phone": "", "consent": "on"})
    assert response.status_code == 400
    assert "telefoonnummer of een e-mailadres" in response.content.decode()
    response = client.post(url, {"name": "Henk", "phone": "0612345678", "consent": "on"})
    assert response.status_code == 302
    signup = SignUp.objects.get()
    assert (signup.source, signup.recorded_by) == ("desk", desk)
    assert "Henk" in client.get(url).content.decode()
    assert AuditEvent.objects.filter(action=actions.CONTACT_VIEWED).exists()
    assert client.get(reverse("activities:slip", args=[signup.pk])).status_code == 200


@pytest.mark.parametrize("page", ["occurrence", "attendance"])
def test_another_library_and_partners_see_nothing(client, page):
    signup = SignUpFactory(name="Geheime Naam")
    url = reverse(f"activities:{page}", args=[signup.occurrence.pk])
    for user in (UserFactory(), UserFactory(coordinator=True), UserFactory(partner=True)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code in (403, 404)
        assert "Geheime Naam" not in response.content.decode()
    client.force_login(UserFactory())
    assert client.post(reverse("activities:signup_cancel", args=[signup.pk])).status_code == 404
    signup.refresh_from_db()
    assert signup.status == Status.BOOKED


def test_attendance_is_taken_with_plain_forms(client):
    signup = SignUpFactory()
    client.force_login(UserFactory(library=signup.library))
    url = reverse("activities:attendance", args=[signup.occurrence.pk])
    assert client.post(url, {"signup": signup.pk, "attendance": "present"}).status_code == 302
    signup.refresh_from_db()
    assert signup.attendance == "present"
    response = client.post(url, {"signup": signup.pk, "attendance": "weet niet"}, follow=True)
    assert "Kies aanwezig of niet gekomen." in response.content.decode()
    other = SignUpFactory(library=signup.library)
    assert client.post(url, {"signup": other.pk, "attendance": "absent"}).status_code == 403
    assert client.post(url, {"signup": "geen-id", "attendance": "absent"}).status_code == 404


def test_the_call_list_shows_offers_without_e_mail(client):
    signup = SignUpFactory(
        status=Status.OFFERED, offer_expires_at=timezone.now() + timezone.timedelta(hours=3)
    )
    client.force_login(UserFactory(library=signup.library))
    response = client.get(reverse("activities:calls"))
    assert signup.name in response.content.decode()
    response = client.post(reverse("activities:offer_accept", args=[signup.pk]))
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.status == Status.BOOKED


def test_a_coordinator_plans_a_weekly_series_and_bad_input_is_kept(client):
    branch = BranchFactory()
    client.force_login(UserFactory(coordinator=True, library=branch.library))
    day = (timezone.localdate() + timezone.timedelta(days=3)).isoformat()
    data = {
        "title": "Digisterker",
        "branch": branch.pk,
        "capacity": "99999999999999999999",
        "first_day": day,
        "starts": "10:00",
        "ends": "09:00",
        "sessions": "4",
        "signup_required": "on",
    }
    response = client.post(reverse("activities:new"), data)
    text = response.content.decode()
    assert response.status_code == 400
    assert 'value="Digisterker"' in text
    assert not Activity.objects.exists()
    data["capacity"] = "8"
    response = client.post(reverse("activities:new"), data)
    assert response.status_code == 400 and "De eindtijd moet na de begintijd liggen." in (
        response.content.decode()
    )
    data["ends"] = "12:00"
    assert client.post(reverse("activities:new"), data).status_code == 302
    assert Occurrence.objects.filter(capacity=8).count() == 4


def test_desk_workers_cannot_plan_or_change_settings(client):
    occurrence = OccurrenceFactory()
    client.force_login(UserFactory(library=occurrence.library))
    assert client.get(reverse("activities:new")).status_code == 403
    assert client.get(reverse("activities:settings")).status_code == 403
    cancel = reverse("activities:cancel", args=[occurrence.activity.pk])
    assert client.post(cancel).status_code == 403


def test_the_retention_setting_has_a_range(client):
    coordinator = UserFactory(coordinator=True)
    client.force_login(coordinator)
    url = reverse("activities:settings")
    response = client.post(url, {"retention_days": "0", "offer_hours": "24"})
    assert response.status_code == 400
    assert client.post(url, {"retention_days": "14", "offer_hours": "24"}).status_code == 302
    assert ActivitySettings.objects.get(library=coordinator.library).retention_days == 14


def test_cancelling_an_activity_tells_those_with_e_mail(client, mailoutbox):
    signup = SignUpFactory(email="a@example.org")
    client.force_login(UserFactory(coordinator=True, library=signup.library))
    client.post(reverse("activities:cancel", args=[signup.occurrence.activity.pk]))
    assert [m.to for m in mailoutbox] == [["a@example.org"]]
    public = client.get(_public_url(signup.occurrence)).content.decode()
    assert "niet (meer) aanmelden" in public


def test_a_partner_plans_and_changes_only_its_own_activities(client):
    partner = UserFactory(partner=True)
    organization = partner.organization
    branch = BranchFactory(library=organization.library)
    client.force_login(partner)
    day = (timezone.localdate() + timezone.timedelta(days=3)).isoformat()
    data = {
        "title": "Formulierenhulp",
        "branch": branch.pk,
        "capacity": "5",
        "first_day": day,
        "starts": "10:00",
        "ends": "11:00",
        "sessions": "1",
        "signup_required": "on",
    }
    assert client.post(reverse("activities:new"), data).status_code == 302
    own = Activity.objects.get(title="Formulierenhulp")
    assert own.organization == organization
    SignUpFactory(occurrence=own.occurrences.get(), name="Geheime Naam")
    page = client.get(reverse("activities:partner_list")).content.decode()
    assert "Formulierenhulp" in page and "1 van 5" in page and "Geheime Naam" not in page
    library_own = OccurrenceFactory(activity__branch=branch).activity
    for activity in (library_own, OccurrenceFactory().activity):
        assert client.get(reverse("activities:edit", args=[activity.pk])).status_code == 404
        assert client.post(reverse("activities:cancel", args=[activity.pk])).status_code == 404
    assert (
        client.get(reverse("activities:occurrence", args=[own.occurrences.get().pk])).status_code
        == 403
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _page_queries(client, occurrence) -> dict[str, int]:
    counts = {"public": _queries(client, _public_url(occurrence))}
    client.force_login(UserFactory(library=occurrence.library))
    for page in ("occurrence", "attendance"):
        counts[page] = _queries(client, reverse(f"activities:{page}", args=[occurrence.pk]))
    counts["list"] = _queries(client, reverse("activities:list"))
    client.logout()
    return counts


def test_busy_pages_cost_a_few_queries_however_many_signed_up(client):
    occurrence = OccurrenceFactory(capacity=30)
    SignUpFactory(occurrence=occurrence)
    few = _page_queries(client, occurrence)
    SignUpFactory.create_batch(24, occurrence=occurrence)
    many = _page_queries(client, occurrence)
    assert many == few
    assert max(many.values()) <= 10


def _signup_data(number: int, **values) -> dict:
    return {
        "name": f"Bezoeker {number}",
        "phone": f"06123456{number:02d}",
        "consent": "on",
    } | values


def test_the_public_sign_up_is_limited_per_client_and_keeps_what_was_typed(client, settings):
    from plein.activities import services
    from plein.core.models import PublicFormAttempt

    occurrence = OccurrenceFactory(capacity=20)
    limit = settings.PLEIN_PUBLIC_FORM_LIMITS["activity_signup"]
    for number in range(limit):
        assert client.post(_public_url(occurrence), _signup_data(number)).status_code == 200
    response = client.post(_public_url(occurrence), _signup_data(99, name="Fatima K"))
    text = response.content.decode()
    assert response.status_code == 400
    assert str(services.RATE_LIMITED) in text
    assert 'value="Fatima K"' in text and 'value="0612345699"' in text
    assert SignUp.objects.count() == limit
    assert PublicFormAttempt.objects.filter(kind="activity_signup").count() == limit
    other = client.post(_public_url(occurrence), _signup_data(98), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200  # another client


def test_a_bot_filling_the_hidden_field_signs_up_nobody_but_is_told_it_worked(client):
    from plein.core.models import PublicFormAttempt

    occurrence = OccurrenceFactory()
    page = client.get(_public_url(occurrence)).content.decode()
    assert 'class="plein-honeypot"' in page and 'name="website"' in page
    response = client.post(_public_url(occurrence), _signup_data(1, website="http://spam"))
    assert response.status_code == 200
    assert "U bent aangemeld" in response.content.decode()
    assert "/activiteit/afmelden/" not in response.content.decode()
    assert not SignUp.objects.exists()
    assert PublicFormAttempt.objects.get(kind="activity_signup").accepted is False


def test_the_desk_sign_up_has_no_honeypot_and_no_limit(client, settings):
    settings.PLEIN_PUBLIC_FORM_LIMITS = settings.PLEIN_PUBLIC_FORM_LIMITS | {"activity_signup": 0}
    occurrence = OccurrenceFactory()
    client.force_login(UserFactory(library=occurrence.library))
    url = reverse("activities:occurrence", args=[occurrence.pk])
    assert 'name="website"' not in client.get(url).content.decode()
    client.post(url, _signup_data(1))
    assert SignUp.objects.count() == 1


def test_sign_ups_do_not_use_up_the_limit_of_online_booking(client, settings):
    from plein.appointments import services as appointment_services
    from plein.core import guard

    settings.PLEIN_PUBLIC_FORM_LIMITS = settings.PLEIN_PUBLIC_FORM_LIMITS | {"activity_signup": 1}
    occurrence = OccurrenceFactory(capacity=20)
    assert client.post(_public_url(occurrence), _signup_data(1)).status_code == 200
    assert client.post(_public_url(occurrence), _signup_data(2)).status_code == 400
    with transaction.atomic():  # booking's own counter is untouched
        guard.attempt_check(
            kind=appointment_services.GUARD_KIND, client=guard.fingerprint(ip="127.0.0.1")
        )

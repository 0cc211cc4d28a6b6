"""The server's side of the desk queue (issue 11): author check, device clock, first answer for
a replayed key, JSON errors and a fresh CSRF token."""

import datetime
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plein.accounts.tests.factories import UserFactory
from plein.core import errors
from plein.questions import permissions
from plein.questions.models import Visit
from plein.questions.services.clock import CLOCK_SKEW_NOTED, clock_settle
from plein.questions.tests.test_desk_views import JSON, _post
from plein.questions.tests.test_desk_views import place as desk_place

pytestmark = pytest.mark.django_db

place = desk_place


@pytest.fixture
def worker(place):
    return UserFactory(library=place["library"])


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


# --- whose entry ----------------------------------------------------------------------------


def test_an_entry_made_by_another_user_is_refused_with_json_and_not_stored(client, place, worker):
    client.force_login(worker)
    other = UserFactory(library=place["library"])
    response = client.post(reverse("questions:desk"), _post(place, client_user=other.pk), **JSON)
    assert response.status_code == 409
    assert response.json() == {
        "ok": False,
        "other_user": True,
        "error": str(permissions.OTHER_USER),
    }
    response = client.post(reverse("questions:desk_repeat"), {"client_user": other.pk}, **JSON)
    assert response.status_code == 409
    assert not Visit.objects.exists()


def test_an_entry_of_another_user_posted_as_a_form_is_refused_with_a_message(client, place, worker):
    client.force_login(worker)
    other = UserFactory(library=place["library"])
    response = client.post(
        reverse("questions:desk"), _post(place, client_user=other.pk), follow=True
    )
    assert str(permissions.OTHER_USER) in response.content.decode()
    assert not Visit.objects.exists()


def test_an_entry_of_the_session_user_is_stored(client, place, worker):
    client.force_login(worker)
    response = client.post(reverse("questions:desk"), _post(place, client_user=worker.pk), **JSON)
    assert response.json()["created"] is True
    assert Visit.objects.get().registered_by == worker


# --- the device's clock ---------------------------------------------------------------------


def test_clock_within_a_minute_is_neither_corrected_nor_noted():
    now = timezone.now()
    made = now - datetime.timedelta(minutes=3)
    reading = clock_settle(
        started_at=None,
        client_made_at=made,
        client_now=now + datetime.timedelta(seconds=5),
        now=now,
    )
    assert reading.started_at == made and reading.skew_seconds is None


def test_clock_ahead_moves_an_offline_entry_back_by_the_skew():
    now = timezone.now()
    skew = datetime.timedelta(minutes=10)
    made_device = now - datetime.timedelta(hours=1) + skew
    reading = clock_settle(
        started_at=None, client_made_at=made_device, client_now=now + skew, now=now
    )
    assert reading.started_at == now - datetime.timedelta(hours=1)
    assert reading.skew_seconds == 600


def test_clock_behind_is_noted_and_a_typed_moment_stays_as_typed():
    now = timezone.now()
    typed = now - datetime.timedelta(hours=2)
    reading = clock_settle(
        started_at=typed,
        client_made_at=now - datetime.timedelta(hours=5),
        client_now=now - CLOCK_SKEW_NOTED * 3,
        now=now,
    )
    assert reading.started_at == typed
    assert reading.skew_seconds == -180


def test_a_corrected_moment_is_never_in_the_future():
    now = timezone.now()
    reading = clock_settle(
        started_at=None,
        client_made_at=now + datetime.timedelta(minutes=20),
        client_now=now + datetime.timedelta(minutes=10),
        now=now,
    )
    assert reading.started_at == now


def test_a_desk_ten_minutes_ahead_is_stored_in_server_time_with_the_skew(client, place, worker):
    client.force_login(worker)
    ahead = timezone.now() + datetime.timedelta(minutes=10)
    data = _post(place, client_made_at=_iso(ahead), client_now=_iso(ahead))
    response = client.post(reverse("questions:desk"), data, **JSON)
    assert response.status_code == 200, response.content
    visit = Visit.objects.get()
    assert abs(visit.started_at - timezone.now()) < datetime.timedelta(seconds=10)
    assert 595 <= visit.clock_skew_seconds <= 600

    ahead = timezone.now() + datetime.timedelta(minutes=10)
    repeat = {"idempotency_key": uuid.uuid4(), "client_made_at": _iso(ahead),
              "client_now": _iso(ahead)}  # fmt: skip
    assert client.post(reverse("questions:desk_repeat"), repeat, **JSON).json()["created"]
    copy = Visit.objects.exclude(pk=visit.pk).get()
    assert abs(copy.started_at - timezone.now()) < datetime.timedelta(seconds=10)
    assert 595 <= copy.clock_skew_seconds <= 600


def test_a_typed_moment_in_the_future_is_still_refused(client, place, worker):
    client.force_login(worker)
    later = timezone.localtime() + datetime.timedelta(hours=2)
    data = _post(place, started_at=later.strftime("%Y-%m-%dT%H:%M"), client_now=_iso(later))
    response = client.post(reverse("questions:desk"), data, **JSON)
    assert response.status_code == 400
    assert "toekomst" in response.json()["errors"]["started_at"][0]


# --- one key, one entry, the first answer -----------------------------------------------------


def test_the_second_post_of_a_key_gets_the_first_visit(client, place, worker):
    client.force_login(worker)
    data = _post(place, idempotency_key=uuid.uuid4())
    first = client.post(reverse("questions:desk"), data, **JSON).json()
    second = client.post(reverse("questions:desk"), data, **JSON).json()
    assert (first["created"], second["created"]) == (True, False)
    assert first["visit"] == second["visit"]

    repeat = {"idempotency_key": uuid.uuid4()}
    first = client.post(reverse("questions:desk_repeat"), repeat, **JSON).json()
    second = client.post(reverse("questions:desk_repeat"), repeat, **JSON).json()
    assert (first["created"], second["created"]) == (True, False)
    assert first["visit"] == second["visit"]
    assert Visit.objects.count() == 2


# --- answers a script can read ------------------------------------------------------------------


def test_csrf_failure_answers_json_to_scripts_and_html_to_pages(place, worker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    response = client.post(reverse("questions:desk"), _post(place), **JSON)
    assert response.status_code == 403
    assert response.json() == {"ok": False, "csrf": True, "error": str(errors.CSRF_FAILED)}
    xhr = client.post(reverse("questions:desk"), _post(place), HTTP_X_REQUESTED_WITH="fetch")
    assert xhr.json()["csrf"] is True
    page = client.post(reverse("questions:desk"), _post(place))
    assert page.status_code == 403 and page["Content-Type"].startswith("text/html")
    assert not Visit.objects.exists()


def test_a_fresh_csrf_token_lets_the_entry_through(place, worker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    response = client.get(reverse("questions:desk_csrf"), **JSON)
    assert response["Cache-Control"] == "no-store"
    token = response.json()["token"]
    saved = client.post(reverse("questions:desk"), _post(place), HTTP_X_CSRFTOKEN=token, **JSON)
    assert saved.json()["created"] is True


def test_the_csrf_endpoint_asks_to_log_in_when_the_session_is_gone(client):
    response = client.get(reverse("questions:desk_csrf"), **JSON)
    assert response.status_code == 401
    assert response.json()["login"] is True


def test_a_server_error_answers_json_with_a_dutch_message(place, worker, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr("plein.questions.views.desk.services.visit_register", broken)
    client = Client(raise_request_exception=False)
    client.force_login(worker)
    response = client.post(reverse("questions:desk"), _post(place), **JSON)
    assert response.status_code == 500
    assert response.json() == {"ok": False, "error": str(errors.SERVER_ERROR)}
    page = client.post(reverse("questions:desk"), _post(place))
    assert page.status_code == 500 and "Er ging iets mis" in page.content.decode()


def test_not_found_answers_json_to_scripts_and_html_to_pages(client):
    response = client.get("/bestaat-niet/", **JSON)
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error": str(errors.NOT_FOUND)}
    page = client.get("/bestaat-niet/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_a_device_clock_years_off_is_refused_with_a_message_not_stored(client, place, worker):
    """A skew beyond the field's range would overflow PostgreSQL's integer: a Dutch 400."""
    client.force_login(worker)
    for client_now in ("1900-01-01T00:00:00Z", "2999-01-01T00:00:00Z"):
        data = _post(place, client_now=client_now, client_made_at=client_now)
        response = client.post(reverse("questions:desk"), data, HTTP_ACCEPT="application/json")
        assert response.status_code == 400
        assert "klok van dit apparaat" in response.json()["errors"]["client_now"][0]
    assert not Visit.objects.exists()

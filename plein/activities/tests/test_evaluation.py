"""The question after an activity: sent once, a signed one-use link, an anonymous answer."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core import signing as django_signing
from django.urls import reverse
from django.utils import timezone

from plein.activities import services, signing
from plein.activities.models import Attendance, Evaluation, SignUp, Status
from plein.activities.tests.factories import OccurrenceFactory, SignUpFactory
from plein.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended():
    now = timezone.now()
    return OccurrenceFactory(starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1))


def url_for(signup):
    return reverse(
        "activities:evaluation_link",
        args=[signing.token_make(signup=signup, salt=signing.EVALUATION_SALT)],
    )


def test_the_task_asks_those_who_came_once(ended):
    came = SignUpFactory(occurrence=ended, email="ans@example.org", attendance=Attendance.PRESENT)
    SignUpFactory(occurrence=ended, email="mo@example.org", attendance=Attendance.ABSENT)
    SignUpFactory(occurrence=ended, email="wacht@example.org", status=Status.WAITING)
    SignUpFactory(occurrence=ended, email="")  # no address: nothing to send
    SignUpFactory(email="later@example.org")  # next week: not yet
    assert services.evaluations_send() == 1
    assert [m.to for m in mail.outbox] == [["ans@example.org"]]
    assert "/activiteit/beoordelen/" in mail.outbox[0].body
    assert services.evaluations_send() == 0
    assert len(mail.outbox) == 1
    came.refresh_from_db()
    assert came.evaluation_sent_at is not None


def test_old_dates_are_not_asked_about(ended):
    SignUpFactory(occurrence=ended, email="ans@example.org")
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert services.evaluations_send() == 0


def test_an_answer_is_stored_without_a_link_to_the_person(client, ended):
    signup = SignUpFactory(occurrence=ended, email="ans@example.org")
    url = url_for(signup)
    page = client.get(url)
    assert page.status_code == 200
    assert 'type="radio"' in page.content.decode()
    response = client.post(url, {"score": "4", "comment": "Fijne uitleg, veel geleerd."})
    assert response.status_code == 200
    evaluation = Evaluation.objects.get()
    assert (evaluation.score, evaluation.comment) == (4, "Fijne uitleg, veel geleerd.")
    assert evaluation.occurrence == ended
    field_names = {f.name for f in Evaluation._meta.get_fields()}
    assert not field_names & {"signup", "created_at", "email", "name"}
    signup.refresh_from_db()
    assert signup.evaluated
    event = AuditEvent.objects.filter(action="activities.occurrence.evaluated").get()
    assert str(signup.pk) not in str(event.__dict__)


def test_a_link_works_once(client, ended):
    signup = SignUpFactory(occurrence=ended)
    url = url_for(signup)
    client.post(url, {"score": "5"})
    response = client.post(url, {"score": "1"})
    assert "al beoordeeld" in response.content.decode() or "beoordeeld" in response.content.decode()
    assert list(Evaluation.objects.values_list("score", flat=True)) == [5]


def test_the_service_refuses_a_second_answer(ended):
    signup = SignUpFactory(occurrence=ended)
    services.evaluation_save(signup=signup, score=3)
    with pytest.raises(Exception, match="al beoordeeld|already"):
        services.evaluation_save(signup=signup, score=3)
    assert Evaluation.objects.count() == 1


@pytest.mark.parametrize("score", ["", "0", "6", "drie", "4.5"])
def test_a_bad_score_is_explained_and_the_comment_kept(client, ended, score):
    signup = SignUpFactory(occurrence=ended)
    response = client.post(url_for(signup), {"score": score, "comment": "Goede koffie"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kies een cijfer van 1 tot en met 5." in page
    assert "Goede koffie" in page
    assert not Evaluation.objects.exists()


def test_a_comment_with_personal_data_is_refused_and_kept(client, ended):
    signup = SignUpFactory(occurrence=ended)
    comment = "Bel mij op 06-12345678"
    response = client.post(url_for(signup), {"score": "4", "comment": comment})
    assert response.status_code == 400
    page = response.content.decode()
    assert "persoonsgegevens" in page and comment in page
    assert not Evaluation.objects.exists()
    signup.refresh_from_db()
    assert not signup.evaluated


def test_forged_other_purpose_and_expired_links_are_refused(client, ended):
    signup = SignUpFactory(occurrence=ended)
    cancel = signing.token_make(signup=signup, salt=signing.CANCEL_SALT)
    for token in (
        "kapot",
        cancel,
        signing.token_make(signup=signup, salt=signing.EVALUATION_SALT)[:-2] + "xx",
    ):
        response = client.get(reverse("activities:evaluation_link", args=[token]))
        assert response.status_code in (400, 404)
    url = url_for(signup)
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert client.get(url).status_code in (400, 404)
        assert client.post(url, {"score": "4"}).status_code in (400, 404)
    assert not Evaluation.objects.exists()
    later = timezone.now() + timedelta(days=15)
    with pytest.raises(django_signing.SignatureExpired), time_machine.travel(later):
        signing.token_read(
            token=url.split("/")[-2],
            salt=signing.EVALUATION_SALT,
            max_age=signing.EVALUATION_MAX_AGE,
        )


def test_the_answered_flag_survives_the_purge(ended):
    signup = SignUpFactory(occurrence=ended)
    services.evaluation_save(signup=signup, score=2)
    services.signups_purge(now=timezone.now() + timedelta(days=400))
    signup = SignUp.objects.get(pk=signup.pk)
    assert signup.is_purged and signup.evaluated and Evaluation.objects.count() == 1

"""The last seat taken at the same moment, and one form sent twice at once (real threads)."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from plein.activities import services
from plein.activities.models import SignUp, Status
from plein.activities.tests.factories import OccurrenceFactory, SignUpFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(*calls) -> list:
    """Run each call in its own thread, released together; return results (or exceptions)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _sign_up(occurrence, phone):
    contact = services.ContactInput(name="Inwoner", phone=phone)
    return lambda: services.signup_create(
        occurrence=occurrence, contact=contact, consent_given=True
    )


def test_two_people_taking_the_last_seat_at_once_one_gets_it_one_waits():
    occurrence = OccurrenceFactory(capacity=2)
    SignUpFactory(occurrence=occurrence)
    results = _at_once(_sign_up(occurrence, "0611111111"), _sign_up(occurrence, "0622222222"))
    assert not [r for r in results if isinstance(r, Exception)], results
    statuses = sorted(signup.status for signup, _created in results)
    assert statuses == [Status.BOOKED, Status.WAITING]
    assert SignUp.objects.filter(status=Status.BOOKED).count() == 2


def test_many_people_at_once_never_take_more_seats_than_there_are():
    occurrence = OccurrenceFactory(capacity=3)
    calls = [_sign_up(occurrence, f"06000000{n:02d}") for n in range(6)]
    results = _at_once(*calls)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert SignUp.objects.filter(status=Status.BOOKED).count() == 3
    assert SignUp.objects.filter(status=Status.WAITING).count() == 3


def test_one_form_sent_twice_at_the_same_moment_signs_up_once():
    occurrence = OccurrenceFactory()
    results = _at_once(_sign_up(occurrence, "0612345678"), _sign_up(occurrence, "06 1234 5678"))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(created for _signup, created in results) == [False, True]
    assert results[0][0].pk == results[1][0].pk
    assert SignUp.objects.count() == 1


def _public_post(occurrence, phone):
    def post():
        url = reverse("activities:public", args=[occurrence.library.slug, occurrence.pk])
        data = {"name": "Inwoner", "phone": phone, "consent": "on"}
        return Client().post(url, data).status_code

    return post


def test_the_public_form_posted_twice_at_once_signs_up_once():
    occurrence = OccurrenceFactory()
    results = _at_once(
        _public_post(occurrence, "0612345678"), _public_post(occurrence, "0612345678")
    )
    assert results == [200, 200]
    assert SignUp.objects.count() == 1

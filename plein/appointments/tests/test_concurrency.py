"""Two people taking the same slot at the same moment, and one form sent twice at once (real
threads, on SQLite and PostgreSQL): one booking, never two."""

import threading
import uuid

import pytest
import time_machine
from django.db import connection

from plein.appointments import services
from plein.appointments.models import Booking, BookingSource
from plein.appointments.tests.factories import NOW, BookableHourFactory, at

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


def _book(hour, name: str, key: uuid.UUID):
    return lambda: services.booking_create(
        hour=hour,
        start=at(10),
        contact=services.ContactInput(name=name, phone="0612345678"),
        consent_given=True,
        source=BookingSource.ONLINE,
        submission_key=key,
    )


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def test_two_people_taking_the_same_slot_at_once_one_gets_it_the_other_is_told():
    hour = BookableHourFactory()
    results = _at_once(*(_book(hour, name, uuid.uuid4()) for name in ("Anna", "Bram", "Cem")))
    booked = [r for r in results if isinstance(r, Booking)]
    refused = [r for r in results if not isinstance(r, Booking)]
    assert len(booked) == 1, results
    assert [r.message_dict["slot"] for r in refused] == [[str(services.SLOT_TAKEN)]] * 2
    assert Booking.objects.count() == 1


def test_one_form_sent_twice_at_once_books_once():
    hour = BookableHourFactory()
    key = uuid.uuid4()
    results = _at_once(_book(hour, "Anna", key), _book(hour, "Anna", key))
    assert all(isinstance(r, Booking) for r in results), results
    assert results[0].pk == results[1].pk
    assert Booking.objects.count() == 1

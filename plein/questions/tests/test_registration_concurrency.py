"""Two desks at the same moment, and one entry sent twice at the same moment (real threads)."""

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import BranchFactory
from plein.questions.models import Registration, Visit
from plein.questions.services.registration import QuestionInput, VisitInput, visit_register
from plein.questions.tests.factories import ChannelFactory, TopicFactory

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


@pytest.fixture
def place():
    branch = BranchFactory()
    return {
        "branch": branch,
        "channel": ChannelFactory(library=branch.library),
        "topic": TopicFactory(library=branch.library),
    }


def _data(place) -> VisitInput:
    question = QuestionInput(topics=[place["topic"]])
    return VisitInput(branch=place["branch"], channel=place["channel"], questions=[question])


def test_two_desks_registering_at_the_same_moment_both_store(place):
    first, second = (UserFactory(library=place["branch"].library) for _ in range(2))
    results = _at_once(
        lambda: visit_register(data=_data(place), user=first, idempotency_key=uuid.uuid4()),
        lambda: visit_register(data=_data(place), user=second, idempotency_key=uuid.uuid4()),
    )
    assert [created for _visit, created in results] == [True, True]
    assert Visit.objects.count() == 2
    assert Registration.objects.count() == 2


def test_one_entry_sent_twice_at_the_same_moment_is_stored_once(place):
    user = UserFactory(library=place["branch"].library)
    key = uuid.uuid4()
    results = _at_once(
        lambda: visit_register(data=_data(place), user=user, idempotency_key=key),
        lambda: visit_register(data=_data(place), user=user, idempotency_key=key),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(created for _visit, created in results) == [False, True]
    assert results[0][0].pk == results[1][0].pk
    assert Visit.objects.count() == 1
    assert Registration.objects.count() == 1


def _desk_post(place, user, key):
    """A POST to the desk view in its own client: the fast path on PostgreSQL."""
    client = Client()
    client.force_login(user)
    data = {
        "branch": place["branch"].pk,
        "channel": place["channel"].pk,
        "topics": [place["topic"].pk],
        "idempotency_key": str(key),
    }
    response = client.post(reverse("questions:desk"), data, HTTP_ACCEPT="application/json")
    return response.status_code, response.json()


def test_two_desks_posting_at_the_same_moment_both_store(place):
    first, second = (UserFactory(library=place["branch"].library) for _ in range(2))
    results = _at_once(
        lambda: _desk_post(place, first, uuid.uuid4()),
        lambda: _desk_post(place, second, uuid.uuid4()),
    )
    assert [(status, answer["created"]) for status, answer in results] == [(200, True)] * 2
    assert Visit.objects.count() == 2


def test_one_entry_posted_twice_at_the_same_moment_is_stored_once(place):
    user = UserFactory(library=place["branch"].library)
    key = uuid.uuid4()
    results = _at_once(lambda: _desk_post(place, user, key), lambda: _desk_post(place, user, key))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert [status for status, _answer in results] == [200, 200]
    assert sorted(answer["created"] for _status, answer in results) == [False, True]
    assert results[0][1]["visit"] == results[1][1]["visit"]
    assert Visit.objects.count() == 1
    assert Registration.objects.count() == 1

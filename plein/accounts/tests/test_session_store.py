"""Sessions that bring their user along (accounts.sessions) and the backend that takes it."""

import datetime

import pytest
from django.contrib.auth import get_user
from django.core.signals import request_finished
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plein.accounts import sessions
from plein.accounts.backends import UserBackend
from plein.accounts.models import Session, User
from plein.accounts.tests.factories import PASSWORD, UserFactory
from plein.core.periodic import periodic_registry

pytestmark = pytest.mark.django_db


def _log_in(client, user) -> Session:
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def _request_with(session_key: str):
    request = RequestFactory().get("/")
    request.session = sessions.SessionStore(session_key)
    return request


def _fields(user: User) -> dict:
    return {f.attname: getattr(user, f.attname) for f in User._meta.concrete_fields}


def test_logging_in_stores_the_user_on_the_session(client):
    user = UserFactory()
    assert _log_in(client, user).user_id == user.pk


def test_a_session_without_login_has_no_user():
    store = sessions.SessionStore()
    store["choice"] = "nl"
    store.save()
    assert Session.objects.get(session_key=store.session_key).user_id is None


def test_one_query_reads_session_user_and_library(client):
    user = UserFactory()
    session = _log_in(client, user)
    request = _request_with(session.session_key)
    with CaptureQueriesContext(connection) as queries:
        signed_in = get_user(request)
        library = signed_in.library
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert _fields(signed_in) == _fields(User.objects.get(pk=user.pk))
    assert library == user.library


def test_the_user_read_with_the_session_is_handed_out_once_and_only_to_its_owner(client):
    user = UserFactory()
    session = _log_in(client, user)
    sessions.SessionStore(session.session_key).load()
    assert sessions.user_read_with_session(user.pk + 1) is None
    sessions.SessionStore(session.session_key).load()
    assert sessions.user_read_with_session(user.pk) == user
    assert sessions.user_read_with_session(user.pk) is None


def test_the_end_of_a_request_forgets_the_user(client):
    user = UserFactory()
    session = _log_in(client, user)
    sessions.SessionStore(session.session_key).load()
    request_finished.send(sender=None)
    assert sessions.user_read_with_session(user.pk) is None


def test_an_expired_session_is_anonymous(client):
    session = _log_in(client, UserFactory())
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert get_user(_request_with(session.session_key)).is_anonymous


def test_a_deactivated_user_is_anonymous(client):
    user = UserFactory()
    session = _log_in(client, user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert get_user(_request_with(session.session_key)).is_anonymous


def test_a_changed_password_ends_other_sessions(client):
    user = UserFactory()
    session = _log_in(client, user)
    user.set_password("een-heel-ander-wachtwoord")
    user.save()
    request = _request_with(session.session_key)
    assert get_user(request).is_anonymous
    assert not Session.objects.filter(session_key=session.session_key).exists()  # flushed


def test_deleting_a_user_deletes_its_sessions(client):
    user = UserFactory()
    _log_in(client, user)
    user.delete()
    assert not Session.objects.exists()


def test_logging_out_deletes_the_session(client):
    session = _log_in(client, UserFactory())
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=session.session_key).exists()


def test_the_backend_reads_a_user_with_its_library_when_nothing_was_handed_over():
    user = UserFactory()
    found = UserBackend().get_user(user.pk)
    assert _fields(found) == _fields(user)
    with CaptureQueriesContext(connection) as queries:
        assert found.library == user.library
    assert len(queries) == 0


def test_the_backend_refuses_unknown_and_inactive_users_and_accepts_one_without_library():
    inactive = UserFactory(is_active=False)
    funder = UserFactory(funder=True)
    assert UserBackend().get_user(inactive.pk) is None
    assert UserBackend().get_user(987654) is None
    found = UserBackend().get_user(funder.pk)
    assert found == funder and found.library is None


def test_expired_sessions_are_cleared_daily(client):
    old = _log_in(client, UserFactory())
    Session.objects.filter(pk=old.pk).update(
        expire_date=timezone.now() - datetime.timedelta(days=1)
    )
    client.logout()
    current = _log_in(client, UserFactory())
    assert sessions.sessions_clear_expired() == 1
    assert list(Session.objects.values_list("pk", flat=True)) == [current.pk]
    assert "accounts.sessions_clear_expired" in periodic_registry()

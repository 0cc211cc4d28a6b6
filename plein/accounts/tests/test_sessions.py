"""Signed-in requests: Django's database sessions and the backend that loads the user."""

import datetime

import pytest
from django.contrib.auth import get_user
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plein.accounts.backends import UserBackend
from plein.accounts.models import User
from plein.accounts.tasks import sessions_clear_expired
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
    request.session = SessionStore(session_key)
    return request


def _fields(user: User) -> dict:
    return {f.attname: getattr(user, f.attname) for f in User._meta.concrete_fields}


def test_a_signed_in_request_reads_session_then_user_with_library(client):
    user = UserFactory()
    session = _log_in(client, user)
    request = _request_with(session.session_key)
    with CaptureQueriesContext(connection) as queries:
        signed_in = get_user(request)
        library = signed_in.library
    assert len(queries) == 2, [q["sql"] for q in queries]
    assert _fields(signed_in) == _fields(User.objects.get(pk=user.pk))
    assert library == user.library


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


def test_a_deleted_user_is_anonymous(client):
    user = UserFactory()
    session = _log_in(client, user)
    user.delete()
    assert get_user(_request_with(session.session_key)).is_anonymous


def test_a_changed_password_ends_other_sessions(client):
    user = UserFactory()
    session = _log_in(client, user)
    user.set_password("een-heel-ander-wachtwoord")
    user.save()
    request = _request_with(session.session_key)
    assert get_user(request).is_anonymous
    assert not Session.objects.filter(session_key=session.session_key).exists()  # flushed


def test_logging_out_deletes_the_session(client):
    session = _log_in(client, UserFactory())
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=session.session_key).exists()


def test_the_backend_reads_a_user_with_its_library():
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
    sessions_clear_expired.call()
    assert list(Session.objects.values_list("pk", flat=True)) == [current.pk]
    assert "accounts.sessions_clear_expired" in periodic_registry()

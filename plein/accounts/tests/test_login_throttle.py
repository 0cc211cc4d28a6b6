"""Login throttling (django-axes): wrong passwords lock a user name from one address for a
while, on the login page and the admin's; coordinators and administrators unlock."""

import pytest
from django.core import mail
from django.urls import reverse

from plein.accounts import services
from plein.accounts.tests.factories import PASSWORD, UserFactory
from plein.core.models import AuditEvent

pytestmark = pytest.mark.django_db

IP = "198.51.100.20"


def _login(client, username, password, *, url=None, ip=IP):
    return client.post(
        url or reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_forty_wrong_passwords_are_not_all_answered(client, settings):
    user = UserFactory()
    statuses = [_login(client, user.username, f"fout-{n}").status_code for n in range(40)]
    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form again, with its error
    assert set(statuses[limit:]) == {429}
    locked = _login(client, user.username, PASSWORD)
    assert locked.status_code == 429  # the right password waits too
    assert "te vaak een verkeerd wachtwoord" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_another_address_and_another_user_are_not_locked(client, settings):
    user, other = UserFactory(), UserFactory()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, user.username, f"fout-{n}")
    assert _login(client, other.username, PASSWORD).status_code == 302
    client.logout()
    assert _login(client, user.username, PASSWORD, ip="203.0.113.7").status_code == 302


def test_the_admin_login_is_throttled_as_well(client, settings):
    admin = UserFactory(administrator=True)
    url = reverse("admin:login")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, admin.username, f"fout-{n}", url=url)
    assert _login(client, admin.username, PASSWORD, url=url).status_code == 429


def test_a_coordinator_unlocks_a_user_of_the_own_library_only(client, settings):
    locked = UserFactory()
    elsewhere = UserFactory()
    for user in (locked, elsewhere):
        for n in range(settings.AXES_FAILURE_LIMIT):
            _login(client, user.username, f"fout-{n}")
    coordinator = UserFactory(coordinator=True, library=locked.library)
    client.force_login(coordinator)
    page = client.get(reverse("accounts:lockouts")).content.decode()
    assert locked.username in page and elsewhere.username not in page
    assert client.post(reverse("accounts:lockouts"), {"user": elsewhere.pk}).status_code == 404
    assert client.post(reverse("accounts:lockouts"), {"user": locked.pk}).status_code == 302
    assert AuditEvent.objects.filter(object_id=str(locked.pk), action="accounts.login.unlocked")
    client.logout()
    assert _login(client, locked.username, PASSWORD).status_code == 302
    client.logout()
    assert _login(client, elsewhere.username, PASSWORD).status_code == 429


def test_desk_workers_may_not_unlock(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:lockouts")).status_code == 403


def test_thirty_reset_requests_for_one_address_send_three_mails(client):
    user = UserFactory(email="noor@voorbeeld.nl")
    url = reverse("accounts:password_reset")
    answers = {client.post(url, {"email": user.email}).status_code for _ in range(30)}
    assert answers == {302}  # the same answer every time
    assert len(mail.outbox) == services.RESET_MAILS_PER_HOUR

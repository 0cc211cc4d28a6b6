import pytest
from django.urls import reverse

from plein.accounts import totp
from plein.accounts.tests.factories import UserFactory, login_verified

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["/admin/", "/admin/accounts/user/", "/admin/core/library/"]


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_administrator_uses_the_admin(client, page):
    login_verified(client, UserFactory(administrator=True))
    assert client.get(page).status_code == 200
    assert "Content-Security-Policy" in client.get(page).headers


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_the_admin_asks_the_second_factor_of_an_administrator(client, page):
    """A password alone opens no admin page: to the two-factor page, and back after it."""
    client.force_login(UserFactory(administrator=True))
    response = client.get(page, follow=True)
    first_hop, _status = response.redirect_chain[-1]
    assert first_hop.startswith(reverse("accounts:totp_verify")) or first_hop.startswith(
        reverse("accounts:totp_setup")
    )
    assert "next=" in first_hop


@pytest.mark.parametrize(
    "traits",
    [{}, {"coordinator": True}, {"partner": True}, {"funder": True}],
    ids=["desk", "coordinator", "partner", "funder"],
)
@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_staff_flag_does_not_open_the_admin_to_other_roles(client, traits, page):
    user = UserFactory(is_staff=True, **traits)
    client.force_login(user)
    response = client.get(page)
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_desk_worker_with_staff_flag_cannot_log_in_to_the_admin(client):
    UserFactory(username="balie", is_staff=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "balie", "password": "correct-horse-battery", "next": "/admin/"},
    )
    # The admin login form refuses with Django's Dutch message and signs nobody in.
    assert response.status_code == 200
    assert "Voer de correcte gebruikersnaam en wachtwoord" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_administrator_logs_in_through_the_admin_login(client):
    UserFactory(username="beheer", administrator=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "beheer", "password": "correct-horse-battery", "next": "/admin/"},
    )
    assert response.status_code == 302
    # Past the password, the admin asks for the authenticator code first.
    assert (
        client.get("/admin/", follow=True)
        .redirect_chain[-1][0]
        .startswith(reverse("accounts:totp_setup"))
    )
    session = client.session
    session[totp.SESSION_KEY] = totp.timezone.now().timestamp()
    session.save()
    assert client.get("/admin/").status_code == 200


def test_administrator_role_without_staff_flag_gets_no_admin(client):
    client.force_login(UserFactory(administrator=True, is_staff=False, is_superuser=False))
    assert client.get("/admin/").status_code == 302

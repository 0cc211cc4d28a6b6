import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError

from plein.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/account/inloggen/"
RESET = "/account/wachtwoord-vergeten/"


def test_login_with_the_right_password_goes_to_the_users_home(client):
    UserFactory(username="balie")
    UserFactory(username="financier", funder=True)
    response = client.post(LOGIN, {"username": "balie", "password": PASSWORD}, follow=True)
    assert response.redirect_chain == [("/start/", 302), ("/vandaag/", 302)]
    client.logout()
    response = client.post(LOGIN, {"username": "financier", "password": PASSWORD}, follow=True)
    assert response.redirect_chain == [("/start/", 302), ("/overzicht/", 302)]


def test_wrong_password_gives_a_dutch_error_and_keeps_the_username(client):
    UserFactory(username="balie")
    response = client.post(LOGIN, {"username": "balie", "password": "fout"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in." in html
    assert 'value="balie"' in html
    assert "_auth_user_id" not in client.session


def test_empty_login_form_names_the_missing_fields_in_dutch(client):
    response = client.post(LOGIN, {"username": "", "password": ""})
    assert response.status_code == 200
    assert response.content.decode().count("Dit veld is vereist.") == 2


def test_deactivated_user_cannot_log_in(client):
    UserFactory(username="oud", is_active=False)
    response = client.post(LOGIN, {"username": "oud", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_ends_the_session(client):
    client.force_login(UserFactory())
    assert client.get("/account/uitloggen/").status_code == 405
    response = client.post("/account/uitloggen/")
    assert response.status_code == 302
    assert response.url == "/"
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_working_link(client):
    user = UserFactory(email="balie@example.org")
    response = client.post(RESET, {"email": "balie@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    path = re.search(r"/account/wachtwoord-instellen/\S+/", mail.outbox[0].body).group(0)
    form_url = client.get(path).url
    response = client.post(
        form_url, {"new_password1": "nieuwe-lange-zin", "new_password2": "nieuwe-lange-zin"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("nieuwe-lange-zin")


def test_password_reset_with_a_malformed_address_gives_a_dutch_error(client):
    response = client.post(RESET, {"email": "geen-adres"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Voer een geldig e-mailadres in." in html
    assert 'value="geen-adres"' in html
    assert mail.outbox == []


def test_password_reset_link_that_was_tampered_with_is_refused(client):
    UserFactory(email="balie@example.org")
    client.post(RESET, {"email": "balie@example.org"})
    path = re.search(r"/account/wachtwoord-instellen/\S+/", mail.outbox[0].body).group(0)
    response = client.get(path[:-3] + "xx/", follow=True)
    assert "Deze link werkt niet meer." in response.content.decode()


def test_short_password_is_refused_in_dutch():
    with pytest.raises(ValidationError) as error:
        validate_password("kort")
    expected = "Dit wachtwoord is te kort. Het moet minstens 10 tekens lang zijn."
    assert expected in error.value.messages


def test_long_password_passes_the_length_check():
    validate_password("een-lange-en-eigen-zin")

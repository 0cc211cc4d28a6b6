"""Development outbox: e-mails land in files listed on a page for administrators, with links to
the address the server runs on (the default backend per mode: core/tests/test_settings.py)."""

import pytest
from django.core import mail
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/ontwikkeling/e-mails/"


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "plein.core.outbox.OutboxBackend"
    settings.PLEIN_OUTBOX_DIR = str(tmp_path / "outbox")
    settings.PLEIN_DEV = True
    return tmp_path / "outbox"


def test_a_sent_message_is_listed_with_its_link_for_an_administrator(client, outbox, settings):
    settings.SITE_URL = "http://127.0.0.1:8765"
    link = settings.SITE_URL + reverse("core:home")
    mail.send_mail("Nieuwe doorverwijzing", f"Bekijk hem op {link}", None, ["partner@x.example"])
    assert len(list(outbox.glob("*.eml"))) == 1
    client.force_login(UserFactory(administrator=True, is_superuser=True))
    html = client.get(URL).content.decode()
    assert "Nieuwe doorverwijzing" in html and "partner@x.example" in html
    assert f'<a href="{link}"' in html
    assert "example.com" not in html


@pytest.mark.parametrize("role", ["coordinator", "partner", None])
def test_other_roles_may_not_read_the_outbox(client, outbox, role):
    client.force_login(UserFactory(**({role: True} if role else {})))
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, outbox):
    assert client.get(URL).status_code == 302


def test_production_has_no_outbox_page(client, outbox, settings):
    settings.PLEIN_DEV = False
    settings.DEBUG = False
    client.force_login(UserFactory(administrator=True, is_superuser=True))
    assert client.get(URL).status_code == 404


def test_an_empty_outbox_says_so(client, outbox):
    client.force_login(UserFactory(administrator=True, is_superuser=True))
    assert "Er zijn nog geen e-mails verstuurd." in client.get(URL).content.decode()

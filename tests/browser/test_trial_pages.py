"""Issue 16 §3–4 in a real browser: deleting asks first (also without JavaScript), the reports
page's table of contents, and the development outbox; each page passes axe."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.models import Registration
from plein.questions.tests.factories import (
    ChannelFactory,
    DeskFactory,
    OutcomeFactory,
    RegistrationFactory,
    TopicFactory,
    TopicTileFactory,
    VisitFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk_setup():
    library = LibraryFactory()
    branch = BranchFactory(library=library, name="Hoogdonk")
    DeskFactory(branch=branch, name="Infopunt")
    ChannelFactory(library=library, name="Balie")
    TopicTileFactory(branch=branch, topic=TopicFactory(library=library, name="Schulden"))
    OutcomeFactory(library=library, name="Beantwoord", position=1)
    return {"library": library, "user": UserFactory(library=library)}


def test_deleting_a_registration_asks_first(page, login, assert_accessible, desk_setup):
    login(page, desk_setup["user"])
    page.goto("/balie/")
    page.get_by_role("checkbox", name="Schulden", exact=True).click()
    page.get_by_role("button", name="Opslaan").click()
    today = page.locator("#desk-today")
    expect(today).to_contain_text("Schulden")
    expect(today.get_by_role("button", name="Verwijderen")).to_have_count(0)
    assert_accessible(page)
    today.get_by_role("link", name="Wijzigen").click()
    expect(page.get_by_role("heading", level=2, name="Registratie verwijderen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Deze registratie verwijderen…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registratie verwijderen?")
    assert_accessible(page)
    page.get_by_role("link", name="Nee, terug naar registreren").click()
    expect(page.locator("#desk-today")).to_contain_text("Schulden")
    assert_accessible(page)
    assert Registration.objects.count() == 1
    registration = Registration.objects.get()
    page.goto(f"/balie/registraties/{registration.pk}/verwijderen/")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, verwijderen").click()
    expect(page.get_by_role("status").first).to_contain_text("De registratie is verwijderd.")
    assert_accessible(page)
    assert not Registration.objects.exists()


def test_deleting_works_without_javascript(browser, live_server, desk_setup):
    from django.conf import settings
    from django.test import Client

    visit = VisitFactory(
        branch=desk_setup["library"].branches.get(),
        channel=ChannelFactory(library=desk_setup["library"], name="Telefoon"),
        registered_by=desk_setup["user"],
    )
    registration = RegistrationFactory(visit=visit)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    client = Client()
    client.force_login(desk_setup["user"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"/balie/registraties/{registration.pk}/wijzigen/")
    page.get_by_role("link", name="Deze registratie verwijderen…").click()
    page.get_by_role("button", name="Ja, verwijderen").click()
    expect(page.get_by_role("status").first).to_contain_text("De registratie is verwijderd.")
    assert not Registration.objects.exists()
    context.close()


def test_reports_table_of_contents_jumps_to_a_table(page, login, assert_accessible):
    library = LibraryFactory()
    branch = BranchFactory(library=library, name="Noord")
    visit = VisitFactory(
        branch=branch,
        channel=ChannelFactory(library=library),
        started_at=timezone.now() - datetime.timedelta(hours=1),
    )
    RegistrationFactory(visit=visit, topics=[TopicFactory(library=library, name="DigiD")])
    login(page, UserFactory(coordinator=True, library=library))
    page.goto("/rapportage/?period=year")
    contents = page.get_by_role("navigation", name="Op deze pagina")
    expect(contents).to_be_visible()
    assert_accessible(page)
    contents.get_by_role("link", name="Vragen per onderwerp").click()
    assert page.url.endswith("#tabel-topic")
    expect(page.locator("#tabel-topic")).to_be_in_viewport()


def test_outbox_lists_a_sent_mail_for_the_administrator(
    page, login, assert_accessible, settings, tmp_path
):
    settings.EMAIL_BACKEND = "plein.core.outbox.OutboxBackend"
    settings.PLEIN_OUTBOX_DIR = str(tmp_path)
    settings.PLEIN_DEV = True
    mail.send_mail(
        "Herinnering", "Klopt het nog? http://127.0.0.1:8000/bevestigen/x/", None, ["a@b.example"]
    )
    login(page, UserFactory(administrator=True))
    page.goto("/ontwikkeling/e-mails/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verstuurde e-mails (ontwikkeling)")
    page.get_by_text("Herinnering").click()
    expect(page.get_by_role("link", name="http://127.0.0.1:8000/bevestigen/x/")).to_be_visible()
    assert_accessible(page)

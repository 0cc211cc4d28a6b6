"""Issue 15 §4: the coordinator starts a round of the network self-assessment, a partner answers
through the link in its e-mail without an account, and after closing the coordinator sees the
network's spider chart beside its table."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from plein.accounts.tests.factories import UserFactory
from plein.cooperation import services
from plein.cooperation.instrument import instrument
from plein.cooperation.models import Assessment, Response
from plein.socialmap.tests.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_round_is_started_answered_through_the_link_and_charted(
    page, login, assert_accessible, live_url
):
    coordinator = UserFactory(coordinator=True)
    library = coordinator.library
    first = OrganizationFactory(
        library=library,
        is_partner=True,
        name="Buurtteam Oost",
        agreement__contact_email="netwerk@buurtteam.example.org",
    )
    others = [OrganizationFactory(library=library, is_partner=True) for _ in range(3)]
    login(page, coordinator)

    # The coordinator starts a round; a closing date in the past is refused in Dutch.
    page.goto(live_url("/"))
    assert_accessible(page)
    page.get_by_role("link", name="Samenwerking meten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Samenwerking meten")
    assert_accessible(page)
    page.get_by_label("Partners kunnen antwoorden tot en met").fill("2020-01-01")
    page.get_by_role("button", name="Meetronde starten en links versturen").click()
    expect(page.get_by_text("Kies een sluitdatum na vandaag.")).to_be_visible()
    assert_accessible(page)
    closes = timezone.localdate() + datetime.timedelta(days=14)
    page.get_by_label("Partners kunnen antwoorden tot en met").fill(closes.isoformat())
    page.get_by_role("button", name="Meetronde starten en links versturen").click()
    expect(page.get_by_role("status")).to_contain_text("De meetronde is gestart")
    expect(page.get_by_role("cell", name="nog niet")).to_have_count(4)
    assert_accessible(page)

    # The partner opens the link from its e-mail, signed out, and answers.
    message = next(m for m in mail.outbox if m.to == ["netwerk@buurtteam.example.org"])
    found = re.search(r"https?://\S+", message.body)
    assert found is not None
    path = "/" + found.group(0).split("/", 3)[3]
    page.context.clear_cookies()
    page.goto(live_url(path))
    expect(page.get_by_text("U antwoordt namens Buurtteam Oost.")).to_be_visible()
    assert_accessible(page)
    statements = instrument(1).statements
    for statement in statements[:-1]:
        page.get_by_role("group", name=statement.text).get_by_label("4 · eens").check()
    page.get_by_label("Wilt u nog iets kwijt over de samenwerking?").fill("Goed overleg.")
    page.get_by_role("button", name="Antwoorden opslaan").click()
    expect(page.get_by_text("Kies bij elke stelling een antwoord")).to_be_visible()
    expect(page.get_by_label("Wilt u nog iets kwijt over de samenwerking?")).to_have_value(
        "Goed overleg."
    )
    assert_accessible(page)
    page.get_by_role("group", name=statements[-1].text).get_by_label("weet niet").check()
    page.get_by_role("button", name="Antwoorden opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("uw antwoorden zijn opgeslagen")
    assert_accessible(page)

    # Two more partners answer; the closing date passes.
    assessment = Assessment.objects.get()
    for organization in others[:2]:
        response = Response.objects.get(assessment=assessment, organization=organization)
        services.response_save(response=response, scores={s.code: 3 for s in statements})
    Assessment.objects.filter(pk=assessment.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )

    # The coordinator sees who answered and the network's chart with its table.
    login(page, coordinator)
    page.goto(live_url(f"/samenwerking/{assessment.pk}/"))
    expect(page.locator("svg.plein-chart")).to_have_count(2)
    expect(page.get_by_role("row", name=re.compile("^Initiatief 3,3"))).to_be_visible()
    expect(page.get_by_role("cell", name="nog niet")).to_have_count(1)
    expect(page.get_by_text("Goed overleg.")).to_be_visible()
    assert_accessible(page)
    assert first.name in page.content()

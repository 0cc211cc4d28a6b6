"""The question after an activity and the activities report, in a real browser on the demo:
a resident answers at 320 px (a comment with a phone number first), the coordinator reads the
report."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from plein.accounts.models import User
from plein.activities import signing
from plein.activities.models import Evaluation, SignUp, Status
from plein.demo.load import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def test_a_resident_answers_the_question_at_320_px(page: Page, assert_accessible):
    demo_load()
    signup = SignUp.objects.filter(status=Status.BOOKED, purged_at=None).first()
    assert signup is not None
    occurrence = signup.occurrence
    occurrence.starts_at = timezone.now() - timedelta(hours=3)
    occurrence.ends_at = timezone.now() - timedelta(hours=1)
    occurrence.save()
    before = Evaluation.objects.count()
    token = signing.token_make(signup=signup, salt=signing.EVALUATION_SALT)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/activiteit/beoordelen/{token}/")
    assert_accessible(page)
    assert page.evaluate(NO_SIDEWAYS)
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Wilt u nog iets kwijt? (mag leeg blijven)").fill("Bel mij: 06-12345678")
    page.get_by_role("button", name="Antwoord versturen").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("persoonsgegevens").first).to_be_visible()
    expect(page.get_by_label("Wilt u nog iets kwijt? (mag leeg blijven)")).to_have_value(
        "Bel mij: 06-12345678"
    )
    assert_accessible(page)
    page.get_by_label("Wilt u nog iets kwijt? (mag leeg blijven)").fill("Heel leerzaam.")
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Antwoord versturen").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("Bedankt voor uw antwoord!")).to_be_visible()
    assert Evaluation.objects.count() == before + 1


def test_the_coordinator_reads_the_activities_report(page: Page, login, assert_accessible):
    demo_load()
    login(page, User.objects.get(username="coordinator"))
    page.set_viewport_size({"width": 320, "height": 640})
    # The demo's past dates lie two weeks back: perhaps last month, so ask for those weeks.
    today = timezone.localdate()
    start = (today - timedelta(days=21)).strftime("%d-%m-%Y")
    end = today.strftime("%d-%m-%Y")
    page.goto(f"/rapportage/activiteiten/?period=custom&start={start}&end={end}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Activiteiten en afspraken: rapportage"
    )
    expect(page.get_by_role("rowheader", name="Digisterker").first).to_be_visible()
    expect(page.get_by_text("Fijn dat er koffie was.")).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS)
    assert_accessible(page)

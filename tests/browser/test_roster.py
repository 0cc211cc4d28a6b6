"""The duty roster in a real browser: the coordinator sees the gaps of the demo week, adds a
shift after a mistake, lets someone stand in for one day; the desk reads the roster."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plein.accounts.models import User
from plein.demo.load import demo_load
from plein.schedule.models import Shift, ShiftChange

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_plans_the_week_and_the_desk_reads_it(page, login, assert_accessible):
    demo_load()
    coordinator = User.objects.get(username="coordinator")
    login(page, coordinator)
    page.goto("/rooster/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rooster: Beekveld Centrum")
    expect(
        page.get_by_role("heading", name="Gaten in de bezetting, komende 14 dagen")
    ).to_be_visible()
    expect(page.get_by_text("1 professional te weinig").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Dienst toevoegen").click()
    page.get_by_label("Wie").select_option(label="Carla Coördinator")
    page.get_by_label("Als", exact=True).select_option(label="professional")
    page.get_by_label("Dag").select_option(label="vrijdag")
    page.get_by_label("Van", exact=True).fill("14:00")
    page.get_by_label("Tot", exact=True).fill("13:00")
    page.get_by_role("button", name="Dienst opslaan").click()
    expect(page.get_by_text("De eindtijd moet na de begintijd liggen.")).to_be_visible()
    expect(page.get_by_label("Van", exact=True)).to_have_value("14:00")
    assert_accessible(page)
    page.get_by_label("Tot", exact=True).fill("18:00")
    page.get_by_role("button", name="Dienst opslaan").click()
    expect(page.get_by_text("De dienst is toegevoegd.")).to_be_visible()
    assert_accessible(page)
    assert Shift.objects.filter(person=coordinator, weekday=4, starts_at="14:00").exists()

    shift = Shift.objects.filter(branch__slug="centrum", weekday=0, kind="volunteer").get()
    monday = timezone.localdate() - timezone.timedelta(days=timezone.localdate().weekday())
    next_monday = monday + timezone.timedelta(days=7)
    page.goto(f"/rooster/diensten/{shift.pk}/wijziging/?datum={next_monday:%Y-%m-%d}")
    assert_accessible(page)
    page.get_by_label("Wat verandert er").select_option(label="Iemand anders neemt het over")
    page.get_by_label("Wie neemt het over").select_option(label="Bo de Balie")
    page.get_by_label("Neemt het over als").select_option(label="vrijwilliger")
    page.get_by_role("button", name="Wijziging opslaan").click()
    expect(page.get_by_text("neemt het over van Anna Smit")).to_be_visible()
    assert_accessible(page)
    assert ShiftChange.objects.filter(shift=shift, date=next_monday).exists()

    login(page, User.objects.get(username="balie"))
    page.goto("/rooster/")
    expect(page.get_by_text("Anna Smit (vrijwilliger)").first).to_be_visible()
    expect(page.get_by_text("Gaten in de bezetting")).to_have_count(0)
    assert_accessible(page)

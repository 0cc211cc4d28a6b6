"""The TV page in a real browser: landscape and portrait with axe, the refresh every minute,
the last data kept when the network is down, and an hour of refreshes without memory growth."""

import re

import pytest
from playwright.sync_api import expect

from plein.demo.load import demo_load
from plein.schedule.displays import display_path
from plein.schedule.models import Display

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def display():
    demo_load()
    return Display.objects.get(branch__slug="centrum")


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_the_screen_reads_well_in_both_orientations(page, display, assert_accessible, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(display_path(display))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Beekveld Centrum")
    # The demo's activities of the coming days, with seats left and a QR code to sign up.
    expect(page.locator("#offers .plein-display__seats").first).to_contain_text(
        re.compile("plaats|wachtlijst|vrije tijd")
    )
    expect(page.locator("#offers svg").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    assert_accessible(page)


def test_the_screen_refreshes_and_keeps_its_data_offline(page, display, assert_accessible):
    page.clock.install()
    page.goto(display_path(display))
    assert_accessible(page)
    display.alert = "De lift is buiten gebruik."
    display.save()
    with page.expect_response(lambda r: "/gegevens/" in r.url):
        page.clock.run_for(60_000)
    expect(page.get_by_role("status")).to_have_text("De lift is buiten gebruik.")
    expect(page.locator("#offline")).to_be_hidden()

    items_before = page.locator("#items li").count()
    page.route("**/gegevens/", lambda route: route.abort())
    page.clock.run_for(60_000)
    expect(page.locator("#offline")).to_be_visible()
    assert page.locator("#items li").count() == items_before
    expect(page.get_by_role("status")).to_have_text("De lift is buiten gebruik.")


def test_an_hour_of_refreshes_does_not_grow_the_heap(page, display, assert_accessible):
    page.clock.install()
    page.goto(display_path(display))
    assert_accessible(page)
    cdp = page.context.new_cdp_session(page)

    def heap() -> int:
        cdp.send("HeapProfiler.collectGarbage")
        return cdp.send("Runtime.getHeapUsage")["usedSize"]

    for _minute in range(5):
        with page.expect_response(lambda r: "/gegevens/" in r.url):
            page.clock.run_for(60_000)
    start = heap()
    for _minute in range(60):
        with page.expect_response(lambda r: "/gegevens/" in r.url):
            page.clock.run_for(60_000)
    grown = heap() - start
    assert grown < 200_000, f"the heap grew {grown} bytes in an hour of refreshes"

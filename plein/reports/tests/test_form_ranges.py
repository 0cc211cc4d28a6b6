"""Every number a report form or the reports' setting takes has a range: extreme values get a
Dutch message beside their field, never a server error (issue 10, §3)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.questions.forms.manage import THRESHOLD_RANGE, THRESHOLD_REQUIRED
from plein.questions.models import RegistrationSettings
from plein.questions.services.options import THRESHOLD_TOO_LOW
from plein.reports.forms import DATE_OUT_OF_RANGE, OPTION_UNKNOWN

EXTREMES = ["99999999999999999999", "-1", "0", "9" * 400, "1e9", "²", "1.5"]
OPTION_FIELDS = ["branch", "desk", "channel", "topic", "life_domain", "outcome"]
PAGES = [
    "/rapportage/",
    "/rapportage/ido/",
    "/rapportage/doorverwijzingen/",
]
DOWNLOADS = ["/rapportage/export/topic.csv", "/rapportage/doorverwijzingen/export/outcomes.csv"]


@pytest.fixture(autouse=True)
def _in_june():
    with time_machine.travel(datetime.datetime(2026, 6, 20, 12, 0), tick=False):
        yield


@pytest.fixture
def coordinator(client, world):
    user = UserFactory(coordinator=True, library=world.library)
    client.force_login(user)
    return user


@pytest.mark.parametrize("value", EXTREMES)
@pytest.mark.parametrize("field", OPTION_FIELDS)
def test_an_option_out_of_range_is_an_unknown_choice(client, coordinator, field, value):
    response = client.get("/rapportage/", {field: value})

    assert response.status_code == 200
    assert str(OPTION_UNKNOWN) in response.content.decode()


@pytest.mark.parametrize("value", EXTREMES)
@pytest.mark.parametrize("page", [*PAGES, *DOWNLOADS])
def test_a_library_out_of_range_is_not_found(client, coordinator, page, value):
    # Asking for a library outside the user's own is a 404, whatever the number.
    assert client.get(page, {"library": value}).status_code == 404


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("01-01-0001", "31-01-0001"),
        ("01-12-9999", "31-12-9999"),
        ("99999999999999999999", ""),
        ("01-01-1999", "31-12-1999"),
        ("01-01-2026", "31-12-2101"),
    ],
)
@pytest.mark.parametrize("page", PAGES)
def test_dates_out_of_range_get_a_message(client, coordinator, page, start, end):
    response = client.get(page, {"period": "custom", "start": start, "end": end})

    assert response.status_code == 200
    content = response.content.decode()
    assert str(DATE_OUT_OF_RANGE) in content or "Vul een datum in als dd-mm-jjjj" in content


@pytest.mark.parametrize("page", DOWNLOADS)
def test_a_download_with_dates_out_of_range_is_refused(client, coordinator, page):
    response = client.get(page, {"period": "custom", "start": "01-01-0001", "end": "31-01-0001"})

    assert response.status_code == 400
    assert str(DATE_OUT_OF_RANGE) in response.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("99999999999999999999", THRESHOLD_RANGE),
        ("9" * 400, THRESHOLD_RANGE),
        ("101", THRESHOLD_RANGE),
        ("-1", THRESHOLD_TOO_LOW % {"minimum": 5}),
        ("0", THRESHOLD_TOO_LOW % {"minimum": 5}),
        ("1e9", THRESHOLD_REQUIRED),
        ("²", THRESHOLD_REQUIRED),
        ("1.5", THRESHOLD_REQUIRED),
    ],
)
def test_the_small_cell_threshold_has_a_range(client, coordinator, world, value, message):
    response = client.post(reverse("questions:manage_settings"), {"small_cell_threshold": value})

    assert response.status_code == 400  # the settings form's answer to bad input
    assert str(message) in response.content.decode()
    settings = RegistrationSettings.objects.filter(library=world.library).first()
    assert settings is None or settings.small_cell_threshold == 5


def test_the_small_cell_threshold_accepts_its_range(client, coordinator, world):
    for value in ("5", "100"):
        response = client.post(
            reverse("questions:manage_settings"), {"small_cell_threshold": value}
        )
        assert response.status_code == 302
        row = RegistrationSettings.objects.get(library=world.library)
        assert row.small_cell_threshold == int(value)

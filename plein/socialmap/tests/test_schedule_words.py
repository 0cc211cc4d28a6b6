"""A schedule is described in one way wherever Plein shows it (hours.schedule_text): on the public
page with its explanation ("Toelichting"), and in the change history in words, never as
WEEKLY, TU,TH or 09:30:00."""

import datetime

import pytest
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.socialmap import hours, services
from plein.socialmap.tests.factories import ScheduleFactory, ServiceFactory

pytestmark = pytest.mark.django_db

RAW = ("WEEKLY", "TU,TH", "09:30:00", "MONTHLY")


@pytest.fixture
def service():
    return ServiceFactory(name="Belastingspreekuur")


@pytest.fixture
def partner(client, service):
    user = UserFactory(partner=True, organization=service.organization)
    client.force_login(user)
    return user


def test_schedule_text_adds_the_explanation():
    schedule = ScheduleFactory.build(
        freq="WEEKLY",
        byday="TU,TH",
        opens_at=datetime.time(9, 30),
        closes_at=datetime.time(12),
        description="Inloop zonder afspraak",
    )
    assert hours.schedule_text(schedule) == (
        "dinsdag en donderdag 09.30–12.00 uur (Inloop zonder afspraak)"
    )
    schedule.description = ""
    assert hours.schedule_text(schedule) == "dinsdag en donderdag 09.30–12.00 uur"


def test_public_service_page_shows_the_explanation_of_the_hours(client, service):
    ScheduleFactory(
        service=service,
        byday="TU,TH",
        opens_at=datetime.time(9, 30),
        closes_at=datetime.time(12),
        description="Inloop zonder afspraak",
    )
    page = client.get(
        reverse("socialmap:service_detail", args=[service.library.slug, service.pk])
    ).content.decode()
    assert "dinsdag en donderdag 09.30–12.00 uur (Inloop zonder afspraak)" in page


def test_history_describes_a_changed_schedule_in_words(client, partner, service):
    schedule = services.schedule_create(
        service=service,
        data={
            "freq": "WEEKLY",
            "byday": "TU,TH",
            "opens_at": datetime.time(9, 30),
            "closes_at": datetime.time(12),
            "description": "Inloop zonder afspraak",
        },
        user=partner,
    )
    services.schedule_update(
        schedule=schedule,
        data={"byday": "1WE", "freq": "MONTHLY", "closes_at": datetime.time(11)},
        user=partner,
    )
    services.schedule_delete(schedule=schedule, user=partner)
    page = client.get(reverse("socialmap:service_edit", args=[service.pk])).content.decode()
    was = "dinsdag en donderdag 09.30–12.00 uur (Inloop zonder afspraak)"
    now = "elke eerste woensdag van de maand 09.30–11.00 uur (Inloop zonder afspraak)"
    assert f'tijden: was "(leeg)", is nu "{was}"' in page
    assert f'tijden: was "{was}", is nu "{now}"' in page
    assert f'tijden: was "{now}", is nu "(leeg)"' in page
    history = page[page.index('id="geschiedenis"') :]
    assert not [raw for raw in RAW if raw in history]


def test_history_writes_dates_like_every_other_page(client, partner, service):
    services.schedule_create(
        service=service,
        data={"freq": "WEEKLY", "byday": "MO", "valid_to": datetime.date(2026, 12, 3)},
        user=partner,
    )
    page = client.get(reverse("socialmap:service_edit", args=[service.pk])).content.decode()
    assert "3 december 2026" in page
    assert "2026-12-03" not in page[page.index('id="geschiedenis"') :]

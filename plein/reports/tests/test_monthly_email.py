"""The monthly report e-mail: last month's figures, to coordinators, once per month."""

import datetime

import pytest
import time_machine
from django.core import mail

from plein.accounts.tests.factories import UserFactory
from plein.core.periodic import periodic_registry
from plein.questions.models import RegistrationSettings
from plein.reports.models import MonthlyReportSent
from plein.reports.services import monthly_reports_send
from plein.reports.tasks import monthly_email


@pytest.fixture
def coordinators(world):
    return [
        UserFactory(coordinator=True, library=world.library, email="coord@beek.example"),
        UserFactory(coordinator=True, library=world.library, email="tweede@beek.example"),
        UserFactory(coordinator=True, library=world.library, email=""),
        UserFactory(library=world.library, email="balie@beek.example"),  # desk worker
    ]


def _run(moment: datetime.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return monthly_email.call()


def test_the_task_is_registered_to_run_daily():
    entry = periodic_registry()["reports.monthly_email"]
    assert entry.every == datetime.timedelta(days=1)


def test_coordinators_get_last_months_figures_once(world, coordinators, settings):
    settings.SITE_URL = "https://plein.example"
    assert _run(datetime.datetime(2026, 7, 1, 7, 0)) == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["coord@beek.example", "tweede@beek.example"]
    message = mail.outbox[0]
    assert message.subject == "Plein: maandrapport juni 2026 voor Bibliotheek Beek"
    assert "Bezoeken: 4 (maand ervoor: 1)" in message.body
    assert "Vragen: 5 (maand ervoor: 2)" in message.body
    assert "https://plein.example/rapportage/?period=custom&start=01-06-2026&end=30-06-2026" in (
        message.body
    )
    # A daily run later in the month sends nothing more.
    assert _run(datetime.datetime(2026, 7, 2, 7, 0)) == 0
    assert _run(datetime.datetime(2026, 7, 31, 7, 0)) == 0
    assert len(mail.outbox) == 2
    assert MonthlyReportSent.objects.get(library=world.library).recipients == 2
    # In August, July's report goes out.
    assert _run(datetime.datetime(2026, 8, 1, 7, 0)) == 1
    assert "juli 2026" in mail.outbox[-1].subject


def test_a_library_that_turned_the_report_off_gets_nothing(world, coordinators):
    RegistrationSettings.objects.create(library=world.library, monthly_report=False)
    assert _run(datetime.datetime(2026, 7, 1, 7, 0)) == 0
    assert mail.outbox == []


def test_a_library_without_coordinators_is_tried_again_later(world):
    assert monthly_reports_send() == 0
    assert not MonthlyReportSent.objects.exists()


def test_the_email_holds_no_personal_data(world, coordinators):
    _run(datetime.datetime(2026, 7, 1, 7, 0))
    body = mail.outbox[0].body
    for word in ("Schuldhulp", "Sam", "coord@beek.example", "balie@"):
        assert word not in body

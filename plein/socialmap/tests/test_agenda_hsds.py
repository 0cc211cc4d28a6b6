"""Consultation hours stay HSDS schedules: exported as schedules, and a re-import of the export
keeps what HSDS has no place for (room, theme, holidays, languages, exceptions)."""

import csv
import datetime

import pytest

from plein.socialmap.hsds.exporter import hsds_export_csv
from plein.socialmap.hsds.importer import hsds_import
from plein.socialmap.models import Schedule
from plein.socialmap.tests.factories import (
    ConsultationHourFactory,
    RoomFactory,
    ScheduleExceptionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_a_consultation_hour_is_exported_as_a_schedule_and_survives_a_reimport(tmp_path):
    hour = ConsultationHourFactory(byday="TH", interval=2, schedule_link="https://afspraak.nl")
    branch = hour.service_at_location.location.branches.get()
    hour.room = RoomFactory(branch=branch)
    hour.theme = ThemeFactory(branch=branch)
    hour.on_public_holidays = True
    hour.languages = "nl,ar"
    hour.save()
    ScheduleExceptionFactory(schedule=hour, date=datetime.date(2026, 3, 12))
    library = branch.library

    hsds_export_csv(library=library, out=tmp_path / "export")
    with (tmp_path / "export" / "schedules.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["service_at_location_id"] for row in rows] == [str(hour.service_at_location_id)]
    assert (rows[0]["freq"], rows[0]["interval"], rows[0]["byday"]) == ("WEEKLY", "2", "TH")
    assert rows[0]["schedule_link"] == "https://afspraak.nl"
    assert "room" not in rows[0] and "languages" not in rows[0]

    result = hsds_import(path=tmp_path / "export", library=library)
    assert result.counts["schedule"]["updated"] == 1
    again = Schedule.objects.get(pk=hour.pk)
    assert (again.room, again.theme) == (hour.room, hour.theme)
    assert again.on_public_holidays and again.languages == "nl,ar"
    assert again.exceptions.count() == 1

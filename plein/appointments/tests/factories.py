import datetime
import uuid
import zoneinfo

import factory
from django.utils import timezone

from plein.appointments import consent_texts
from plein.appointments.models import BookableHour, Booking, BookingSource, BookingStatus
from plein.socialmap.tests.factories import ConsultationHourFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# A Friday; the factory's consultation hour is on Tuesdays 10:00–12:00, so the next one is on
# Tuesday 8 December with slots of 20 minutes from 10:00 to 11:40.
NOW = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=AMSTERDAM)
TUESDAY = datetime.date(2026, 12, 8)


def at(hour: int, minute: int = 0, day: datetime.date = TUESDAY) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=AMSTERDAM)


class BookableHourFactory(factory.django.DjangoModelFactory):
    """A partner's Tuesday consultation hour, bookable in slots of 20 minutes."""

    class Meta:
        model = BookableHour

    schedule = factory.SubFactory(ConsultationHourFactory)
    library = factory.LazyAttribute(lambda o: o.schedule.service_at_location.service.library)
    organization = factory.LazyAttribute(
        lambda o: o.schedule.service_at_location.service.organization
    )
    slot_minutes = 20
    horizon_weeks = 6


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    hour = factory.SubFactory(BookableHourFactory)
    library = factory.SelfAttribute("hour.library")
    organization = factory.SelfAttribute("hour.organization")
    start = factory.LazyFunction(lambda: at(10))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(minutes=o.hour.slot_minutes))
    status = BookingStatus.BOOKED
    source = BookingSource.DESK
    submission_key = factory.LazyFunction(uuid.uuid4)
    consent_version = consent_texts.CURRENT_VERSION
    consent_given_at = factory.LazyFunction(timezone.now)
    name = "Fatima"
    phone = "06-12345678"
    email = "fatima@voorbeeld.nl"
    question = "Een brief van de gemeente"

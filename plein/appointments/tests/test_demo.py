import pytest

from plein.appointments.models import BookableHour, Booking
from plein.demo.load import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_ships_bookable_hours_with_bookings_once():
    result = demo_load()
    assert "plein.demo.appointments.demo_appointments_install" in result.hooks_run
    assert BookableHour.objects.count() == 2
    assert Booking.objects.count() == 3
    demo_load()
    assert (BookableHour.objects.count(), Booking.objects.count()) == (2, 3)

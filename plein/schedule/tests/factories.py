import datetime

import factory

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import BranchFactory
from plein.schedule.models import PresenceRule, Shift, ShiftChange, StaffKind
from plein.socialmap.tests.factories import LocationFactory


class ShiftFactory(factory.django.DjangoModelFactory):
    """Every Monday 10:00–13:00 by a volunteer, from 1 January 2026 on."""

    class Meta:
        model = Shift

    branch = factory.SubFactory(BranchFactory)
    library = factory.SelfAttribute("branch.library")
    person = factory.SubFactory(UserFactory, library=factory.SelfAttribute("..branch.library"))
    kind = StaffKind.VOLUNTEER
    weekday = 0
    starts_at = datetime.time(10, 0)
    ends_at = datetime.time(13, 0)
    every_weeks = 1
    valid_from = datetime.date(2026, 1, 1)

    class Params:
        professional = factory.Trait(kind=StaffKind.PROFESSIONAL)


class ShiftChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShiftChange

    shift = factory.SubFactory(ShiftFactory)
    date = datetime.date(2026, 12, 7)


class PresenceRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PresenceRule

    branch = factory.SubFactory(BranchFactory)
    library = factory.SelfAttribute("branch.library")


def branch_with_opening_hours(**branch_fields):
    """A branch whose location opens Monday to Friday 10:00–17:00 (an HSDS location schedule)."""
    from plein.socialmap.models import Schedule

    branch = BranchFactory(**branch_fields)
    location = LocationFactory(organization__library=branch.library)
    Schedule.objects.create(
        location=location,
        freq="WEEKLY",
        byday="MO,TU,WE,TH,FR",
        opens_at=datetime.time(10, 0),
        closes_at=datetime.time(17, 0),
    )
    branch.location = location
    branch.save(update_fields=["location"])
    return branch

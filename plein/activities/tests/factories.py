from datetime import timedelta

import factory
from django.utils import timezone

from plein.activities.consent_texts import CURRENT_VERSION
from plein.activities.models import Activity, Occurrence, SignUp, Source, Status
from plein.core.tests.factories import BranchFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    branch = factory.SubFactory(BranchFactory)
    library = factory.SelfAttribute("branch.library")
    title = factory.Sequence(lambda n: f"Klik & Tik {n}")
    capacity = 2


class OccurrenceFactory(factory.django.DjangoModelFactory):
    """A date next week, with the activity's capacity."""

    class Meta:
        model = Occurrence

    activity = factory.SubFactory(ActivityFactory)
    library = factory.SelfAttribute("activity.library")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    capacity = factory.SelfAttribute("activity.capacity")

    class Params:
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=40))
        )


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignUp

    occurrence = factory.SubFactory(OccurrenceFactory)
    library = factory.SelfAttribute("occurrence.library")
    status = Status.BOOKED
    source = Source.ONLINE
    consent_version = CURRENT_VERSION
    consent_given_at = factory.LazyFunction(timezone.now)
    name = factory.Sequence(lambda n: f"Deelnemer {n}")
    phone = factory.Sequence(lambda n: f"06 1234 {n:04d}")
    email = ""
    contact_hash = factory.Sequence(lambda n: f"hash-{n}")

    class Params:
        waiting = factory.Trait(status=Status.WAITING)

import datetime

import factory
from django.utils import timezone

from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.models import (
    AgeBand,
    Channel,
    Desk,
    LifeDomain,
    Outcome,
    OutcomeKind,
    Registration,
    RegistrationSettings,
    Topic,
    TopicTile,
    Visit,
)


class _OptionFactory(factory.django.DjangoModelFactory):
    library = factory.SubFactory(LibraryFactory)

    class Params:
        archived = factory.Trait(archived_at=factory.LazyFunction(timezone.now))


class TopicFactory(_OptionFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Onderwerp {n}")


class LifeDomainFactory(_OptionFactory):
    class Meta:
        model = LifeDomain

    name = factory.Sequence(lambda n: f"Leefgebied {n}")


class ChannelFactory(_OptionFactory):
    class Meta:
        model = Channel

    name = factory.Sequence(lambda n: f"Kanaal {n}")


class OutcomeFactory(_OptionFactory):
    class Meta:
        model = Outcome

    name = factory.Sequence(lambda n: f"Uitkomst {n}")
    kind = OutcomeKind.ANSWERED

    class Params:
        referred = factory.Trait(kind=OutcomeKind.REFERRED)


class AgeBandFactory(_OptionFactory):
    class Meta:
        model = AgeBand

    name = factory.Sequence(lambda n: f"Leeftijd {n}")


class DeskFactory(_OptionFactory):
    class Meta:
        model = Desk

    branch = factory.SubFactory(BranchFactory)
    library = factory.SelfAttribute("branch.library")  # type: ignore[assignment]
    name = factory.Sequence(lambda n: f"Balie {n}")


class TopicTileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TopicTile

    branch = factory.SubFactory(BranchFactory)
    topic = factory.SubFactory(TopicFactory, library=factory.SelfAttribute("..branch.library"))


class RegistrationSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationSettings
        django_get_or_create = ("library",)

    library = factory.SubFactory(LibraryFactory)


def _local(visit, part):
    local = timezone.localtime(visit.started_at)
    return {"date": local.date(), "hour": local.hour, "weekday": local.isoweekday()}[part]


class VisitFactory(factory.django.DjangoModelFactory):
    """A visit stored directly (tests of reports); desk tests use services.visit_register."""

    class Meta:
        model = Visit

    branch = factory.SubFactory(BranchFactory)
    library = factory.SelfAttribute("branch.library")
    channel = factory.SubFactory(ChannelFactory, library=factory.SelfAttribute("..library"))
    started_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    date = factory.LazyAttribute(lambda v: _local(v, "date"))
    hour = factory.LazyAttribute(lambda v: _local(v, "hour"))
    weekday = factory.LazyAttribute(lambda v: _local(v, "weekday"))


def _link_defaults(registration) -> dict:
    return {"library_id": registration.library_id, "date": registration.date}


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A question with the visit's facts copied, as the services store it.

    RegistrationFactory(topics=[topic], life_domains=[...]) links options after creation.
    """

    class Meta:
        model = Registration
        skip_postgeneration_save = True

    visit = factory.SubFactory(VisitFactory)
    library = factory.SelfAttribute("visit.library")
    branch = factory.SelfAttribute("visit.branch")
    desk = factory.SelfAttribute("visit.desk")
    channel = factory.SelfAttribute("visit.channel")
    date = factory.SelfAttribute("visit.date")
    hour = factory.SelfAttribute("visit.hour")
    weekday = factory.SelfAttribute("visit.weekday")

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.add(*extracted, through_defaults=_link_defaults(self))

    @factory.post_generation
    def life_domains(self, create, extracted, **kwargs):
        if create and extracted:
            self.life_domains.add(*extracted, through_defaults=_link_defaults(self))

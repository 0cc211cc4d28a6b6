"""A small, fully known data set for the report tests (expectations are counted by hand)."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.models import IdoCategory, OutcomeKind, VisitMode
from plein.questions.tests.factories import (
    ChannelFactory,
    DeskFactory,
    LifeDomainFactory,
    OutcomeFactory,
    RegistrationFactory,
    TopicFactory,
    VisitFactory,
)

# A Monday in the middle of a month: the "current period" in the tests is June 2026.
DAY = datetime.date(2026, 6, 15)


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 10)))


@dataclass
class World:
    library: object
    other_library: object
    north: object
    south: object
    desk: object
    balie: object
    phone: object
    digid: object
    toeslagen: object
    pas: object
    money: object
    answered: object
    referred: object
    other_topic: object
    other_branch: object


def _visit(branch, channel, day, hour, **extra):
    return VisitFactory(branch=branch, channel=channel, started_at=at(day, hour), **extra)


def _question(visit, topics=(), **extra):
    return RegistrationFactory(visit=visit, topics=list(topics), **extra)


@pytest.fixture
def world(db) -> World:
    """Library "Beek" in June 2026 (and two questions in May):

    visit A  north, balie, Mon 15 June 10h, full: digid (answered), toeslagen+digid (referred,
             to "Schuldhulp", complex, life domain money)
    visit B  north, balie, Mon 15 June 10h, tally: digid (no outcome)
    visit C  south, phone, Tue 16 June 14h, full: pas (answered)
    visit D  south, balie, Wed 3 June 11h, full: toeslagen (referred, no name)
    visit E  north, balie, Fri 15 May 9h: digid, toeslagen (answered both)   [previous period]
    Another library has one question in June.
    """
    library = LibraryFactory(name="Bibliotheek Beek", slug="beek")
    other = LibraryFactory(name="Bibliotheek Ver", slug="ver")
    north = BranchFactory(library=library, name="Noord")
    south = BranchFactory(library=library, name="Zuid")
    desk = DeskFactory(branch=north, name="Infopunt")
    balie = ChannelFactory(library=library, name="Balie")
    phone = ChannelFactory(library=library, name="Telefoon")
    digid = TopicFactory(library=library, name="DigiD", ido_category=IdoCategory.DIGITAL_GOVERNMENT)
    toeslagen = TopicFactory(library=library, name="Toeslagen")
    pas = TopicFactory(library=library, name="Bibliotheekpas", ido_category=IdoCategory.LIBRARY)
    money = LifeDomainFactory(library=library, name="Financiën")
    answered = OutcomeFactory(library=library, name="Beantwoord", kind=OutcomeKind.ANSWERED)
    referred = OutcomeFactory(library=library, name="Doorverwezen", kind=OutcomeKind.REFERRED)

    visit_a = _visit(north, balie, DAY, 10, desk=desk, duration_band="5_15")
    _question(visit_a, [digid], outcome=answered)
    _question(
        visit_a,
        [toeslagen, digid],
        outcome=referred,
        referred_name="Schuldhulp",
        is_complex=True,
        life_domains=[money],
    )
    visit_b = _visit(north, balie, DAY, 10, desk=desk, mode=VisitMode.TALLY)
    _question(visit_b, [digid])
    visit_c = _visit(south, phone, DAY + datetime.timedelta(days=1), 14, duration_band="under_5")
    _question(visit_c, [pas], outcome=answered)
    visit_d = _visit(south, balie, datetime.date(2026, 6, 3), 11, duration_band="15_30")
    _question(visit_d, [toeslagen], outcome=referred)
    visit_e = _visit(north, balie, datetime.date(2026, 5, 15), 9, duration_band="5_15")
    _question(visit_e, [digid], outcome=answered)
    _question(visit_e, [toeslagen], outcome=answered)

    other_branch = BranchFactory(library=other, name="Elders")
    other_topic = TopicFactory(library=other, name="DigiD")
    other_visit = _visit(other_branch, ChannelFactory(library=other), DAY, 10)
    _question(other_visit, [other_topic])
    return World(
        library, other, north, south, desk, balie, phone, digid, toeslagen, pas, money,
        answered, referred, other_topic, other_branch,
    )  # fmt: skip

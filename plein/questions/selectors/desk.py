"""Reads for the desk screen: options, tiles, today's visits, referral suggestions."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from plein.core.models import Branch, Library
from plein.questions.models import (
    AgeBand,
    Channel,
    Desk,
    LifeDomain,
    Outcome,
    Registration,
    RegistrationSettings,
    RegistrationTopic,
    Topic,
    TopicTile,
    Visit,
    VisitMode,
)
from plein.questions.options_cache import options_cached
from plein.socialmap.models import Attribute, Organization, Service, ServiceStatus, TaxonomyTerm

# How far back "the organisations this branch referred to most often" looks.
FREQUENT_REFERRALS_DAYS = 90
SUGGESTIONS_PER_TOPIC = 4
FREQUENT_REFERRALS = 4


@dataclass
class DeskOptions:
    """A library's active choices and registration settings, cached (questions.options_cache)."""

    branches: list[Branch]
    desks: list[Desk]
    channels: list[Channel]
    topics: list[Topic]
    life_domains: list[LifeDomain]
    outcomes: list[Outcome]
    age_bands: list[AgeBand]
    settings: RegistrationSettings


def _desk_options_read(library: Library) -> DeskOptions:
    return DeskOptions(
        branches=list(Branch.objects.for_library(library).filter(is_active=True).order_by("name")),
        desks=list(
            Desk.objects.for_library(library)
            .active()
            .filter(branch__is_active=True)
            .select_related("branch")
        ),
        channels=list(Channel.objects.for_library(library).active()),
        topics=list(Topic.objects.for_library(library).active()),
        life_domains=list(LifeDomain.objects.for_library(library).active()),
        outcomes=list(Outcome.objects.for_library(library).active()),
        age_bands=list(AgeBand.objects.for_library(library).active()),
        settings=RegistrationSettings.objects.get_or_create(library=library)[0],
    )


def desk_options(*, library: Library) -> DeskOptions:
    """The library's active choices and settings: no query when nothing changed."""
    return options_cached(library=library, read=lambda: _desk_options_read(library))


def topic_tiles_for_branch(*, branch: Branch) -> list[Topic]:
    """The branch's frequent topics in the coordinators' order (archived topics left out)."""
    tiles = TopicTile.objects.filter(branch=branch, topic__archived_at__isnull=True)
    return [tile.topic for tile in tiles.select_related("topic")]


def visits_today_for_user(*, user) -> QuerySet[Visit]:
    """The user's own visits of today, latest first, with what the list shows."""
    registrations = Registration.objects.select_related("outcome").prefetch_related("topics")
    return (
        Visit.objects.for_library(user.library_id)
        .filter(registered_by=user, date=timezone.localdate())
        .select_related("branch", "desk", "channel")
        .prefetch_related(Prefetch("registrations", queryset=registrations.order_by("id")))
        .order_by("-created_at", "-id")
    )


def visit_last_for_user(*, user) -> Visit | None:
    registrations = Registration.objects.select_related("outcome").prefetch_related("topics")
    return (
        Visit.objects.for_library(user.library_id)
        .filter(registered_by=user)
        .prefetch_related(Prefetch("registrations", queryset=registrations.order_by("id")))
        .order_by("-created_at", "-id")
        .first()
    )


def tally_counts_today(*, user, branch: Branch) -> dict[int, int]:
    """Per topic id: today's tally taps at this branch by this user (the tile's counter)."""
    rows = (
        RegistrationTopic.objects.filter(
            registration__visit__registered_by=user,
            registration__visit__mode=VisitMode.TALLY,
            registration__branch=branch,
            registration__date=timezone.localdate(),
        )
        .values("topic_id")
        .annotate(total=Count("id"))
    )
    return {row["topic_id"]: row["total"] for row in rows}


def question_count_for_branch(*, branch: Branch, day) -> int:
    """The questions registered at the branch on the day, by every desk (tallies included)."""
    return Registration.objects.filter(branch=branch, date=day).count()


def organizations_for_library(*, library: Library) -> list[Organization]:
    return list(Organization.objects.for_library(library).only("id", "name").order_by("name"))


def _term_family(term_ids: set) -> dict:
    """Each term id with its descendants' ids (a few small queries, one per level)."""
    family = {term_id: {term_id} for term_id in term_ids}
    parent_of = {term_id: term_id for term_id in term_ids}
    frontier = set(term_ids)
    while frontier:
        children = TaxonomyTerm.objects.filter(parent_id__in=frontier).values_list("pk", "parent")
        frontier = set()
        for child, parent in children:
            root = parent_of[parent]
            if child not in parent_of:
                parent_of[child] = root
                family[root].add(child)
                frontier.add(child)
    return family


def referral_suggestions(*, library: Library, topics: list[Topic]) -> dict[int, list]:
    """Per topic id: organisations whose active services carry the topic's term (or a narrower one).

    Organisations with more matching services come first; the library itself (the organisations
    of its branches' locations) comes last, since a resident already is at the library.
    """
    family = _term_family({topic.term_id for topic in topics if topic.term_id})
    if not family:
        return {}
    all_terms = set().union(*family.values())
    links = Attribute.objects.filter(link_entity="service", taxonomy_term_id__in=all_terms)
    services = list(
        Service.objects.for_library(library)
        .filter(status=ServiceStatus.ACTIVE, id__in=links.values("link_id"))
        .select_related("organization")
    )
    service_terms = defaultdict(set)
    for link_id, term_id in links.values_list("link_id", "taxonomy_term_id"):
        service_terms[link_id].add(term_id)
    own = set(
        Branch.objects.for_library(library)
        .filter(location__isnull=False)
        .values_list("location__organization_id", flat=True)
    )
    result = {}
    for topic in topics:
        terms = family.get(topic.term_id, set())
        counts = Counter(
            service.organization for service in services if service_terms[service.id] & terms
        )
        ranked = sorted(counts, key=lambda org: (org.pk in own, -counts[org], org.name))
        result[topic.pk] = ranked[:SUGGESTIONS_PER_TOPIC]
    return result


def frequent_referrals_for_branch(*, branch: Branch) -> list[Organization]:
    since = timezone.localdate() - datetime.timedelta(days=FREQUENT_REFERRALS_DAYS)
    ranked = (
        Registration.objects.filter(
            branch=branch, date__gte=since, referred_organization__isnull=False
        )
        .values("referred_organization")
        .annotate(total=Count("id"))
        .order_by("-total")[:FREQUENT_REFERRALS]
    )
    ids = [row["referred_organization"] for row in ranked]
    by_id = Organization.objects.for_library(branch.library_id).in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]

"""Volume demo data: realistic anonymous registrations for the demo library (`plein demo
--registrations N`), for trying the reports and for the benchmarks.

The rows are written straight to the tables (PostgreSQL COPY, or executemany elsewhere), not
through `visit_register`, because a million questions one by one would take hours. They look
exactly like what the services store: each registration repeats its visit's library, branch,
desk, channel and local (Europe/Amsterdam) date, hour and weekday; two or more life domains
make a question complex; a referral names an organisation of the library's own social map.

The generated set belongs to an inactive account (`GENERATOR_USERNAME`) that cannot log in:
running the generator again replaces that set and leaves registrations made by people alone.
"""

import bisect
import datetime
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Min, Model
from django.utils import timezone

from plein.accounts.models import Role, User
from plein.core import audit
from plein.core.models import Branch, Library
from plein.demo import audit_actions as actions
from plein.questions.models import (
    AgeBand,
    Channel,
    Desk,
    DurationBand,
    Gender,
    LifeDomain,
    Outcome,
    OutcomeKind,
    Registration,
    RegistrationLifeDomain,
    RegistrationSettings,
    RegistrationTopic,
    Topic,
    Visit,
    VisitMode,
)
from plein.questions.services.months import months_changed
from plein.questions.services.options import options_install_defaults
from plein.socialmap.models import Organization, Service

GENERATOR_USERNAME = "volumedemo"
CHUNK_REGISTRATIONS = 25_000
HOLIDAYS = {(1, 1), (4, 27), (12, 25), (12, 26)}  # fixed-date public holidays: all closed
PLACES = [
    "Wilgenhorst", "Molenkwartier", "De Elzen", "Beekveld-Zuid", "Elzenhof", "Heidedonk",
    "Lindehoeve", "Veldwijk", "Brakelo", "Eikenrode", "Hazelbroek", "Meidoorn", "Rietvelde",
    "Essenburg", "Wolfsloo", "Kempenhorst", "Dennenkamp", "Vlierbeek", "Berkenlo", "Haverveld",
    "Oudedonk", "Nieuwdonk", "Zwaluwhoeve", "Kievitsveld", "Reigersbroek", "Beukenrode",
    "Akkerwijk", "Weideveld", "Ganzenhoek", "Sterrebos",
]  # fmt: skip
# Visitors per hour of the day (late-morning peak, a smaller one after lunch).
HOUR_WEIGHTS = {9: 0.5, 10: 1.0, 11: 1.5, 12: 1.2, 13: 0.8, 14: 1.0, 15: 1.1, 16: 0.8, 17: 0.5,
                18: 0.3, 19: 0.25}  # fmt: skip
MONTH_VOLUME = {1: 1.05, 2: 1.0, 3: 1.25, 4: 1.2, 5: 1.0, 6: 0.95, 7: 0.7, 8: 0.7, 9: 1.0,
                10: 1.05, 11: 1.05, 12: 0.85}  # fmt: skip
# A skewed topic distribution, keyed by the last part of the taxonomy term's code.
TOPIC_WEIGHTS = {
    "toeslagen": 14, "digid": 12, "formulieren": 10, "digitalevaardigheden": 8,
    "mijnoverheid": 6, "zorgverzekering": 5, "schulden": 5, "belastingaangifte": 4, "wmo": 4,
    "budget": 3, "inkomensondersteuning": 3, "energie": 3, "woningzoeken": 3, "uitkering": 3,
    "huur": 2, "werkzoeken": 2, "nederlandsleren": 2, "bezwaar": 1.5, "inburgering": 1.5,
    "laaggeletterdheid": 1.5, "onlineveiligheid": 1.5, "ov": 1, "huisarts": 1,
    "rechtshulp": 1, "studiefinanciering": 1, "doelgroepenvervoer": 1,
}  # fmt: skip
TOPIC_NAME_WEIGHTS = {"Bibliotheek": 6, "Overige vraag": 4}
TOPIC_DEFAULT_WEIGHT = 0.4
# Seasonal peaks: tax returns in March–April, energy in winter, health insurance at year end.
SEASONS = {
    "belastingaangifte": ({3: 6, 4: 5, 5: 1.5}, 0.25),
    "toeslagen": ({1: 1.4, 3: 1.3, 4: 1.3, 9: 1.2}, 1.0),
    "energie": ({11: 2, 12: 2.2, 1: 2.2, 2: 1.8}, 0.6),
    "zorgverzekering": ({11: 2, 12: 2.8, 1: 1.6}, 0.8),
    "studiefinanciering": ({8: 2.5, 9: 2}, 0.8),
}
# The life domain behind a topic, and where the demo's social map refers such questions.
DOMAIN_FOR_AREA = {
    "geld": "financien", "digitaleoverheid": "dagelijksleven", "zorg": "lichamelijkegezondheid",
    "wonen": "huisvesting", "werk": "werkopleiding", "taal": "participatie",
    "gezin": "huiselijkerelaties", "meedoen": "sociaalnetwerk", "vervoer": "dagelijksleven",
    "juridisch": "justitie", "veiligheid": "huiselijkerelaties", "onderwijs": "werkopleiding",
    "mantelzorg": "sociaalnetwerk",
}  # fmt: skip
REFERRALS_FOR_AREA = {
    "geld": ["raadslieden", "schuldmaatje", "thuisadmin", "leergeld"],
    "digitaleoverheid": ["gemeente", "raadslieden"],
    "zorg": ["wijkteam", "thuiszorg", "gezondheid", "herstelpunt"],
    "wonen": ["woonstichting", "energie", "buurtbemiddeling"],
    "werk": ["werkplein", "vrijwilligers"],
    "taal": ["nieuwkomers", "welzijn"],
    "gezin": ["jgz", "wijkteam"],
    "meedoen": ["welzijn", "senioren", "vrijwilligers"],
    "vervoer": ["vervoer"],
    "juridisch": ["rechtshulp", "raadslieden"],
    "veiligheid": ["veiligthuis"],
    "onderwijs": ["leergeld"],
    "mantelzorg": ["mantelzorg"],
}
REFERRALS_FALLBACK = ["gemeente", "wijkteam", "welzijn"]
CHANNEL_WEIGHTS = {"Balie": 78, "Telefoon": 9, "Afspraak": 6, "E-mail": 5, "Chat": 2}
OUTCOME_WEIGHTS = {
    OutcomeKind.ANSWERED: 50,
    OutcomeKind.HELPED_ALONG: 25,
    OutcomeKind.REFERRED: 19,
    OutcomeKind.COME_BACK: 6,
}
DURATION_FOR_EFFORT = {
    None: DurationBand.FROM_5_TO_15,
    1: DurationBand.UNDER_5,
    2: DurationBand.FROM_5_TO_15,
    3: DurationBand.FROM_15_TO_30,
    4: DurationBand.FROM_30_TO_60,
}

VISIT_FIELDS = (
    "id", "library_id", "branch_id", "desk_id", "channel_id", "started_at", "date", "hour",
    "weekday", "duration_band", "age_band_id", "gender", "mode", "registered_by_id",
    "idempotency_key", "clock_skew_seconds", "created_at",
)  # fmt: skip
REGISTRATION_FIELDS = (
    "id", "visit_id", "library_id", "branch_id", "desk_id", "channel_id", "date", "hour",
    "weekday", "is_complex", "outcome_id", "referred_organization_id", "referred_service_id",
    "referred_name", "effort", "note", "created_at", "updated_at",
)  # fmt: skip
# The links repeat the registration's library and date, as the services store them.
TOPIC_LINK_FIELDS = ("id", "registration_id", "topic_id", "library_id", "date")
DOMAIN_LINK_FIELDS = ("id", "registration_id", "life_domain_id", "library_id", "date")
TABLES = [
    (Visit, VISIT_FIELDS),
    (Registration, REGISTRATION_FIELDS),
    (RegistrationTopic, TOPIC_LINK_FIELDS),
    (RegistrationLifeDomain, DOMAIN_LINK_FIELDS),
]
MODEL_CHANGED = (
    "{model} has fields the volume generator does not fill: {missing}. "
    "Add them to plein/questions/demo.py."
)


@dataclass
class GenerationResult:
    registrations: int = 0
    visits: int = 0
    replaced: int = 0  # registrations of an earlier generated set, removed first
    branches_created: int = 0
    branches: int = 0
    seconds: float = 0.0


@dataclass
class _BranchPlan:
    branch_id: int
    desk_ids: list[int]
    weight: float
    hours: dict[int, range]  # ISO weekday -> opening hours


@dataclass
class _Choices:
    """Weighted choices with precomputed cumulative weights (fast repeated picks)."""

    values: list
    cumulative: list[float] = field(default_factory=list)

    @classmethod
    def of(cls, weighted: dict) -> "_Choices":
        values = [value for value, weight in weighted.items() if weight > 0]
        total, cumulative = 0.0, []
        for value in values:
            total += weighted[value]
            cumulative.append(total)
        return cls(values, cumulative)

    def pick(self, rng: random.Random):
        point = rng.random() * self.cumulative[-1]
        return self.values[bisect.bisect_right(self.cumulative, point)]


def _check_models() -> None:
    # A model change must not leave a column silently empty in the generated rows.
    for model, names in TABLES:
        expected = {f.attname for f in model._meta.concrete_fields}
        if expected != set(names):
            missing = ", ".join(sorted(expected - set(names))) or "-"
            raise RuntimeError(MODEL_CHANGED.format(model=model.__name__, missing=missing))


# --- set-up: branches, desks, options ------------------------------------------------------------


def _branches_ensure(library: Library, total: int, rng: random.Random) -> int:
    existing = Branch.objects.filter(library=library, is_active=True).count()
    slugs = set(Branch.objects.filter(library=library).values_list("slug", flat=True))
    names = PLACES + [f"{n}" for n in range(len(PLACES) + 1, total + 1)]
    created = 0
    for place in names:
        if existing + created >= total:
            break
        slug = f"servicepunt-{place.lower().replace(' ', '-')}"
        if slug in slugs:
            continue
        Branch.objects.create(library=library, name=f"Servicepunt {place}", slug=slug)
        created += 1
    return created


def _generator_user(library: Library) -> User:
    user, _created = User.objects.get_or_create(
        username=GENERATOR_USERNAME,
        defaults={
            "role": Role.DESK,
            "library": library,
            "first_name": "Volumedemo",
            "is_active": False,
            "password": make_password(None),
        },
    )
    return user


def _branch_plans(library: Library, rng: random.Random) -> list[_BranchPlan]:
    desks: dict[int, list[int]] = {}
    for desk in Desk.objects.active().filter(library=library).order_by("pk"):
        desks.setdefault(desk.branch_id, []).append(desk.pk)
    plans = []
    for branch in Branch.objects.filter(library=library, is_active=True).order_by("pk"):
        plans.append(
            _BranchPlan(branch.pk, desks.get(branch.pk, []), *_branch_profile(branch, rng))
        )
    return plans


def _branch_profile(branch: Branch, rng: random.Random) -> tuple[float, dict[int, range]]:
    """Size and opening hours: the main library, two village branches, small service points."""
    if branch.slug == "centrum":
        hours = {day: range(10, 18) for day in range(1, 6)} | {4: range(10, 20)}
        return 10.0, hours | {6: range(10, 16), 7: range(13, 17)}
    if not branch.slug.startswith("servicepunt-"):
        return 3.0, {day: range(10, 17) for day in range(1, 6)} | {6: range(10, 13)}
    days = rng.sample(range(1, 6), rng.choice([2, 3]))
    opening = rng.choice([range(9, 13), range(10, 14), range(13, 17)])
    return rng.uniform(0.4, 1.2), {day: opening for day in days}


# --- the distributions ------------------------------------------------------------------------


def _code_key(topic_or_domain) -> str:
    term = topic_or_domain.term
    return term.code.rsplit(".", 1)[-1] if term is not None else ""


def _area(topic: Topic) -> str:
    return topic.term.code.split(".", 1)[0] if topic.term is not None else ""


def _topic_weight(topic: Topic, month: int) -> float:
    key = _code_key(topic)
    base = TOPIC_WEIGHTS.get(key, TOPIC_NAME_WEIGHTS.get(topic.name, TOPIC_DEFAULT_WEIGHT))
    peaks, otherwise = SEASONS.get(key, ({}, 1.0))
    return base * peaks.get(month, otherwise)


class _Model:
    """Everything the generator picks from, loaded once."""

    def __init__(self, library: Library, plans: list[_BranchPlan], rng, *, user_id, now) -> None:
        self.library, self.plans, self.rng = library, plans, rng
        self.user_id, self.now = user_id, now
        topics = list(Topic.objects.active().filter(library=library).select_related("term"))
        if not topics:
            raise RuntimeError("The library has no topics to register questions under.")
        self.topics_by_month = {
            month: _Choices.of({t: _topic_weight(t, month) for t in topics})
            for month in range(1, 13)
        }
        self.domains = list(
            LifeDomain.objects.active().filter(library=library).select_related("term")
        )
        self.domain_by_code = {_code_key(d): d.pk for d in self.domains}
        channels = {c.name: c.pk for c in Channel.objects.active().filter(library=library)}
        self.channels = _Choices.of({pk: CHANNEL_WEIGHTS.get(n, 1) for n, pk in channels.items()})
        self.balie = channels.get("Balie")
        self.outcomes = self._outcomes()
        self.referrals = self._referral_targets()
        settings_row, _ = RegistrationSettings.objects.get_or_create(library=library)
        ages = AgeBand.objects.active().filter(library=library).values_list("pk", flat=True)
        self.age_bands = list(ages) if settings_row.record_age_band else []
        self.genders = list(Gender.values) if settings_row.record_gender else []

    def _outcomes(self) -> _Choices:
        first: dict[OutcomeKind, int] = {}
        for outcome in Outcome.objects.active().filter(library=self.library).order_by("position"):
            first.setdefault(OutcomeKind(outcome.kind), outcome.pk)
        self.referred_outcome = first.get(OutcomeKind.REFERRED)
        return _Choices.of({pk: OUTCOME_WEIGHTS[kind] for kind, pk in first.items()})

    def _referral_targets(self) -> dict[str, list[tuple]]:
        """Per topic area: (organisation id, name, its service ids) on the library's map."""
        from plein.demo.load import demo_id  # noqa: PLC0415

        organizations = {
            o.pk: o for o in Organization.objects.filter(library=self.library).order_by("name")
        }
        services: dict = {}
        for service_id, org_id in Service.objects.filter(library=self.library).values_list(
            "id", "organization_id"
        ):
            services.setdefault(org_id, []).append(service_id)

        def targets(keys: list[str]) -> list[tuple]:
            found = [organizations.get(demo_id("organization", key)) for key in keys]
            return [(o.pk, o.name[:255], services.get(o.pk, [])) for o in found if o]

        fallback = targets(REFERRALS_FALLBACK) or [
            (o.pk, o.name[:255], services.get(o.pk, [])) for o in organizations.values()
        ]
        areas = {area: targets(keys) or fallback for area, keys in REFERRALS_FOR_AREA.items()}
        return areas | {"": fallback}

    # --- one visit and its questions --------------------------------------------------------------

    def visit_rows(self, local: datetime.datetime, plan: _BranchPlan, left: int, out: "_Chunk"):
        """Append one visit (with up to `left` questions) to the chunk; returns its questions."""
        rng = self.rng
        channel = self.channels.pick(rng)
        tally = channel == self.balie and rng.random() < 0.05
        draw = rng.random()
        wanted = 1 if tally or draw < 0.8 else (2 if draw < 0.95 else 3)
        questions = [self.question(local.month, tally=tally) for _ in range(min(wanted, left))]
        efforts = [q[4] for q in questions if q[4] is not None]
        created = min(local + datetime.timedelta(seconds=rng.randrange(30, 900)), self.now)
        visit_index = len(out.visits)
        out.visits.append([
            visit_index, self.library.pk, plan.branch_id,
            rng.choice(plan.desk_ids) if plan.desk_ids else None, channel, local,
            local.date(), local.hour, local.isoweekday(),
            "" if tally else DURATION_FOR_EFFORT[max(efforts, default=None)].value,
            *self.age_and_gender(tally=tally),
            (VisitMode.TALLY if tally else VisitMode.FULL).value, self.user_id, None, None,
            created,
        ])  # fmt: skip
        visit = out.visits[-1]
        for topics, domains, is_complex, outcome, effort, referral in questions:
            index = len(out.registrations)
            organization, name, service = referral or (None, "", None)
            out.registrations.append([
                index, visit_index, *visit[1:5], *visit[6:9], is_complex, outcome,
                organization, service, name, effort, "", created, created,
            ])  # fmt: skip
            facts = (self.library.pk, visit[6])
            out.topic_links.extend([None, index, topic, *facts] for topic in topics)
            out.domain_links.extend([None, index, domain, *facts] for domain in domains)
        return len(questions)

    def age_and_gender(self, *, tally: bool) -> tuple:
        """Only where the library records them, and not always filled in."""
        rng = self.rng
        age = rng.choice(self.age_bands) if self.age_bands and rng.random() < 0.85 else None
        gender = rng.choice(self.genders) if self.genders and rng.random() < 0.85 else ""
        return (None, "") if tally else (age, gender)

    def question(self, month: int, *, tally: bool) -> tuple:
        rng = self.rng
        topic = self.topics_by_month[month].pick(rng)
        topics = [topic.pk]
        if tally:
            return topics, [], False, None, None, None
        if rng.random() < 0.1:
            other = self.topics_by_month[month].pick(rng)
            topics += [other.pk] if other.pk != topic.pk else []
        domains = self.life_domains(topic)
        is_complex = len(domains) >= 2 or rng.random() < 0.005
        outcome = self.outcomes.pick(rng)
        if is_complex and self.referred_outcome and rng.random() < 0.3:
            outcome = self.referred_outcome
        referral = self.referral(topic) if outcome == self.referred_outcome else None
        effort = None
        if rng.random() < 0.7:
            effort = min(4, rng.choices((1, 2, 3, 4), (45, 30, 17, 8))[0] + int(is_complex))
        return topics, domains, is_complex, outcome, effort, referral

    def life_domains(self, topic: Topic) -> list[int]:
        """About one question in five names the question behind it; two or more: complex."""
        rng = self.rng
        if not self.domains or rng.random() >= 0.2:
            return []
        wanted = 1 if (draw := rng.random()) < 0.6 else (2 if draw < 0.9 else 3)
        first = self.domain_by_code.get(DOMAIN_FOR_AREA.get(_area(topic), ""))
        chosen = [first] if first else []
        while len(chosen) < min(wanted, len(self.domains)):
            domain = rng.choice(self.domains).pk
            if domain not in chosen:
                chosen.append(domain)
        return chosen

    def referral(self, topic: Topic) -> tuple | None:
        rng = self.rng
        targets = self.referrals.get(_area(topic)) or self.referrals[""]
        if not targets:
            return None
        organization, name, services = rng.choice(targets)
        service = rng.choice(services) if services and rng.random() < 0.5 else None
        return organization, name, service


@dataclass
class _Chunk:
    visits: list = field(default_factory=list)
    registrations: list = field(default_factory=list)
    topic_links: list = field(default_factory=list)
    domain_links: list = field(default_factory=list)


# --- time: which days, how many questions each ---------------------------------------------------


def _first_day(today: datetime.date, years: int) -> datetime.date:
    try:
        back = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        back = today.replace(year=today.year - years, day=28)
    return back + datetime.timedelta(days=1)


def _months(first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
    """The first day of every month from first's through last's."""
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + datetime.timedelta(days=31)).replace(day=1)


def _open_hours(plan: _BranchPlan, day: datetime.date, now_local: datetime.datetime) -> list:
    hours = list(plan.hours.get(day.isoweekday(), ()))
    if day == now_local.date():
        # Today only the hours already past: nothing is registered in the future.
        hours = [h for h in hours if h < now_local.hour]
    return hours


def _day_plan(plans: list[_BranchPlan], day, now_local) -> _Choices | None:
    """Which branch a visit that day is at, weighted by size and open hours; None if closed."""
    if (day.month, day.day) in HOLIDAYS:
        return None
    mass = {}
    for index, plan in enumerate(plans):
        hours = _open_hours(plan, day, now_local)
        mass[index] = plan.weight * sum(HOUR_WEIGHTS.get(h, 0.2) for h in hours)
    return _Choices.of(mass) if any(mass.values()) else None


def _allocate(count: int, days: list, plans, now_local, rng) -> list[tuple]:
    """(day, branch choices, registrations) per open day; the counts add up to `count`."""
    open_days = []
    for position, day in enumerate(days):
        choices = _day_plan(plans, day, now_local)
        if choices is None:
            continue
        # A little growth over the years: the information point becomes better known.
        trend = 0.85 + 0.3 * position / max(len(days) - 1, 1)
        open_days.append((day, choices, choices.cumulative[-1] * MONTH_VOLUME[day.month] * trend))
    if not open_days:
        return []
    total = sum(weight for _day, _c, weight in open_days)
    # Systematic sampling: each day gets its share on average, even when shares are below one
    # question a day, and the counts add up to exactly `count`.
    offset, running, counts, previous = rng.random(), 0.0, [], 0
    for _day, _choices, weight in open_days:
        running += count * weight / total
        reached = min(int(running + offset), count)
        counts.append(reached - previous)
        previous = reached
    counts[-1] += count - previous
    return [(day, choices, n) for (day, choices, _w), n in zip(open_days, counts, strict=True)]


def _chunks(model: _Model, *, count: int, years: int) -> Iterator[_Chunk]:
    now_local = timezone.localtime(model.now)
    tz = timezone.get_default_timezone()
    today = now_local.date()
    first = _first_day(today, years)
    days = [first + datetime.timedelta(days=n) for n in range((today - first).days + 1)]
    hour_choices = {}
    chunk = _Chunk()
    for day, branches, quota in _allocate(count, days, model.plans, now_local, model.rng):
        while quota > 0:
            plan = model.plans[branches.pick(model.rng)]
            key = (plan.branch_id, day.isoweekday(), day == today)
            if key not in hour_choices:
                hours = _open_hours(plan, day, now_local)
                hour_choices[key] = _Choices.of({h: HOUR_WEIGHTS.get(h, 0.2) for h in hours})
            hour = hour_choices[key].pick(model.rng)
            minute, second = model.rng.randrange(60), model.rng.randrange(60)
            local = datetime.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)
            quota -= model.visit_rows(local, plan, quota, chunk)
        if len(chunk.registrations) >= CHUNK_REGISTRATIONS:
            yield chunk
            chunk = _Chunk()
    if chunk.visits:
        yield chunk


# --- writing -------------------------------------------------------------------------------------


class _Writer:
    """Gives a chunk's rows real ids and writes them: COPY on PostgreSQL, executemany elsewhere.

    Made inside the generator's transaction (SET CONSTRAINTS lasts until its end).
    """

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        if self.postgres:
            # Check the foreign keys after each COPY instead of queueing every row's checks for
            # COMMIT: the server's memory stays flat whatever the count (docs/benchmarks.md).
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def write(self, chunk: _Chunk) -> None:
        visit_ids = self._ids(Visit, len(chunk.visits))
        registration_ids = self._ids(Registration, len(chunk.registrations))
        for row in chunk.visits:
            row[0] = visit_ids[row[0]]
        for row in chunk.registrations:
            row[0], row[1] = registration_ids[row[0]], visit_ids[row[1]]
        links: list[tuple[type[Model], list]] = [
            (RegistrationTopic, chunk.topic_links),
            (RegistrationLifeDomain, chunk.domain_links),
        ]
        for link_model, rows in links:
            for row, link_id in zip(rows, self._ids(link_model, len(rows)), strict=True):
                row[0], row[1] = link_id, registration_ids[row[1]]
        for (model, names), rows in zip(
            TABLES,
            (chunk.visits, chunk.registrations, chunk.topic_links, chunk.domain_links),
            strict=True,
        ):
            self._insert(model, names, rows)

    def _ids(self, model, count: int) -> list[int]:
        if count == 0:
            return []
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return sorted(row[0] for row in cursor.fetchall())
            # Elsewhere (SQLite) the transaction holds the write lock, so max + 1 is ours.
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
            start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))

    def _insert(self, model, names: tuple, rows: list) -> None:
        if not rows:
            return
        fields = [model._meta.get_field(name.removesuffix("_id")) for name in names]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            # Dates, datetimes and uuids need the backend's own format (SQLite stores text).
            prepared = [
                [f.get_db_prep_value(v, connection) for f, v in zip(fields, row, strict=True)]
                for row in rows
            ]
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})",
                prepared,
            )


def _generated_delete(user: User) -> int:
    """Remove the earlier generated set (raw SQL: the ORM would load a million rows first)."""
    q = connection.ops.quote_name
    visits, registrations = q(Visit._meta.db_table), q(Registration._meta.db_table)
    of_user = f"SELECT id FROM {visits} WHERE registered_by_id = %s"
    questions = f"SELECT id FROM {registrations} WHERE visit_id IN ({of_user})"
    with connection.cursor() as cursor:
        for link in (RegistrationTopic, RegistrationLifeDomain):
            table = q(link._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE registration_id IN ({questions})", [user.pk])
        cursor.execute(f"DELETE FROM {registrations} WHERE visit_id IN ({of_user})", [user.pk])
        removed = cursor.rowcount
        cursor.execute(f"DELETE FROM {visits} WHERE registered_by_id = %s", [user.pk])
    return removed


def _analyze() -> None:
    """Fresh planner statistics (as the HSDS importer does), and outside a transaction a VACUUM
    too: the visibility map it sets lets PostgreSQL answer counts from the indexes alone, which
    autovacuum would otherwise only do some minutes later."""
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model, _names in TABLES:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def registrations_generated_exist(*, library: Library) -> bool:
    """Whether the library holds a generated set (made by `plein demo`)."""
    return Visit.objects.filter(
        library=library, registered_by__username=GENERATOR_USERNAME
    ).exists()


def registrations_generate(
    *,
    library: Library,
    count: int,
    branches: int = 30,
    years: int = 3,
    seed: int | None = None,
    now: datetime.datetime | None = None,
    progress=None,
) -> GenerationResult:
    """Replace the library's generated registrations by `count` new ones; all or nothing."""
    _check_models()
    started = time.perf_counter()
    rng = random.Random(seed)
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = GenerationResult()
    with transaction.atomic():
        # Removing the set (count 0) adds no branches.
        if count:
            result.branches_created = _branches_ensure(library, branches, rng)
        # The lists every library starts with, and a desk for each new branch (idempotent).
        options_install_defaults(library=library)
        user = _generator_user(library)
        earliest = _first_day(today, years)
        replaced_from = Visit.objects.filter(registered_by=user).aggregate(first=Min("date"))
        writer = _Writer()
        result.replaced = _generated_delete(user)
        plans = _branch_plans(library, rng)
        result.branches = len(plans)
        model = _Model(library, plans, rng, user_id=user.pk, now=now)
        for chunk in _chunks(model, count=count, years=years):
            writer.write(chunk)
            result.visits += len(chunk.visits)
            result.registrations += len(chunk.registrations)
            if progress is not None:
                progress(result.registrations, count)
        changes = {"registrations": result.registrations, "visits": result.visits,
                   "replaced": result.replaced, "years": years, "seed": seed}  # fmt: skip
        audit.log(
            library, actions.DEMO_REGISTRATIONS_GENERATED, changes=changes, actor_label="plein demo"
        )
        # Every month loaded or emptied changed.
        earliest = min(filter(None, [earliest, replaced_from["first"]]))
        months_changed(library_id=library.pk, dates=_months(earliest, today))
    _analyze()
    result.seconds = time.perf_counter() - started
    return result

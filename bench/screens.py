"""Benchmark the schedule's busy reads on PostgreSQL (issue 12, §7): prints figures only.

    PLEIN_DEV=1 .venv/bin/python bench/screens.py [--displays 800] [--rounds 3] [--hours 40]
        [--skip-displays] [--reuse]

On a fresh database (BENCH_SCREENS_DATABASE, default plein_bench_screens, on BENCH_PG_URL): the
demo, then per branch --hours extra weekly consultation hours (so a branch feed holds a year of
hours) and --displays screens spread over the branches and rooms. Measured in-process through
Django's test client (middleware, view, template or JSON; no network):

1. the display data endpoint, every screen polled once per round, in random order: p50/p95;
2. the branch iCalendar and JSON feeds (the feed's whole window): SQL statements and size of
   one response, p50/p95 of 20 requests each;
   and, without the request, reading the hours and writing each format;
3. "Vandaag" as the desk user: SQL statements of one load and p50/p95 of 50 loads.

--skip-displays measures only 2 and 3; --reuse measures the database of an earlier run again
(for comparing two versions of the code on the same data).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.run import PG_SERVER, percentile  # noqa: E402

DATABASE = os.environ.get("BENCH_SCREENS_DATABASE", "plein_bench_screens")


def prepare_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def setup_django() -> None:
    os.environ.setdefault("PLEIN_DEV", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plein.settings")
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{DATABASE}"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def load(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    from plein.core.models import Branch
    from plein.demo.load import demo_load
    from plein.schedule.models import Display
    from plein.socialmap.models import Organization, Room, Schedule, Service, ServiceAtLocation

    call_command("migrate", verbosity=0)
    demo_load()
    rng = random.Random(1)
    branches = list(Branch.objects.select_related("library", "location"))
    for branch in branches:
        rooms = list(Room.objects.filter(branch=branch))
        organization = Organization.objects.filter(library=branch.library).first()
        assert organization is not None and branch.location is not None
        for n in range(args.hours):
            service = Service.objects.create(
                library=branch.library, organization=organization, name=f"Spreekuur {n}"
            )
            link = ServiceAtLocation.objects.create(service=service, location=branch.location)
            opens = datetime.time(rng.randint(9, 15), rng.choice([0, 30]))
            Schedule.objects.create(
                service_at_location=link,
                freq="WEEKLY",
                byday=rng.choice(["MO", "TU", "WE", "TH", "FR"]),
                interval=rng.choice([1, 1, 2]),
                opens_at=opens,
                closes_at=(
                    datetime.datetime.combine(datetime.date.today(), opens)
                    + datetime.timedelta(hours=2)
                ).time(),  # fmt: skip
                room=rng.choice(rooms) if rooms else None,
            )
    Display.objects.bulk_create(
        Display(
            library=branches[i % len(branches)].library,
            branch=branches[i % len(branches)],
            name=f"Scherm {i}",
        )
        for i in range(args.displays)
    )


CPU: list[float] = []  # this process's CPU time of each timed call (the machine may be shared)


def timed(call) -> float:
    start, cpu = time.perf_counter(), time.process_time()
    call()
    CPU.append((time.process_time() - cpu) * 1000)
    return (time.perf_counter() - start) * 1000


def report(name: str, values: list[float]) -> None:
    cpu = CPU[-len(values) :]
    print(
        f"{name}: n={len(values)} p50={statistics.median(values):.1f} ms "
        f"p95={percentile(values, 95):.1f} ms max={max(values):.1f} ms "
        f"(CPU of this process p50={statistics.median(cpu):.1f} ms "
        f"p95={percentile(cpu, 95):.1f} ms)"
    )


def measure(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from plein.accounts.models import User
    from plein.core.models import Branch
    from plein.schedule.displays import display_token
    from plein.schedule.models import Display
    from plein.socialmap.agenda import feeds
    from plein.socialmap.agenda.selectors import occurrence_list

    client = Client()
    if args.skip_displays:
        urls = []
    else:
        urls = [
            reverse("schedule:display_data", args=[display_token(d)]) for d in Display.objects.all()
        ]
    rng = random.Random(2)
    for url in urls[:20]:
        client.get(url)  # warm-up: connections, templates, QR codes
    samples = []
    for _round in range(args.rounds):
        rng.shuffle(urls)
        samples += [timed(lambda url=url: client.get(url)) for url in urls]
    if samples:
        report(f"display data ({len(urls)} screens x {args.rounds})", samples)

    branch = Branch.objects.select_related("library").get(slug="centrum")
    for fmt in ("ics", "json"):
        feed = reverse("socialmap:agenda_feed_branch", args=[branch.library.slug, branch.slug, fmt])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(feed)
        print(
            f"branch feed (.{fmt}): {len(queries.captured_queries)} SQL statements, "
            f"{len(response.content) // 1024} KB"
        )
        samples = [timed(lambda feed=feed: client.get(feed)) for _n in range(20)]
        report(f"branch feed (.{fmt})", samples)

    # The feed's parts, without the request: reading the hours, then writing each format.
    start, end = feeds.feed_window()

    def read():
        return occurrence_list(library=branch.library, start=start, end=end, branch=branch)

    report("  occurrence_list (a year)", [timed(read) for _n in range(20)])
    occurrences = read()
    for name, write in (("ics", feeds.calendar_ics), ("json", feeds.calendar_json)):
        samples = [timed(lambda w=write: w(occurrences=occurrences, name="x")) for _n in range(20)]
        report(f"  writing .{name} ({len(occurrences)} occurrences)", samples)

    client.force_login(User.objects.get(username="balie"))
    client.get(reverse("schedule:today"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("schedule:today"))
    print(f"Vandaag: {len(queries.captured_queries)} SQL statements per load")
    report("Vandaag", [timed(lambda: client.get(reverse("schedule:today"))) for _n in range(50)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--displays", type=int, default=800)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--hours", type=int, default=40)
    parser.add_argument(
        "--skip-displays", action="store_true", help="measure only the feeds and Vandaag"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure the database of an earlier run again"
    )
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    if not args.reuse:
        prepare_database()
    setup_django()
    if not args.reuse:
        load(args)
    measure(args)


if __name__ == "__main__":
    main()

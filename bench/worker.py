"""The Django side of the benchmark: run by bench/run.py in a child process per step.

    python bench/worker.py setup|counts|index|analyze|search|explain --slug bench [--repeats 5]
        [--query TEXT ...]

Each step prints one JSON object on its last line of standard output. The database is whatever
DATABASE_URL names, exactly as for the `plein` command.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plein.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402

from bench.queries import RESIDENT_QUERIES  # noqa: E402
from plein.core.models import Library  # noqa: E402
from plein.socialmap import models as sm  # noqa: E402

PAGE_SIZE = 20
# What a result page shows for each hit: name, a snippet of the description, the organisation
# and the freshness. Both searches load exactly these columns.
RESULT_FIELDS = (
    "id",
    "name",
    "alternate_name",
    "description",
    "assured_date",
    "status",
    "organization__id",
    "organization__name",
)
# The naive baseline matches every word of the query in any of the text columns that the search
# index holds (plein.socialmap.search.index). The taxonomy terms it also indexes are left out of
# the baseline: reaching them through Attribute would only make the baseline slower.
NAIVE_FIELDS = (
    "name",
    "alternate_name",
    "description",
    "eligibility_description",
    "application_process",
    "organization__name",
    "organization__alternate_name",
)


def emit(data: dict) -> None:
    print(json.dumps(data))


def step_setup(library_slug: str) -> dict:
    from plein.socialmap.search import synonyms_install_defaults

    library, created = Library.objects.get_or_create(
        slug=library_slug, defaults={"name": "Benchmark", "municipality": "Lindendal"}
    )
    # The shared default synonyms are part of every installation, and they make a search
    # heavier (more alternatives per word), so the benchmark searches with them.
    synonyms = synonyms_install_defaults()
    return {"library_id": library.pk, "created": created, "synonyms_added": synonyms}


def step_counts(library: Library) -> dict:
    counts: dict[str, object] = {
        "services": sm.Service.objects.filter(library=library).count(),
        "organizations": sm.Organization.objects.filter(library=library).count(),
        "locations": sm.Location.objects.filter(library=library).count(),
        "service_at_locations": sm.ServiceAtLocation.objects.filter(
            service__library=library
        ).count(),
        "schedules": sm.Schedule.objects.count(),
        "phones": sm.Phone.objects.count(),
        "attributes": sm.Attribute.objects.count(),
    }
    counts["database_bytes"] = database_size()
    counts["planner_statistics"] = planner_statistics()
    return counts


def planner_statistics() -> dict:
    """Whether the planner has statistics for the tables a search reads (ANALYZE has run)."""
    tables = ["socialmap_service", "socialmap_search_document", "socialmap_organization"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname, coalesce(last_analyze, last_autoanalyze) IS NOT NULL "
                "FROM pg_stat_user_tables WHERE relname = ANY(%s)",
                [tables],
            )
            return dict(cursor.fetchall())
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone():
            return dict.fromkeys(tables, False)
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        analyzed = {row[0] for row in cursor.fetchall()}
        return {table: table in analyzed for table in tables}


def step_analyze() -> dict:
    """What autovacuum does on a production PostgreSQL server soon after a large import.

    SQLite has no autovacuum; its ANALYZE gives the query planner the same kind of statistics.
    """
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"seconds": time.perf_counter() - started, "planner_statistics": planner_statistics()}


def database_size() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return pages * cursor.fetchone()[0]


def step_index(library: Library) -> dict:
    from plein.socialmap.search.index import search_index_rebuild

    started = time.perf_counter()
    search_index_rebuild(library=library)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "database_bytes": database_size()}


def search_real(library: Library, query: str) -> list:
    from plein.socialmap.search import ServiceSearch

    base = sm.Service.objects.filter(library=library)
    loaded = base.select_related("organization").only(*RESULT_FIELDS)
    return ServiceSearch(query, library=library, services=loaded)[:PAGE_SIZE]


def search_naive(library: Library, query: str) -> list:
    matches = Q()
    for word in query.split():
        any_field = Q()
        for field in NAIVE_FIELDS:
            any_field |= Q(**{f"{field}__icontains": word})
        matches &= any_field
    results = sm.Service.objects.filter(library=library).filter(matches)
    return list(results.select_related("organization").only(*RESULT_FIELDS)[:PAGE_SIZE])


def match_count(library: Library, query: str) -> int:
    """How many services match in all: the rank of every one of them is computed."""
    from plein.socialmap.search import ServiceSearch

    base = sm.Service.objects.filter(library=library)
    return ServiceSearch(query, library=library, services=base).count()


class QueryCounter:
    """Counts the SQL statements a search sends, to show what one search costs."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(search, library: Library, query: str) -> tuple[float, list, int]:
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        rows = search(library, query)
        seconds = time.perf_counter() - started
    return seconds, rows, counter.count


def step_search(library: Library, repeats: int) -> dict:
    per_query = []
    for query in RESIDENT_QUERIES:
        # One untimed run each, so that the figures are the steady state of a running server.
        search_real(library, query)
        search_naive(library, query)
        real_times, naive_times = [], []
        for _ in range(repeats):
            seconds, real_rows, real_sql = timed(search_real, library, query)
            real_times.append(seconds)
            seconds, naive_rows, naive_sql = timed(search_naive, library, query)
            naive_times.append(seconds)
        per_query.append(
            {
                "query": query,
                "real_matches": match_count(library, query),
                "real_ms": [t * 1000 for t in real_times],
                "naive_ms": [t * 1000 for t in naive_times],
                "real_hits": len(real_rows),
                "naive_hits": len(naive_rows),
                "real_sql": real_sql,
                "naive_sql": naive_sql,
                "real_top": [row.name for row in real_rows[:3]],
                "naive_top": [row.name for row in naive_rows[:3]],
            }
        )
    return {"repeats": repeats, "queries": per_query, "median_real_ms": median_of(per_query)}


class StatementLog:
    """Records every SQL statement a search sends, with its time."""

    def __init__(self) -> None:
        self.statements: list[tuple[float, str, tuple]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append((time.perf_counter() - started, sql, params))


def step_explain(library: Library, queries: list[str]) -> dict:
    """The database's own account of where a search spends its time.

    The search runs as in step_search while its statements are recorded; the slowest one is
    then explained (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite), so the plan is
    that of the statement the search really sent, whatever strategy it uses.
    """
    plans = {}
    for query in queries:
        log = StatementLog()
        with connection.execute_wrapper(log):
            search_real(library, query)
        seconds, sql, params = max(log.statements, key=lambda statement: statement[0])
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else ""
        prefix = prefix or "EXPLAIN QUERY PLAN "
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql, params)
            rows = cursor.fetchall()
        plan = "\n".join(" | ".join(str(cell) for cell in row) for row in rows)
        timings = ", ".join(f"{statement[0] * 1000:.1f}" for statement in log.statements)
        plans[query] = (
            f"{len(log.statements)} statements, ms: {timings}\n"
            f"slowest ({seconds * 1000:.1f} ms):\n{sql}\n\n{plan}"
        )
    return {"plans": plans}


def median_of(per_query: list[dict]) -> float:
    return statistics.median(t for q in per_query for t in q["real_ms"])


def main() -> None:
    parser = argparse.ArgumentParser()
    steps = ["setup", "counts", "index", "analyze", "search", "explain"]
    parser.add_argument("step", choices=steps)
    parser.add_argument("--slug", default="bench")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--query", action="append", default=[], help="for explain")
    args = parser.parse_args()
    if args.step == "setup":
        emit(step_setup(args.slug))
        return
    if args.step == "analyze":
        emit(step_analyze())
        return
    library = Library.objects.get(slug=args.slug)
    if args.step == "counts":
        emit(step_counts(library))
    elif args.step == "index":
        emit(step_index(library))
    elif args.step == "explain":
        emit(step_explain(library, args.query))
    else:
        emit(step_search(library, args.repeats))


if __name__ == "__main__":
    main()

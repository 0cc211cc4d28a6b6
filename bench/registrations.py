"""Benchmark registration and reports on PostgreSQL with a million registrations (issue 3, §6).

    .venv/bin/python bench/registrations.py [--registrations 1000000] [--repeats 20]
        [--http-repeats 200] [--seed 1] [--reuse] [--no-http] [--out bench/out]

Prints figures; it is not a test and asserts nothing. Three measurements:

1. `plein demo --registrations N` in a child process on a fresh database: wall time and peak
   resident memory (the child's own, from wait4);
2. the main dashboard's queries (`plein.reports.selectors.report_dashboard` and each selector it
   calls), for the coordinator's library over this month, this year and all three years, and for
   the funder over the last twelve months: first the daily fill from nothing (what `plein demo`
   runs after loading registrations and the worker soon after `plein migrate`); then per scope
   from nothing (stored months and roll-ups deleted, as before the fill's first run), the daily
   fill that view makes due (the roll-ups it did not need), cold (the selectors' stored months
   deleted, then derived
   from the roll-ups, stored and read as the view does; --cold-repeats runs each; for the cold
   view also its SQL time in-process and EXPLAIN (ANALYZE, BUFFERS) of its reads: rows scanned,
   buffers, server time) and warm (p50 and p95 over --repeats runs after one warm-up);
3. one gunicorn worker serving the bench database: p50 of a bare "ok" view (`/gezond/`) and of
   registering a question through the desk screen's JSON endpoint (`POST /balie/`), alternating
   on one keep-alive connection as the logged-in desk user.

Results also go to OUT/registrations-<time>.json, query plans to OUT/explain-registrations.txt.
See bench/README.md.
"""

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.run import PG_SERVER, base_env, machine_info, measure, percentile, tail  # noqa: E402

PG_DATABASE = os.environ.get("BENCH_REG_DATABASE", "plein_bench_reg")
PLEIN = Path(sys.executable).parent / "plein"
GUNICORN = Path(sys.executable).parent / "gunicorn"
DESK_USER, FUNDER_USER, PASSWORD = "balie", "financier", "plein-demo"
TARGET_DASHBOARD_P95_MS = 500.0
TARGET_REGISTER_RATIO = 3.0


def prepare_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DATABASE}")


def step(name: str, argv: list[str], env: dict) -> dict:
    print(f"  {name} …", flush=True)
    measured = measure(argv, env)
    if not measured.ok:
        sys.exit(f"{name} mislukt:\n{tail(measured.stderr, 20)}")
    print(f"  {name}: {measured.seconds:.1f} s, piek {measured.peak_rss_mb:.0f} MB", flush=True)
    return measured.as_dict()


def generate(env: dict, args: argparse.Namespace) -> dict:
    prepare_database()
    results = {"migrate": step("migrate", [str(PLEIN), "migrate", "-v0"], env)}
    argv = [
        str(PLEIN),
        "demo",
        "--registrations",
        str(args.registrations),
        "--seed",
        str(args.seed),
    ]
    results["generate"] = step(f"plein demo --registrations {args.registrations}", argv, env)
    print("  " + tail(results["generate"]["output_tail"], 1), flush=True)
    return results


# --- the dashboard ---------------------------------------------------------------------------


def django_setup(env: dict) -> None:
    os.environ.update({"DATABASE_URL": env["DATABASE_URL"], "PLEIN_DEV": env["PLEIN_DEV"]})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plein.settings")
    import django

    django.setup()


def scopes() -> list[tuple[str, Any]]:
    from django.utils import timezone

    from plein.accounts.models import User
    from plein.reports.permissions import report_libraries, reports_are_protected
    from plein.reports.selectors import ReportScope

    today = timezone.localdate()
    coordinator = User.objects.get(username="coordinator")
    funder = User.objects.get(username=FUNDER_USER)

    def scope(user, start: date) -> ReportScope:
        libraries = tuple(report_libraries(user).values_list("pk", flat=True))
        return ReportScope(
            libraries=libraries, start=start, end=today, protected=reports_are_protected(user)
        )

    three_years = today.replace(year=today.year - 3) + timedelta(days=1)
    return [
        ("coördinator, deze maand", scope(coordinator, today.replace(day=1))),
        ("coördinator, dit jaar", scope(coordinator, today.replace(month=1, day=1))),
        ("coördinator, 3 jaar", scope(coordinator, three_years)),
        ("financier, 12 maanden", scope(funder, today - timedelta(days=364))),
    ]


def dashboard_parts(scope) -> dict:
    """The dashboard and every selector it calls, with the stored counts each reads: for each,
    (function, tallies). The whole dashboard runs as the view does: store, then read."""
    from plein.reports import selectors as s
    from plein.reports import services

    cross = ("topic", "branch")
    tallies = {
        (t.name, t.args): (scopes, t)
        for scopes, t in s.dashboard_tallies(scope=scope, cross=cross, optional=())
    }

    def whole():
        services.month_counts_fill(scope=scope)
        return s.report_dashboard(scope=scope)

    Keys = list[tuple[str, tuple[str, ...]]]
    parts: dict[str, tuple[Callable[[], object], Keys]] = {
        "report_dashboard (alles)": (whole, []),
        "totalen + vorige periode": (lambda: s.report_totals(scope=scope), [("totals", ())]),
        "reeks": (lambda: s.report_series(scope=scope), [("series", ())]),
    }
    for name in s.BREAKDOWNS:
        parts[f"per {name}"] = (partial(s.report_breakdown, scope=scope, dimension=name),
                                [("breakdown", (name,))])  # fmt: skip
    parts["heatmap"] = (lambda: s.report_heatmap(scope=scope), [("heatmap", ())])
    parts["kruistabel topic × branch"] = (
        lambda: s.report_cross(scope=scope, rows="topic", columns="branch"),
        [("cross", cross)],
    )
    parts["volledigheid"] = (lambda: s.report_completeness(scope=scope), [("completeness", ())])
    return {name: (f, [tallies[k] for k in keys]) for name, (f, keys) in parts.items()}


def timed_ms(function, repeats: int) -> list[float]:
    function()  # warm-up: caches and the first plan
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def forget_stored_months(*, rollups: bool = False) -> None:
    """Delete the selectors' stored months ("cold"); with `rollups` also the roll-ups the daily
    task keeps ("from nothing": what a view meets only before the task's first run)."""
    from plein.reports.models import MonthAggregate, MonthRollup

    MonthAggregate.objects.all().delete()
    if rollups:
        MonthRollup.objects.all().delete()


def cold_ms(function, tallies: list, repeats: int) -> list[float]:
    """The first view after the stored months were deleted: store this part's months (from the
    roll-ups), read."""
    from plein.reports.services import month_counts_store

    times = []
    for _ in range(repeats):
        forget_stored_months()
        started = time.perf_counter()
        if tallies:
            month_counts_store(tallies=tallies)
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _row(label: str, part: str, times: list[float], queries: int, state: str) -> dict:
    row = {"scope": label, "part": part, "state": state, "queries": queries,
           "p50_ms": statistics.median(times), "p95_ms": percentile(times, 95),
           "max_ms": max(times), "runs": len(times)}  # fmt: skip
    print(f"    {state:<14} {part:<48} p50 {row['p50_ms']:8.1f} ms   p95 {row['p95_ms']:8.1f} ms")
    return row


def statement_label(sql: str) -> str:
    """What a statement of a cold view counts: its table and the columns it groups on."""
    verb = sql.lstrip().split(None, 1)[0].upper()
    if verb != "SELECT":
        return verb
    # The statement's own FROM, not one of a subquery in its select list.
    depth, head = 0, ""
    for word in re.split(r"(\(|\)| FROM )", sql):
        depth += {"(": 1, ")": -1}.get(word, 0)
        if word == " FROM " and depth == 0:
            break
        head += word
    found = re.match(r'\s*"(\w+)"', sql[len(head) + 6 :])
    table = found.group(1).removeprefix("questions_") if found else "?"
    keys = re.findall(r'"\w+"\."(\w+)" AS "k\d+"', sql)
    counts = re.findall(r'AS "(\w+)"(?:, |$)', head)
    names = [c for c in counts if not c.startswith(("g_", "k"))]
    return f"{table}: {', '.join(k.removesuffix('_id') for k in keys) or ', '.join(names)}"


def time_fill_from_nothing() -> list[dict]:
    """The daily fill with nothing stored: what `plein demo` does after loading registrations,
    and the worker soon after `plein migrate` (the cost of counting everything ahead)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plein.reports.services import month_counts_fill_all

    forget_stored_months(rollups=True)
    cpu, started = time.process_time(), time.perf_counter()
    with CaptureQueriesContext(connection) as fill:
        month_counts_fill_all()
    wall, cpu = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
    sql = sum(float(q["time"]) * 1000 for q in fill.captured_queries)
    print(f"  the daily fill from nothing: {wall:.0f} ms, {len(fill)} statements, "
          f"SQL {sql:.0f} ms, Python CPU {cpu:.0f} ms", flush=True)  # fmt: skip
    return [{"scope": "every library, 36 months", "part": "the daily fill from nothing",
             "state": "fill", "queries": len(fill), "p50_ms": wall, "p95_ms": wall,
             "max_ms": wall, "runs": 1, "sql_ms": sql, "cpu_ms": cpu}]  # fmt: skip


def time_dashboard(repeats: int, whole_repeats: int, cold_repeats: int, out: Path) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plein.reports.services import month_counts_fill_all

    rows, plans = time_fill_from_nothing(), []
    for label, scope in scopes():
        parts = dashboard_parts(scope)
        whole = parts["report_dashboard (alles)"][0]
        nothing_times: list[float] = []
        for _run in range(cold_repeats):
            forget_stored_months(rollups=True)
            started = time.perf_counter()
            whole()  # builds the roll-ups as well
            nothing_times.append((time.perf_counter() - started) * 1000)
        # That view made the daily fill due; the scheduler enqueues it and it counts the
        # roll-ups the view did not need (the topic × branch one, for one), ahead of the next.
        started = time.perf_counter()
        month_counts_fill_all()
        fill_ms = (time.perf_counter() - started) * 1000
        cold_times: list[float] = []
        sql_times: list[float] = []
        statements: dict[str, list[float]] = {}
        for _run in range(cold_repeats):
            forget_stored_months()
            with CaptureQueriesContext(connection) as cold:
                started = time.perf_counter()
                whole()
                cold_times.append((time.perf_counter() - started) * 1000)
            sql_times.append(sum(float(q["time"]) * 1000 for q in cold.captured_queries))
            for query in cold.captured_queries:
                name = statement_label(query["sql"])
                statements.setdefault(name, []).append(float(query["time"]) * 1000)
        with CaptureQueriesContext(connection) as warm:
            whole()
        print(f"\n  {label}: {scope.start} – {scope.end}, {len(cold)} queries cold, "
              f"{len(warm)} warm", flush=True)  # fmt: skip
        everything = "report_dashboard (alles)"
        rows.append(_row(label, everything, nothing_times, 0, "from nothing"))
        rows.append(_row(label, "the daily fill after it (the rest)", [fill_ms], 0, "fill"))
        rows.append(_row(label, everything, cold_times, len(cold), "cold"))
        rows.append(_row(label, "SQL in the cold view", sql_times, len(cold), "cold, all SQL"))
        read = explain_reads(cold.captured_queries)
        rows.append(read | {"scope": label, "part": "EXPLAIN of the cold view's reads"})
        print(f"    cold reads: {read['statements']} statements, {read['rows_scanned']} "
              f"rows scanned, {read['buffers']} buffers, {read['execution_ms']:.0f}ms")  # fmt: skip
        for name, times in sorted(statements.items(), key=lambda item: -max(item[1])):
            if max(times) >= 10:
                rows.append(_row(label, f"SQL {name}", times, 1, "cold statement"))
        for part, (function, tallies) in parts.items():
            is_whole = "alles" in part
            if not is_whole:
                times = cold_ms(function, tallies, cold_repeats)
                rows.append(_row(label, part, times, 0, "cold alone"))
            times = timed_ms(function, whole_repeats if is_whole else repeats)
            rows.append(_row(label, part, times, len(warm) if is_whole else 0, "warm"))
        whole()
        plans.append(explain_slowest(label, cold.captured_queries))
    (out / "explain-registrations.txt").write_text("\n\n".join(plans))
    return rows


def _scanned_rows(plan: dict) -> int:
    """Rows the scans of a plan returned (over all loops and parallel workers)."""
    rows = 0
    if "Scan" in plan["Node Type"]:
        rows += int(plan["Actual Rows"] * plan["Actual Loops"])
    return rows + sum(_scanned_rows(child) for child in plan.get("Plans", []))


def explain_reads(queries: list[dict]) -> dict:
    """EXPLAIN (ANALYZE, BUFFERS) of every read of a view again (the same work, measured by the
    server, so less noisy than wall time): rows its scans read, buffers touched, server time."""
    from django.db import connection

    statements = rows = buffers = 0
    server_ms = 0.0
    for query in queries:
        if not query["sql"].lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {query['sql']}")
            (found,) = cursor.fetchone()[0]
        plan = found["Plan"]
        statements += 1
        rows += _scanned_rows(plan)
        buffers += plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)
        server_ms += found["Execution Time"]
    return {"state": "explain", "statements": statements, "rows_scanned": rows,
            "buffers": buffers, "execution_ms": server_ms}  # fmt: skip


def explain_slowest(label: str, queries: list[dict]) -> str:
    from django.db import connection

    # The first view of a cold range also stores months; only reads can be explained.
    reads = [q for q in queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
    slowest = max(reads, key=lambda q: float(q["time"]))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return f"== {label}: {slowest['time']} s ==\n{slowest['sql']}\n\n{plan}"


# --- HTTP: a bare view against registering a question -----------------------------------------


class Client:
    """One keep-alive HTTP/1.1 connection with a cookie jar (only the standard library)."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields=None, headers=None) -> tuple[int, str]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name.strip()] = value.strip()
        return response.status, text

    def login(self, username: str) -> None:
        _status, page = self.request("GET", "/account/inloggen/")
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if found is None:
            raise SystemExit(f"The login page has no CSRF token (HTTP {_status}).")
        token = found.group(1)
        fields = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        status, _text = self.request("POST", "/account/inloggen/", fields)
        if status != 302:
            sys.exit(f"Inloggen als {username} mislukt (status {status}).")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict) -> tuple[subprocess.Popen, int]:
    port = free_port()
    argv = [str(GUNICORN), "plein.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    server = subprocess.Popen(argv, env=env, cwd=REPO, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            if Client(port).request("GET", "/gezond/")[0] == 200:
                return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("De server kwam niet op.")


def desk_fields() -> dict:
    """A new question with topic, outcome and referral, as the desk screen posts it."""
    from plein.core.models import Branch
    from plein.questions.models import Channel, Desk, Outcome, OutcomeKind, Topic
    from plein.socialmap.models import Organization

    branch = Branch.objects.get(library__slug="beekveld", slug="centrum")
    return {
        "branch": branch.pk,
        "desk": Desk.objects.active().filter(branch=branch).first().pk,
        "channel": Channel.objects.active().get(library=branch.library, name="Balie").pk,
        "topics": Topic.objects.active().get(library=branch.library, name="Toeslagen").pk,
        "outcome": Outcome.objects.active()
        .filter(library=branch.library, kind=OutcomeKind.REFERRED)
        .first()
        .pk,
        "referred_organization": Organization.objects.get(
            library=branch.library, name="Sociaal Raadslieden Beekveld"
        ).pk,
        "effort": 2,
    }


def time_http(env: dict, repeats: int) -> dict:
    server, port = start_server(env)
    try:
        client = Client(port)
        client.login(DESK_USER)
        status, _page = client.request("GET", "/balie/")
        if status != 200:
            sys.exit(f"/balie/ gaf status {status}: is het balie-scherm er al?")
        fields, ok_ms, register_ms = desk_fields(), [], []
        headers = {"Accept": "application/json", "X-CSRFToken": client.cookies["csrftoken"]}
        for round_number in range(repeats + 10):
            started = time.perf_counter()
            status, text = client.request("GET", "/gezond/")
            ok = (time.perf_counter() - started) * 1000
            assert status == 200 and text.strip() == "ok", (status, text[:200])
            posted = fields | {"idempotency_key": str(uuid.uuid4())}
            started = time.perf_counter()
            status, text = client.request("POST", "/balie/", posted, headers)
            register = (time.perf_counter() - started) * 1000
            if status != 200 or not json.loads(text).get("ok"):
                sys.exit(f"Registreren mislukt (status {status}): {text[:500]}")
            if round_number >= 10:  # the first ten warm up the worker
                ok_ms.append(ok)
                register_ms.append(register)
    finally:
        server.terminate()
        server.wait()
    return {
        "ok_p50_ms": statistics.median(ok_ms),
        "ok_p95_ms": percentile(ok_ms, 95),
        "register_p50_ms": statistics.median(register_ms),
        "register_p95_ms": percentile(register_ms, 95),
        "ratio_p50": statistics.median(register_ms) / statistics.median(ok_ms),
        "runs": len(ok_ms),
    }


# --- main ------------------------------------------------------------------------------------


def vacuum() -> float:
    """What autovacuum does soon after a bulk load (it is off on the benchmark server)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in ("visit", "registration", "registrationtopic", "registrationlifedomain"):
            cursor.execute(f"VACUUM (ANALYZE) questions_{table}")
    seconds = time.perf_counter() - started
    print(f"  VACUUM (ANALYZE): {seconds:.1f} s", flush=True)
    return seconds


def registration_counts() -> dict:
    from plein.questions.models import (
        Registration,
        RegistrationLifeDomain,
        RegistrationTopic,
        Visit,
    )

    return {
        "registrations": Registration.objects.count(),
        "visits": Visit.objects.count(),
        "topic_links": RegistrationTopic.objects.count(),
        "life_domain_links": RegistrationLifeDomain.objects.count(),
    }


def print_summary(results: dict) -> None:
    print("\n## Samenvatting\n")
    generated = results.get("setup", {}).get("generate")
    if generated:
        print(f"- genereren: {generated['seconds']:.0f} s, piek {generated['peak_rss_mb']:.0f} MB")
    worst: dict[tuple[str, str], float] = {}
    for row in results.get("dashboard", []):
        key = (row["scope"], row.get("state", "warm"))
        if key[1] == "explain":
            print(f"- {key[0]}, cold view's reads: {row['statements']} statements, "
                  f"{row['rows_scanned']} rows scanned, {row['buffers']} buffers, "
                  f"{row['execution_ms']:.0f} ms in the server")  # fmt: skip
        elif key[1] == "fill":
            print(f"- {row['part']} ({key[0]}): {row['p50_ms']:.0f} ms")
        elif row["part"] == "SQL in the cold view":
            continue  # the sum of a view's statements, not a statement
        elif "alles" in row["part"]:
            print(f"- dashboard {key[0]} ({key[1]}): p50 {row['p50_ms']:.0f} ms, "
                  f"p95 {row['p95_ms']:.0f} ms ({row['queries']} queries)")  # fmt: skip
        else:
            worst[key] = max(worst.get(key, 0), row["p95_ms"])
    for (scope, state), p95 in worst.items():
        met = "gehaald" if p95 <= TARGET_DASHBOARD_P95_MS else "NIET gehaald"
        print(f"- traagste query {scope} ({state}): p95 {p95:.0f} ms (doel ≤ 500 ms: {met})")
    web = results.get("http")
    if web:
        met = "gehaald" if web["ratio_p50"] <= TARGET_REGISTER_RATIO else "NIET gehaald"
        ok, register = web["ok_p50_ms"], web["register_p50_ms"]
        print(f"- /gezond/ p50 {ok:.1f} ms, registreren p50 {register:.1f} ms: "
              f"{web['ratio_p50']:.2f}× (doel ≤ 3×: {met})")  # fmt: skip


def markdown(results: dict) -> None:
    """The dashboard figures as a Markdown table: one row per query, one column per scope and
    state (cold: stored months deleted first; warm: stored)."""
    rows = [row for row in results.get("dashboard", []) if row.get("state") != "explain"]
    columns = list(dict.fromkeys((row["scope"], row.get("state", "warm")) for row in rows))
    parts = list(dict.fromkeys(row["part"] for row in rows))
    by_key = {(row["scope"], row.get("state", "warm"), row["part"]): row for row in rows}
    print("| query | " + " | ".join(f"{scope}, {state} p50 / p95 ms" for scope, state in columns)
          + " |")  # fmt: skip
    print("|---|" + "---|" * len(columns))
    for part in parts:
        cells = [by_key.get((*column, part)) for column in columns]
        text = [f"{c['p50_ms']:.0f} / {c['p95_ms']:.0f}" if c else "–" for c in cells]
        print(f"| {part} | " + " | ".join(text) + " |")
    print_summary(results)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registrations", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument(
        "--dashboard-repeats",
        type=int,
        help="timed runs of the whole dashboard (default: --repeats); its queries are timed "
        "one by one anyway",
    )
    parser.add_argument(
        "--cold-repeats",
        type=int,
        default=3,
        help="timed first views after the stored months were deleted, per query and in all",
    )
    parser.add_argument("--http-repeats", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep the database and its data")
    parser.add_argument("--vacuum", action="store_true", help="VACUUM (ANALYZE) before timing")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--no-dashboard", action="store_true", help="only the HTTP measurement")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--report", type=Path, help="print the tables of a results file again")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.report:
        markdown(json.loads(args.report.read_text()))
        return
    args.out.mkdir(parents=True, exist_ok=True)
    env = base_env() | {"DATABASE_URL": f"{PG_SERVER}/{PG_DATABASE}"}
    results: dict = {"machine": machine_info(), "args": {k: str(v) for k, v in vars(args).items()}}
    print(f"== registraties op PostgreSQL ({PG_DATABASE}), belasting {os.getloadavg()[0]:.2f} ==")
    if args.reuse:
        step("migrate", [str(PLEIN), "migrate", "-v0"], env)  # the code may have moved on
    else:
        results["setup"] = generate(env, args)
    django_setup(env)
    if args.vacuum:
        results["vacuum_seconds"] = vacuum()
    results["counts"] = registration_counts()
    print(f"  {results['counts']}")
    results["load_before_dashboard"] = os.getloadavg()
    whole_repeats = args.repeats if args.dashboard_repeats is None else args.dashboard_repeats
    if not args.no_dashboard:
        results["dashboard"] = time_dashboard(
            args.repeats, whole_repeats, args.cold_repeats, args.out
        )
    if not args.no_http:
        results["load_before_http"] = os.getloadavg()
        results["http"] = time_http(env, args.http_repeats)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    (args.out / f"registrations-{stamp}.json").write_text(json.dumps(results, indent=1))
    print_summary(results)


if __name__ == "__main__":
    main()

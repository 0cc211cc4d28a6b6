"""Open-loop load on the desk: registration POSTs on a fixed schedule (issue 9, section 1).

    .venv/bin/python bench/desk_load.py [--rate 20] [--duration 120] [--workers 2]
        [--desks 10] [--retry-share 0.02] [--generate 1000000] [--out bench/out]

Serves Plein with gunicorn (--workers sync workers) on the PostgreSQL database of DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/plein_bench_desk) and sends --rate registrations a
second for --duration seconds. The schedule is fixed: request i leaves at start + i / rate,
whether or not the earlier ones were answered (open loop), so a slow server cannot slow the load
down and hide its own slowness. Latency is measured from the scheduled send time to the end of
the answer. Each request is a new connection (gunicorn's sync workers close it after answering).

Every request is a realistic desk entry from one of --desks desk workers, each signed in through
the login form: a new idempotency key, one or two topics, an outcome, often a life domain,
sometimes a referral and an effort; --retry-share of the requests send an earlier entry again
with the same key (a desk's offline queue retrying). Afterwards it reconciles with the database:
every acknowledged key must be stored exactly once, as one visit with one question.

Prints the figures; it asserts nothing. --generate N first loads N registrations with
`plein demo --registrations N` (needs an empty or demo database). Results also go to
OUT/desk-load-<time>.json. See bench/README.md.
"""

import argparse
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.run import base_env, machine_info, percentile  # noqa: E402

PLEIN = Path(sys.executable).parent / "plein"
GUNICORN = Path(sys.executable).parent / "gunicorn"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/plein_bench_desk"
LIBRARY = "beekveld"
DESK_PASSWORD = "bench-desk-password"
TARGET_P95_MS = 50.0
# gunicorn's access log: the time the worker spent on the request (µs), then the status.
ACCESS_FORMAT = "%(D)s %(s)s %(m)s %(U)s"


# --- set-up --------------------------------------------------------------------------------------


def django_setup(database_url: str) -> None:
    os.environ.update({"DATABASE_URL": database_url, "PLEIN_DEV": "1"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plein.settings")
    import django

    django.setup()


def desk_users(count: int) -> list[str]:
    """`count` desk workers of the library (created once), all with the same password."""
    from plein.accounts.models import Role, User
    from plein.core.models import Library

    library = Library.objects.get(slug=LIBRARY)
    names = []
    for number in range(1, count + 1):
        user, _created = User.objects.get_or_create(
            username=f"bench-balie-{number}",
            defaults={"role": Role.DESK, "library": library, "first_name": f"Balie {number}"},
        )
        user.set_password(DESK_PASSWORD)
        user.save(update_fields=["password"])
        names.append(user.username)
    return names


@dataclass
class Choices:
    """What a desk can pick: the library's active options (ids), as the desk screen offers them."""

    places: list[tuple[int, int | None]]  # (branch, desk)
    channels: list[int]
    topics: list[int]
    life_domains: list[int]
    outcomes: list[int]
    referred_outcomes: list[int]
    organizations: list[str]


def desk_choices() -> Choices:
    from plein.core.models import Branch
    from plein.questions.models import Channel, Desk, LifeDomain, Outcome, OutcomeKind, Topic
    from plein.socialmap.models import Organization

    active = {"library__slug": LIBRARY}
    desks = Desk.objects.active().filter(**active, branch__is_active=True)
    places = [(desk.branch_id, desk.pk) for desk in desks]
    places += [(pk, None) for pk in Branch.objects.filter(**active, is_active=True).values_list(
        "pk", flat=True)][:2]  # fmt: skip
    outcomes = Outcome.objects.active().filter(**active)
    return Choices(
        places=places,
        channels=list(Channel.objects.active().filter(**active).values_list("pk", flat=True)),
        topics=list(Topic.objects.active().filter(**active).values_list("pk", flat=True)),
        life_domains=list(
            LifeDomain.objects.active().filter(**active).values_list("pk", flat=True)
        ),
        outcomes=list(outcomes.exclude(kind=OutcomeKind.REFERRED).values_list("pk", flat=True)),
        referred_outcomes=list(
            outcomes.filter(kind=OutcomeKind.REFERRED).values_list("pk", flat=True)
        ),
        organizations=[
            str(pk) for pk in Organization.objects.filter(**active).values_list("pk", flat=True)
        ],
    )


def entry(choices: Choices, rng: random.Random) -> dict:
    """A desk entry as the desk screen's script posts it; the share of each part is realistic."""
    branch, desk = rng.choice(choices.places)
    fields = {
        "idempotency_key": str(uuid.uuid4()),
        "branch": branch,
        "channel": rng.choice(choices.channels),
        "topics": rng.sample(choices.topics, 2 if rng.random() < 0.2 else 1),
    }
    if desk is not None:
        fields["desk"] = desk
    if rng.random() < 0.6:
        fields["life_domains"] = rng.sample(choices.life_domains, 2 if rng.random() < 0.15 else 1)
    if rng.random() < 0.15 and choices.organizations:
        fields["referred_organization"] = rng.choice(choices.organizations)
        fields["outcome"] = rng.choice(choices.referred_outcomes)
    else:
        fields["outcome"] = rng.choice(choices.outcomes)
    if rng.random() < 0.3:
        fields["effort"] = rng.randint(1, 4)
    return fields


# --- HTTP ------------------------------------------------------------------------------------


def request(port: int, method: str, path: str, *, fields=None, cookies=None, headers=None):
    """(status, body, cookies set) over a new connection."""
    headers = dict(headers or {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if fields is not None:
        body = urllib.parse.urlencode(fields, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
    finally:
        connection.close()
    set_cookies = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, value = header.split(";", 1)[0].split("=", 1)
        set_cookies[name.strip()] = value.strip()
    return response.status, text, set_cookies


def log_in(port: int, username: str) -> dict:
    """Sign in through the login form; the cookies (session and CSRF) of that desk."""
    _status, page, cookies = request(port, "GET", "/account/inloggen/")
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if found is None:
        raise SystemExit(f"The login page has no CSRF token (HTTP {_status}).")
    token = found.group(1)
    fields = {"username": username, "password": DESK_PASSWORD, "csrfmiddlewaretoken": token}
    status, _text, more = request(
        port, "POST", "/account/inloggen/", fields=fields, cookies=cookies
    )
    if status != 302 or "sessionid" not in more:
        sys.exit(f"Inloggen als {username} mislukt (status {status}).")
    return cookies | more


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, workers: int, access_log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    argv = [str(GUNICORN), "plein.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--access-logfile", str(access_log),
            "--access-logformat", ACCESS_FORMAT]  # fmt: skip
    server = subprocess.Popen(argv, env=env, cwd=REPO, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            if request(port, "GET", "/gezond/")[0] == 200:
                return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("De server kwam niet op.")


# --- the open loop ---------------------------------------------------------------------------


@dataclass
class Outcome:
    scheduled: float
    key: str
    retry: bool
    sent_late_ms: float = 0.0
    latency_ms: float = 0.0
    status: int = 0
    visit: int | None = None
    created: bool | None = None
    error: str = ""


@dataclass
class Plan:
    requests: list[tuple[float, dict, dict, bool]] = field(default_factory=list)


def make_plan(args, sessions: list[dict], choices: Choices) -> Plan:
    """Every request's send time (seconds from the start), desk, fields and whether a retry."""
    rng = random.Random(args.seed)
    plan = Plan()
    sent: list[tuple[dict, dict]] = []
    for number in range(int(args.rate * args.duration)):
        at = number / args.rate
        if sent and rng.random() < args.retry_share:
            cookies, fields = rng.choice(sent[-200:])  # an entry from the last ten seconds
            plan.requests.append((at, cookies, fields, True))
            continue
        cookies = rng.choice(sessions)
        fields = entry(choices, rng)
        sent.append((cookies, fields))
        plan.requests.append((at, cookies, fields, False))
    return plan


def send(port: int, start: float, at: float, cookies: dict, fields: dict, retry: bool) -> Outcome:
    outcome = Outcome(scheduled=at, key=fields["idempotency_key"], retry=retry)
    outcome.sent_late_ms = (time.perf_counter() - (start + at)) * 1000
    headers = {"Accept": "application/json", "X-CSRFToken": cookies["csrftoken"]}
    try:
        status, text, _cookies = request(
            port, "POST", "/balie/", fields=fields, cookies=cookies, headers=headers
        )
        outcome.status = status
        answer = json.loads(text) if status == 200 else {}
        if answer.get("ok"):
            outcome.visit, outcome.created = answer["visit"], answer["created"]
        else:
            outcome.error = f"{status}: {text[:200]}"
    except Exception as error:  # noqa: BLE001 - every failure is counted and reported
        outcome.error = f"{type(error).__name__}: {error}"
    outcome.latency_ms = (time.perf_counter() - (start + at)) * 1000
    return outcome


def run_open_loop(port: int, plan: Plan, threads: int) -> list[Outcome]:
    """Send each request at its time from its own thread; never wait for an answer first."""
    futures = []
    with ThreadPoolExecutor(max_workers=threads) as pool:
        start = time.perf_counter() + 0.5
        for at, cookies, fields, retry in plan.requests:
            delay = start + at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(send, port, start, at, cookies, fields, retry))
    return [future.result() for future in futures]


# --- figures ---------------------------------------------------------------------------------


def reconcile(outcomes: list[Outcome]) -> dict:
    """Acknowledged keys stored exactly once, as one visit with one question, same visit id."""
    from django.db.models import Count

    from plein.questions.models import Visit

    acknowledged: dict[str, set[int]] = {}
    for outcome in outcomes:
        if outcome.visit is not None:
            acknowledged.setdefault(outcome.key, set()).add(outcome.visit)
    keys = [uuid.UUID(key) for key in {outcome.key for outcome in outcomes}]
    stored: dict[str, list[tuple[int, int]]] = {}
    for start in range(0, len(keys), 1000):
        rows = (
            Visit.objects.filter(idempotency_key__in=keys[start : start + 1000])
            .annotate(questions=Count("registrations"))
            .values_list("idempotency_key", "pk", "questions")
        )
        for key, pk, questions in rows:
            stored.setdefault(str(key), []).append((pk, questions))
    lost = [key for key in acknowledged if key not in stored]
    doubled = [key for key, rows in stored.items() if len(rows) > 1]
    wrong_visit = [
        key
        for key, visits in acknowledged.items()
        if key in stored and visits != {pk for pk, _questions in stored[key]}
    ]
    not_one_question = [key for key, rows in stored.items() if any(q != 1 for _pk, q in rows)]
    unacknowledged_stored = [key for key in stored if key not in acknowledged]
    return {
        "keys_sent": len(keys),
        "keys_acknowledged": len(acknowledged),
        "lost": len(lost),
        "doubled": len(doubled),
        "answered_with_another_visit": len(wrong_visit),
        "not_one_question": len(not_one_question),
        "stored_without_acknowledgement": len(unacknowledged_stored),
    }


def server_times(access_log: Path) -> list[float]:
    """The worker's own time (ms) for each registration POST, from gunicorn's access log."""
    times = []
    for line in access_log.read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] == "POST" and parts[3] == "/balie/":
            times.append(int(parts[0]) / 1000)
    return times


def summary(outcomes: list[Outcome], server_ms: list[float], wall: float) -> dict:
    latencies = [o.latency_ms for o in outcomes]
    late = [o.sent_late_ms for o in outcomes]
    errors = [o for o in outcomes if o.error]
    return {
        "requests": len(outcomes),
        "retries": sum(o.retry for o in outcomes),
        "seconds": wall,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "p99_ms": percentile(latencies, 99),
        "max_ms": max(latencies),
        "errors": len(errors),
        "error_examples": sorted({o.error for o in errors})[:5],
        "send_late_p99_ms": percentile(late, 99),
        "server_p50_ms": percentile(server_ms, 50) if server_ms else None,
        "server_p95_ms": percentile(server_ms, 95) if server_ms else None,
        "server_p99_ms": percentile(server_ms, 99) if server_ms else None,
        "created": sum(o.created is True for o in outcomes),
        "replayed": sum(o.created is False for o in outcomes),
    }


def report(results: dict) -> None:
    figures, counts, args = results["load"], results["reconcile"], results["args"]
    met = figures["p95_ms"] <= TARGET_P95_MS and figures["errors"] == 0
    met = met and counts["lost"] == 0 and counts["doubled"] == 0
    lines = [
        f"## Open-loop desk load: {args['rate']}/s for {args['duration']} s, "
        f"{args['workers']} gunicorn workers",
        f"- requests: {figures['requests']} ({figures['retries']} resent with an earlier key), "
        f"{figures['created']} stored, {figures['replayed']} answered as already stored",
        f"- latency from the scheduled send time: p50 {figures['p50_ms']:.1f} ms, "
        f"p95 {figures['p95_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms, "
        f"max {figures['max_ms']:.1f} ms",
    ]
    if figures["server_p50_ms"] is not None:
        lines.append(
            f"- in the gunicorn worker: p50 {figures['server_p50_ms']:.1f} ms, "
            f"p95 {figures['server_p95_ms']:.1f} ms, p99 {figures['server_p99_ms']:.1f} ms"
        )
    lines += [
        f"- errors: {figures['errors']} {figures['error_examples'] or ''}",
        f"- load generator: p99 of sending late {figures['send_late_p99_ms']:.1f} ms",
        f"- reconciled: {counts['keys_acknowledged']} of {counts['keys_sent']} keys "
        f"acknowledged; lost {counts['lost']}, doubled {counts['doubled']}, answered with "
        f"another visit {counts['answered_with_another_visit']}, not one question "
        f"{counts['not_one_question']}, stored but not acknowledged "
        f"{counts['stored_without_acknowledgement']}",
        f"- load average before / after: {results['load_before']} / {results['load_after']}",
        f"- doel (p95 ≤ {TARGET_P95_MS:.0f} ms, 0 fouten, 0 kwijt of dubbel): "
        + ("gehaald" if met else "NIET gehaald"),
    ]
    print("\n" + "\n".join(lines))


# --- main ------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=20.0, help="registrations per second")
    parser.add_argument("--duration", type=float, default=120.0, help="seconds")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--desks", type=int, default=10, help="desk workers signed in")
    parser.add_argument("--retry-share", type=float, default=0.02)
    parser.add_argument("--threads", type=int, default=200, help="sending threads (upper bound)")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--generate", type=int, help="first run plein demo --registrations N")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE)
    env = base_env() | {"DATABASE_URL": database_url}
    for command in (["migrate", "-v0"], ["createcachetable"]):
        subprocess.run([str(PLEIN), *command], env=env, check=True)
    if args.generate is not None:
        argv = [str(PLEIN), "demo", "--registrations", str(args.generate)]
        subprocess.run(argv, env=env, check=True)
    django_setup(database_url)
    users, choices = desk_users(args.desks), desk_choices()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    access_log = args.out / f"desk-load-access-{stamp}.log"
    server, port = start_server(env, args.workers, access_log)
    try:
        sessions = [log_in(port, username) for username in users]
        for cookies in sessions:  # each desk opens its screen once, as in the morning
            request(port, "GET", "/balie/", cookies=cookies)
        access_log.write_text("")
        plan = make_plan(args, sessions, choices)
        load_before = os.getloadavg()
        print(f"{len(plan.requests)} verzoeken, {args.rate}/s, {args.duration} s …", flush=True)
        started = time.perf_counter()
        outcomes = run_open_loop(port, plan, args.threads)
        wall = time.perf_counter() - started
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait()
    results = {
        "machine": machine_info(),
        "args": {k: str(v) for k, v in vars(args).items()},
        "database": database_url.rsplit("/", 1)[-1],
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
        "load": summary(outcomes, server_times(access_log), wall),
        "reconcile": reconcile(outcomes),
        "threads_alive_after": threading.active_count(),
    }
    (args.out / f"desk-load-{stamp}.json").write_text(json.dumps(results, indent=1))
    report(results)


if __name__ == "__main__":
    main()

"""Faults under desk load (issue 11, point 6): nothing acknowledged is lost or stored twice.

    .venv/bin/python bench/desk_faults.py [--rate 20] [--duration 60] [--workers 2]
        [--kill-every 5] [--terminate-every 7] [--attempts 10] [--generate 20000]

Serves Plein with gunicorn (--workers sync workers) on the PostgreSQL database of DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/plein_bench_faults) and sends --rate registrations a
second for --duration seconds on a fixed schedule, as bench/desk_load.py does (its helpers are
reused). Meanwhile it SIGKILLs one gunicorn worker every --kill-every seconds (gunicorn starts a
new one) and terminates every other connection to the database (pg_terminate_backend) every
--terminate-every seconds. The client behaves as the desk's queue: an entry that got no answer,
a connection error or a 5xx is sent again with the same idempotency key (at most --attempts
times, waiting a little longer each time). Afterwards it reconciles every acknowledged key with
the database: 0 missing and 0 stored twice is the target. Prints the figures; asserts nothing.
The server and the faults stay on this machine (127.0.0.1) and stop by themselves.
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.desk_load import (  # noqa: E402
    PLEIN,
    Outcome,
    desk_choices,
    desk_users,
    django_setup,
    log_in,
    make_plan,
    reconcile,
    request,
    start_server,
)
from bench.run import base_env, machine_info, percentile  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/plein_bench_faults"
FIRST_WAIT_S = 0.2
LONGEST_WAIT_S = 3.0


@dataclass
class FaultOutcome(Outcome):
    attempts: int = 0
    refused: bool = False


# --- the desk's retries -------------------------------------------------------------------------


def send_until_answered(port, start, at, cookies, fields, retry, attempts) -> FaultOutcome:
    """Send as the desk's queue does: the same key again until the server answers."""
    outcome = FaultOutcome(scheduled=at, key=fields["idempotency_key"], retry=retry)
    outcome.sent_late_ms = (time.perf_counter() - (start + at)) * 1000
    headers = {"Accept": "application/json", "X-CSRFToken": cookies["csrftoken"]}
    wait = FIRST_WAIT_S
    while outcome.attempts < attempts:
        outcome.attempts += 1
        try:
            status, text, _set = request(
                port, "POST", "/balie/", fields=fields, cookies=cookies, headers=headers
            )
            outcome.status = status
            answer = json.loads(text) if text.startswith("{") else {}
            if answer.get("ok"):
                outcome.visit, outcome.created, outcome.error = (
                    answer["visit"],
                    answer["created"],
                    "",
                )
                break
            outcome.error = f"{status}: {text[:120]}"
            if status == 400:  # refused on its merits: the desk shows it, sending again won't help
                outcome.refused = True
                break
        except Exception as error:  # noqa: BLE001 - a dropped connection is the point here
            outcome.error = f"{type(error).__name__}: {error}"
        time.sleep(wait)
        wait = min(wait * 2, LONGEST_WAIT_S)
    outcome.latency_ms = (time.perf_counter() - (start + at)) * 1000
    return outcome


def run_with_retries(port: int, plan, threads: int, attempts: int) -> list[FaultOutcome]:
    futures = []
    with ThreadPoolExecutor(max_workers=threads) as pool:
        start = time.perf_counter() + 0.5
        for at, cookies, fields, retry in plan.requests:
            delay = start + at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            futures.append(
                pool.submit(send_until_answered, port, start, at, cookies, fields, retry, attempts)
            )
    return [future.result() for future in futures]


# --- the faults -----------------------------------------------------------------------------------


def gunicorn_workers(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


def terminate_connections() -> int:
    """End every other session on the benchmark's database (the server's, mid-request or idle)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'"
        )
        return cursor.fetchone()[0]


class Faults(threading.Thread):
    """Kills a worker and terminates connections on their own schedules until stopped."""

    def __init__(self, master: int, kill_every: float, terminate_every: float, seed: int):
        super().__init__(daemon=True)
        self.master, self.kill_every, self.terminate_every = master, kill_every, terminate_every
        self.rng = random.Random(seed)
        self.stop = threading.Event()
        self.kills = 0
        self.terminated = 0
        self.terminations = 0

    def run(self) -> None:
        started = time.monotonic()
        next_kill, next_terminate = self.kill_every, self.terminate_every / 2
        while not self.stop.wait(0.1):
            elapsed = time.monotonic() - started
            if self.kill_every and elapsed >= next_kill:
                next_kill += self.kill_every
                workers = gunicorn_workers(self.master)
                if workers:
                    os.kill(self.rng.choice(workers), signal.SIGKILL)
                    self.kills += 1
            if self.terminate_every and elapsed >= next_terminate:
                next_terminate += self.terminate_every
                self.terminated += terminate_connections()
                self.terminations += 1
        from django.db import connection

        connection.close()


# --- figures ------------------------------------------------------------------------------------


def summary(outcomes: list[FaultOutcome], wall: float) -> dict:
    latencies = [o.latency_ms for o in outcomes if o.visit is not None]
    unanswered = [o for o in outcomes if o.visit is None and not o.refused]
    return {
        "requests": len(outcomes),
        "retries_in_plan": sum(o.retry for o in outcomes),
        "seconds": wall,
        "attempts": sum(o.attempts for o in outcomes),
        "entries_sent_more_than_once": sum(o.attempts > 1 for o in outcomes),
        "acknowledged": len(latencies),
        "created": sum(o.created is True for o in outcomes),
        "replayed": sum(o.created is False for o in outcomes),
        "refused_400": sum(o.refused for o in outcomes),
        "never_answered": len(unanswered),
        "error_examples": sorted({o.error[:100] for o in unanswered})[:5],
        "p50_ms": percentile(latencies, 50) if latencies else None,
        "p95_ms": percentile(latencies, 95) if latencies else None,
        "max_ms": max(latencies) if latencies else None,
    }


def report(results: dict) -> None:
    figures, counts, faults, args = (
        results["load"], results["reconcile"], results["faults"], results["args"]
    )  # fmt: skip
    met = (
        counts["lost"] == 0
        and counts["doubled"] == 0
        and counts["answered_with_another_visit"] == 0
    )
    lines = [
        f"## Desk load with faults: {args['rate']}/s for {args['duration']} s, "
        f"{args['workers']} gunicorn workers",
        f"- faults: {faults['kills']} workers killed (SIGKILL), {faults['terminations']} rounds "
        f"of pg_terminate_backend ending {faults['terminated']} connections",
        f"- entries: {figures['requests']} ({figures['retries_in_plan']} resent by plan with an "
        f"earlier key); {figures['attempts']} requests in all, "
        f"{figures['entries_sent_more_than_once']} entries needed more than one",
        f"- answers: {figures['acknowledged']} acknowledged ({figures['created']} stored, "
        f"{figures['replayed']} already stored), {figures['refused_400']} refused, "
        f"{figures['never_answered']} never answered {figures['error_examples'] or ''}",
    ]
    if figures["p50_ms"] is not None:
        lines.append(
            f"- time to acknowledgement, retries included: p50 {figures['p50_ms']:.0f} ms, "
            f"p95 {figures['p95_ms']:.0f} ms, max {figures['max_ms']:.0f} ms"
        )
    lines += [
        f"- reconciled: {counts['keys_acknowledged']} of {counts['keys_sent']} keys "
        f"acknowledged; missing {counts['lost']}, doubled {counts['doubled']}, answered with "
        f"another visit {counts['answered_with_another_visit']}, not one question "
        f"{counts['not_one_question']}, stored but not acknowledged "
        f"{counts['stored_without_acknowledgement']}",
        "- doel (0 kwijt, 0 dubbel): " + ("gehaald" if met else "NIET gehaald"),
    ]
    print("\n" + "\n".join(lines))


# --- main ---------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=20.0, help="registrations per second")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--desks", type=int, default=10, help="desk workers signed in")
    parser.add_argument("--retry-share", type=float, default=0.02)
    parser.add_argument("--kill-every", type=float, default=5.0, help="seconds; 0: never")
    parser.add_argument("--terminate-every", type=float, default=7.0, help="seconds; 0: never")
    parser.add_argument("--attempts", type=int, default=10, help="sends per entry at most")
    parser.add_argument("--threads", type=int, default=200, help="sending threads (upper bound)")
    parser.add_argument("--seed", type=int, default=11)
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
    server, port = start_server(env, args.workers, args.out / f"desk-faults-access-{stamp}.log")
    faults = Faults(server.pid, args.kill_every, args.terminate_every, args.seed)
    try:
        sessions = [log_in(port, username) for username in users]
        plan = make_plan(args, sessions, choices)
        print(f"{len(plan.requests)} registraties, {args.rate}/s, {args.duration} s, met "
              f"storingen …", flush=True)  # fmt: skip
        # The run terminates every other connection: this thread's own reconnects afterwards.
        from django.db import connection

        connection.close()
        faults.start()
        started = time.perf_counter()
        outcomes = run_with_retries(port, plan, args.threads, args.attempts)
        wall = time.perf_counter() - started
    finally:
        faults.stop.set()
        faults.join(timeout=10)
        server.terminate()
        server.wait()
    connection.close()
    as_outcomes: list[Outcome] = list(outcomes)
    results = {
        "machine": machine_info(),
        "args": {k: str(v) for k, v in vars(args).items()},
        "database": database_url.rsplit("/", 1)[-1],
        "faults": {
            "kills": faults.kills,
            "terminations": faults.terminations,
            "terminated": faults.terminated,
        },
        "load": summary(outcomes, wall),
        "reconcile": reconcile(as_outcomes),
    }
    (args.out / f"desk-faults-{stamp}.json").write_text(json.dumps(results, indent=1))
    report(results)


if __name__ == "__main__":
    main()

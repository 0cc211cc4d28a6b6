"""Benchmark the HSDS read API at scale through HTTP (issue 14, §2): prints figures only.

    PLEIN_DEV=1 .venv/bin/python bench/api.py --database plein_api_bench [--requests 300]

Needs a PostgreSQL database (on BENCH_PG_URL) whose library `bench` holds the services to
measure: `bench/run.py --sizes 100000 --databases postgres` leaves one in `plein_bench`, or
import a package made by `../shared/data/scale_hsds.py` with `plein import-hsds`. The script
starts gunicorn (the production server, 2 worker processes, as many as this machine has cores)
on a free local port, waits until it answers, and then sends the requests one after another
over keep-alive HTTP (a closed loop: each request waits for the previous answer):

1. `GET /api/hsds/services?per_page=10&page=K` without a search, K spread over the first 100 pages;
2. the same with `search=` each query of `bench/queries.py` in turn (resident words, typos,
   sentences, other languages).

It prints p50/p95/max per kind, the answers' sizes, and how many answers were not 200. The
rate limit is set high (PLEIN_API_THROTTLE) so that it is counted but never refuses.
"""

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.queries import RESIDENT_QUERIES  # noqa: E402
from bench.run import PG_SERVER, percentile  # noqa: E402

TARGET_MS = 50.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database: str, port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "PLEIN_DEV": "1",
        "DATABASE_URL": f"{PG_SERVER}/{database}",
        "PLEIN_API_THROTTLE": "1000000/min",
        "PYTHONPATH": str(REPO),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "plein.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--log-level", "warning"]
    return subprocess.Popen(command, env=env, cwd=REPO)


def wait_until_up(port: int, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/hsds/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("The server did not answer within a minute.")


def timed_get(connection: http.client.HTTPConnection, path: str) -> tuple[float, int, int]:
    start = time.perf_counter()
    connection.request("GET", path, headers={"Accept": "application/json"})
    response = connection.getresponse()
    body = response.read()
    return (time.perf_counter() - start) * 1000, response.status, len(body)


def paths(kind: str, count: int, rng: random.Random) -> list[str]:
    if kind == "page of 10, no search":
        return [f"/api/hsds/services?per_page=10&page={rng.randint(1, 100)}" for _ in range(count)]
    # The 40 queries of bench/queries.py once each (its resident queries include the sentences
    # and other languages; adding those again counted them twice).
    queries = RESIDENT_QUERIES
    return [
        "/api/hsds/services?per_page=10&library=bench&search="
        + urllib.parse.quote(queries[i % len(queries)])
        for i in range(count)
    ]


def measure(port: int, kind: str, count: int, rng: random.Random) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    asked = paths(kind, count, rng)
    for path in asked[:5]:  # warm the worker processes' connections and caches
        timed_get(connection, path)
    times, failures, sizes = [], 0, []
    for path in asked:
        ms, status, size = timed_get(connection, path)
        times.append(ms)
        sizes.append(size)
        failures += status != 200
    return {
        "kind": kind,
        "requests": count,
        "p50": statistics.median(times),
        "p95": percentile(times, 95),
        "max": max(times),
        "bytes": statistics.median(sizes),
        "not 200": failures,
    }


def vacuum(database: str) -> None:
    """The steady state of a running server, where autovacuum has passed: without it the
    visibility map is empty after an import and every count reads the whole table."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/{database}", autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="plein_bench")
    parser.add_argument("--requests", type=int, default=300, help="requests per kind")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    port = free_port()
    vacuum(args.database)
    server = start_server(args.database, port, args.workers)
    try:
        wait_until_up(port)
        rng = random.Random(args.seed)
        load_before = os.getloadavg()[0]
        rows = [
            measure(port, kind, args.requests, rng)
            for kind in ("page of 10, no search", "page of 10, search")
        ]
        load_after = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\n## HSDS API through HTTP: {args.database}, gunicorn with {args.workers} workers")
    print(f"load average {load_before:.1f} before, {load_after:.1f} after\n")
    print("| request | n | p50 ms | p95 ms | max ms | bytes | not 200 | p95 ≤ 50 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        met = "met" if row["p95"] <= TARGET_MS and not row["not 200"] else "not met"
        print(
            f"| {row['kind']} | {row['requests']} | {row['p50']:.1f} | {row['p95']:.1f} | "
            f"{row['max']:.1f} | {row['bytes']:.0f} | {row['not 200']} | {met} |"
        )


if __name__ == "__main__":
    main()

"""Benchmark Plein's social map: import, search and export at growing sizes, on both databases.

    .venv/bin/python bench/run.py [--sizes 1000,10000,100000] [--databases sqlite,postgres]
                                  [--out bench/out] [--repeats 5] [--exports json,csv]
                                  [--reuse] [--no-search] [--no-fresh-search]
                                  [--keep-exports] [--profile-import]
    .venv/bin/python bench/run.py --report bench/out/results-*.json

Prints figures; it is not a test and asserts nothing. Every step that is measured runs in its own
child process (the real `plein import-hsds` and `plein export-hsds` commands, and bench/worker.py
for the library, the search index and the searches), so that time and peak memory are the step's
own. Results are also written as JSON to OUT/results-<time>.json. See bench/README.md.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCALER = Path(os.environ.get("PLEIN_SHARED_DIR", REPO.parent / "shared")) / "data" / "scale_hsds.py"
PLEIN = Path(sys.executable).parent / "plein"
WORKER = REPO / "bench" / "worker.py"
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "plein_bench")
LIBRARY_SLUG = "bench"

# The targets (section 8), for 100,000 services; checked at the largest size measured.
TARGET_SIZE = 100_000
TARGET_SEARCH_P95_MS = 50.0
TARGET_SPEEDUP = 10.0
TARGET_IMPORT_SECONDS = 120.0
TARGET_IMPORT_RSS_MB = 500.0


@dataclass
class Measured:
    """One child process: wall time, CPU time and peak resident memory (from wait4)."""

    returncode: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def as_dict(self) -> dict:
        return {
            "returncode": self.returncode,
            "seconds": round(self.seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "output_tail": tail(self.stdout, 6),
            "error_tail": tail(self.stderr, 15) if not self.ok else "",
        }


@dataclass
class Run:
    database: str
    size: int
    steps: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)

    def record(self, name: str, measured: Measured, data: dict | None = None) -> bool:
        self.steps[name] = measured.as_dict()
        if data:
            self.steps[name]["data"] = data
        if not measured.ok:
            self.errors.append(f"{name}: {tail(measured.stderr, 3)}")
            print(f"  {name}: MISLUKT\n{tail(measured.stderr, 15)}", flush=True)
        return measured.ok


def tail(text: str, lines: int) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def measure(argv: list[str], env: dict) -> Measured:
    """Run argv as a child and reap it with wait4, which gives that child's own rusage."""
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(argv, env=env, cwd=REPO, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        out_text, err_text = stdout.read(), stderr.read()
    # ru_maxrss is in kilobytes on Linux.
    return Measured(
        returncode=process.returncode,
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,
        stdout=out_text,
        stderr=err_text,
    )


def worker(step: str, env: dict, *extra: str) -> tuple[Measured, dict]:
    measured = measure([sys.executable, str(WORKER), step, "--slug", LIBRARY_SLUG, *extra], env)
    data = {}
    if measured.ok and measured.stdout.strip():
        data = json.loads(measured.stdout.strip().splitlines()[-1])
    return measured, data


# ---------------------------------------------------------------------------------------------
# Data and databases


def ensure_package(size: int, out: Path) -> Path:
    package = out / "data" / f"hsds-{size}"
    if (package / "datapackage.json").exists() and (package / "services.csv").exists():
        return package
    if not SCALER.exists():
        sys.exit(f"De generator {SCALER} ontbreekt (zet PLEIN_SHARED_DIR naar de map 'shared').")
    print(f"  genereren: {size} diensten -> {package}", flush=True)
    subprocess.run(
        ["python3", str(SCALER), "--services", str(size), "--out", str(package)], check=True
    )
    return package


def base_env() -> dict:
    env = dict(os.environ)
    env.setdefault("PLEIN_DEV", "1")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def prepare_sqlite(size: int, out: Path) -> None:
    path = (out / "db" / f"bench-{size}.sqlite3").resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def prepare_postgres() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DATABASE}")


def postgres_version() -> str:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            return row[0] if row else "onbekend"
    except Exception as error:  # noqa: BLE001 - any failure means "not available"
        return f"niet bereikbaar ({error.__class__.__name__})"


# ---------------------------------------------------------------------------------------------
# The machine


def machine_info() -> dict:
    import sqlite3

    import django

    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            mem_kb = int(line.split()[1])
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "os": f"{platform.system()} {platform.release()}",
        "distribution": distribution(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres_version(),
        "load_average": os.getloadavg(),
        "code": code_version(),
    }


def code_version() -> str:
    """The commit, and a fingerprint of the measured code when the work tree differs from it."""
    import hashlib

    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    digest = hashlib.sha256()
    for path in sorted((REPO / "plein" / "socialmap").rglob("*.py")):
        if "tests" not in path.parts and "migrations" not in path.parts:
            digest.update(path.read_bytes())
    return f"commit {head or '?'}, plein/socialmap sha256 {digest.hexdigest()[:12]}"


def distribution() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return "?"


# ---------------------------------------------------------------------------------------------
# One size on one database


def command_options(command: str, env: dict) -> str:
    result = subprocess.run(
        [str(PLEIN), command, "--help"], env=env, cwd=REPO, capture_output=True, text=True
    )
    return result.stdout


def run_one(database: str, size: int, args: argparse.Namespace) -> Run:
    run = Run(database=database, size=size)
    out: Path = args.out
    package = ensure_package(size, out)
    env = base_env()
    env["DATABASE_URL"] = database_url(database, size, out)
    if args.reuse and holds_package(env, size):
        print("  bestaande database met deze gegevens wordt hergebruikt (geen import)", flush=True)
        run.steps["reused"] = True
        # The code may have moved on since the import; the index rebuild below catches up.
        if not run.record("migrate", measure([str(PLEIN), "migrate", "--noinput", "-v", "0"], env)):
            return run
    elif not import_package(run, package, env, args):
        return run

    measured, counts = worker("counts", env)
    run.record("counts", measured, counts)
    if counts.get("services") != size:
        run.errors.append(f"{counts.get('services')} diensten in de database, {size} verwacht")

    if not args.no_search:
        search_all(run, env, args)

    export_help = command_options("export-hsds", env)
    for fmt in args.exports:
        target = out / "export" / f"{database}-{size}-{fmt}"
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "json":
            target = target.with_suffix(".json")
            target.unlink(missing_ok=True)
        argv = [str(PLEIN), "export-hsds", "--format", fmt, str(target)]
        if "--library" in export_help:
            argv += ["--library", LIBRARY_SLUG]
        print(f"  export {fmt} ...", flush=True)
        measured = measure(argv, env)
        if run.record(f"export_{fmt}", measured, {"bytes": disk_size(target)}):
            print(f"  export {fmt}: {measured.seconds:.1f} s, piek {measured.peak_rss_mb:.0f} MB")
        if not args.keep_exports:
            # A JSON export of 100,000 services takes about 1 GB.
            shutil.rmtree(target, ignore_errors=True)
            target.unlink(missing_ok=True)
    return run


def database_url(database: str, size: int, out: Path) -> str:
    if database == "sqlite":
        return f"sqlite:///{(out / 'db' / f'bench-{size}.sqlite3').resolve()}"
    return f"{PG_SERVER}/{PG_DATABASE}"


def holds_package(env: dict, size: int) -> bool:
    """Whether the database already holds the library with exactly this many services."""
    measured, counts = worker("counts", env)
    return measured.ok and counts.get("services") == size


def import_package(run: Run, package: Path, env: dict, args: argparse.Namespace) -> bool:
    """A fresh database, migrated, with an empty library; then the timed import."""
    if run.database == "sqlite":
        prepare_sqlite(run.size, args.out)
    else:
        prepare_postgres()
    print("  migreren ...", flush=True)
    if not run.record("migrate", measure([str(PLEIN), "migrate", "--noinput", "-v", "0"], env)):
        return False
    if not run.record("setup", *worker("setup", env)):
        return False
    print("  importeren ...", flush=True)
    imported = measure(import_command(package, run.database, run.size, args, env), env)
    log = args.out / f"import-{run.database}-{run.size}.log"
    log.write_text(imported.stdout + imported.stderr)
    if not run.record("import", imported):
        return False
    print(f"  import: {imported.seconds:.1f} s, piek {imported.peak_rss_mb:.0f} MB", flush=True)
    return True


def import_command(
    package: Path, database: str, size: int, args: argparse.Namespace, env: dict
) -> list[str]:
    options = []
    if "--library" in command_options("import-hsds", env):
        options = ["--library", LIBRARY_SLUG]
    if args.profile_import:
        profile = args.out / f"profile-import-{database}-{size}.prof"
        python = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "plein"]
        return [*python, "import-hsds", str(package), *options]
    return [str(PLEIN), "import-hsds", str(package), *options]


def search_all(run: Run, env: dict, args: argparse.Namespace) -> None:
    # First the state the import leaves behind, then the steady state of a running server.
    if not args.no_fresh_search and not run.steps.get("reused"):
        search_pass(run, "search_fresh", "zoeken direct na de import", env, args)
    print("  zoekindex opnieuw bouwen ...", flush=True)
    measured, index = worker("index", env)
    if run.record("index", measured, index):
        print(f"  zoekindex: {index['seconds']:.1f} s", flush=True)
    run.record("analyze", *worker("analyze", env))
    search_pass(run, "search", "zoeken na (VACUUM) ANALYZE", env, args)
    explain_slowest(run, env, args.out / f"explain-{run.database}-{run.size}.txt")


def search_pass(run: Run, name: str, title: str, env: dict, args: argparse.Namespace) -> None:
    print(f"  {title} ({args.repeats}x per vraag) ...", flush=True)
    measured, search = worker("search", env, "--repeats", str(args.repeats))
    if run.record(name, measured, search):
        print_search(search)


def explain_slowest(run: Run, env: dict, target: Path, count: int = 3) -> None:
    """Write the query plans of the slowest searches, to show where their time goes."""
    search = run.steps.get("search", {}).get("data")
    if not search:
        return
    by_time = sorted(search["queries"], key=lambda q: statistics.median(q["real_ms"]))
    queries = [q["query"] for q in by_time[-count:]]
    measured, data = worker("explain", env, *[f"--query={query}" for query in queries])
    if run.record("explain", measured) and data:
        text = [f"== {query}\n{plan}\n" for query, plan in data["plans"].items()]
        target.write_text("\n".join(text))
        print(f"  queryplannen van de traagste zoekvragen: {target}", flush=True)


def disk_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# ---------------------------------------------------------------------------------------------
# Figures


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least pct % of samples at or below."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def search_summary(search: dict) -> dict:
    real = [t for q in search["queries"] for t in q["real_ms"]]
    naive = [t for q in search["queries"] for t in q["naive_ms"]]
    summary: dict = {
        "samples": len(real),
        "real_p50": percentile(real, 50),
        "real_p95": percentile(real, 95),
        "naive_p50": percentile(naive, 50),
        "naive_p95": percentile(naive, 95),
        "real_empty": sum(1 for q in search["queries"] if not q["real_hits"]),
        "naive_empty": sum(1 for q in search["queries"] if not q["naive_hits"]),
        "queries": len(search["queries"]),
    }
    summary["speedup_p50"] = summary["naive_p50"] / summary["real_p50"]
    summary["speedup_p95"] = summary["naive_p95"] / summary["real_p95"]
    from bench.queries import LANGUAGE_QUERIES, SENTENCE_QUERIES

    for kind, queries in (("sentences", SENTENCE_QUERIES), ("languages", LANGUAGE_QUERIES)):
        times = [t for q in search["queries"] if q["query"] in queries for t in q["real_ms"]]
        summary[f"{kind}_p95"] = percentile(times, 95) if times else None
    return summary


def print_search(search: dict) -> None:
    print(
        f"    {'vraag':<36} {'Plein ms':>9} {'naïef ms':>9} {'treffers':>9} {'pagina':>7}"
        "  beste treffer"
    )
    for q in search["queries"]:
        top = q["real_top"][0] if q["real_top"] else "-"
        hits = f"{q['real_hits']}/{q['naive_hits']}"
        print(
            f"    {q['query']:<36} {statistics.median(q['real_ms']):>9.1f} "
            f"{statistics.median(q['naive_ms']):>9.1f} {q.get('real_matches', '?'):>9} "
            f"{hits:>7}  {top[:40]}"
        )
    s = search_summary(search)
    print(
        f"    Plein p50 {s['real_p50']:.1f} ms, p95 {s['real_p95']:.1f} ms; naïef p50 "
        f"{s['naive_p50']:.1f} ms, p95 {s['naive_p95']:.1f} ms; versnelling p50 "
        f"{s['speedup_p50']:.1f}x, p95 {s['speedup_p95']:.1f}x; lange zinnen p95 "
        f"{fmt(s['sentences_p95'])} ms, andere talen p95 {fmt(s['languages_p95'])} ms",
        flush=True,
    )


def fmt(value, pattern: str = "{:.1f}") -> str:
    return "–" if value is None else pattern.format(value)


SUMMARY_HEADER = (
    "| database | diensten | import s | import piek MB | index s | zoeken p50 ms | "
    "zoeken p95 ms | naïef p50 ms | naïef p95 ms | versnelling p50 | versnelling p95 | "
    "p95 direct na import ms |"
)
EXPORT_HEADER = (
    "| database | diensten | json s | json piek MB | json MB | csv s | csv piek MB | csv MB |"
)


def summary_table(runs: list[Run]) -> str:
    lines = [SUMMARY_HEADER, header_rule(SUMMARY_HEADER)]
    for run in runs:
        cells = [run.database, f"{run.size:,}".replace(",", "."), *summary_cells(run.steps)]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", EXPORT_HEADER, header_rule(EXPORT_HEADER)]
    for run in runs:
        cells = [run.database, f"{run.size:,}".replace(",", "."), *export_cells(run.steps)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def succeeded(steps: dict, name: str) -> dict:
    return steps[name] if steps.get(name, {}).get("returncode") == 0 else {}


def search_figures(steps: dict, name: str) -> dict:
    search = succeeded(steps, name)
    return search_summary(search["data"]) if "data" in search else {}


def summary_cells(steps: dict) -> list[str]:
    figures = search_figures(steps, "search")
    imported = succeeded(steps, "import")
    return [
        fmt(imported.get("seconds")),
        fmt(imported.get("peak_rss_mb"), "{:.0f}"),
        fmt(succeeded(steps, "index").get("data", {}).get("seconds")),
        fmt(figures.get("real_p50")),
        fmt(figures.get("real_p95")),
        fmt(figures.get("naive_p50")),
        fmt(figures.get("naive_p95")),
        fmt(figures.get("speedup_p50"), "{:.1f}×"),
        fmt(figures.get("speedup_p95"), "{:.1f}×"),
        fmt(search_figures(steps, "search_fresh").get("real_p95")),
    ]


def export_cells(steps: dict) -> list[str]:
    cells = []
    for name in ("export_json", "export_csv"):
        export = succeeded(steps, name)
        size = export.get("data", {}).get("bytes")
        cells += [
            fmt(export.get("seconds")),
            fmt(export.get("peak_rss_mb"), "{:.0f}"),
            fmt(size / 1024 / 1024 if size is not None else None),
        ]
    return cells


def header_rule(header: str) -> str:
    return "|" + "---|" * (header.count("|") - 1)


def targets(runs: list[Run]) -> list[str]:
    """The issue's targets, judged on the largest size measured per database."""
    lines = []
    for database in sorted({r.database for r in runs}):
        largest = max((r for r in runs if r.database == database), key=lambda r: r.size)
        s = largest.steps
        where = f"{database}, {largest.size} diensten"
        if largest.size < TARGET_SIZE:
            where += f"; de doelen gelden bij {TARGET_SIZE}"
        if "data" in s.get("search", {}):
            summary = search_summary(s["search"]["data"])
            p95, speedup = summary["real_p95"], summary["speedup_p95"]
            lines.append(
                verdict(
                    f"zoeken p95 ≤ {TARGET_SEARCH_P95_MS:.0f} ms ({where})",
                    p95 <= TARGET_SEARCH_P95_MS,
                    f"{p95:.1f} ms",
                )
            )
            lines.append(
                verdict(
                    f"≥ {TARGET_SPEEDUP:.0f}× sneller dan naïef (p95, {where})",
                    speedup >= TARGET_SPEEDUP,
                    f"{speedup:.1f}×",
                )
            )
        if s.get("import", {}).get("returncode") == 0:
            seconds, rss = s["import"]["seconds"], s["import"]["peak_rss_mb"]
            lines.append(
                verdict(
                    f"import ≤ {TARGET_IMPORT_SECONDS:.0f} s ({where})",
                    seconds <= TARGET_IMPORT_SECONDS,
                    f"{seconds:.1f} s",
                )
            )
            lines.append(
                verdict(
                    f"import piek-RSS ≤ {TARGET_IMPORT_RSS_MB:.0f} MB ({where})",
                    rss <= TARGET_IMPORT_RSS_MB,
                    f"{rss:.0f} MB",
                )
            )
        for error in largest.errors:
            lines.append(f"FOUT ({where}): {error}")
    return lines


def verdict(target: str, met: bool, measured: str) -> str:
    return f"{'GEHAALD ' if met else 'GEMIST  '} {target}: gemeten {measured}"


# ---------------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per query")
    parser.add_argument(
        "--exports", default="json,csv", help="export formats to measure (json,csv or none)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep a database that already holds the package (no migrate and no import)",
    )
    parser.add_argument("--no-search", action="store_true", help="measure no searches")
    parser.add_argument(
        "--keep-exports", action="store_true", help="keep the exported files in OUT/export"
    )
    parser.add_argument(
        "--no-fresh-search",
        action="store_true",
        help="skip the search pass directly after the import (before ANALYZE)",
    )
    parser.add_argument(
        "--profile-import", action="store_true", help="run the import under cProfile too"
    )
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    unknown = set(args.databases) - {"sqlite", "postgres"}
    if unknown:
        parser.error(f"onbekende database: {', '.join(sorted(unknown))} (kies sqlite,postgres)")
    args.exports = [f.strip() for f in args.exports.split(",") if f.strip() not in ("", "none")]
    if set(args.exports) - {"json", "csv"}:
        parser.error("--exports: kies json, csv of none")
    args.out = args.out.resolve()
    return args


def report(paths: list[Path]) -> None:
    """Print the summary of earlier runs from their results files, without measuring anything."""
    runs = []
    for path in paths:
        results = json.loads(path.read_text())
        machine = results["machine"]
        load = ", ".join(f"{value:.1f}" for value in machine["load_average"])
        print(f"{path.name}: {machine['date']}, belasting {load}, {machine.get('code', '')}")
        runs += [Run(**run) for run in results["runs"]]
    print()
    print(summary_table(runs))
    print()
    for line in targets(runs):
        print(line)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--report":
        report([Path(p) for p in sys.argv[2:]])
        return
    args = parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(REPO))
    machine = machine_info()
    print("Machine:")
    for key, value in machine.items():
        print(f"  {key}: {value}")
    runs: list[Run] = []
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    results_file = args.out / f"results-{stamp}.json"
    for database in args.databases:
        for size in args.sizes:
            print(f"\n== {database}, {size} diensten (belasting {os.getloadavg()[0]:.2f}) ==")
            run = run_one(database, size, args)
            runs.append(run)
            results = {"machine": machine, "runs": [r.__dict__ for r in runs]}
            results_file.write_text(json.dumps(results, indent=1, default=str))
    print("\nSamenvatting (tijden van zoeken: serverkant, eerste pagina van 20 resultaten)\n")
    print(summary_table(runs))
    print()
    for line in targets(runs):
        print(line)
    print(f"\nAlle cijfers: {results_file}")


if __name__ == "__main__":
    main()

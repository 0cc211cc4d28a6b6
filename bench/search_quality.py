"""How well the public search answers residents: nDCG@10 over a judged set, and honest empties.

    export PLEIN_DEV=1 DATABASE_URL=...          # a database that holds `plein demo`
    .venv/bin/python bench/search_quality.py     # the demo's judged set (bench/judged_demo.py)
    .venv/bin/python bench/search_quality.py --library lindendal --judged FILE.json

A judged set in JSON is a list of {"kind": ..., "query": ..., "relevant": {name: grade}}; an
empty "relevant" means the map has no answer. The held-out Lindendal set is run this way, so
that it measures how the search generalises; nothing in the search is written from it.

Per query it runs what the public search page runs (its form, `service_list_public`, first
page of 10) and prints nDCG@10 (gain 2^grade - 1; a query with no results scores 0), whether
a no-answer query was answered honestly (no results at all), the figures per kind and the
server time. It asserts nothing: it prints figures.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plein.settings")

CUTOFF = 10


def dcg(grades: list[int]) -> float:
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def ndcg(found: list[str], relevant: dict[str, int]) -> float:
    ideal = dcg(sorted(relevant.values(), reverse=True)[:CUTOFF])
    if ideal == 0:
        return 0.0
    return dcg([relevant.get(name, 0) for name in found[:CUTOFF]]) / ideal


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def judged_set(path: str | None) -> list[tuple[str, str, dict[str, int]]]:
    if path is None:
        from bench.judged_demo import JUDGED

        return JUDGED
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    return [(row["kind"], row["query"], row["relevant"]) for row in rows]


def run(library_slug: str, judged: list, repeats: int) -> dict:
    from django.db import connection

    from plein.core.models import Library
    from plein.socialmap.search.forms import ServiceSearchForm
    from plein.socialmap.selectors import service_list_public

    library = Library.objects.get(slug=library_slug)
    rows = []
    for kind, query, relevant in judged:
        times = []
        for _ in range(repeats + 1):
            started = time.perf_counter()
            # What the search page runs: the form reads a neighbourhood out of the question.
            form = ServiceSearchForm({"q": query}, library=library)
            form.is_valid()
            services = service_list_public(library=library, **form.filters())
            found = [service.name for service in services[:CUTOFF]]
            times.append((time.perf_counter() - started) * 1000)
        rows.append(
            {
                "kind": kind,
                "query": query,
                "answerable": bool(relevant),
                "found": found,
                "ndcg": ndcg(found, relevant) if relevant else None,
                "honest": not found if not relevant else None,
                "ms": times[1:],
            }
        )
    return {"database": connection.vendor, "library": library_slug, "rows": rows}


def report(result: dict) -> None:
    rows = result["rows"]
    print(f"\n## Search quality: {result['library']} on {result['database']}\n")
    print("| kind | queries | nDCG@10 | honest empty | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|")
    kinds: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        kinds[row["kind"]].append(row)
    for kind, group in [*kinds.items(), ("all", rows)]:
        scores = [row["ndcg"] for row in group if row["answerable"]]
        honest = [row["honest"] for row in group if not row["answerable"]]
        times = [ms for row in group for ms in row["ms"]]
        score = f"{statistics.mean(scores):.3f}" if scores else "–"
        share = f"{sum(honest)}/{len(honest)}" if honest else "–"
        print(
            f"| {kind} | {len(group)} | {score} | {share} | "
            f"{percentile(times, 0.5):.1f} | {percentile(times, 0.95):.1f} |"
        )
    print("\nWeakest answers (nDCG@10 < 0.7) and dishonest empties:\n")
    for row in rows:
        weak = row["answerable"] and row["ndcg"] < 0.7
        if weak or row["honest"] is False:
            score = "no answer expected" if not row["answerable"] else f"{row['ndcg']:.2f}"
            print(f"- {row['query']!r} ({score}): {row['found'][:3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--library", default="beekveld")
    parser.add_argument("--judged", help="a judged set in JSON (default: the demo's)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per query (at least 1)")
    parser.add_argument("--out", help="write every figure to this JSON file")
    args = parser.parse_args()
    django.setup()
    result = run(args.library, judged_set(args.judged), max(1, args.repeats))
    report(result)
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()

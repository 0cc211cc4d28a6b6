"""The demo's network self-assessment: two closed rounds with answers (so the spider chart and
its trend show) and one open round that some partners have answered. Called by the demo loader
after the agreements; a library that has rounds already gets none, so loading twice adds
nothing. Scores are made up and fixed per library (a seeded generator)."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from plein.cooperation.instrument import CURRENT_VERSION, instrument
from plein.cooperation.models import Answer, Assessment, Response
from plein.cooperation.selectors import network_partners
from plein.core.models import Library

# (days ago the round started, days it stayed open, share of partners that answered, the
# network's level then): the network grew closer between the rounds.
ROUNDS = [(220, 28, 1.0, 2.9), (70, 28, 1.0, 3.4), (5, 21, 0.4, 3.6)]
COMMENTS = [
    "Het overleg per kwartaal helpt; de terugkoppeling na een doorverwijzing kan beter.",
    "Fijn dat het spreekuur in de bibliotheek nu vaste tijden heeft.",
]


def _scores(rng: random.Random, level: float, weak: set[str]) -> dict[str, int | None]:
    scores: dict[str, int | None] = {}
    for statement in instrument(CURRENT_VERSION).statements:
        if rng.random() < 0.08:
            scores[statement.code] = None  # "weet niet"
            continue
        base = level - (0.8 if statement.code[:2] in weak else 0)
        scores[statement.code] = max(1, min(5, round(base + rng.uniform(-1.2, 1.2))))
    return scores


@transaction.atomic
def demo_cooperation_install(*, library: Library) -> int:
    """Make the demo rounds for a library without rounds; return how many were made."""
    partners = list(network_partners(library=library))
    if not partners or Assessment.objects.for_library(library).exists():
        return 0
    rng = random.Random(f"plein-demo-cooperation-{library.slug}")
    now, today = timezone.now(), timezone.localdate()
    for days_ago, days_open, share, level in ROUNDS:
        started = now - datetime.timedelta(days=days_ago)
        assessment = Assessment.objects.create(
            library=library,
            instrument_version=CURRENT_VERSION,
            closes_on=today - datetime.timedelta(days=days_ago - days_open),
            started_at=started,
        )
        answering = round(len(partners) * share)
        for index, organization in enumerate(partners):
            answered = index < answering
            at = started + datetime.timedelta(days=1 + index % 5) if answered else None
            response = Response.objects.create(
                assessment=assessment,
                organization=organization,
                invited_at=started,
                submitted_at=at,
                updated_at=at,
                comment=COMMENTS[index] if answered and index < len(COMMENTS) else "",
            )
            if answered:
                scores = _scores(rng, level, weak={"S1", "O2", "V1"})
                Answer.objects.bulk_create(
                    Answer(response=response, statement=code, score=score)
                    for code, score in scores.items()
                )
    return len(ROUNDS)

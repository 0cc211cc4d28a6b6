"""Reads of the month versions (see services.months)."""

import datetime
from collections.abc import Iterable

from plein.questions.models import MonthVersion


def month_versions(
    *, library_ids: Iterable[int], months: Iterable[datetime.date]
) -> dict[tuple[int, datetime.date], int]:
    """(library id, first day of month) -> version, for every pair asked; 0 when never bumped."""
    library_ids, months = list(library_ids), [month.replace(day=1) for month in months]
    versions = dict.fromkeys(((pk, month) for pk in library_ids for month in months), 0)
    rows = MonthVersion.objects.filter(library_id__in=library_ids, month__in=months)
    for library_id, month, version in rows.values_list("library_id", "month", "version"):
        versions[(library_id, month)] = version
    return versions

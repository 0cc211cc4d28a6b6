"""Which completed months changed: a version per library and month (questions.MonthVersion)."""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from plein.questions.models import MonthVersion


def _bump(*, library_id: int, month: datetime.date) -> None:
    versions = MonthVersion.objects.filter(library_id=library_id, month=month)
    if versions.update(version=F("version") + 1):
        return
    try:
        # A savepoint: a concurrent first bump of the same month makes this insert fail.
        with transaction.atomic():
            MonthVersion.objects.create(library_id=library_id, month=month, version=1)
    except IntegrityError:
        versions.update(version=F("version") + 1)


def months_changed(*, library_id: int, dates: Iterable[datetime.date]) -> None:
    """Bump the version of every completed month among `dates`, in the caller's transaction.

    The current month is still open and has no version, so a registration of today (the
    normal case) costs no query here.
    """
    first_of_month = timezone.localdate().replace(day=1)
    months = {day.replace(day=1) for day in dates if day < first_of_month}
    for month in sorted(months):
        _bump(library_id=library_id, month=month)

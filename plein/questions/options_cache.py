"""The desk's options and registration settings, cached per library in each worker's memory.

A copy is kept under the library's `configuration_version` (core.Library). Every write to the
library's lists, branches or settings raises that version in its own transaction
(`desk_options_changed`), and the version arrives with the signed-in user's library on every
request, so a copy under an older version is never read again and checking costs no query. A
copy read while a change was being committed is stored under the old version, so it can never
outlive the change.
"""

from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.db.models import F

from plein.core.models import Library

# Django's local-memory cache: per worker process, no query, no server.
CACHE_ALIAS = "desk_options"
# Memory is the only limit: an unused copy goes after an hour.
CACHE_SECONDS = 3600


def options_cached(*, library: Library, read: Callable[[], Any]) -> Any:
    """The copy cached for the library's version, else read() stored under it."""
    cache = caches[CACHE_ALIAS]
    key = f"questions.desk.{library.pk}.{library.configuration_version}"
    value = cache.get(key)
    if value is None:
        value = read()
        cache.set(key, value, CACHE_SECONDS)
    return value


def desk_options_changed(*, library_id: int) -> None:
    """The library's option lists, branches or registration settings change in this transaction."""
    Library.objects.filter(pk=library_id).update(
        configuration_version=F("configuration_version") + 1
    )

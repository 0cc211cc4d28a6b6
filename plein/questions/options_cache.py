"""The desk's options and registration settings, cached per library (Django's cache).

Every library has a version token in the cache; a write to its lists or settings replaces the
token when its transaction commits (`desk_options_changed`), and a copy cached under another
token is read again. A copy read before the commit is stored under the old token, so it can
never outlive the change. The settings use a database cache, shared by every worker process.
"""

import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

# A safety net for changes made outside the services (a shell, SQL): read again after an hour.
CACHE_SECONDS = 3600


def _keys(library_id: int) -> tuple[str, str]:
    return f"questions.desk.{library_id}.version", f"questions.desk.{library_id}"


def options_cached(*, library_id: int, read: Callable[[], Any]) -> Any:
    """The cached value for the library's current version, else read() stored (one query)."""
    version_key, value_key = _keys(library_id)
    found = cache.get_many([version_key, value_key])
    version = found.get(version_key)
    stored_version, value = found.get(value_key, (None, None))
    if version is not None and stored_version == version:
        return value
    if version is None:
        version = uuid.uuid4().hex
        cache.add(version_key, version, timeout=None)
    value = read()
    cache.set(value_key, (version, value), CACHE_SECONDS)
    return value


def desk_options_changed(*, library_id: int) -> None:
    """The library's option lists, branches or registration settings change in this transaction."""
    version_key, _value_key = _keys(library_id)
    transaction.on_commit(lambda: cache.set(version_key, uuid.uuid4().hex, timeout=None))

"""Pull another HSDS 3.0 API into a library's social map: `hsds_sync(url=..., library=...)`.

Every page is handed to the HSDS importer (hsds_import), which applies it whole or not at all,
so an interrupted run leaves only complete pages behind. Only after the last page does the run
count as successful; the next run then asks `modified_after` the moment this one started.
"""

import datetime
import json
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from plein.core.models import Library
from plein.socialmap.hsds.importer import HsdsImportError, hsds_import
from plein.socialmap.models import HsdsSync, Service, ServiceStatus
from plein.socialmap.services import service_update

PER_PAGE = 50
# Clocks differ; asking a little further back costs only some rows imported twice (idempotent).
CLOCK_MARGIN = datetime.timedelta(minutes=5)
TIMEOUT_SECONDS = 30
MAX_PAGES = 100_000
NDJSON_BATCH = 100

FETCH_FAILED = gettext_noop("{url} gaf geen antwoord dat te gebruiken is: {reason}")
NOT_A_PAGE = gettext_noop(
    "{url} gaf geen HSDS-pagina (met contents) en geen ndjson; is dit een HSDS 3.0-API?"
)
PAGE_REFUSED = gettext_noop("Pagina {page} is niet ingelezen; eerdere pagina's wel:\n{errors}")

Fetch = Callable[[str], tuple[str, bytes]]


class HsdsSyncError(Exception):
    """The run stopped; pages before the failing one are in, nothing of that page is."""


@dataclass
class SyncResult:
    full: bool
    since: datetime.datetime | None
    pages: int = 0
    services: int = 0
    deactivated: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, counts: dict[str, dict[str, int]]) -> None:
        for table, numbers in counts.items():
            mine = self.counts.setdefault(table, {})
            for key, value in numbers.items():
                mine[key] = mine.get(key, 0) + value


def http_fetch(url: str) -> tuple[str, bytes]:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "Plein sync-hsds"}
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        return response.headers.get("Content-Type", ""), response.read()


def hsds_sync(
    *,
    url: str,
    library: Library,
    full: bool = False,
    ndjson: bool = False,
    fetch: Fetch = http_fetch,
) -> SyncResult:
    """Bring LIBRARY's copy of the services at URL up to date; see the module docstring."""
    state, _created = HsdsSync.objects.get_or_create(library=library, url=url.rstrip("/"))
    started = timezone.now()
    since = None if full or state.synced_until is None else state.synced_until - CLOCK_MARGIN
    result = SyncResult(full=since is None, since=since)
    seen: set[str] = set()
    state.last_attempt = started
    try:
        for number, items in enumerate(_batches(state.url, since, ndjson, fetch), start=1):
            items = [_nested(state.url, item, fetch) for item in items]
            _apply(items, library, number, result)
            seen.update(str(item["id"]) for item in items)
    except HsdsSyncError as error:
        # What came in so far is kept (whole pages); the next run asks from the old moment.
        state.last_error = str(error)
        state.service_ids = sorted(set(state.service_ids) | seen)
        state.save(update_fields=["last_attempt", "last_error", "service_ids"])
        raise
    if result.full:
        # Not listed is not yet gone: a source may list only services that are open now.
        for service_id in sorted(set(state.service_ids) - seen):
            if (item := _detail_or_gone(state.url, service_id, fetch)) is not None:
                _apply([item], library, result.pages + 1, result)
                seen.add(service_id)
    with transaction.atomic():
        if result.full:
            result.deactivated = _deactivate_gone(library, set(state.service_ids) - seen)
            state.service_ids = sorted(seen)
        else:
            state.service_ids = sorted(set(state.service_ids) | seen)
        state.synced_until, state.last_error = started, ""
        state.save(update_fields=["synced_until", "last_attempt", "last_error", "service_ids"])
    return result


def _batches(base: str, since, ndjson: bool, fetch: Fetch) -> Iterator[list[dict]]:
    query = {"full": "true"}
    if since is not None:
        query["modified_after"] = since.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if ndjson:
        url = f"{base}/services?{urllib.parse.urlencode({**query, 'format': 'ndjson'})}"
        lines = [json.loads(line) for line in _get(url, fetch)[1].splitlines() if line.strip()]
        for start in range(0, len(lines), NDJSON_BATCH):
            yield lines[start : start + NDJSON_BATCH]
        return
    for page in range(1, MAX_PAGES + 1):
        url = f"{base}/services?" + urllib.parse.urlencode(
            {**query, "page": page, "per_page": PER_PAGE}
        )
        data = _json(url, fetch)
        if not isinstance(data, dict) or not isinstance(data.get("contents"), list):
            raise HsdsSyncError(_(NOT_A_PAGE).format(url=url))
        if data["contents"]:
            yield data["contents"]
        if data.get("last_page", True) or not data["contents"]:
            return


def _nested(base: str, item: dict, fetch: Fetch) -> dict:
    """A fully nested service. APIs that ignore `full` list services without their
    organization; those are fetched one by one, as HSDS's /services/{id} nests everything."""
    if not isinstance(item, dict) or "id" not in item:
        raise HsdsSyncError(_(NOT_A_PAGE).format(url=f"{base}/services"))
    if "organization" in item:
        return item
    detail = _json(f"{base}/services/{urllib.parse.quote(str(item['id']), safe='')}", fetch)
    if not isinstance(detail, dict) or "id" not in detail:
        raise HsdsSyncError(_(NOT_A_PAGE).format(url=f"{base}/services/{item['id']}"))
    return detail


def _detail_or_gone(base: str, service_id: str, fetch: Fetch) -> dict | None:
    """The service as the source has it now, or None when the source answers 404 (deleted)."""
    url = f"{base}/services/{urllib.parse.quote(service_id, safe='')}"
    try:
        return _nested(base, _json(url, fetch), fetch)
    except HsdsSyncError as error:
        if isinstance(error.__cause__, urllib.error.HTTPError) and error.__cause__.code in (
            404,
            410,
        ):
            return None
        raise


def _get(url: str, fetch: Fetch) -> tuple[str, str]:
    try:
        content_type, body = fetch(url)
        return content_type, body.decode("utf-8")
    except (urllib.error.URLError, OSError, UnicodeDecodeError, ValueError) as error:
        raise HsdsSyncError(_(FETCH_FAILED).format(url=url, reason=error)) from error


def _json(url: str, fetch: Fetch):
    try:
        return json.loads(_get(url, fetch)[1])
    except json.JSONDecodeError as error:
        raise HsdsSyncError(_(FETCH_FAILED).format(url=url, reason=error)) from error


def _apply(items: list[dict], library: Library, number: int, result: SyncResult) -> None:
    """One page through the importer: all of it or none of it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"page-{number}.json"
        path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        try:
            imported = hsds_import(path=path, library=library)
        except HsdsImportError as error:
            errors = "\n".join(error.errors)
            raise HsdsSyncError(_(PAGE_REFUSED).format(page=number, errors=errors)) from error
    result.pages += 1
    result.services += len(items)
    result.add(imported.counts)


def _deactivate_gone(library: Library, gone_ids: set[str]) -> int:
    """Services the source answered 404/410 for were deleted there: defunct here."""
    gone = (
        Service.objects.for_library(library)
        .filter(id__in=gone_ids)
        .exclude(status=ServiceStatus.DEFUNCT)
    )
    count = 0
    for service in gone:
        service_update(service=service, data={"status": ServiceStatus.DEFUNCT}, user=None)
        count += 1
    return count

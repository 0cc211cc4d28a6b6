"""The HSDS Page wrapper, and the ndjson stream that returns everything without pages."""

import json
import math
from collections.abc import Callable, Iterable
from itertools import islice

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from rest_framework.response import Response

from plein.api.params import MAX_PER_PAGE, Params
from plein.socialmap.search import ServiceSearch, services_in_order

NDJSON_CHUNK = 500
# A search pages through its best matches only, as large search APIs do: counting every one of
# tens of thousands of matches cost more than the rest of the request, and counting up to 1,000
# still half of it (docs/benchmarks.md). 200 is 20 pages of 10; whoever wants every service of
# a kind filters by taxonomy term, without a search, and gets an exact count.
SEARCH_RESULTS_MAX = 200
NDJSON_CONTENT_TYPE = "application/x-ndjson; charset=utf-8"

PAGE_PROPERTIES: dict[str, dict] = {
    "total_items": {
        "type": "integer",
        "description": (
            "Aantal resultaten in totaal; bij een zoekopdracht (search) hooguit "
            f"{SEARCH_RESULTS_MAX}: een zoekopdracht geeft de beste {SEARCH_RESULTS_MAX}."
        ),
    },
    "total_pages": {"type": "integer", "description": "Aantal pagina's."},
    "page_number": {"type": "integer", "description": "Nummer van deze pagina (vanaf 1)."},
    "size": {"type": "integer", "description": "Aantal resultaten op deze pagina."},
    "first_page": {"type": "boolean"},
    "last_page": {"type": "boolean"},
    "empty": {"type": "boolean", "description": "Waar als deze pagina niets bevat."},
    "contents": {"type": "array", "items": {"type": "object"}},
}
PAGE_SCHEMA = {
    "type": "object",
    "required": [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ],
    "properties": PAGE_PROPERTIES,
}

Serializer = Callable[[list], list[dict]]
# A search ordered by relevance pages through its best matches (`best`) and streams like a
# queryset (iterator()).
Rows = QuerySet | ServiceSearch


def page_data(
    params: Params, queryset: Rows, to_hsds: Serializer, *, limit: int = MAX_PER_PAGE
) -> dict:
    page, per_page = params.page(), params.per_page(limit=limit)
    offset = (page - 1) * per_page
    if isinstance(queryset, ServiceSearch):
        ids, total = queryset.best(offset=offset, limit=per_page, at_most=SEARCH_RESULTS_MAX)
        contents = to_hsds(services_in_order(queryset.services, ids))
    else:
        total = queryset.count()
        contents = to_hsds(_page_rows(queryset, offset, per_page))
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _page_rows(queryset: QuerySet, offset: int, size: int) -> list:
    """One page: sorted and cut on ids first, then only those rows are loaded and prefetched.

    Sorting narrow id rows is much cheaper than sorting whole joined rows deep into a list.
    """
    ids = list(queryset.values_list("pk", flat=True)[offset : offset + size])
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


def _lines(rows: Iterable, to_hsds: Serializer) -> Iterable[str]:
    rows = iter(rows)
    while batch := list(islice(rows, NDJSON_CHUNK)):
        for item in to_hsds(batch):
            yield json.dumps(item, ensure_ascii=False) + "\n"


def listing(params: Params, queryset: Rows, to_hsds: Serializer, *, limit: int = MAX_PER_PAGE):
    """A Page, or with format=ndjson every result as one JSON object per line, streamed."""
    params.page(), params.per_page(limit=limit)  # checked even when streaming, so mistakes show
    if params.ndjson():
        rows = queryset.iterator(chunk_size=NDJSON_CHUNK)
        return StreamingHttpResponse(_lines(rows, to_hsds), content_type=NDJSON_CONTENT_TYPE)
    return Response(page_data(params, queryset, to_hsds, limit=limit))

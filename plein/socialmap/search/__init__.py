"""Search that residents can use: Dutch stemming, accent folding, typos and synonyms.

`ServiceSearch` finds, counts and pages the services that match a query (`service_search` and
`service_search_ids` are its short forms); `index.search_index_rebuild` keeps the index current.
"""

from plein.socialmap.search.selectors import (
    ServiceSearch,
    search_suggestions,
    service_search,
    service_search_ids,
    services_in_order,
)
from plein.socialmap.search.synonyms import synonyms_install_defaults

__all__ = [
    "ServiceSearch",
    "search_suggestions",
    "service_search",
    "service_search_ids",
    "services_in_order",
    "synonyms_install_defaults",
]

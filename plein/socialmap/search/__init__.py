"""Search that residents can use: Dutch stemming, accent folding, typos and synonyms.

`service_search` is the one entry point; `index.search_index_rebuild` keeps the index current.
"""

from plein.socialmap.search.query import service_search
from plein.socialmap.search.synonyms import synonyms_install_defaults

__all__ = ["service_search", "synonyms_install_defaults"]

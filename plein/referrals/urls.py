"""Referral URLs: the desk's pages, the partner's inbox and the public pages, one namespace.

Every referral page may show or hold contact data (typed into a form, or shown to the partner),
so none of them may be kept by the browser or a proxy: each is sent with no-store.
"""

from django.urls import URLPattern
from django.views.decorators.cache import never_cache

from plein.referrals import urls_desk, urls_partner, urls_public


def _not_stored(patterns: list) -> list[URLPattern]:
    return [
        URLPattern(p.pattern, never_cache(p.callback), p.default_args, p.name) for p in patterns
    ]


app_name = "referrals"

urlpatterns = _not_stored(
    [*urls_desk.urlpatterns, *urls_partner.urlpatterns, *urls_public.urlpatterns]
)

"""Referral URLs: the desk's pages, the partner's inbox and the public pages, one namespace."""

from plein.referrals import urls_desk, urls_partner, urls_public

app_name = "referrals"

urlpatterns = [*urls_desk.urlpatterns, *urls_partner.urlpatterns, *urls_public.urlpatterns]

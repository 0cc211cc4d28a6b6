from plein.socialmap.urls_digest import urlpatterns as digest_urls
from plein.socialmap.urls_manage import urlpatterns as manage_urls
from plein.socialmap.urls_partner import urlpatterns as partner_urls
from plein.socialmap.urls_public import urlpatterns as public_urls

app_name = "socialmap"

urlpatterns = public_urls + partner_urls + manage_urls + digest_urls

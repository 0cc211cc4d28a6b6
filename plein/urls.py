from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from plein.accounts.admin_site import restrict_admin_to_administrators
from plein.navigation import start
from plein.referrals.selectors.directory import directory_agreements

restrict_admin_to_administrators(admin.site)

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("plein.core.urls")),
    path("start/", start, name="start"),
    path("", include("plein.accounts.urls")),
    path("", include("plein.socialmap.urls")),
    # "Ken je partners" shows the agreements of the referrals app, an app above the social map.
    path("", include("plein.socialmap.urls_directory"), {"agreements": directory_agreements}),
    path("", include("plein.questions.urls")),
    path("rapportage/", include("plein.reports.urls")),
    path("", include("plein.referrals.urls")),
    path("", include("plein.schedule.urls")),
    path("", include("plein.cooperation.urls")),
    path("", include("plein.appointments.urls")),
    path("", include("plein.activities.urls")),
    path("api/", include("plein.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

handler404 = "plein.core.errors.page_not_found"
handler500 = "plein.core.errors.server_error"

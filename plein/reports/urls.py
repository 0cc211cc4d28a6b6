from django.urls import path

from plein.reports import views, views_activities, views_hours, views_referrals

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ido/", views.ido, name="ido"),
    path("export/<slug:table>.<str:fmt>", views.export, name="export"),
    path("doorverwijzingen/", views_referrals.referral_report, name="referrals"),
    path("spreekuren/", views_hours.hours_report, name="hours"),
    path(
        "doorverwijzingen/export/<slug:table>.<str:fmt>",
        views_referrals.referral_export,
        name="referrals_export",
    ),
    path("activiteiten/", views_activities.activities_report, name="activities"),
    path(
        "activiteiten/export/<slug:table>.<str:fmt>",
        views_activities.activities_export,
        name="activities_export",
    ),
]

from django.urls import path

from plein.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ido/", views.ido, name="ido"),
    path("export/<slug:table>.<str:fmt>", views.export, name="export"),
]

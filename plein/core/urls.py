from django.urls import path

from plein.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("gezond/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("ontwikkeling/e-mails/", views.dev_outbox, name="dev_outbox"),
]

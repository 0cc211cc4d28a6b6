from django.urls import path

from plein.cooperation import views

app_name = "cooperation"

urlpatterns = [
    path("samenwerking/", views.assessment_list, name="list"),
    path("samenwerking/<int:pk>/", views.assessment_detail, name="detail"),
    path("samenwerking/<int:pk>/herinneren/", views.assessment_remind, name="remind"),
    path("samenwerking/vragenlijst/<str:token>/", views.answer, name="answer"),
    path("partner/samenwerking/", views.partner_results, name="partner_results"),
]

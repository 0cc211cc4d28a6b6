from django.urls import path

from plein.questions.views import manage

urlpatterns = [
    path("beheer/lijsten/", manage.manage_home, name="manage_home"),
]

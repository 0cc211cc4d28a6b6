from django.urls import path

from plein.questions.views import desk

urlpatterns = [
    path("balie/", desk.desk, name="desk"),
]

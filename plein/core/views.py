from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plein.core import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"libraries": selectors.library_list_public()})


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")

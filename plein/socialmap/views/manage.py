from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plein.accounts import permissions


@login_required
def freshness(request: HttpRequest) -> HttpResponse:
    permissions.require_coordinator(request.user)
    return render(request, "socialmap/freshness.html", {})

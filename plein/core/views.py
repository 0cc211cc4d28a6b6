from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plein.accounts import permissions
from plein.accounts.models import Role
from plein.core import selectors
from plein.core.models import Library


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"libraries": selectors.library_list_public()})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    funded: Iterable[Library] = []
    if permissions.is_role(request.user, Role.FUNDER):
        funded = selectors.library_list_funded_by(user=request.user)
    context = {"library": permissions.library_for(request.user), "funded_libraries": funded}
    return render(request, "core/dashboard.html", context)


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")

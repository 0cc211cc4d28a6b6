from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plein.accounts import permissions


@login_required
def partner_home(request: HttpRequest) -> HttpResponse:
    if not permissions.is_partner(request.user):
        raise PermissionDenied
    return render(request, "socialmap/partner_home.html", {})

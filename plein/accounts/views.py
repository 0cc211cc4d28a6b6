from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plein.accounts import permissions, selectors


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in user's start page: who they are, their library, the menu as a list."""
    funded = (
        selectors.library_list_funded_by(user=request.user)
        if permissions.is_funder(request.user)
        else []
    )
    context = {"library": permissions.library_for(request.user), "funded_libraries": funded}
    return render(request, "accounts/dashboard.html", context)

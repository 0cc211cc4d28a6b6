from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plein.accounts import permissions, selectors, services, totp
from plein.accounts.http import AuthenticatedHttpRequest


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in user's start page: who they are, their library, the menu as a list."""
    funded = (
        selectors.library_list_funded_by(user=request.user)
        if permissions.is_funder(request.user)
        else []
    )
    context = {
        "library": permissions.library_for(request.user),
        "funded_libraries": funded,
        "two_factor": totp.has_device(request.user),
        "backup_codes_left": totp.backup_codes_left(request.user),
    }
    return render(request, "accounts/dashboard.html", context)


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a login that failed too often: a page in Dutch, status 429."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)


@require_http_methods(["GET", "POST"])
@login_required
def lockouts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Coordinators (their library's users) and administrators (everyone) unlock logins."""
    locked = selectors.login_lockouts(users=permissions.users_in_care_of(request.user))
    if request.method == "POST":
        user = get_object_or_404(locked, pk=request.POST.get("user"))
        services.login_unlock(locked=user, user=request.user)
        messages.success(request, _("%(name)s kan weer inloggen.") % {"name": user.get_username()})
        return redirect("accounts:lockouts")
    in_care = permissions.users_in_care_of(request.user)
    context = {"locked": locked, "with_two_factor": selectors.with_two_factor(users=in_care)}
    return render(request, "accounts/lockouts.html", context)


@require_http_methods(["POST"])
@login_required
def two_factor_reset(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A lost phone without backup codes: the coordinator (or administrator) removes the app;
    the user sets it up again at the next check and gets an e-mail."""
    in_care = selectors.with_two_factor(users=permissions.users_in_care_of(request.user))
    user = get_object_or_404(in_care, pk=request.POST.get("user"))
    totp.two_factor_remove(user=user, by=request.user)
    name = user.get_username()
    messages.success(
        request, _("De tweestapsverificatie van %(name)s is uitgezet.") % {"name": name}
    )
    return redirect("accounts:lockouts")

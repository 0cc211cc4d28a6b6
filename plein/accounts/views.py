from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from plein.accounts import permissions, selectors, services, totp
from plein.accounts.forms import InvitationAcceptForm, InvitationForm
from plein.accounts.http import AuthenticatedHttpRequest
from plein.accounts.models import Role
from plein.core.forms import add_service_errors


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


@require_http_methods(["GET"])
@login_required
def people(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A coordinator's people: who works with Plein, when they last logged in, who left."""
    library = permissions.require_coordinator(request.user)
    context = {
        "people": selectors.people_list(users=permissions.users_in_care_of(request.user)),
        "invitations": selectors.invitations_open(library=library),
    }
    return render(request, "accounts/people.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def invite_desk(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Invite a desk worker or volunteer (partners are invited from their organisation)."""
    permissions.require_coordinator(request.user)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                role=Role.DESK,
                invited_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De uitnodiging is verstuurd."))
            return redirect("accounts:people")
    status = 400 if form.errors else 200
    return render(request, "accounts/invite.html", {"form": form}, status=status)


@require_http_methods(["POST"])
@login_required
def invitation_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    library = permissions.require_coordinator(request.user)
    invitation = get_object_or_404(selectors.invitations_open(library=library), pk=pk)
    services.invitation_revoke(invitation=invitation, user=request.user)
    messages.success(request, _("De uitnodiging is ingetrokken."))
    return redirect("accounts:people")


@require_http_methods(["POST"])
@login_required
def person_active(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Switch an account off when someone leaves, or on again."""
    person = get_object_or_404(permissions.users_in_care_of(request.user), pk=pk)
    name = str(person)
    if request.POST.get("active") == "1":
        services.user_reactivate(person=person, user=request.user)
        messages.success(request, _("%(name)s kan weer inloggen.") % {"name": name})
        return redirect("accounts:people")
    try:
        services.user_deactivate(person=person, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:people")
    messages.success(request, _("Het account van %(name)s is uitgezet.") % {"name": name})
    organization_id = person.organization_id
    if organization_id and not selectors.organization_has_active_partner(
        organization_id=organization_id
    ):
        # The last partner account left: the open referrals may need another home.
        return redirect("referrals:transfer", pk=organization_id)
    return redirect("accounts:people")


INVITATION_EXPIRED = gettext_lazy(
    "Deze uitnodiging is verlopen. Vraag de coördinator van de bibliotheek om een nieuwe."
)
INVITATION_INVALID = gettext_lazy(
    "Deze link klopt niet. Misschien is hij niet helemaal gekopieerd. Gebruik de link uit de "
    "e-mail, of vraag de coördinator om een nieuwe uitnodiging."
)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind the link in an invitation: choose a password; partners then set up
    two-factor straight away, before they see anything else."""
    try:
        invitation = services.invitation_token_read(token=token)
    except signing.SignatureExpired:
        return _invitation_problem(request, INVITATION_EXPIRED, status=410)
    except signing.BadSignature:
        return _invitation_problem(request, INVITATION_INVALID, status=400)
    if not services.invitation_is_open(invitation):
        return _invitation_problem(request, services.INVITATION_USED, status=410)
    initial = {"first_name": invitation.first_name}
    form = InvitationAcceptForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password1"]
        try:
            user = services.invitation_accept(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=password,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _welcome(request, user, password)
    context = {"form": form, "invitation": invitation}
    return render(
        request, "accounts/invitation_accept.html", context, status=400 if form.errors else 200
    )


def _welcome(request: HttpRequest, user, password: str) -> HttpResponse:
    login(request, user, backend="plein.accounts.backends.UserBackend")
    if not services.role_sees_personal_data(user.role):
        messages.success(request, _("Welkom bij Plein! Uw account is klaar."))
        return redirect("accounts:dashboard")
    # The password was typed a moment ago, so set-up starts with the app's QR code.
    totp.enrolment_start(request=request, password=password)
    messages.success(
        request,
        _("Welkom bij Plein! Stel nu eerst tweestapsverificatie in met een authenticator-app."),
    )
    return redirect(reverse("accounts:totp_setup") + "?next=" + reverse("accounts:dashboard"))


def _invitation_problem(request: HttpRequest, message, *, status: int) -> HttpResponse:
    return render(request, "accounts/invitation_invalid.html", {"message": message}, status=status)

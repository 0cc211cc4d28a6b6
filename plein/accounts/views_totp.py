"""Two-factor authentication pages: set up an authenticator app, and verify a code.

Contact details of residents are shown only in a session that passed the verify page.
"""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from plein.accounts import permissions, totp
from plein.accounts.http import AuthenticatedHttpRequest


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code uit uw authenticator-app"),
        max_length=12,
        error_messages={"required": totp.CODE_FORMAT},
        widget=forms.TextInput(
            attrs={
                "class": "utrecht-textbox utrecht-textbox--html-input plein-code-input",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
            }
        ),
    )

    def mark_invalid(self, message: str = "") -> None:
        if message:
            self.add_error("code", message)
        # Screen readers read the error together with the field.
        self.fields["code"].widget.attrs["aria-invalid"] = "true"
        self.fields["code"].widget.attrs["aria-describedby"] = f"{self['code'].auto_id}_error"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("referrals:partner_inbox") if permissions.is_partner(request.user) else "/"


def _with_next(name: str, request: HttpRequest) -> str:
    return reverse(name) + "?" + request.GET.urlencode() if request.GET else reverse(name)


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Uw wachtwoord"),
        strip=False,
        error_messages={"required": totp.PASSWORD_WRONG},
        widget=forms.PasswordInput(
            attrs={
                "class": "utrecht-textbox utrecht-textbox--html-input",
                "autocomplete": "current-password",
            }
        ),
    )


def _check(request: AuthenticatedHttpRequest, form: CodeForm, enrolling=None) -> bool:
    if not form.is_valid():
        form.mark_invalid()
        return False
    problem = totp.code_check(
        user=request.user, code=form.cleaned_data["code"], enrolling=enrolling
    )
    if problem:
        form.mark_invalid(problem)
        return False
    totp.session_mark_verified(request)
    return True


@require_http_methods(["GET", "POST"])
@login_required
def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1: the password again, which makes a fresh secret for this session only.
    Step 2: the secret (and its QR code) and the first code from the app."""
    if totp.has_device(request.user):
        return redirect(_with_next("accounts:totp_verify", request))
    device = totp.enrolment_device(request)
    if device is None or "password" in request.POST:
        return _setup_password(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and _check(request, form, enrolling=device):
        # The backup codes, shown this once (django-otp keeps them; they are not shown again).
        codes = totp.backup_codes_make(user=request.user)
        shown = {"codes": codes, "next": _next_url(request)}
        return render(request, "accounts/totp_backup_codes.html", shown)
    uri = totp.provisioning_uri(secret=device.secret, account=request.user.get_username())
    context = {
        "form": form,
        "secret": totp.secret_grouped(device.secret),
        "uri": uri,
        "qr_svg": _qr_svg(uri),
        "next": _next_url(request),
    }
    status = 400 if form.is_bound else 200
    return render(request, "accounts/totp_setup.html", context, status=status)


def _qr_svg(uri: str) -> str:
    """The app link as an inline SVG QR code: no script, no image request, CSP-safe."""
    code = segno.make(uri, error="m")
    return code.svg_inline(scale=4, light="#fff", title=_("QR-code voor de app"))


def _setup_password(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PasswordForm(request.POST if "password" in request.POST else None)
    if form.is_bound and form.is_valid():
        problem = totp.enrolment_start(request=request, password=form.cleaned_data["password"])
        if problem is None:
            return redirect(_with_next("accounts:totp_setup", request))
        form.add_error("password", problem)
    context = {"form": form, "next": _next_url(request)}
    status = 400 if form.is_bound else 200
    return render(request, "accounts/totp_setup_password.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not totp.has_device(request.user):
        return redirect(_with_next("accounts:totp_setup", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and _check(request, form):
        return redirect(_next_url(request))
    context = {"form": form, "next": _next_url(request)}
    status = 400 if form.is_bound else 200
    return render(request, "accounts/totp_verify.html", context, status=status)


class IdentityForm(PasswordForm):
    """The password and a code again, before two-factor itself changes."""

    code = forms.CharField(
        label=gettext_lazy("Code uit uw authenticator-app, of een reservecode"),
        max_length=40,
        error_messages={"required": totp.CODE_FORMAT},
        widget=forms.TextInput(
            attrs={"class": "utrecht-textbox utrecht-textbox--html-input", "autocomplete": "off"}
        ),
    )


def _identity_confirmed(request: AuthenticatedHttpRequest, form: IdentityForm) -> bool:
    if not (form.is_bound and form.is_valid()):
        return False
    problem = totp.identity_check(
        user=request.user, password=form.cleaned_data["password"], code=form.cleaned_data["code"]
    )
    if problem is not None:
        form.add_error(None, problem)
    return problem is None


@require_http_methods(["GET", "POST"])
@login_required
def remove(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Turn two-factor off (a new phone): the password and a code, then an e-mail."""
    if not totp.has_device(request.user):
        return redirect("accounts:totp_setup")
    form = IdentityForm(request.POST or None)
    if _identity_confirmed(request, form):
        totp.two_factor_remove(user=request.user, by=request.user)
        messages.success(request, _("Tweestapsverificatie is uitgezet."))
        return redirect("accounts:totp_setup")
    status = 400 if form.is_bound else 200
    return render(request, "accounts/totp_remove.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def backup_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ten new backup codes (the old ones stop working): the password and a code first."""
    if not totp.has_device(request.user):
        return redirect("accounts:totp_setup")
    form = IdentityForm(request.POST or None)
    if _identity_confirmed(request, form):
        codes = totp.backup_codes_make(user=request.user)
        shown = {"codes": codes, "next": reverse("accounts:dashboard"), "renewed": True}
        return render(request, "accounts/totp_backup_codes.html", shown)
    status = 400 if form.is_bound else 200
    return render(request, "accounts/totp_backup_codes_new.html", {"form": form}, status=status)

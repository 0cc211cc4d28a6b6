"""Right of access and erasure: a coordinator shows a resident everything held about their
referral, deletes the personal data on request, or records a withdrawal of consent.

Everything here shows or removes personal data, so every page needs a second factor, and every
viewing is audited.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from plein.accounts import totp
from plein.accounts.http import AuthenticatedHttpRequest
from plein.accounts.permissions import require_coordinator
from plein.referrals import permissions
from plein.referrals.forms.partner import (
    CONFIRM_PURGE_REQUIRED,
    CONFIRM_WITHDRAW_REQUIRED,
    REFERENCE_NOT_FOUND,
    ConfirmForm,
    ReferenceForm,
)
from plein.referrals.selectors import partner as selectors
from plein.referrals.services import lifecycle
from plein.referrals.views.partner import verify_url

PURGE_REASON = "verzoek van bewoner"


def _purge_form(data=None) -> ConfirmForm:
    label = _("De bewoner vraagt de contactgegevens van deze doorverwijzing te verwijderen.")
    return ConfirmForm(data, label=label, required_message=CONFIRM_PURGE_REQUIRED, prefix="purge")


def _withdraw_form(data=None) -> ConfirmForm:
    label = _("De bewoner trekt de toestemming voor deze doorverwijzing in.")
    return ConfirmForm(
        data, label=label, required_message=CONFIRM_WITHDRAW_REQUIRED, prefix="withdraw"
    )


@require_GET
@login_required
def find(request: HttpRequest) -> HttpResponse:
    library = require_coordinator(request.user)
    form = ReferenceForm(request.GET or None)
    if form.is_bound and form.is_valid():
        referral = selectors.referral_find_for_library(
            library=library, reference=form.cleaned_data["reference"]
        )
        if referral is not None:
            return redirect("referrals:coordinator_access", pk=referral.pk)
        form.add_error("reference", REFERENCE_NOT_FOUND)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "referrals/coordinator/find.html", {"form": form}, status=status)


def _access_page(request, referral, *, purge_form=None, withdraw_form=None, status=200):
    consent = getattr(referral, "consent", None)
    show_contact = permissions.may_see_referral_contact(
        request.user, referral, two_factor_verified=True
    )
    if show_contact:
        lifecycle.referral_contact_viewed(referral=referral, user=request.user)
    context = {
        "referral": referral,
        "consent": consent,
        "consent_body": _consent_body(consent),
        "events": selectors.referral_events(referral=referral),
        "audit_trail": selectors.referral_audit_trail(referral=referral),
        "show_contact": show_contact,
        "purge_form": purge_form or _purge_form(),
        "withdraw_form": withdraw_form or _withdraw_form(),
        "purge_due": lifecycle.purge_due_at(referral=referral),
    }
    return render(request, "referrals/coordinator/access.html", context, status=status)


def _consent_body(consent) -> str:
    if consent is None:
        return ""
    return consent.text.body_en if consent.language == "en" else consent.text.body_nl


@require_http_methods(["GET", "POST"])
@login_required
def access(request: AuthenticatedHttpRequest, pk) -> HttpResponse:
    referral = permissions.get_referral_for_coordinator(request.user, pk)
    if not totp.session_is_verified(request):
        return redirect(verify_url(request.path))
    if request.method == "GET":
        return _access_page(request, referral)
    if request.POST.get("action") == "withdraw":
        return _withdraw(request, referral)
    return _purge(request, referral)


def _purge(request: HttpRequest, referral) -> HttpResponse:
    form = _purge_form(request.POST)
    if not form.is_valid():
        return _access_page(request, referral, purge_form=form, status=400)
    lifecycle.referral_purge(referral=referral, reason=PURGE_REASON, user=request.user)
    messages.success(request, _("De contactgegevens van deze doorverwijzing zijn verwijderd."))
    return redirect("referrals:coordinator_access", pk=referral.pk)


def _withdraw(request: HttpRequest, referral) -> HttpResponse:
    form = _withdraw_form(request.POST)
    if not form.is_valid():
        return _access_page(request, referral, withdraw_form=form, status=400)
    try:
        lifecycle.consent_withdraw(referral=referral, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("De toestemming is ingetrokken en de contactgegevens zijn verwijderd.")
        )
    return redirect("referrals:coordinator_access", pk=referral.pk)

"""The partner's side: the inbox, one referral (contact details behind two-factor login), the
status change, and the one-click acknowledgement from a signed e-mail link."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core import signing as django_signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.accounts import totp
from plein.accounts.permissions import require_partner
from plein.referrals import permissions, signing
from plein.referrals.forms.partner import InboxClaimForm, PartnerTransitionForm
from plein.referrals.models import Status
from plein.referrals.selectors import partner as selectors
from plein.referrals.selectors.reach import organization_has_inbox
from plein.referrals.services import claim, lifecycle

PER_PAGE = 50
ACK_ACTOR_LABEL = "ondertekende link"
LINK_EXPIRED = gettext_lazy(
    "Deze link is verlopen. Log in om de doorverwijzing te bekijken en te bevestigen."
)
LINK_INVALID = gettext_lazy(
    "Deze link klopt niet. Misschien is hij niet helemaal gekopieerd. Gebruik de link uit de "
    "e-mail, of log in om de doorverwijzing te bekijken."
)


def verify_url(next_url: str) -> str:
    return reverse("accounts:totp_verify") + "?" + urlencode({"next": next_url})


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    organization = require_partner(request.user)
    state = request.GET.get("filter", selectors.FILTER_OPEN)
    if state not in dict(selectors.FILTERS):
        state = selectors.FILTER_OPEN
    referrals = selectors.referral_inbox(organization=organization, state=state)
    context = {
        "organization": organization,
        "page": Paginator(referrals, PER_PAGE).get_page(request.GET.get("pagina")),
        "state": state,
        "filters": selectors.FILTERS,
        "new_count": selectors.referral_new_count(organization=organization),
    }
    return render(request, "referrals/partner/inbox.html", context)


def _detail(request: HttpRequest, referral, *, form=None, status: int = 200) -> HttpResponse:
    allowed = lifecycle.transitions_for(referral=referral, as_partner=True)
    if form is None and allowed:
        form = PartnerTransitionForm(allowed=allowed)
    consent = getattr(referral, "consent", None)
    show_contact = permissions.may_see_referral_contact(
        request.user, referral, two_factor_verified=totp.session_is_verified(request)
    )
    if show_contact:
        lifecycle.referral_contact_viewed(referral=referral, user=request.user)
    context = {
        "referral": referral,
        "events": selectors.referral_events(referral=referral),
        "form": form if allowed else None,
        "show_contact": show_contact,
        "verify_url": verify_url(request.path),
        "consent_withdrawn": bool(consent and consent.withdrawn_at),
    }
    return render(request, "referrals/partner/detail.html", context, status=status)


@require_GET
@login_required
def detail(request: HttpRequest, pk) -> HttpResponse:
    return _detail(request, permissions.get_referral_for_partner(request.user, pk))


@require_POST
@login_required
def transition(request: HttpRequest, pk) -> HttpResponse:
    referral = permissions.get_referral_for_partner(request.user, pk)
    allowed = lifecycle.transitions_for(referral=referral, as_partner=True)
    form = PartnerTransitionForm(request.POST, allowed=allowed)
    if not allowed:
        messages.error(request, lifecycle.ALREADY_CLOSED)
        return redirect("referrals:partner_detail", pk=referral.pk)
    if form.is_valid():
        try:
            lifecycle.referral_transition(
                referral=referral,
                to=form.cleaned_data["to"],
                as_partner=True,
                user=request.user,
                reason_code=form.cleaned_data["reason_code"],
                reason=form.cleaned_data["reason"],
                outcome_code=form.cleaned_data["outcome_code"],
                outcome=form.cleaned_data["outcome"],
                names_confirmed=form.cleaned_data["names_confirmed"],
            )
        except ValidationError as error:
            _add_errors(form, error)
            form.offer_name_confirmation()
        else:
            label = Status(form.cleaned_data["to"]).label
            messages.success(request, _("De status is nu: %(status)s.") % {"status": label})
            return redirect("referrals:partner_detail", pk=referral.pk)
    return _detail(request, referral, form=form, status=400)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _link_problem(request: HttpRequest, message, status: int) -> HttpResponse:
    context = {"message": message, "login_url": reverse("referrals:partner_inbox")}
    return render(request, "referrals/partner/ack_invalid.html", context, status=status)


@require_http_methods(["GET", "POST"])
def acknowledge(request: HttpRequest, token: str) -> HttpResponse:
    """'Ontvangen' from the e-mail, without logging in.

    GET only shows a button: e-mail scanners and link previews open links by themselves, and must
    not acknowledge a referral nobody has seen. The state changes on the POST of that button.
    """
    try:
        referral = signing.ack_token_read(token=token)
    except django_signing.SignatureExpired:
        return _link_problem(request, LINK_EXPIRED, status=410)
    except django_signing.BadSignature:
        return _link_problem(request, LINK_INVALID, status=400)
    changed = False
    if request.method == "POST":
        changed = lifecycle.referral_acknowledge(referral=referral, actor_label=ACK_ACTOR_LABEL)
        referral.refresh_from_db(fields=["status", "acknowledged_at", "closed_at"])
    context = {
        "referral": referral,
        "changed": changed,
        "posted": request.method == "POST",
        "detail_url": reverse("referrals:partner_detail", kwargs={"pk": referral.pk}),
    }
    return render(request, "referrals/partner/ack.html", context)


@require_http_methods(["GET", "POST"])
def inbox_claim(request: HttpRequest, token: str) -> HttpResponse:
    """From the referral e-mail of an organisation without an account: make the first one,
    log in, then set up two-factor before any contact data shows."""
    try:
        organization = signing.claim_token_read(token=token)
    except django_signing.SignatureExpired:
        return _link_problem(request, LINK_EXPIRED, status=410)
    except django_signing.BadSignature:
        return _link_problem(request, LINK_INVALID, status=400)
    form = InboxClaimForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            user = claim.inbox_claim(
                organization=organization,
                first_name=form.cleaned_data["first_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            login(request, user, backend="plein.accounts.backends.UserBackend")
            messages.success(request, _("Uw account is aangemaakt."))
            setup = reverse("accounts:totp_setup")
            return redirect(setup + "?" + urlencode({"next": reverse("referrals:partner_inbox")}))
    has_inbox = organization_has_inbox(organization=organization)
    context = {"form": form, "organization": organization, "has_inbox": has_inbox}
    return render(
        request, "referrals/partner/claim.html", context, status=400 if form.errors else 200
    )

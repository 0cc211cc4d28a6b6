"""Agreements with network partners (coordinator), "Bel mij terug" (partner), and moving the
open referrals of an organisation whose last partner account left (coordinator)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from plein.accounts.http import AuthenticatedHttpRequest
from plein.accounts.permissions import require_coordinator, require_partner
from plein.core.forms import add_service_errors
from plein.referrals.forms.agreements import AgreementForm, CallbackOfferForm, TransferForm
from plein.referrals.selectors import agreements as selectors
from plein.referrals.selectors.reach import organization_has_inbox
from plein.referrals.services import agreements as services
from plein.socialmap.permissions import get_organization_for_user


@require_http_methods(["GET"])
@login_required
def agreement_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    library = require_coordinator(request.user)
    rows = selectors.agreement_rows(library=library)
    return render(request, "referrals/agreements/list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def agreement_edit(request: AuthenticatedHttpRequest, pk) -> HttpResponse:
    organization = get_organization_for_user(request.user, pk)
    agreement = selectors.agreement_for(organization=organization)
    posted = request.POST if request.method == "POST" else None
    form = AgreementForm(posted, organization=organization, agreement=agreement)
    if posted is not None and form.is_valid():
        try:
            changes = services.agreement_save(
                organization=organization, values=form.cleaned_data, user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if changes:
                messages.success(request, _("De samenwerkingsafspraak is opgeslagen."))
            else:
                messages.info(request, _("Er was niets veranderd."))
            return redirect("referrals:agreements")
    context = {
        "organization": organization,
        "agreement": agreement,
        "form": form,
        "has_inbox": organization_has_inbox(organization=organization),
    }
    status = 400 if form.errors else 200
    return render(request, "referrals/agreements/edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def transfer(request: AuthenticatedHttpRequest, pk) -> HttpResponse:
    source = get_organization_for_user(request.user, pk)
    open_referrals = services.open_referrals(organization=source)
    form = TransferForm(request.POST if request.method == "POST" else None, source=source)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.referrals_transfer(
                source=source,
                target=form.cleaned_data["target"],
                confirmed=form.cleaned_data["confirm"],
                user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d doorverwijzing is overgedragen.",
                    "%(count)d doorverwijzingen zijn overgedragen.",
                    count,
                )
                % {"count": count},
            )
            return redirect("socialmap:manage_organization", pk=source.pk)
    context = {
        "organization": source,
        "open_count": open_referrals.count(),
        "has_inbox": organization_has_inbox(organization=source),
        "form": form,
    }
    status = 400 if form.errors else 200
    return render(request, "referrals/agreements/transfer.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def partner_agreement(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The partner sees its agreement with the library and switches "Bel mij terug"."""
    organization = require_partner(request.user)
    form = CallbackOfferForm(
        request.POST if request.method == "POST" else None,
        initial={"offers_callback": "1" if organization.offers_callback else "0"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.callback_offer_set(
                organization=organization,
                offered=form.cleaned_data["offers_callback"],
                user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect("referrals:partner_agreement")
    context = {
        "organization": organization,
        "agreement": selectors.agreement_for(organization=organization),
        "form": form,
    }
    status = 400 if form.errors else 200
    return render(request, "referrals/agreements/partner.html", context, status=status)

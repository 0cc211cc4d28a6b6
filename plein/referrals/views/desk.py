"""The desk: refer a resident with consent, follow the referrals, print the referral card.

Desk pages never show a resident's contact details once sent: the desk sees status and events.
"""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plein.core.forms import NameCheckMixin
from plein.questions import permissions as questions_permissions
from plein.referrals import permissions
from plein.referrals.forms.desk import (
    DeskReferralForm,
    DeskTransitionForm,
    ReferAgainForm,
    WithdrawConsentForm,
)
from plein.referrals.selectors import desk as selectors
from plein.referrals.services import desk as desk_services
from plein.referrals.services import lifecycle

PER_PAGE = 50


def _registration(request: HttpRequest):
    raw = request.POST.get("registration") or request.GET.get("registration")
    if not raw:
        return None
    if not str(raw).isdigit():
        raise Http404
    return questions_permissions.get_registration_for_user(request.user, int(raw))


def _language(request: HttpRequest) -> str:
    chosen = request.POST.get("show_language") or request.POST.get("consent_language")
    chosen = chosen or request.GET.get("taal", "nl")
    return "en" if chosen == "en" else "nl"


def _apply_service_errors(form, error: ValidationError) -> None:
    """Put the service's errors beside the fields they are about (others above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
    if isinstance(form, NameCheckMixin):
        form.offer_name_confirmation()


def _choose_service(request, library, *, message: str = "", registration=None) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:100]
    groups, unreachable = selectors.referral_picker(
        library=library, query=query, registration=registration
    )
    context = {
        "groups": groups,
        "unreachable": unreachable,
        "message": message,
        "registration": registration,
        "query": query,
    }
    return render(request, "referrals/desk/choose_service.html", context)


@login_required
def referral_new(request: HttpRequest) -> HttpResponse:
    library = permissions.require_referral_desk(request.user)
    registration = _registration(request)
    raw_service = request.POST.get("service") or request.GET.get("service", "")
    service, problem = selectors.service_for_referral(library=library, raw_id=raw_service)
    if service is None:
        # Choosing the service itself is not an error; only a bad id, or "Verder" without one.
        message = problem if raw_service or "kies" in request.GET else ""
        return _choose_service(request, library, message=message, registration=registration)
    consent = selectors.consent_view(library=library, service=service, language=_language(request))
    form_kwargs: dict[str, Any] = {
        "library": library,
        "with_branch": registration is None,
        "current_consent_text_id": consent.text.pk,
    }
    initial = {"consent_text": consent.text.pk, "consent_language": consent.language}
    if request.method != "POST":
        form = DeskReferralForm(initial=initial, **form_kwargs)
    elif "show_language" in request.POST:
        # Switching the consent text's language keeps what was typed; consent is asked again.
        typed = {key: request.POST.get(key) for key in DeskReferralForm.base_fields}
        form = DeskReferralForm(initial={**typed, **initial, "consent": False}, **form_kwargs)
    else:
        form = DeskReferralForm(request.POST, **form_kwargs)
        referral = _create_from_form(request, form, library, service, consent, registration)
        if referral is not None:
            messages.success(request, _("De doorverwijzing is verstuurd."))
            return redirect("referrals:desk_detail", pk=referral.pk)
    context = {
        "service": service,
        "form": form,
        "consent": consent,
        "registration": registration,
    }
    return render(request, "referrals/desk/new.html", context)


def _create_from_form(request, form, library, service, consent, registration):
    if not form.is_valid():
        return None
    branch = registration.branch if registration else form.cleaned_data.get("branch")
    try:
        return lifecycle.referral_create(
            library=library,
            organization=service.organization,
            service=service,
            contact=form.contact(),
            consent_given=form.cleaned_data["consent"],
            consent_text=consent.text,
            consent_language=consent.language,
            recorded_by=request.user,
            branch=branch,
            registration=registration,
        )
    except ValidationError as error:
        _apply_service_errors(form, error)
        return None


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    library = permissions.require_referral_desk(request.user)
    state = request.GET.get("filter", selectors.FILTER_OPEN)
    if state not in dict(selectors.FILTERS):
        state = selectors.FILTER_OPEN
    referrals = selectors.referral_list_for_library(library=library, state=state)
    page = Paginator(referrals, PER_PAGE).get_page(request.GET.get("pagina"))
    context = {"page": page, "state": state, "filters": selectors.FILTERS}
    return render(request, "referrals/desk/list.html", context)


def _detail(request, referral, *, transition_form=None, withdraw_form=None, status=200):
    context = {
        "referral": referral,
        "events": selectors.referral_events(referral=referral),
        "follow_ups": selectors.referral_follow_ups(referral=referral),
        "needs_attention": selectors.referral_needs_attention(referral=referral),
        "can_refer_again": desk_services.referral_can_refer_again(referral=referral),
        "can_transition": bool(lifecycle.transitions_for(referral=referral, as_partner=False)),
        "transition_form": transition_form or DeskTransitionForm(),
        "withdraw_form": withdraw_form or WithdrawConsentForm(),
        "consent_withdrawn": referral.consent.withdrawn_at is not None,
    }
    return render(request, "referrals/desk/detail.html", context, status=status)


@login_required
def referral_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    referral = permissions.get_referral_for_desk(request.user, pk)
    return _detail(request, referral)


@require_POST
@login_required
def referral_transition(request: HttpRequest, pk: UUID) -> HttpResponse:
    referral = permissions.get_referral_for_desk(request.user, pk)
    form = DeskTransitionForm(request.POST)
    if form.is_valid():
        try:
            lifecycle.referral_transition(
                referral=referral,
                to=form.cleaned_data["to"],
                as_partner=False,
                user=request.user,
                reason_code=form.cleaned_data["reason_code"],
                reason=form.cleaned_data["reason"],
                names_confirmed=form.cleaned_data["names_confirmed"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Not about a field (e.g. closed meanwhile): the detail page says how it is now.
                messages.error(request, error.messages[0])
                return redirect("referrals:desk_detail", pk=referral.pk)
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("De status is gewijzigd."))
            return redirect("referrals:desk_detail", pk=referral.pk)
    return _detail(request, referral, transition_form=form, status=400)


@require_POST
@login_required
def referral_withdraw_consent(request: HttpRequest, pk: UUID) -> HttpResponse:
    referral = permissions.get_referral_for_desk(request.user, pk)
    form = WithdrawConsentForm(request.POST)
    if form.is_valid():
        try:
            lifecycle.consent_withdraw(referral=referral, user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, _("De toestemming is ingetrokken en de contactgegevens zijn gewist.")
            )
        return redirect("referrals:desk_detail", pk=referral.pk)
    return _detail(request, referral, withdraw_form=form, status=400)


@login_required
def referral_refer_again(request: HttpRequest, pk: UUID) -> HttpResponse:
    previous = permissions.get_referral_for_desk(request.user, pk)
    if not desk_services.referral_can_refer_again(referral=previous):
        messages.error(request, _("Deze doorverwijzing kan niet opnieuw worden doorverwezen."))
        return redirect("referrals:desk_detail", pk=previous.pk)
    library = previous.library
    raw_service = request.POST.get("service") or request.GET.get("service", "")
    service, problem = selectors.service_for_referral(library=library, raw_id=raw_service)
    if service is None or service.pk == previous.service_id:
        context = {
            "previous": previous,
            "services": selectors.partner_services(library=library, exclude=previous.service),
            "message": (problem or str(desk_services.REFER_AGAIN_SAME_SERVICE))
            if raw_service
            else "",
        }
        return render(request, "referrals/desk/refer_again_choose.html", context)
    return _refer_again_consent(request, previous, service)


def _refer_again_consent(request, previous, service) -> HttpResponse:
    consent = selectors.consent_view(
        library=previous.library, service=service, language=_language(request)
    )
    initial = {"consent_text": consent.text.pk, "consent_language": consent.language}
    if request.method == "POST" and "show_language" not in request.POST:
        form = ReferAgainForm(request.POST, current_consent_text_id=consent.text.pk)
        if form.is_valid():
            try:
                referral = desk_services.referral_refer_again(
                    previous=previous,
                    service=service,
                    consent_given=form.cleaned_data["consent"],
                    consent_text=consent.text,
                    consent_language=consent.language,
                    user=request.user,
                )
            except ValidationError as error:
                _apply_service_errors(form, error)
            else:
                messages.success(request, _("De nieuwe doorverwijzing is verstuurd."))
                return redirect("referrals:desk_detail", pk=referral.pk)
    else:
        form = ReferAgainForm(initial=initial, current_consent_text_id=consent.text.pk)
    context = {"previous": previous, "service": service, "consent": consent, "form": form}
    return render(request, "referrals/desk/refer_again.html", context)


@login_required
def referral_card(request: HttpRequest, pk: UUID) -> HttpResponse:
    referral = permissions.get_referral_for_desk(request.user, pk)
    referral = selectors.referral_for_card(referral=referral)
    language = "en" if request.GET.get("taal") == "en" else "nl"
    settings = lifecycle.referral_settings_get(library=referral.library)
    context = {"referral": referral, "settings": settings, "card_language": language}
    # The card is for the resident: in their language, whatever the desk worker's screen says.
    with translation.override(language):
        response = render(request, "referrals/card/card.html", context)
    return response

"""Pages for residents: "Bel mij terug" on the public social map, and withdrawing consent."""

import contextlib
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from plein.core import guard
from plein.referrals.forms.public import CallbackForm
from plein.referrals.selectors import desk as selectors
from plein.referrals.services import callback, lifecycle
from plein.socialmap.models import Service

# Consent is asked again in the new language; the honeypot is never echoed back.
SKIP_ON_LANGUAGE_SWITCH = {"consent", "website", "consent_text", "consent_language"}


def _callback_service(library_slug: str, pk: UUID) -> Service:
    service = (
        Service.objects.select_related("organization", "library")
        .filter(pk=pk, library__slug=library_slug, status__in=selectors.OFFERED)
        .first()
    )
    if service is None or not callback.callback_offered(service=service):
        raise Http404
    return service


def _language(request: HttpRequest) -> str:
    chosen = request.POST.get("show_language") or request.POST.get("consent_language")
    return "en" if (chosen or request.GET.get("taal")) == "en" else "nl"


def callback_form_for(*, service: Service, language: str = "nl", data=None) -> dict:
    """The context of the "Bel mij terug" block: form and consent text (also for the include)."""
    consent = selectors.consent_view(library=service.library, service=service, language=language)
    initial = {"consent_text": consent.text.pk, "consent_language": consent.language}
    form = CallbackForm(data, initial=initial, current_consent_text_id=consent.text.pk)
    return {"callback_service": service, "callback_form": form, "callback_consent": consent}


def callback_request(request: HttpRequest, library_slug: str, pk: UUID) -> HttpResponse:
    service = _callback_service(library_slug, pk)
    language = _language(request)
    if request.method != "POST":
        context = callback_form_for(service=service, language=language)
    elif "show_language" in request.POST:
        typed = {key: request.POST.get(key) for key in CallbackForm.base_fields}
        context = callback_form_for(service=service, language=language)
        context["callback_form"].initial.update(
            {key: value for key, value in typed.items() if key not in SKIP_ON_LANGUAGE_SWITCH}
        )
    else:
        context = callback_form_for(service=service, language=language, data=request.POST)
        done = _submit(request, service, context)
        if done is not None:
            return done
    context |= {"library": service.library, "service": service}
    status = 400 if context.get("callback_error") or context["callback_form"].errors else 200
    return render(request, "referrals/public/callback.html", context, status=status)


def _submit(request: HttpRequest, service: Service, context: dict) -> HttpResponse | None:
    form, consent = context["callback_form"], context["callback_consent"]
    # A filled honeypot is answered like a success, so a bot learns nothing; nothing is stored.
    if not form.honeypot_filled and not form.is_valid():
        return None
    try:
        referral = callback.callback_request(
            service=service,
            contact=None if form.honeypot_filled else form.contact(),
            consent_given=not form.honeypot_filled and form.cleaned_data["consent"],
            consent_text=consent.text,
            consent_language=consent.language,
            client=guard.client_fingerprint(request),
            honeypot_filled=form.honeypot_filled,
        )
    except ValidationError as error:
        if getattr(error, "error_dict", {}).get("summary"):
            # "Dit lijkt op een naam" (or personal data) in the question: beside the field,
            # with "Toch opslaan" where it is only a likely name.
            form.add_error("summary", error.error_dict["summary"])
            form.offer_name_confirmation()
        else:
            context["callback_error"] = error.messages[0]
        return None
    if referral is None:
        context = {"library": service.library, "service": service, "referral": None}
        return render(request, "referrals/public/callback_done.html", context)
    token = callback.withdrawal_token_make(referral=referral)
    return redirect("referrals:callback_done", token=token)


def callback_done(request: HttpRequest, token: str) -> HttpResponse:
    try:
        referral = callback.withdrawal_referral_get(token=token)
    except ValidationError as error:
        return _link_problem(request, error)
    referral = selectors.referral_for_card(referral=referral)
    context = {
        "library": referral.library,
        "service": referral.service,
        "referral": referral,
        "settings": lifecycle.referral_settings_get(library=referral.library),
        "token": token,
    }
    return render(request, "referrals/public/callback_done.html", context)


def _link_problem(request: HttpRequest, error: ValidationError) -> HttpResponse:
    context = {"message": error.messages[0]}
    return render(request, "referrals/public/link_problem.html", context, status=400)


def consent_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    try:
        referral = callback.withdrawal_referral_get(token=token)
    except ValidationError as error:
        return _link_problem(request, error)
    already = referral.consent.withdrawn_at is not None
    if request.method == "POST" and not already:
        # Withdrawn a moment ago in another tab: the result is the same.
        with contextlib.suppress(ValidationError):
            lifecycle.consent_withdraw(referral=referral, user=None)
        return render(request, "referrals/public/withdrawn.html", {"referral": referral})
    context = {"referral": referral, "token": token, "already": already}
    return render(request, "referrals/public/withdraw.html", context)

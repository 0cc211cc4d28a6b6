"""The resident's pages: the activity with its seats and a sign-up form, and the signed links
to cancel or to take an offered seat. No account, no JavaScript needed."""

from datetime import timedelta

from django.core import signing as django_signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from plein.activities import selectors, services, signing
from plein.activities.forms import EvaluationForm, PublicSignUpForm
from plein.activities.models import Source
from plein.activities.views import consent_context, signup_from_form
from plein.core import guard
from plein.core.models import Library

PUBLIC_DAYS = 90


def _library(slug: str) -> Library:
    return get_object_or_404(Library, slug=slug)


def public_list(request: HttpRequest, library_slug: str) -> HttpResponse:
    library = _library(library_slug)
    now = timezone.now()
    occurrences = selectors.activity_occurrences(
        library=library, start=now, end=now + timedelta(days=PUBLIC_DAYS)
    )
    context = {"library": library, "occurrences": occurrences}
    return render(request, "activities/public_list.html", context)


@require_http_methods(["GET", "POST"])
def public_detail(request: HttpRequest, library_slug: str, pk: int) -> HttpResponse:
    library = _library(library_slug)
    occurrence = selectors.occurrence_get_public(library=library, pk=pk)
    form = PublicSignUpForm(request.POST or None)
    if request.method == "POST":
        done = _submit(request, form, occurrence)
        if done is not None:
            return done
    context = {
        "library": library,
        "occurrence": occurrence,
        "seats_left": selectors.seats_left(occurrence),
        "open": services.occurrence_is_open(occurrence),
        "form": form,
        **consent_context(library),
    }
    status = 400 if form.errors else 200
    return render(request, "activities/public_detail.html", context, status=status)


def _submit(request: HttpRequest, form: PublicSignUpForm, occurrence) -> HttpResponse | None:
    """The page after a sign-up, or None with the messages on the form."""
    client = guard.client_fingerprint(request)
    context = {"signup": None, "occurrence": occurrence, "library": occurrence.library}
    if form.honeypot_filled:
        # Answered like a success, so a bot learns nothing; counted, nothing stored.
        try:
            guard.honeypot_caught(
                kind=services.GUARD_KIND, client=client, message=services.RATE_LIMITED
            )
        except ValidationError as error:
            form.add_error(None, error)
            return None
        return render(request, "activities/public_done.html", context)
    signup = signup_from_form(form, occurrence, Source.ONLINE, None, client=client)
    if signup is None:
        return None
    context |= {"signup": signup, "cancel_url": signing.cancel_url(signup=signup)}
    return render(request, "activities/public_done.html", context)


def _link_problem(request: HttpRequest) -> HttpResponse:
    return render(request, "activities/link_problem.html", status=400)


@require_http_methods(["GET", "POST"])
def cancel_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        signup = signing.token_read(token=token, salt=signing.CANCEL_SALT)
    except django_signing.BadSignature:
        return _link_problem(request)
    done = False
    if request.method == "POST":
        services.signup_cancel(signup=signup, actor_label="signed link")
        done = True
    context = {"signup": signup, "occurrence": signup.occurrence, "done": done}
    return render(request, "activities/cancel_link.html", context)


@require_http_methods(["GET", "POST"])
def confirm_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        signup = signing.token_read(token=token, salt=signing.CONFIRM_SALT)
    except django_signing.BadSignature:
        return _link_problem(request)
    error, done = "", False
    if request.method == "POST":
        try:
            services.signup_offer_accept(signup=signup, actor_label="signed link")
            done = True
        except ValidationError as problem:
            error = problem.messages[0]
    context = {"signup": signup, "occurrence": signup.occurrence, "done": done, "error": error}
    return render(request, "activities/confirm_link.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def evaluation_link(request: HttpRequest, token: str) -> HttpResponse:
    """The question after an activity; the answer is stored without a link to the sign-up."""
    try:
        signup = signing.token_read(
            token=token, salt=signing.EVALUATION_SALT, max_age=signing.EVALUATION_MAX_AGE
        )
    except django_signing.BadSignature:
        return _link_problem(request)
    context = {"occurrence": signup.occurrence, "done": signup.evaluated, "form": None}
    if signup.evaluated:
        return render(request, "activities/evaluation_link.html", context)
    form = EvaluationForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            services.evaluation_save(
                signup=signup,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                names_confirmed=form.cleaned_data["names_confirmed"],
            )
            context["done"] = True
        except ValidationError as problem:
            form.add_error(None, problem)  # a dict of errors lands on its fields
    if form.is_bound and form.errors:
        form.offer_name_confirmation()
        status = 400
    context["form"] = None if context["done"] else form
    return render(request, "activities/evaluation_link.html", context, status=status)

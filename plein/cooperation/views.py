"""The self-assessment pages: rounds for the coordinator, the signed answer link for partners."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing as django_signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from plein.accounts.http import AuthenticatedHttpRequest
from plein.accounts.permissions import require_coordinator, require_partner
from plein.cooperation import charts, selectors, services, signing
from plein.cooperation.forms import AnswerForm, AssessmentStartForm
from plein.cooperation.instrument import instrument
from plein.cooperation.models import Assessment
from plein.cooperation.permissions import get_assessment_for_coordinator
from plein.cooperation.results import MIN_RESPONSES, SPREAD_MIN_PARTNERS
from plein.core.forms import add_service_errors

LINK_EXPIRED = gettext_lazy(
    "Deze link is verlopen. Vraag de coördinator van de bibliotheek om een nieuwe link."
)
LINK_INVALID = gettext_lazy(
    "Deze link klopt niet. Gebruik de link uit de e-mail van de bibliotheek, helemaal."
)


def _results_context(assessment: Assessment) -> dict:
    results = selectors.assessment_results(assessment=assessment)
    blocks = []
    for key, title, measures in [
        ("fasen", _("Samenwerking per fase"), results.phases),
        ("aspecten", _("Samenwerking per aspect"), results.aspects),
    ]:
        chart = charts.radar_chart(key=f"{key}-{assessment.pk}", title=title, measures=measures)
        blocks.append((key, title, chart, measures))
    return {
        "results": results,
        "result_blocks": blocks,
        "has_previous": any(m.previous is not None for m in results.aspects + results.phases),
        "min_responses": MIN_RESPONSES,
        "spread_min": SPREAD_MIN_PARTNERS,
        "phases": instrument(assessment.instrument_version).phases,
    }


@require_http_methods(["GET", "POST"])
@login_required
def assessment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    library = require_coordinator(request.user)
    form = AssessmentStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                library=library, closes_on=form.cleaned_data["closes_on"], user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De meetronde is gestart; de partners krijgen hun link."))
            return redirect("cooperation:detail", pk=assessment.pk)
    context = {
        "form": form,
        "assessments": selectors.assessment_list(library=library),
        "partners": selectors.network_partners(library=library),
        "open_assessment": selectors.assessment_open(library=library),
    }
    return render(request, "cooperation/list.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET"])
@login_required
def assessment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_coordinator(request.user, pk)
    rows = selectors.response_rows(assessment=assessment)
    context: dict = {"assessment": assessment, "rows": rows}
    if not assessment.is_open():
        context |= _results_context(assessment)
        if context["results"].shown:
            context["comments"] = selectors.comments(assessment=assessment)
    return render(request, "cooperation/detail.html", context)


@require_POST
@login_required
def assessment_remind(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_coordinator(request.user, pk)
    try:
        count = services.assessment_remind(assessment=assessment, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if count:
            text = ngettext(
                "Herinnering gestuurd aan %(count)d partner.",
                "Herinnering gestuurd aan %(count)d partners.",
                count,
            )
            messages.success(request, text % {"count": count})
        else:
            messages.info(request, _("Alle partners hebben al geantwoord."))
    return redirect("cooperation:detail", pk=assessment.pk)


def _link_problem(request: HttpRequest, message, status: int) -> HttpResponse:
    return render(request, "cooperation/link_problem.html", {"message": message}, status=status)


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """A partner organisation answers (and may change its answers) without an account; after
    closing the same link shows the network's results."""
    try:
        response = signing.token_read(token=token)
    except django_signing.SignatureExpired:
        return _link_problem(request, LINK_EXPIRED, status=410)
    except django_signing.BadSignature:
        return _link_problem(request, LINK_INVALID, status=400)
    assessment = response.assessment
    context: dict = {"assessment": assessment, "response": response}
    if not assessment.is_open():
        if request.method == "POST":
            messages.error(request, services.ROUND_CLOSED)
        context |= _results_context(assessment)
        return render(request, "cooperation/partner_results.html", context)
    questions = instrument(assessment.instrument_version)
    if request.method == "POST":
        form = AnswerForm(request.POST, instrument=questions)
        if form.is_valid():
            try:
                services.response_save(
                    response=response,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    names_confirmed=form.cleaned_data["names_confirmed"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Dank u wel: uw antwoorden zijn opgeslagen."))
                return redirect("cooperation:answer", token=token)
        form.offer_name_confirmation()
    else:
        initial = AnswerForm.initial_from(selectors.answers_of(response=response), response.comment)
        form = AnswerForm(initial=initial, instrument=questions)
    context |= {"form": form, "phases": questions.phases}
    return render(request, "cooperation/answer.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET"])
@login_required
def partner_results(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The partner's dashboard: the network's results of the closed rounds it was asked in."""
    organization = require_partner(request.user)
    assessments = list(selectors.partner_assessments(organization=organization)[:5])
    latest = assessments[0] if assessments else None
    context: dict = {"assessments": assessments, "assessment": latest}
    if latest is not None:
        context |= _results_context(latest)
    return render(request, "cooperation/partner_dashboard.html", context)

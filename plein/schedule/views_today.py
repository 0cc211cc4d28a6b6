"""'Vandaag': the desk's home page for one branch. The chosen branch is remembered in the
session; the page reads fresh data on every load (a partner's cancellation shows at once)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from plein.accounts.http import AuthenticatedHttpRequest
from plein.appointments.permissions import can_follow_agenda
from plein.core.models import Branch
from plein.questions.selectors.desk import desk_options
from plein.schedule import permissions
from plein.schedule.today import today_for_branch

SESSION_BRANCH = "plein_branch"


def _branch(request: AuthenticatedHttpRequest, branches: list[Branch]) -> Branch | None:
    wanted = request.GET.get("vestiging") or str(request.session.get(SESSION_BRANCH, ""))
    chosen = None
    if wanted.isascii() and wanted.isdigit():
        chosen = next((b for b in branches if b.pk == int(wanted)), None)
    chosen = chosen or next(iter(branches), None)
    if chosen is not None and request.session.get(SESSION_BRANCH) != chosen.pk:
        request.session[SESSION_BRANCH] = chosen.pk
    return chosen


@require_GET
@login_required
def today(request: AuthenticatedHttpRequest) -> HttpResponse:
    library = permissions.require_roster_reader(request.user)
    # The library's active branches as the desk's registration page has them: kept per library
    # and configuration version (raised by every change of a branch), so no query.
    branches = desk_options(library=library).branches
    branch = _branch(request, branches)
    context: dict = {
        "library": library,
        "branch": branch,
        "branches": branches,
        # A full bookable hour links to the appointments' agenda only for who may follow it.
        "may_follow_agenda": can_follow_agenda(request.user),
    }
    if branch is not None:
        context["today"] = today_for_branch(library=library, branch=branch)
    return render(request, "schedule/today.html", context)

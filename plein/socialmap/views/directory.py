""" "Ken je partners": the directory of the library's network partners for its desk, and the
monthly digest's preview (with a coordinator's "Verstuur nu").

The views get the agreements from the URLconf (`agreements`, see plein/urls.py): they belong
to the referrals app, which the social map does not import.
"""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from plein.socialmap import permissions
from plein.socialmap.agenda.words import room_describe
from plein.socialmap.directory import selectors, services
from plein.socialmap.directory.forms import DirectoryFilterForm
from plein.socialmap.directory.selectors import AgreementReader, no_agreements
from plein.socialmap.hours import schedule_text
from plein.socialmap.models import Organization


@login_required
def directory(request: HttpRequest, agreements: AgreementReader = no_agreements) -> HttpResponse:
    library = permissions.require_directory(request.user)
    form = DirectoryFilterForm(request.GET or None, library=library)
    filters = form.filters()
    now = timezone.now()
    rows = selectors.directory_partner_rows(
        library=library,
        agreements=agreements,
        now=now,
        since=form.since(now=now, weeks=filters["weeks"]),
        query=filters["query"],
        topic=filters["topic"],
        takes_referrals=filters["takes_referrals"],
    )
    context = {
        "form": form,
        "rows": rows,
        "weeks": filters["weeks"],
        "filtered": bool(filters["query"] or filters["topic"] or filters["takes_referrals"]),
    }
    return render(request, "socialmap/directory.html", context)


@login_required
def partner(
    request: HttpRequest, pk: UUID, agreements: AgreementReader = no_agreements
) -> HttpResponse:
    library = permissions.require_directory(request.user)
    try:
        organization = selectors.directory_partner_get(library=library, pk=pk)
    except Organization.DoesNotExist as error:
        raise Http404 from error
    form = DirectoryFilterForm(request.GET or None, library=library)
    weeks = form.filters()["weeks"]
    now = timezone.now()
    topics = selectors.partner_service_topics(organization=organization)
    hours = selectors.partner_consultation_hours(library=library, organization=organization)
    services_shown = [
        {
            "service": service,
            "topics": topics.get(service.pk, []),
            "hours": [
                {
                    "text": schedule_text(schedule),
                    "room": room_describe(schedule.room),
                    "theme": schedule.theme,
                }
                for schedule in hours.get(service.pk, [])
            ],
        }
        for service in organization.services.all()
    ]
    context = {
        "organization": organization,
        "services": services_shown,
        "agreement": agreements(library=library, organization_ids=[organization.pk]).get(
            organization.pk
        ),
        "coming": [
            {"occurrence": occurrence, "where": room_describe(occurrence.room)}
            for occurrence in selectors.next_hours(library=library, now=now).get(
                organization.pk, []
            )[:5]
        ],
        "changes": selectors.service_changes(
            library=library,
            since=form.since(now=now, weeks=weeks),
            until=now,
            organization_ids=[organization.pk],
        ),
        "weeks": weeks,
        "form": form,
    }
    return render(request, "socialmap/directory_partner.html", context)


@login_required
def digest_preview(request: HttpRequest) -> HttpResponse:
    library = permissions.require_directory(request.user)
    context = {
        "preview": services.digest_preview(library=library),
        "may_send": permissions.can_send_directory_digest(request.user),
        "recipients": len(services.digest_recipients(library=library)),
    }
    return render(request, "socialmap/directory_digest.html", context)


@require_POST
@login_required
def digest_send(request: HttpRequest) -> HttpResponse:
    """ "Verstuur nu": a coordinator sends this month's digest now instead of on the 1st."""
    library = permissions.require_directory(request.user)
    if not permissions.can_send_directory_digest(request.user):
        raise PermissionDenied
    try:
        sent = services.digest_send(library=library, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext(
                "Het partneroverzicht is naar %(count)d collega verstuurd.",
                "Het partneroverzicht is naar %(count)d collega's verstuurd.",
                sent,
            )
            % {"count": sent},
        )
    return redirect("socialmap:directory_digest")

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from plein.core import outbox, permissions, selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"libraries": selectors.library_list_public()})


FAVICON = Path(__file__).resolve().parent / "static" / "plein" / "favicon.ico"


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico whatever the page says; answered here, never redirected.
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@login_required
def dev_outbox(request: HttpRequest) -> HttpResponse:
    """Development only: the e-mails Plein would have sent, for an administrator."""
    if not outbox.outbox_enabled():
        raise Http404
    if not permissions.outbox_may_read(request.user):
        raise PermissionDenied
    return render(request, "core/outbox.html", {"messages_sent": outbox.outbox_messages()})

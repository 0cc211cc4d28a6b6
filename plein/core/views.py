from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from plein.core import outbox, permissions, selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"libraries": selectors.library_list_public()})


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

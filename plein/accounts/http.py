"""The request type of views that only signed-in users reach."""

from django.http import HttpRequest

from plein.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind @login_required: its user is signed in, never anonymous."""

    user: User

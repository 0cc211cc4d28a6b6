from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet

from plein.accounts.models import User
from plein.core.models import Library


def library_list_funded_by(*, user) -> QuerySet[Library]:
    """The libraries whose reports a funder may see."""
    return user.funded_libraries.order_by("name")


def with_two_factor(*, users: QuerySet[User]) -> QuerySet[User]:
    """Those of the users who have an authenticator app set up."""
    return users.filter(totp_device__confirmed_at__isnull=False).order_by("username")


def login_lockouts(*, users: QuerySet[User]) -> QuerySet[User]:
    """Those of the users whose login django-axes locked."""
    locked = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).values("username")
    return users.filter(username__in=locked).order_by("username")

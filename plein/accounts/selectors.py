from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet

from plein.accounts.models import Invitation, Role, User
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


def people_list(*, users: QuerySet[User]) -> QuerySet[User]:
    """The accounts on a coordinator's people page: active first, then by name."""
    return users.select_related("organization").order_by(
        "-is_active", "organization__name", "first_name", "last_name", "username"
    )


def invitations_open(*, library: Library) -> QuerySet[Invitation]:
    return (
        Invitation.objects.for_library(library)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("organization", "invited_by")
    )


def organization_has_active_partner(*, organization_id) -> bool:
    return User.objects.filter(
        organization_id=organization_id, role=Role.PARTNER, is_active=True
    ).exists()


def partner_users(*, organization_id) -> QuerySet[User]:
    """An organisation's partner accounts, those still active first."""
    return User.objects.filter(organization_id=organization_id, role=Role.PARTNER).order_by(
        "-is_active", "first_name", "username"
    )

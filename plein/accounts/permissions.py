"""Roles: who a user is and which library they work for.

What a role may do with an app's objects is decided in that app's `permissions.py`
(socialmap, questions, referrals, reports), which builds on these functions.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from plein.accounts.models import Role, User
from plein.core.models import Library


def is_role(user, *roles: str) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in roles)


def is_administrator(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_administrator)


def is_library_staff(user) -> bool:
    """Desk workers and coordinators work for one library."""
    return is_role(user, Role.DESK, Role.COORDINATOR) and user.library_id is not None


def is_coordinator(user) -> bool:
    return is_role(user, Role.COORDINATOR) and user.library_id is not None


def is_partner(user) -> bool:
    return is_role(user, Role.PARTNER) and user.organization_id is not None


def is_funder(user) -> bool:
    return is_role(user, Role.FUNDER)


def sees_professional_contacts(user) -> bool:
    """Desk workers, coordinators, partners and administrators see professionals-only details."""
    return is_library_staff(user) or is_partner(user) or is_administrator(user)


def library_for(user) -> Library | None:
    """The library a signed-in user works for (partners: their organisation's library)."""
    if not (user and user.is_authenticated):
        return None
    if user.library_id:
        return user.library
    if user.organization_id:
        return user.organization.library
    return None


def require_library_staff(user) -> Library:
    if not is_library_staff(user):
        raise PermissionDenied
    return user.library


def require_coordinator(user) -> Library:
    if not is_coordinator(user):
        raise PermissionDenied
    return user.library


def require_partner(user):
    """The partner's organisation (a socialmap Organization); everyone else is refused."""
    if not is_partner(user):
        raise PermissionDenied
    return user.organization


def users_in_care_of(user) -> QuerySet[User]:
    """The accounts a user looks after: a coordinator those of the library and of its
    organisations' partners, an administrator every account; nobody else any."""
    if is_administrator(user):
        return User.objects.all()
    if is_coordinator(user):
        return User.objects.filter(
            Q(library_id=user.library_id) | Q(organization__library_id=user.library_id)
        )
    raise PermissionDenied

"""Who may refer, follow a referral and see a resident's contact details.

Ids of other libraries' and organisations' referrals are a 404: they reveal nothing.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from plein.accounts.permissions import is_coordinator, is_library_staff, is_partner, require_partner
from plein.core.models import Library
from plein.referrals.models import Referral


def can_refer(user) -> bool:
    """Desk workers and coordinators make warm referrals for their library."""
    return is_library_staff(user)


def require_referral_desk(user) -> Library:
    """The library whose referrals the user makes and follows at the desk."""
    if not can_refer(user):
        raise PermissionDenied
    return user.library


def is_referral_partner(user, referral: Referral) -> bool:
    """A partner user of the organisation that receives the referral."""
    return is_partner(user) and user.organization_id == referral.organization_id


def is_referral_library_staff(user, referral: Referral) -> bool:
    return is_library_staff(user) and user.library_id == referral.library_id


def get_referral_for_user(user, pk) -> Referral:
    """A referral the user may see the status of: the receiving partner, or the library's staff.

    Everyone else gets a 404. Seeing contact details needs more: `may_see_referral_contact`.
    """
    if not (user and user.is_authenticated):
        raise PermissionDenied
    referral = get_object_or_404(
        Referral.objects.select_related("organization", "service", "library", "consent__text"),
        pk=pk,
    )
    if not (is_referral_partner(user, referral) or is_referral_library_staff(user, referral)):
        raise Http404
    return referral


def get_referral_for_desk(user, pk) -> Referral:
    """A referral of the user's library (404 otherwise); only library staff use the desk pages."""
    require_referral_desk(user)
    referral = get_referral_for_user(user, pk)
    if not is_referral_library_staff(user, referral):
        raise PermissionDenied
    return referral


def get_referral_for_partner(user, pk) -> Referral:
    """A referral the partner's organisation received (404 otherwise); partners only.

    The library's staff follow their referrals on the desk pages, not on the partner's.
    """
    require_partner(user)
    referral = get_referral_for_user(user, pk)
    if not is_referral_partner(user, referral):
        raise Http404
    return referral


def get_referral_for_coordinator(user, pk) -> Referral:
    """A referral of the coordinator's library (404 otherwise), for the right of access."""
    if not is_coordinator(user):
        raise PermissionDenied
    referral = get_referral_for_user(user, pk)
    if referral.library_id != user.library_id:
        raise Http404
    return referral


def may_see_referral_contact(user, referral: Referral, *, two_factor_verified: bool) -> bool:
    """Contact details: the receiving partner, after logging in with a second factor.

    A coordinator may also see them, to show a resident everything held about them (right of
    access), again only with a second factor. Desk workers never see them once sent.
    """
    if not two_factor_verified or referral.is_purged:
        return False
    if is_referral_partner(user, referral):
        return True
    return is_coordinator(user) and user.library_id == referral.library_id

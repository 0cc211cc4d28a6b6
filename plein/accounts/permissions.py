"""Who may do what. Every view asks here; nothing else checks roles."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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


def navigation_for(user: User) -> list[tuple[str, str]]:
    """The main menu items (label, url) a signed-in user may use."""
    if not (user and user.is_authenticated):
        return []
    items: list[tuple[str, str]] = [(_("Overzicht"), reverse("core:dashboard"))]
    if is_partner(user):
        items.append((_("Onze gegevens"), reverse("socialmap:partner_home")))
        items.append((_("Doorverwijzingen"), reverse("referrals:partner_inbox")))
    if is_library_staff(user):
        items.append((_("Registreren"), reverse("questions:desk")))
        items.append((_("Doorverwijzingen"), reverse("referrals:desk_list")))
    if can_view_reports(user):
        items.append((_("Rapportage"), reverse("reports:dashboard")))
    if is_coordinator(user):
        items.append((_("Lijsten"), reverse("questions:manage_home")))
        items.append((_("Actualiteit"), reverse("socialmap:freshness")))
        items.append((_("Inzage doorverwijzing"), reverse("referrals:coordinator_find")))
        items.append((_("Instellingen doorverwijzen"), reverse("referrals:settings")))
    if is_administrator(user):
        items.append((_("Beheer"), reverse("admin:index")))
    return items


# --- Social map entries: who may edit services, locations and hours -----------------------------


def can_edit_socialmap(user) -> bool:
    """Partners edit their own organisation's entries; coordinators every entry of their library."""
    return is_partner(user) or is_coordinator(user)


def _may_edit_entry(user, *, library_id, organization_id) -> bool:
    if is_coordinator(user):
        return user.library_id == library_id
    if is_partner(user):
        return organization_id is not None and user.organization_id == organization_id
    return False


def _may_read_entry(user, *, library_id, organization_id) -> bool:
    if is_library_staff(user):
        return user.library_id == library_id
    return _may_edit_entry(user, library_id=library_id, organization_id=organization_id)


def _check_entry(user, *, library_id, organization_id, write: bool) -> None:
    if not (user and user.is_authenticated):
        raise PermissionDenied
    # Another library's entries do not exist for this user.
    if library_for(user) is None or library_for(user).pk != library_id:
        raise Http404
    check = _may_edit_entry if write else _may_read_entry
    if not check(user, library_id=library_id, organization_id=organization_id):
        raise PermissionDenied


def editable_services(user):
    """The services a user may edit (empty for everyone who may not edit)."""
    from plein.socialmap.models import Service

    if is_coordinator(user):
        return Service.objects.filter(library_id=user.library_id)
    if is_partner(user):
        return Service.objects.filter(organization_id=user.organization_id)
    return Service.objects.none()


def editable_locations(user):
    from plein.socialmap.models import Location

    if is_coordinator(user):
        return Location.objects.filter(library_id=user.library_id)
    if is_partner(user):
        return Location.objects.filter(organization_id=user.organization_id)
    return Location.objects.none()


def get_service_for_user(user, pk, write: bool = False):
    """The service, or Http404 (missing, another library) / PermissionDenied (not allowed)."""
    from plein.socialmap.models import Service

    service = get_object_or_404(Service.objects.select_related("organization", "library"), pk=pk)
    _check_entry(
        user,
        library_id=service.library_id,
        organization_id=service.organization_id,
        write=write,
    )
    return service


def get_location_for_user(user, pk, write: bool = False):
    from plein.socialmap.models import Location

    location = get_object_or_404(Location.objects.select_related("organization"), pk=pk)
    _check_entry(
        user,
        library_id=location.library_id,
        organization_id=location.organization_id,
        write=write,
    )
    return location


def get_service_at_location_for_user(user, pk, write: bool = False):
    from plein.socialmap.models import ServiceAtLocation

    link = get_object_or_404(ServiceAtLocation.objects.select_related("service", "location"), pk=pk)
    _check_entry(
        user,
        library_id=link.service.library_id,
        organization_id=link.service.organization_id,
        write=write,
    )
    return link


def get_schedule_for_user(user, pk, write: bool = False):
    """A schedule row, checked against the service or location it belongs to."""
    from plein.socialmap.models import Schedule

    schedule = get_object_or_404(
        Schedule.objects.select_related("service", "location", "service_at_location__service"),
        pk=pk,
    )
    owner = schedule.service or schedule.location
    if owner is None and schedule.service_at_location_id:
        owner = schedule.service_at_location.service
    if owner is None:
        raise Http404
    _check_entry(
        user, library_id=owner.library_id, organization_id=owner.organization_id, write=write
    )
    return schedule


# --- Registrations (questions app) and reports ---------------------------------------------------


def can_register_questions(user) -> bool:
    return is_library_staff(user)


def require_desk(user) -> Library:
    """Desk workers and coordinators register questions for their own library."""
    return require_library_staff(user)


def can_manage_registration_lists(user) -> bool:
    return is_coordinator(user)


def get_visit_for_user(user, pk, write: bool = False):
    """A visit of the user's library (else 404). Writing: its author on the same day."""
    from plein.questions.models import Visit
    from plein.questions.services.registration import visit_check_editable

    library = require_library_staff(user)
    visit = get_object_or_404(
        Visit.objects.select_related("branch", "desk", "channel"), pk=pk, library=library
    )
    if write:
        try:
            visit_check_editable(visit=visit, user=user)
        except ValidationError as error:
            raise PermissionDenied(error.messages[0]) from error
    return visit


def get_registration_for_user(user, pk, write: bool = False):
    from plein.questions.models import Registration

    library = require_library_staff(user)
    registration = get_object_or_404(
        Registration.objects.select_related("visit", "outcome"), pk=pk, library=library
    )
    get_visit_for_user(user, registration.visit_id, write=write)
    return registration


def can_view_reports(user) -> bool:
    """Coordinators see their library's reports; funders the aggregates of what they fund."""
    if is_coordinator(user):
        return True
    return is_role(user, Role.FUNDER) and user.funded_libraries.exists()


def report_libraries(user):
    """The libraries whose registrations a user may report on (possibly none)."""
    if is_coordinator(user):
        return Library.objects.filter(pk=user.library_id)
    if is_role(user, Role.FUNDER):
        return user.funded_libraries.all()
    return Library.objects.none()


def require_reports(user):
    if not can_view_reports(user):
        raise PermissionDenied
    return report_libraries(user)


def reports_are_protected(user) -> bool:
    """Funders see small counts as "<5"; only a library's own coordinator sees exact counts.

    Exports apply the protection for everyone (see plein.reports).
    """
    return not is_coordinator(user)


# --- Referrals ----------------------------------------------------------------------------------


def can_refer(user) -> bool:
    """Desk workers and coordinators make warm referrals for their library."""
    return is_library_staff(user)


def is_referral_partner(user, referral) -> bool:
    """A partner user of the organisation that receives the referral."""
    return is_partner(user) and user.organization_id == referral.organization_id


def is_referral_library_staff(user, referral) -> bool:
    return is_library_staff(user) and user.library_id == referral.library_id


def get_referral_for_user(user, pk):
    """A referral the user may see the status of: the receiving partner, or the library's staff.

    Everyone else gets a 404, so ids of other libraries and organisations reveal nothing.
    Seeing contact details needs more: `may_see_referral_contact`.
    """
    from plein.referrals.models import Referral

    if not (user and user.is_authenticated):
        raise PermissionDenied
    referral = get_object_or_404(
        Referral.objects.select_related("organization", "service", "library", "consent__text"),
        pk=pk,
    )
    if not (is_referral_partner(user, referral) or is_referral_library_staff(user, referral)):
        raise Http404
    return referral


def may_see_referral_contact(user, referral, *, two_factor_verified: bool) -> bool:
    """Contact details: the receiving partner, after logging in with a second factor.

    A coordinator may also see them, to show a resident everything held about them (right of
    access), again only with a second factor. Desk workers never see them once sent.
    """
    if not two_factor_verified or referral.is_purged:
        return False
    if is_referral_partner(user, referral):
        return True
    return is_coordinator(user) and user.library_id == referral.library_id

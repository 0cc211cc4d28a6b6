import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from plein.accounts import permissions
from plein.accounts.models import Role
from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db

ROLE_TRAITS = {
    Role.DESK: {},
    Role.COORDINATOR: {"coordinator": True},
    Role.PARTNER: {"partner": True},
    Role.FUNDER: {"funder": True},
    Role.ADMINISTRATOR: {"administrator": True},
}


def user_with(role: Role, **kwargs):
    return UserFactory(**ROLE_TRAITS[role], **kwargs)


@pytest.mark.parametrize(
    ("role", "library_staff", "coordinator", "partner", "administrator", "sees_professional"),
    [
        (Role.DESK, True, False, False, False, True),
        (Role.COORDINATOR, True, True, False, False, True),
        (Role.PARTNER, False, False, True, False, True),
        (Role.FUNDER, False, False, False, False, False),
        (Role.ADMINISTRATOR, False, False, False, True, True),
    ],
)
def test_role_helpers_per_role(
    role, library_staff, coordinator, partner, administrator, sees_professional
):
    user = user_with(role)
    assert user.role == role
    assert permissions.is_library_staff(user) is library_staff
    assert permissions.is_coordinator(user) is coordinator
    assert permissions.is_partner(user) is partner
    assert permissions.is_administrator(user) is administrator
    assert permissions.sees_professional_contacts(user) is sees_professional


def test_anonymous_visitor_has_no_role_and_sees_no_professional_contacts():
    anonymous = AnonymousUser()
    assert not permissions.is_library_staff(anonymous)
    assert not permissions.is_partner(anonymous)
    assert not permissions.is_administrator(anonymous)
    assert not permissions.sees_professional_contacts(anonymous)
    assert not permissions.is_role(None, Role.DESK)
    assert permissions.library_for(anonymous) is None


def test_deactivated_user_loses_every_role():
    for role in ROLE_TRAITS:
        user = user_with(role, is_active=False)
        assert not permissions.is_role(user, role)
        assert not permissions.sees_professional_contacts(user)
        assert not permissions.is_administrator(user)


def test_desk_worker_without_a_library_is_not_library_staff():
    user = UserFactory(library=None)
    assert not permissions.is_library_staff(user)
    with pytest.raises(PermissionDenied):
        permissions.require_library_staff(user)


def test_partner_without_organization_is_not_a_partner():
    user = UserFactory(role=Role.PARTNER, library=None, organization=None)
    assert not permissions.is_partner(user)
    assert not permissions.sees_professional_contacts(user)


def test_superuser_counts_as_administrator_whatever_the_role():
    user = UserFactory(is_superuser=True)
    assert user.role == Role.DESK
    assert permissions.is_administrator(user)


def test_library_for_gives_each_user_their_own_library():
    own, other = LibraryFactory(), LibraryFactory()
    desk = UserFactory(library=own)
    coordinator = UserFactory(library=own, coordinator=True)
    partner = UserFactory(partner=True, organization__library=own)
    assert permissions.library_for(desk) == own
    assert permissions.library_for(coordinator) == own
    assert permissions.library_for(partner) == own
    assert other not in {permissions.library_for(u) for u in (desk, coordinator, partner)}


def test_funder_and_administrator_have_no_working_library():
    funder = UserFactory(funder=True)
    funder.funded_libraries.add(LibraryFactory())
    assert permissions.library_for(funder) is None
    assert permissions.library_for(UserFactory(administrator=True)) is None


def test_require_library_staff_gives_the_users_own_library():
    library = LibraryFactory()
    assert permissions.require_library_staff(UserFactory(library=library)) == library
    assert permissions.require_coordinator(UserFactory(library=library, coordinator=True)) == (
        library
    )


@pytest.mark.parametrize("role", [Role.PARTNER, Role.FUNDER, Role.ADMINISTRATOR])
def test_require_library_staff_refuses_everybody_else(role):
    with pytest.raises(PermissionDenied):
        permissions.require_library_staff(user_with(role))


@pytest.mark.parametrize("role", [Role.DESK, Role.PARTNER, Role.FUNDER, Role.ADMINISTRATOR])
def test_require_coordinator_refuses_other_roles(role):
    with pytest.raises(PermissionDenied):
        permissions.require_coordinator(user_with(role))


def test_require_partner_gives_the_partners_organization_and_refuses_everybody_else():
    partner = UserFactory(partner=True)
    assert permissions.require_partner(partner) == partner.organization
    for role in [Role.DESK, Role.COORDINATOR, Role.FUNDER, Role.ADMINISTRATOR]:
        with pytest.raises(PermissionDenied):
            permissions.require_partner(user_with(role))

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from plein.accounts.models import Role
from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import LibraryFactory
from plein.questions import permissions

pytestmark = pytest.mark.django_db

OTHER_ROLES = {
    Role.PARTNER: {"partner": True},
    Role.FUNDER: {"funder": True},
    Role.ADMINISTRATOR: {"administrator": True},
}


def test_only_library_staff_register_questions_for_their_own_library():
    library = LibraryFactory()
    assert permissions.require_desk(UserFactory(library=library)) == library
    assert permissions.require_desk(UserFactory(library=library, coordinator=True)) == library
    for traits in OTHER_ROLES.values():
        with pytest.raises(PermissionDenied):
            permissions.require_desk(UserFactory(**traits))
    with pytest.raises(PermissionDenied):
        permissions.require_desk(AnonymousUser())


def test_only_coordinators_manage_registration_lists():
    library = LibraryFactory()
    coordinator = UserFactory(library=library, coordinator=True)
    assert permissions.can_manage_registration_lists(coordinator)
    assert permissions.require_registration_lists(coordinator) == library
    for user in [UserFactory(), *(UserFactory(**traits) for traits in OTHER_ROLES.values())]:
        assert not permissions.can_manage_registration_lists(user)
        with pytest.raises(PermissionDenied):
            permissions.require_registration_lists(user)

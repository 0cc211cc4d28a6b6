import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import LibraryFactory
from plein.reports import permissions

pytestmark = pytest.mark.django_db


def test_report_libraries_are_the_coordinators_own_or_the_funded_ones():
    own, funded, other = LibraryFactory(), LibraryFactory(), LibraryFactory()
    coordinator = UserFactory(coordinator=True, library=own)
    funder = UserFactory(funder=True)
    funder.funded_libraries.add(funded)
    assert list(permissions.report_libraries(coordinator)) == [own]
    assert list(permissions.report_libraries(funder)) == [funded]
    assert other not in permissions.report_libraries(funder)
    assert not permissions.report_libraries(UserFactory()).exists()
    assert not permissions.report_libraries(UserFactory(partner=True)).exists()


def test_desk_workers_partners_and_funders_without_libraries_get_no_reports():
    for user in [UserFactory(), UserFactory(partner=True), UserFactory(funder=True)]:
        with pytest.raises(PermissionDenied):
            permissions.require_reports(user)


def test_only_a_coordinator_sees_exact_small_counts():
    assert not permissions.reports_are_protected(UserFactory(coordinator=True))
    assert permissions.reports_are_protected(UserFactory(funder=True))


def test_asking_for_a_library_outside_ones_reports_is_not_found():
    own, other = LibraryFactory(), LibraryFactory()
    coordinator = UserFactory(coordinator=True, library=own)
    assert list(permissions.require_reports(coordinator, requested_library=str(own.pk))) == [own]
    for requested in [str(other.pk), "0", "abc"]:
        with pytest.raises(Http404):
            permissions.require_reports(coordinator, requested_library=requested)

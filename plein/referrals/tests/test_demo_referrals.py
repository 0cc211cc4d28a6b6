import pytest

from plein.accounts.tests.factories import UserFactory
from plein.core.models import Library
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.demo.load import demo_load
from plein.referrals.demo import SPECS, demo_referrals_install
from plein.referrals.models import CLOSED_STATUSES, Referral, Status
from plein.referrals.services.lifecycle import PARTNER_TRANSITIONS
from plein.socialmap.tests.factories import OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    library = LibraryFactory()
    BranchFactory(library=library)
    UserFactory(library=library)
    for name in ("Welzijn Oost", "Schuldhulp West"):
        ServiceFactory(
            organization=OrganizationFactory(library=library, is_partner=True, name=name)
        )
    OrganizationFactory(library=library, is_partner=False, name="Aaa geen partner")
    return library


def test_demo_referrals_cover_every_kind_of_status(library):
    assert demo_referrals_install(library=library) == len(SPECS)
    statuses = set(Referral.objects.filter(library=library).values_list("status", flat=True))
    assert statuses == {spec[1][-1] for spec in SPECS}
    assert not Referral.objects.filter(organization__is_partner=False).exists()
    assert Referral.objects.filter(library=library).values("organization").distinct().count() == 2


def test_demo_referrals_are_installed_once(library):
    demo_referrals_install(library=library)
    assert demo_referrals_install(library=library) == 0
    assert Referral.objects.filter(library=library).count() == len(SPECS)


def test_demo_referrals_follow_allowed_paths_with_consistent_times(library):
    demo_referrals_install(library=library)
    for referral in Referral.objects.filter(library=library):
        events = list(referral.events.order_by("created_at", "id"))
        assert events[0].to_status == Status.REQUESTED and events[-1].to_status == referral.status
        for before, after in zip(events, events[1:], strict=False):
            assert after.to_status in PARTNER_TRANSITIONS[before.to_status]
            assert after.from_status == before.to_status
        assert (referral.closed_at is not None) == (referral.status in CLOSED_STATUSES)
        assert referral.consent.given_at == referral.created_at
        if referral.status != Status.REQUESTED:
            assert referral.acknowledged_at is not None


def test_demo_contact_data_is_visibly_made_up_and_one_is_purged(library):
    demo_referrals_install(library=library)
    referrals = list(Referral.objects.filter(library=library))
    purged = [r for r in referrals if r.is_purged]
    assert len(purged) == 1 and purged[0].first_name == "" and purged[0].phone == ""
    for referral in referrals:
        if not referral.is_purged:
            assert referral.email.endswith("@example.org") and referral.phone == "06-00000000"


def test_a_library_without_partners_gets_no_demo_referrals():
    assert demo_referrals_install(library=LibraryFactory()) == 0


def test_demo_referrals_install_on_the_demo_data():
    demo_load()  # may already run demo_referrals_install as one of its hooks
    for library in Library.objects.all():
        demo_referrals_install(library=library)
    assert Referral.objects.count() >= len(SPECS)
    assert all(demo_referrals_install(library=lib) == 0 for lib in Library.objects.all())

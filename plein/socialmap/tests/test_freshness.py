import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.accounts.tests.factories import UserFactory
from plein.core import audit
from plein.socialmap import audit_actions
from plein.socialmap.tests.factories import OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def coordinator(client):
    user = UserFactory(coordinator=True)
    client.force_login(user)
    return user


def names(response) -> list[str]:
    return [service.name for service, _state in response.context["rows"]]


def test_stale_entries_come_first_oldest_first(client, coordinator, settings):
    settings.PLEIN_FRESHNESS_DAYS = 183
    library = coordinator.library
    ServiceFactory(name="Vers", library=library, organization__library=library)
    ServiceFactory(name="Half jaar", assured_date=days_ago(200), organization__library=library)
    ServiceFactory(name="Nooit", assured_date=None, organization__library=library)
    ServiceFactory(name="Heel oud", assured_date=days_ago(900), organization__library=library)
    ServiceFactory(name="Andere bibliotheek", assured_date=None)
    response = client.get(reverse("socialmap:freshness"))
    assert response.status_code == 200
    assert names(response) == ["Nooit", "Heel oud", "Half jaar", "Vers"]
    assert response.context["totals"] == {"total": 4, "stale": 3, "never": 1}
    states = [state for _service, state in response.context["rows"]]
    assert states == ["never", "stale", "stale", "fresh"]


def test_freshness_days_setting_moves_the_cutoff(client, coordinator, settings):
    ServiceFactory(
        name="Maand", assured_date=days_ago(40), organization__library=coordinator.library
    )
    settings.PLEIN_FRESHNESS_DAYS = 30
    response = client.get(reverse("socialmap:freshness"))
    assert response.context["totals"]["stale"] == 1


def test_filters_by_state_organization_and_name(client, coordinator):
    library = coordinator.library
    org = OrganizationFactory(library=library, name="Humanitas")
    ServiceFactory(name="Thuisadministratie", organization=org, assured_date=None)
    ServiceFactory(name="Maatjes", organization=org)
    ServiceFactory(name="Formulieren", assured_date=None, organization__library=library)
    url = reverse("socialmap:freshness")
    assert names(client.get(url, {"state": "stale"})) == ["Formulieren", "Thuisadministratie"]
    assert names(client.get(url, {"state": "fresh"})) == ["Maatjes"]
    assert names(client.get(url, {"organization": org.pk})) == ["Thuisadministratie", "Maatjes"]
    assert names(client.get(url, {"q": "maat"})) == ["Maatjes"]


def test_bad_filter_input_is_explained_and_ignored(client, coordinator):
    ServiceFactory(name="Maatjes", organization__library=coordinator.library)
    response = client.get(
        reverse("socialmap:freshness"), {"organization": "geen-id", "state": "raar", "q": "maat"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"organization", "state"}
    assert "Niet alles is goed ingevuld" in response.content.decode()
    assert 'value="maat"' in response.content.decode()


def test_per_organisation_counts_and_last_reminder(client, coordinator):
    library = coordinator.library
    stale_org = OrganizationFactory(library=library, name="Vitens")
    fresh_org = OrganizationFactory(library=library, name="Bibliotheek zelf")
    ServiceFactory(organization=stale_org, assured_date=None)
    ServiceFactory(organization=stale_org, assured_date=days_ago(400))
    ServiceFactory(organization=fresh_org)
    audit.log(stale_org, audit_actions.REMINDER_SENT, changes={"recipients": 1})
    response = client.get(reverse("socialmap:freshness"))
    rows = {
        o.name: (o.service_count, o.stale_count, last_reminder)
        for o, last_reminder in response.context["organizations"]
    }
    assert rows["Vitens"][:2] == (2, 2)
    assert rows["Vitens"][2] is not None
    assert rows["Bibliotheek zelf"] == (1, 0, None)
    assert [o.name for o, _ in response.context["organizations"]] == [
        "Vitens",
        "Bibliotheek zelf",
    ]
    assert "nog niet" in response.content.decode()


def test_freshness_page_runs_a_fixed_number_of_queries(
    client, coordinator, django_assert_max_num_queries
):
    for _ in range(15):
        ServiceFactory(assured_date=None, organization__library=coordinator.library)
    with django_assert_max_num_queries(10):
        client.get(reverse("socialmap:freshness"))


def test_only_coordinators_see_the_freshness_overview(client):
    url = reverse("socialmap:freshness")
    assert client.get(url).status_code == 302
    for user in [UserFactory(), UserFactory(partner=True), UserFactory(funder=True)]:
        client.force_login(user)
        assert client.get(url).status_code == 403

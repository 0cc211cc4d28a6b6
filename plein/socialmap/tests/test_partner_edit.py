import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.socialmap import audit_actions, forms, services
from plein.socialmap.hours import schedule_describe
from plein.socialmap.models import Attribute, Phone, Schedule, TaxonomyKind
from plein.socialmap.tests.factories import (
    AddressFactory,
    LocationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_calls(monkeypatch):
    """Record calls of the search index hook instead of rebuilding the index."""
    from plein.socialmap.search import index

    calls = []
    monkeypatch.setattr(index, "search_index_rebuild", lambda **kw: calls.append(kw))
    return calls


@pytest.fixture
def service():
    return ServiceFactory(name="Schuldhulp", stale=True)


@pytest.fixture
def partner(client, service):
    user = UserFactory(partner=True, organization=service.organization, first_name="Noor")
    client.force_login(user)
    return user


def service_post(service, **overrides):
    data = {
        "name": service.name,
        "description": service.description,
        "status": service.status,
        "url": "",
        "email": "",
        "eligibility_description": "",
        "application_process": "",
        "fees_description": "",
        "minimum_age": "",
        "maximum_age": "",
    }
    data.update(overrides)
    return data


def test_partner_edits_a_service_and_the_change_is_recorded(client, partner, service, index_calls):
    url = reverse("socialmap:service_edit", kwargs={"pk": service.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url, service_post(service, name="Schuldhulp Lindendal", url="https://hulp.example")
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Schuldhulp Lindendal"
    assert service.url == "https://hulp.example"
    assert service.last_modified is not None
    event = AuditEvent.objects.get(action=audit_actions.SERVICE_UPDATED)
    assert event.actor == partner
    assert event.changes == {
        "name": ["Schuldhulp", "Schuldhulp Lindendal"],
        "url": ["", "https://hulp.example"],
    }
    assert index_calls == [{"library": service.library, "service_ids": [service.pk]}]
    page = client.get(url).content.decode()
    assert "Noor" in page
    assert 'naam: was "Schuldhulp", is nu "Schuldhulp Lindendal"' in page


def test_saving_without_changes_records_nothing(client, partner, service, index_calls):
    url = reverse("socialmap:service_edit", kwargs={"pk": service.pk})
    client.post(url, service_post(service))
    assert not AuditEvent.objects.filter(action=audit_actions.SERVICE_UPDATED).exists()
    assert index_calls == []


def test_partner_sets_topics_and_life_domains(client, partner, service, index_calls):
    topic = TaxonomyTermFactory(
        name="Schulden", taxonomy_detail=TaxonomyFactory(library=service.library)
    )
    domain = TaxonomyTermFactory(
        name="Financiën",
        taxonomy_detail=TaxonomyFactory(library=service.library, kind=TaxonomyKind.LIFE_DOMAIN),
    )
    url = reverse("socialmap:service_edit", kwargs={"pk": service.pk})
    client.post(url, service_post(service, topics=[topic.pk], life_domains=[domain.pk]))
    links = Attribute.objects.filter(link_entity="service", link_id=service.pk)
    assert {(a.taxonomy_term_id, a.link_type) for a in links} == {
        (topic.pk, "topic"),
        (domain.pk, "life_domain"),
    }
    event = AuditEvent.objects.get(action=audit_actions.SERVICE_UPDATED)
    assert event.changes["topics"] == [[], ["Schulden"]]
    client.post(url, service_post(service, life_domains=[domain.pk]))
    assert list(links.values_list("taxonomy_term_id", flat=True)) == [domain.pk]


def test_another_librarys_terms_cannot_be_chosen(client, partner, service):
    foreign = TaxonomyTermFactory()
    url = reverse("socialmap:service_edit", kwargs={"pk": service.pk})
    response = client.post(url, service_post(service, topics=[foreign.pk]))
    assert response.status_code == 200
    assert not Attribute.objects.filter(link_id=service.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", forms.NAME_REQUIRED),
        ({"email": "geen-adres"}, "email", forms.EMAIL_INVALID),
        ({"url": "http://"}, "url", forms.URL_INVALID),
        ({"url": "javascript:alert(1)"}, "url", forms.URL_INVALID),
        ({"url": "ftp://bestanden.voorbeeld.nl"}, "url", forms.URL_INVALID),
        ({"minimum_age": "65", "maximum_age": "18"}, "maximum_age", forms.AGE_RANGE_INVALID),
    ],
)
def test_bad_service_input_is_explained_and_kept(
    client, partner, service, overrides, field, message
):
    url = reverse("socialmap:service_edit", kwargs={"pk": service.pk})
    data = service_post(service, description="Mijn nieuwe tekst", **overrides)
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert "Mijn nieuwe tekst" in response.content.decode()
    for value in overrides.values():
        assert value in response.content.decode()
    service.refresh_from_db()
    assert service.description != "Mijn nieuwe tekst"


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC))
def test_klopt_nog_renews_assured_date(client, partner, service, index_calls):
    url = reverse("socialmap:service_confirm", kwargs={"pk": service.pk})
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": reverse("socialmap:partner_home")})
    assert response["Location"] == reverse("socialmap:partner_home")
    service.refresh_from_db()
    assert service.assured_date == datetime.date(2026, 3, 10)
    assert service.assurer_email == partner.email
    event = AuditEvent.objects.get(action=audit_actions.SERVICE_CONFIRMED)
    assert event.actor == partner
    assert event.changes["assured_date"][1] == "2026-03-10"


def test_klopt_nog_does_not_redirect_elsewhere(client, partner, service):
    url = reverse("socialmap:service_confirm", kwargs={"pk": service.pk})
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("socialmap:service_edit", kwargs={"pk": service.pk})


def test_partner_home_lists_services_with_freshness(client, partner, service):
    fresh = ServiceFactory(organization=service.organization, name="Formulierenhulp")
    ServiceFactory(name="Niet van ons", library=service.library)
    page = client.get(reverse("socialmap:partner_home")).content.decode()
    assert "Schuldhulp" in page and fresh.name in page
    assert "Niet van ons" not in page
    assert "verouderd" in page and "actueel" in page
    assert reverse("socialmap:service_confirm", kwargs={"pk": service.pk}) in page


def test_coordinator_edits_a_partners_service(client, service, index_calls):
    coordinator = UserFactory(coordinator=True, library=service.library)
    client.force_login(coordinator)
    url = reverse("socialmap:service_edit", kwargs={"pk": service.pk})
    client.post(url, service_post(service, minimum_age="18"))
    service.refresh_from_db()
    assert service.minimum_age == 18
    assert AuditEvent.objects.get(action=audit_actions.SERVICE_UPDATED).actor == coordinator


# --- Locations -------------------------------------------------------------------------------


def location_post(location, **overrides):
    data = {
        "name": location.name,
        "description": "",
        "transportation": "",
        "address_1": "",
        "postal_code": "",
        "city": "",
        "phone-new-number": "",
        "phone-new-description": "",
    }
    data.update(overrides)
    return data


def test_partner_edits_location_address_and_phones(client, partner, service, index_calls):
    location = LocationFactory(organization=service.organization, name="Wijkcentrum")
    ServiceAtLocationFactory(service=service, location=location)
    old_phone = PhoneFactory(service=None, location=location, number="0570 111111")
    url = reverse("socialmap:location_edit", kwargs={"pk": location.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        location_post(
            location,
            transportation="Bus 161, halte Brink",
            address_1="Brink 1",
            postal_code="7731ck",
            city="Lindendal",
            **{
                f"phone-{old_phone.pk}-number": old_phone.number,
                f"phone-{old_phone.pk}-delete": "on",
                "phone-new-number": "0570 222222",
            },
        ),
    )
    assert response.status_code == 302
    location.refresh_from_db()
    assert location.transportation == "Bus 161, halte Brink"
    address = location.addresses.get()
    assert (address.address_1, address.postal_code, address.city) == (
        "Brink 1",
        "7731 CK",
        "Lindendal",
    )
    assert list(location.phones.values_list("number", flat=True)) == ["0570 222222"]
    event = AuditEvent.objects.get(action=audit_actions.LOCATION_UPDATED)
    assert event.changes["address.city"] == [None, "Lindendal"] or event.changes[
        "address.city"
    ] == ["", "Lindendal"]
    service.refresh_from_db()
    assert service.last_modified is not None
    assert index_calls == [{"library": service.library, "service_ids": [service.pk]}]
    assert "Bus 161" in client.get(url).content.decode()


def test_bad_location_input_is_explained_and_kept(client, partner, service):
    location = LocationFactory(organization=service.organization)
    AddressFactory(location=location)
    url = reverse("socialmap:location_edit", kwargs={"pk": location.pk})
    response = client.post(
        url,
        location_post(
            location,
            name="",
            transportation="Lijn 7",
            postal_code="77311",
            city="Lindendal",
            **{"phone-new-number": "bel me"},
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == [forms.NAME_REQUIRED]
    assert form.errors["postal_code"] == [forms.POSTCODE_INVALID]
    assert response.context["phones"][-1].errors["number"] == [forms.PHONE_INVALID]
    page = response.content.decode()
    assert "Lijn 7" in page and "77311" in page and "bel me" in page
    assert not Phone.objects.filter(location=location).exists()


# --- Hours -------------------------------------------------------------------------------------


def schedule_post(**overrides):
    data = {
        "weekdays": ["TU", "TH"],
        "freq": "WEEKLY",
        "week_of_month": "",
        "opens_at": "10:00",
        "closes_at": "12:00",
        "valid_from": "",
        "valid_to": "",
        "description": "Inloop",
    }
    data.update(overrides)
    return data


def test_partner_adds_changes_and_removes_hours(client, partner, service, index_calls):
    add_url = reverse("socialmap:schedule_add_service", kwargs={"pk": service.pk})
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, schedule_post())
    assert response["Location"] == reverse("socialmap:service_edit", kwargs={"pk": service.pk})
    schedule = Schedule.objects.get(service=service)
    assert (schedule.byday, schedule.freq) == ("TU,TH", "WEEKLY")
    assert schedule.opens_at == datetime.time(10) and schedule.closes_at == datetime.time(12)
    page = client.get(response["Location"]).content.decode()
    assert "dinsdag en donderdag 10.00–12.00 uur" in page

    edit_url = reverse("socialmap:schedule_edit", kwargs={"pk": schedule.pk})
    assert client.get(edit_url).status_code == 200
    client.post(
        edit_url,
        schedule_post(weekdays=["WE"], freq="MONTHLY", week_of_month="1", valid_to="2026-12-31"),
    )
    schedule.refresh_from_db()
    assert (schedule.byday, schedule.freq) == ("1WE", "MONTHLY")
    assert schedule.valid_to == datetime.date(2026, 12, 31)
    assert schedule_describe(schedule, on=datetime.date(2026, 11, 1)) == (
        "elke eerste woensdag van de maand 10.00–12.00 uur (tot en met 31 december 2026)"
    )

    client.post(reverse("socialmap:schedule_delete", kwargs={"pk": schedule.pk}))
    assert not Schedule.objects.filter(service=service).exists()
    actions = list(
        AuditEvent.objects.filter(object_id=str(service.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        audit_actions.SCHEDULE_CREATED,
        audit_actions.SCHEDULE_UPDATED,
        audit_actions.SCHEDULE_DELETED,
    ]
    assert len(index_calls) == 3


def test_hours_of_a_service_at_a_location(client, partner, service):
    link = ServiceAtLocationFactory(service=service)
    url = reverse("socialmap:schedule_add_service_at_location", kwargs={"pk": link.pk})
    client.post(url, schedule_post(weekdays=["MO"]))
    schedule = Schedule.objects.get(service_at_location=link)
    assert schedule.byday == "MO"
    page = client.get(reverse("socialmap:service_edit", kwargs={"pk": service.pk}))
    assert "maandag 10.00–12.00 uur" in page.content.decode()


def test_hours_of_a_location(client, partner, service):
    location = LocationFactory(organization=service.organization)
    url = reverse("socialmap:schedule_add_location", kwargs={"pk": location.pk})
    client.post(url, schedule_post(weekdays=["FR"]))
    assert Schedule.objects.get(location=location).byday == "FR"
    assert AuditEvent.objects.get(action=audit_actions.SCHEDULE_CREATED).object_id == str(
        location.pk
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"closes_at": "09:00"}, "closes_at", forms.CLOSES_BEFORE_OPENS),
        ({"opens_at": "25:99"}, "opens_at", forms.TIME_INVALID),
        ({"opens_at": ""}, "opens_at", forms.TIME_REQUIRED),
        (
            {"valid_from": "2026-06-01", "valid_to": "2026-05-01"},
            "valid_to",
            forms.VALID_TO_BEFORE_FROM,
        ),
        ({"valid_from": "1 juni"}, "valid_from", forms.DATE_INVALID),
        ({"weekdays": []}, "weekdays", forms.WEEKDAYS_REQUIRED),
        ({"freq": "MONTHLY"}, "week_of_month", forms.WEEK_OF_MONTH_REQUIRED),
    ],
)
def test_bad_hours_are_explained_and_kept(client, partner, service, overrides, field, message):
    url = reverse("socialmap:schedule_add_service", kwargs={"pk": service.pk})
    response = client.post(url, schedule_post(description="Alleen op afspraak", **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert "Alleen op afspraak" in response.content.decode()
    assert not Schedule.objects.exists()


def test_editing_hours_with_bad_input_changes_nothing(client, partner, service):
    schedule = ScheduleFactory(service=service)
    url = reverse("socialmap:schedule_edit", kwargs={"pk": schedule.pk})
    response = client.post(url, schedule_post(closes_at="08:00"))
    assert response.status_code == 200
    schedule.refresh_from_db()
    assert schedule.closes_at == datetime.time(12)


def test_history_lists_newest_first_with_plain_dutch(client, partner, service):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=1)):
        services.service_update(service=service, data={"wait_time": "2 weken"}, user=partner)
    services.service_confirm(service=service, user=partner)
    page = client.get(reverse("socialmap:service_edit", kwargs={"pk": service.pk}))
    history = page.context["history"]
    assert [str(row["what"]) for row in history] == ["bevestigd: klopt nog", "gegevens gewijzigd"]
    assert history[1]["changes"] == [("wachttijd", "(leeg)", "2 weken")]


def test_service_edit_page_query_count_does_not_grow(
    client, partner, service, django_assert_max_num_queries
):
    for _ in range(5):
        ScheduleFactory(service=service)
        link = ServiceAtLocationFactory(service=service)
        ScheduleFactory(service=None, service_at_location=link)
        services.service_update(service=service, data={"wait_time": str(_)}, user=partner)
    url = reverse("socialmap:service_edit", kwargs={"pk": service.pk})
    with django_assert_max_num_queries(14):
        client.get(url)


def test_emptying_the_address_removes_it(client, partner, service, index_calls):
    location = LocationFactory(organization=service.organization, name="Oud adres")
    AddressFactory(location=location)
    url = reverse("socialmap:location_edit", kwargs={"pk": location.pk})
    assert client.post(url, location_post(location)).status_code == 302
    assert not location.addresses.exists()
    assert "address" in AuditEvent.objects.get(action=audit_actions.LOCATION_UPDATED).changes


def test_half_an_address_is_explained(client, partner, service):
    location = LocationFactory(organization=service.organization)
    url = reverse("socialmap:location_edit", kwargs={"pk": location.pk})
    response = client.post(url, location_post(location, postal_code="7731 CK"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"address_1", "city"}
    assert not location.addresses.exists()

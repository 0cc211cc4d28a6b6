"""Issue 16 §4: the demo is a full trial: a year of example registrations so the reports show
something, an organisation offering "Bel mij terug", and partners that can all receive referrals."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from plein.accounts.models import User
from plein.core.models import Branch
from plein.questions.models import Registration, Visit
from plein.referrals.selectors.reach import organizations_reachable
from plein.referrals.services.callback import callback_offered
from plein.socialmap.models import Organization, Service

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, 15, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _dev(monkeypatch):
    monkeypatch.setenv("PLEIN_DEV", "1")
    with time_machine.travel(NOW, tick=False):
        yield


def _generated() -> list[tuple]:
    return sorted(
        Registration.objects.filter(visit__registered_by__username="volumedemo").values_list(
            "visit__started_at", "visit__branch__slug", "outcome__name", "is_complex"
        )
    )


def test_demo_ships_a_year_of_registrations_made_once_and_the_same_each_time():
    out = StringIO()
    call_command("demo", stdout=out)
    assert "Een jaar voorbeeldregistraties" in out.getvalue()
    first = _generated()
    assert len(first) == 4000
    days = {started.date() for started, *_rest in first}
    assert min(days) > datetime.date(2025, 11, 23) and max(days) <= datetime.date(2026, 11, 23)
    # Every month of the year has questions.
    assert len({(day.year, day.month) for day in days}) >= 12
    call_command("demo", stdout=StringIO())
    assert _generated() == first  # a second run keeps the set
    branches = Branch.objects.count()
    call_command("demo", "--registrations", "0", stdout=StringIO())
    assert Branch.objects.count() == branches  # removing the set adds no branches
    assert not Visit.objects.filter(registered_by__username="volumedemo").exists()
    call_command("demo", stdout=StringIO())
    # The seed is fixed: made again on the same day, the set is the same.
    again = _generated()
    assert [r[0] for r in again] == [r[0] for r in first]
    assert again == first


def test_reports_of_the_demo_library_are_not_empty(client):
    call_command("demo", stdout=StringIO())
    client.force_login(User.objects.get(username="coordinator"))
    response = client.get("/rapportage/", {"period": "year"})
    assert response.status_code == 200
    questions = dict(response.context["totals"].rows)["Vragen"]
    assert questions[0].value > 3000


def test_every_demo_partner_can_receive_a_warm_referral():
    call_command("demo", "--registrations", "0", stdout=StringIO())
    partners = list(Organization.objects.filter(is_partner=True))
    assert len(partners) >= 5
    assert organizations_reachable(organizations=partners) == {o.pk for o in partners}


def test_a_demo_organisation_offers_bel_mij_terug_on_the_public_page(client):
    call_command("demo", "--registrations", "0", stdout=StringIO())
    service = next(
        s for s in Service.objects.select_related("organization", "library")
        if callback_offered(service=s)
    )  # fmt: skip
    page = reverse("socialmap:service_detail", args=[service.library.slug, service.pk])
    html = client.get(page).content.decode()
    assert "Bel mij terug" in html
    assert reverse("referrals:callback", args=[service.library.slug, service.pk]) in html


def test_demo_digid_suggestions_start_with_the_municipality():
    from plein.core.models import Library
    from plein.questions.models import Topic
    from plein.questions.selectors.desk import referral_suggestions

    call_command("demo", "--registrations", "0", stdout=StringIO())
    library = Library.objects.get(slug="beekveld")
    digid = Topic.objects.get(library=library, name="DigiD")
    names = [o.name for o in referral_suggestions(library=library, topics=[digid])[digid.pk]]
    assert names[0] == "Gemeente Beekveld"
    if "Bibliotheek Beekveld" in names:
        assert names[-1] == "Bibliotheek Beekveld"

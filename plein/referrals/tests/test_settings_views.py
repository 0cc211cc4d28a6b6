import pytest
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.referrals.forms.settings import (
    DAYS_INVALID,
    ESCALATION_BEFORE_REMINDER,
    RETENTION_TOO_LONG,
)
from plein.referrals.models import ReferralSettings

pytestmark = pytest.mark.django_db
URL = "/beheer/doorverwijzen/instellingen/"


def _post(client, **changes):
    data = {"reminder_working_days": 3, "escalation_working_days": 6, "retention_days": 14}
    return client.post(URL, data | changes)


def test_the_url_is_the_settings_page():
    assert reverse("referrals:settings") == URL


def test_a_coordinator_changes_the_timers_and_the_retention_period(client):
    coordinator = UserFactory(coordinator=True)
    client.force_login(coordinator)
    assert client.get(URL).status_code == 200
    response = _post(client)
    assert response.status_code == 302
    row = ReferralSettings.objects.get(library=coordinator.library)
    assert (row.reminder_working_days, row.escalation_working_days, row.retention_days) == (
        3,
        6,
        14,
    )
    event = AuditEvent.objects.get(action="referrals.settings.updated")
    assert event.changes["retention_days"] == [30, 14]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reminder_working_days": "twee"}, "reminder_working_days", DAYS_INVALID),
        ({"reminder_working_days": 0}, "reminder_working_days", DAYS_INVALID),
        ({"escalation_working_days": 2}, "escalation_working_days", ESCALATION_BEFORE_REMINDER),
        ({"retention_days": 400}, "retention_days", RETENTION_TOO_LONG),
        ({"retention_days": ""}, "retention_days", DAYS_INVALID),
    ],
)
def test_bad_values_are_refused_with_a_message_and_the_input_kept(client, changes, field, message):
    coordinator = UserFactory(coordinator=True)
    client.force_login(coordinator)
    response = _post(client, **changes)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [str(message)]
    html = response.content.decode()
    assert 'value="14"' in html or field == "retention_days"
    assert not ReferralSettings.objects.filter(library=coordinator.library, retention_days=14)


@pytest.mark.parametrize("traits", [{}, {"partner": True}, {"funder": True}])
def test_only_coordinators_change_referral_settings(client, traits):
    client.force_login(UserFactory(**traits))
    assert client.get(URL).status_code == 403
    assert _post(client).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/account/inloggen/" in response.url

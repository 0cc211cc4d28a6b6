"""An attacker with a copy of the database finds no contact data in it.

The demo's referrals exist, and one more goes the whole way through the services (created,
received, accepted, completed, its contact viewed, the daily timers run), so that events, audit
entries, e-mails and sessions are written the way the desk and the partner write them. Then every
row of every table is read with plain SQL, as a dump would, and searched for every personal
value that the encrypted fields hold.
"""

import datetime

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection
from django.utils import timezone

from plein.accounts.tests.factories import UserFactory
from plein.core.crypto import EncryptedTextField
from plein.core.models import Library
from plein.demo import data as demo_data
from plein.demo.load import demo_load
from plein.referrals.models import Referral, Status
from plein.referrals.services import lifecycle
from plein.referrals.services.timers import referral_escalations_send, referral_reminders_send
from plein.socialmap.models import Organization

pytestmark = pytest.mark.django_db(transaction=False)

# Distinctive values, so that a hit cannot be a coincidence.
CONTACT = lifecycle.ContactInput(
    first_name="Wendelmoed",
    phone="06-97531864",
    email="wendelmoed.dumptest@voorbeeld.nl",
    preferred_time="donderdagochtend na negen",
    summary="Vraag over achterstallige huur bij de woningcorporatie",
)
SHORTEST_VALUE = 5  # shorter values ("nl", "en") are codes, not personal data


def _referral_through_the_services(django_capture_on_commit_callbacks) -> Referral:
    library = Library.objects.get(slug=demo_data.LIBRARIES[0].slug)
    organization = Organization.objects.filter(library=library, is_partner=True).first()
    assert organization is not None
    desk = UserFactory(library=library)
    partner = UserFactory(partner=True, organization=organization)
    with django_capture_on_commit_callbacks(execute=True):
        referral = lifecycle.referral_create(
            library=library,
            organization=organization,
            service=organization.services.first(),
            contact=CONTACT,
            consent_given=True,
            consent_text=lifecycle.consent_text_current(library=library),
            recorded_by=desk,
        )
    for status in (Status.RECEIVED, Status.ACCEPTED, Status.COMPLETED):
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.referral_transition(
                referral=referral, to=status, as_partner=True, user=partner, outcome="Geholpen"
            )
    lifecycle.referral_contact_viewed(referral=referral, user=partner)
    return referral


def _timers_run(django_capture_on_commit_callbacks) -> None:
    """The daily reminders and escalations, as the scheduler runs them (days from now)."""
    later = timezone.now() + datetime.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        referral_reminders_send(now=later)
        referral_escalations_send(now=later)


def _personal_values() -> set[str]:
    values = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]
        for row in model._default_manager.values_list(*fields) if fields else []:
            values |= {value for value in row if value and len(value) >= SHORTEST_VALUE}
    return values


def _dump() -> str:
    """Every value of every row of every table, as text (what a database dump holds)."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview):
                        value = value.tobytes()
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", errors="replace")
                    parts.append(str(value))
    return "\n".join(parts).casefold()


def test_no_personal_value_is_readable_in_a_dump_of_the_database(
    django_capture_on_commit_callbacks,
):
    demo_load()
    _referral_through_the_services(django_capture_on_commit_callbacks)
    _timers_run(django_capture_on_commit_callbacks)

    personal = _personal_values()
    # The search has something to find: the demo's contacts and ours, decrypted by the model.
    assert {CONTACT.first_name, CONTACT.phone, CONTACT.email, CONTACT.summary} <= personal
    assert len(personal) >= 20
    dump = _dump()
    # The dump is real: public data of the social map is in it as plain text.
    assert demo_data.ORGANIZATIONS[0].name.casefold() in dump

    assert [value for value in sorted(personal) if value.casefold() in dump] == []


def test_no_personal_value_is_sent_by_e_mail(django_capture_on_commit_callbacks):
    demo_load()
    _referral_through_the_services(django_capture_on_commit_callbacks)
    _timers_run(django_capture_on_commit_callbacks)

    assert mail.outbox, "the referral sent no e-mail, so this test would prove nothing"
    sent = "\n".join(
        f"{message.subject}\n{message.body}\n"
        + "\n".join(str(content) for content, _type in getattr(message, "alternatives", []))
        for message in mail.outbox
    ).casefold()
    personal = _personal_values()
    assert [value for value in sorted(personal) if value.casefold() in sent] == []

"""Contact data is encrypted at rest, and the key can be rotated."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from plein.accounts.models import TOTPDevice
from plein.accounts.tests.factories import UserFactory
from plein.referrals.models import Referral
from plein.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
CONTACT = {
    "first_name": "Fatima",
    "phone": "06-12345678",
    "email": "fatima@voorbeeld.nl",
    "preferred_time": "dinsdagochtend",
    "summary": "Vraag over toeslagen en een brief van de gemeente.",
}
SECRET = "JBSWY3DPEHPK3PXP"


def raw_rows(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return cursor.fetchall()


def rotate(**options) -> str:
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out, **options)
    return out.getvalue()


def test_the_raw_table_holds_no_plaintext_contact_data():
    ReferralFactory(**CONTACT)
    rows = raw_rows(Referral._meta.db_table)
    assert len(rows) == 1
    stored = " ".join(str(value) for value in rows[0])
    for value in [*CONTACT.values(), "voorbeeld.nl", "12345678", "toeslagen"]:
        assert value not in stored


def test_the_raw_table_holds_no_plaintext_totp_secret():
    TOTPDevice.objects.create(user=UserFactory(partner=True), secret=SECRET)
    stored = " ".join(str(value) for value in raw_rows(TOTPDevice._meta.db_table)[0])
    assert SECRET not in stored


def test_values_stay_readable_after_rotation_with_only_the_new_key(settings):
    settings.PLEIN_ENCRYPTION_KEYS = [OLD]
    referral = ReferralFactory(**CONTACT)
    device = TOTPDevice.objects.create(user=UserFactory(partner=True), secret=SECRET)
    settings.PLEIN_ENCRYPTION_KEYS = [NEW, OLD]
    output = rotate()
    assert "referrals.Referral: 6 re-encrypted, 0 already current" in output
    assert "accounts.TOTPDevice: 1 re-encrypted" in output
    settings.PLEIN_ENCRYPTION_KEYS = [NEW]
    referral = Referral.objects.get(pk=referral.pk)
    for name, value in CONTACT.items():
        assert getattr(referral, name) == value
    assert TOTPDevice.objects.get(pk=device.pk).secret == SECRET


def test_rotation_is_idempotent(settings):
    settings.PLEIN_ENCRYPTION_KEYS = [OLD]
    ReferralFactory(**CONTACT)
    settings.PLEIN_ENCRYPTION_KEYS = [NEW, OLD]
    rotate()
    before = raw_rows(Referral._meta.db_table)
    output = rotate()
    assert "referrals.Referral: 0 re-encrypted, 6 already current" in output
    assert raw_rows(Referral._meta.db_table) == before


def test_rotation_works_in_batches_and_skips_empty_purged_fields(settings):
    settings.PLEIN_ENCRYPTION_KEYS = [OLD]
    referrals = [ReferralFactory(**CONTACT) for _ in range(5)]
    purged = ReferralFactory(purged=True)
    settings.PLEIN_ENCRYPTION_KEYS = [NEW, OLD]
    output = rotate(batch_size=2)
    assert "referrals.Referral: 30 re-encrypted" in output
    settings.PLEIN_ENCRYPTION_KEYS = [NEW]
    for referral in referrals:
        assert Referral.objects.get(pk=referral.pk).phone == CONTACT["phone"]
    assert Referral.objects.get(pk=purged.pk).phone == ""


def test_rotation_stops_with_a_clear_error_when_a_key_is_missing(settings):
    settings.PLEIN_ENCRYPTION_KEYS = [OLD]
    ReferralFactory(**CONTACT)
    settings.PLEIN_ENCRYPTION_KEYS = [NEW]
    with pytest.raises(CommandError, match="cannot be decrypted"):
        rotate()

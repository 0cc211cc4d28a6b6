from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from plein.core import crypto

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def test_a_value_is_stored_as_a_token_and_read_back(settings):
    settings.PLEIN_ENCRYPTION_KEYS = [NEW]
    token = crypto.encrypt("06-12345678")
    assert "06-12345678" not in token
    assert crypto.decrypt(token) == "06-12345678"


def test_the_same_value_gives_a_different_token_each_time(settings):
    settings.PLEIN_ENCRYPTION_KEYS = [NEW]
    assert crypto.encrypt("Fatima") != crypto.encrypt("Fatima")


def test_the_empty_string_stays_empty_so_purged_fields_hold_nothing(settings):
    settings.PLEIN_ENCRYPTION_KEYS = [NEW]
    assert crypto.encrypt("") == "" and crypto.decrypt("") == ""


def test_new_values_use_the_first_key_and_older_keys_still_decrypt(settings):
    settings.PLEIN_ENCRYPTION_KEYS = [OLD]
    old_token = crypto.encrypt("Fatima")
    settings.PLEIN_ENCRYPTION_KEYS = [NEW, OLD]
    assert crypto.decrypt(old_token) == "Fatima"
    assert Fernet(NEW.encode()).decrypt(crypto.encrypt("Sam").encode()) == b"Sam"


def test_rotate_re_encrypts_with_the_newest_key(settings):
    settings.PLEIN_ENCRYPTION_KEYS = [OLD]
    old_token = crypto.encrypt("Fatima")
    settings.PLEIN_ENCRYPTION_KEYS = [NEW, OLD]
    new_token = crypto.rotate(old_token)
    settings.PLEIN_ENCRYPTION_KEYS = [NEW]
    assert crypto.decrypt(new_token) == "Fatima"
    assert crypto.rotate("") == ""


def test_a_value_from_a_removed_key_gives_a_clear_error(settings):
    settings.PLEIN_ENCRYPTION_KEYS = [OLD]
    token = crypto.encrypt("Fatima")
    settings.PLEIN_ENCRYPTION_KEYS = [NEW]
    with pytest.raises(ImproperlyConfigured, match="rotate-encryption-keys"):
        crypto.decrypt(token)


def test_without_keys_outside_development_nothing_is_encrypted(settings):
    settings.PLEIN_ENCRYPTION_KEYS = []
    settings.PLEIN_ENCRYPTION_DEVELOPMENT_KEY = False
    with pytest.raises(ImproperlyConfigured, match="generate-encryption-key"):
        crypto.encrypt("Fatima")


def test_development_derives_a_key_from_the_secret_key(settings):
    settings.PLEIN_ENCRYPTION_KEYS = []
    settings.PLEIN_ENCRYPTION_DEVELOPMENT_KEY = True
    assert crypto.decrypt(crypto.encrypt("Fatima")) == "Fatima"


def test_a_malformed_key_is_refused(settings):
    settings.PLEIN_ENCRYPTION_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="not a valid Fernet key"):
        crypto.encrypt("Fatima")


def test_generate_encryption_key_prints_a_usable_key(settings):
    out = StringIO()
    call_command("generate_encryption_key", stdout=out)
    key = out.getvalue().strip()
    settings.PLEIN_ENCRYPTION_KEYS = [key]
    assert crypto.decrypt(crypto.encrypt("Fatima")) == "Fatima"
    out2 = StringIO()
    call_command("generate_encryption_key", stdout=out2)
    assert out2.getvalue().strip() != key

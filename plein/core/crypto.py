"""Encryption at rest for personal data (referral contact fields, TOTP secrets).

Keys come from the environment: PLEIN_ENCRYPTION_KEYS holds one or more Fernet keys separated
by commas, the newest first. New values are encrypted with the first key; every listed key can
still decrypt, so a key is rotated by putting a new key in front, running
`plein rotate-encryption-keys` (which re-encrypts every value with the new key) and then
removing the old key. Development (PLEIN_DEV/PLEIN_DEBUG) derives a throwaway key from
SECRET_KEY; production refuses to start without keys (see settings.py).

    EncryptedTextField()  stores a Fernet token; reads give the plaintext string.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

NO_KEYS = (
    "PLEIN_ENCRYPTION_KEYS is not set. Generate a key with `plein generate-encryption-key` "
    "and set it (see README, 'Production')."
)
BAD_KEY = "PLEIN_ENCRYPTION_KEYS holds a value that is not a valid Fernet key."


def _development_key() -> bytes:
    digest = hashlib.sha256(("plein-encryption:" + settings.SECRET_KEY).encode()).digest()
    return base64.urlsafe_b64encode(digest)


def encryption_keys() -> list[bytes]:
    keys = [key.encode() for key in getattr(settings, "PLEIN_ENCRYPTION_KEYS", []) if key]
    if keys:
        return keys
    if getattr(settings, "PLEIN_ENCRYPTION_DEVELOPMENT_KEY", False):
        return [_development_key()]
    raise ImproperlyConfigured(NO_KEYS)


def fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in encryption_keys()])
    except ValueError as error:
        raise ImproperlyConfigured(BAD_KEY) from error


def generate_key() -> str:
    return Fernet.generate_key().decode()


def encrypt(value: str) -> str:
    if value == "":
        return ""
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if token == "":
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A stored value cannot be decrypted with the keys in PLEIN_ENCRYPTION_KEYS; "
            "was a key removed before `plein rotate-encryption-keys` ran?"
        ) from error


def rotate(token: str) -> str:
    """The same value encrypted with the newest key."""
    if token == "":
        return ""
    return fernet().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """A text column whose stored value is a Fernet token. Not searchable, by design."""

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return encrypt(str(value))

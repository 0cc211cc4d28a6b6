"""Settings are read once at start-up, so each case runs in a fresh Python process."""

import os
import subprocess
import sys

import pytest

PRINT_SETTINGS = (
    "from django.conf import settings as s; "
    "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.DATABASES['default']['ENGINE'], "
    "s.EMAIL_BACKEND, s.STORAGES['staticfiles']['BACKEND'], sep='|')"
)


def run_settings(tmp_path, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PLEIN_") and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(DJANGO_SETTINGS_MODULE="plein.settings", PLEIN_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_fails_fast_without_a_secret_key(tmp_path):
    result = run_settings(tmp_path)
    assert result.returncode != 0
    assert "PLEIN_SECRET_KEY is not set" in result.stderr


def test_production_fails_fast_without_an_encryption_key(tmp_path):
    result = run_settings(tmp_path, PLEIN_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "PLEIN_ENCRYPTION_KEYS is not set" in result.stderr


def test_production_with_its_keys_is_locked_down(tmp_path):
    result = run_settings(
        tmp_path,
        PLEIN_SECRET_KEY="x" * 50,
        PLEIN_ENCRYPTION_KEYS="aGVsbG8taGVsbG8taGVsbG8taGVsbG8taGVsbG8tISE=",
    )
    assert result.returncode == 0, result.stderr
    debug, secure_cookies, engine, email, static = result.stdout.strip().split("|")
    assert debug == "False"
    assert secure_cookies == "True"
    assert engine == "django.db.backends.sqlite3"
    assert email == "django.core.mail.backends.smtp.EmailBackend"
    assert static == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_development_runs_without_a_secret_key(tmp_path):
    result = run_settings(tmp_path, PLEIN_DEV="1")
    assert result.returncode == 0, result.stderr
    debug, secure_cookies, engine, email, _static = result.stdout.strip().split("|")
    assert secure_cookies == "False"
    assert email == "plein.core.outbox.OutboxBackend"  # the outbox page (issue 16)
    assert (tmp_path / "plein.sqlite3").parent.is_dir()


def test_database_url_selects_postgresql(tmp_path):
    result = run_settings(
        tmp_path, PLEIN_DEV="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/plein"
    )
    assert result.returncode == 0, result.stderr
    # Django's own backend, with its default settings (no prepared statements: PgBouncer works).
    assert result.stdout.split("|")[2] == "django.db.backends.postgresql"


def test_postgresql_runs_with_djangos_defaults_and_durable_registrations(tmp_path):
    script = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default'].get('OPTIONS', {}), s.PLEIN_REGISTRATION_ASYNC_COMMIT, "
        "s.CACHES['default']['BACKEND'], sep='|')"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PLEIN_")}
    clean.update(
        DJANGO_SETTINGS_MODULE="plein.settings",
        PLEIN_DATA_DIR=str(tmp_path),
        PLEIN_DEV="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/plein",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    options, asynchronous, cache = result.stdout.strip().split("|")
    assert "prepare_threshold" not in options
    assert asynchronous == "False"
    # Shared by every worker process, so a changed list reaches every desk.
    assert cache == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.parametrize("value", ["1", "true", "yes", "on"])
def test_env_bool_understands_common_spellings(monkeypatch, value):
    from plein.settings import env_bool

    monkeypatch.setenv("PLEIN_TEST_FLAG", value)
    assert env_bool("PLEIN_TEST_FLAG") is True
    monkeypatch.setenv("PLEIN_TEST_FLAG", "nee")
    assert env_bool("PLEIN_TEST_FLAG") is False
    monkeypatch.setenv("PLEIN_TEST_FLAG", "")
    assert env_bool("PLEIN_TEST_FLAG", default=True) is True


def test_production_passes_the_deploy_check_on_hsts(tmp_path):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PLEIN_")
        # The browser tests' switch, which the deploy check rightly reports as an error.
        and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(
        DJANGO_SETTINGS_MODULE="plein.settings",
        PLEIN_DATA_DIR=str(tmp_path),
        PLEIN_SECRET_KEY="a-long-random-production-secret-" + "x7Qp" * 10,
        PLEIN_ENCRYPTION_KEYS="aGVsbG8taGVsbG8taGVsbG8taGVsbG8taGVsbG8tISE=",
    )
    result = subprocess.run(
        [sys.executable, "-m", "plein", "check", "--deploy"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified" in output  # the check ran
    assert "security.W004" not in output, output

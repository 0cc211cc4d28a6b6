"""Test set-up shared by every app: settings for tests, shared data, the database in use."""

import os
from pathlib import Path

import pytest

DEFAULT_SHARED_DIR = Path(__file__).resolve().parent.parent / "shared"
SHARED_DIR = Path(os.environ.get("PLEIN_SHARED_DIR", DEFAULT_SHARED_DIR))


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared holds test data sets; tests that need it skip only outside CI."""
    if not SHARED_DIR.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SHARED_DIR} is missing, and CI is set: shared test data is required.")
        pytest.skip(f"{SHARED_DIR} is not present")
    return SHARED_DIR


def pytest_report_header(config):
    return f"database: {os.environ.get('DATABASE_URL', 'sqlite (default)')}"


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Each test starts as a new worker: nothing in its local-memory caches (a rolled-back
    library's id and version can come back in the next test on SQLite)."""
    from django.core.cache import caches

    caches["desk_options"].clear()
    caches["screens"].clear()


def pytest_terminal_summary(terminalreporter):
    """Figures a test recorded with record_property("figure", text): the personal-data guard's
    rates over its corpus. Reported by the controller, so also with pytest -n (xdist)."""
    figures = [
        value
        for report in terminalreporter.stats.get("passed", [])
        + terminalreporter.stats.get("failed", [])
        for name, value in getattr(report, "user_properties", [])
        if name == "figure"
    ]
    if figures:
        terminalreporter.section("figures")
        for figure in figures:
            terminalreporter.write_line(figure)

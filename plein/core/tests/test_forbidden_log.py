"""A 403 is logged as one line, not a traceback (issue 16 §4); a 500 keeps its traceback."""

import logging
import sys

import pytest

from plein.accounts.tests.factories import UserFactory
from plein.core.logging import OneLineForbidden

pytestmark = pytest.mark.django_db


def _formatted(records) -> str:
    formatter = logging.Formatter()
    return "\n".join(formatter.format(record) for record in records)


def test_a_refused_page_is_one_line_in_the_log(client, caplog):
    client.force_login(UserFactory())  # a desk worker: no reports
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/rapportage/")
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    text = _formatted(records)
    assert text == "Forbidden (Permission denied): /rapportage/"
    assert "Traceback" not in text


def test_other_errors_keep_their_traceback():
    try:
        raise ValueError("kapot")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Boom", (), exc_info)
    record.status_code = 500
    assert OneLineForbidden().filter(record)
    assert "Traceback" in _formatted([record])

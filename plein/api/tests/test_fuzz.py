"""The HSDS API under fuzzing (schemathesis): every operation of /api/schema/, up to 300
generated requests each (valid and schema-violating ones), against a library with data. No
answer may be a server error, a schema-valid request may not be refused, a schema-violating
one may not be accepted, and every answer must match the schema the API publishes."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from plein.socialmap.tests import factories as f

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_connection():
    """As Django's test client does: the WSGI app keeps the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _data(db):
    """A library with an organisation and a service, so that lists and filters have rows."""
    service = f.ServiceFactory()
    f.ServiceAtLocationFactory(service=service)


@schema.parametrize()
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_every_generated_request_without_a_server_error(case):
    response = case.call()
    case.validate_response(response)

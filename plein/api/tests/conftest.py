import datetime
import decimal
import json
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.core.cache import cache
from django.utils import timezone
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from plein.socialmap.tests import factories as f


@pytest.fixture(autouse=True)
def _clear_throttle_cache():
    # Throttle counts live in the cache; every test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


def _format_checker() -> jsonschema.FormatChecker:
    """jsonschema's checker, plus uri and date-time checks that need no extra packages."""
    checker = jsonschema.FormatChecker()

    @checker.checks("uri", raises=ValueError)
    def _uri(value) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and (parts.netloc or parts.path))

    @checker.checks("date-time", raises=ValueError)
    def _date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return value.endswith("Z") or "+" in value[10:]

    return checker


@pytest.fixture(scope="session")
def hsds_validate(shared_dir):
    """hsds_validate("service", data) raises jsonschema.ValidationError when data is not HSDS."""
    compiled = shared_dir / "hsds-3.0" / "schema" / "compiled"
    plain = shared_dir / "hsds-3.0" / "schema"
    checker = _format_checker()
    # The plain (not compiled) schemas refer to each other by file name.
    registry = Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in plain.glob("*.json")
    )
    cache_: dict = {}

    def validate(name: str, data) -> None:
        if name not in cache_:
            path = compiled / f"{name}.json"
            if not path.exists():
                path = plain / f"{name}.json"
            schema = json.loads(path.read_text())
            cache_[name] = jsonschema.Draft202012Validator(
                schema, format_checker=checker, registry=registry
            )
        cache_[name].validate(data)

    return validate


@pytest.fixture
def full_service(db):
    """A service with every HSDS part filled, incl. professionals-only contact and phone."""
    org = f.OrganizationFactory(
        email="info@org.example", website="https://org.example", year_incorporated=1990
    )
    program = f.ProgramFactory(organization=org)
    service = f.ServiceFactory(
        organization=org,
        program=program,
        name="Schuldhulpverlening",
        url="https://org.example/schulden",
        email="schulden@org.example",
        minimum_age=18,
        last_modified=timezone.now(),
    )
    f.OrganizationIdentifierFactory(organization=org)
    f.FundingFactory(service=None, organization=org)
    f.ContactFactory(service=None, organization=org, name="Balie")
    location = f.LocationFactory(
        organization=org,
        latitude=decimal.Decimal("52.2593"),
        longitude=decimal.Decimal("6.1596"),
    )
    f.AddressFactory(location=location)
    f.AccessibilityFactory(location=location)
    f.LanguageFactory(service=None, location=location, name="Engels", code="en")
    sal = f.ServiceAtLocationFactory(service=service, location=location)
    f.ScheduleFactory(service=None, service_at_location=sal)
    f.ScheduleFactory(service=service, byday="MO,WE", opens_at=datetime.time(9, 0))
    public_phone = f.PhoneFactory(service=service, number="0570-111 111")
    f.LanguageFactory(service=None, phone=public_phone, name="Turks", code="tr")
    f.PhoneFactory(service=service, number="06-99999999", professionals_only=True)
    f.ContactFactory(service=service, name="Publiek Loket")
    secret = f.ContactFactory(service=service, name="Geheime Consulent", professionals_only=True)
    f.PhoneFactory(service=None, contact=secret, number="06-12345678")
    f.ContactFactory(service=None, service_at_location=sal, name="Locatiebalie")
    f.ServiceAreaFactory(service=service)
    f.LanguageFactory(service=service)
    f.CostOptionFactory(service=service)
    f.FundingFactory(service=service)
    f.RequiredDocumentFactory(service=service)
    f.AttributeFactory(service=service, value="schulden")
    f.MetadataFactory(resource_id=service.id)
    f.MetadataFactory(resource_id=location.id, resource_type="location")
    return service

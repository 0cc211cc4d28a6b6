"""Load Plein's demo (plein/demo/data.py) into the database.

Every object has a fixed identity (a uuid5 of its demo key, or a natural key such as a slug), so
loading twice adds nothing. By default objects that already exist are left alone, so changes made
while trying the demo survive a restart; ``reset=True`` puts the demo's own values back.
"""

import datetime
import importlib
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from plein.accounts.models import Role, User
from plein.core import audit
from plein.core.models import Branch, Library
from plein.demo import audit_actions as actions
from plein.demo import data
from plein.socialmap.agenda.occurrences import is_regular_date
from plein.socialmap.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    ExceptionKind,
    Language,
    Location,
    Neighbourhood,
    Organization,
    Phone,
    PostcodeArea,
    Room,
    Schedule,
    ScheduleException,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyKind,
    TaxonomyTerm,
    Theme,
)

M = TypeVar("M", bound=models.Model)
DEMO_NAMESPACE = uuid.UUID("5e0c2b8a-4f0e-4c7d-9a51-0d3c6f1b2e77")
LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "en": "Engels",
    "ar": "Arabisch",
    "ti": "Tigrinya",
    "uk": "Oekraïens",
}
# Hooks of the social map, called when present: (module, function, takes a library).
HOOKS = [
    ("plein.socialmap.neighbourhoods", "neighbourhoods_link", True),
    ("plein.socialmap.search.synonyms", "synonyms_install_defaults", False),
    ("plein.socialmap.search.index", "search_index_rebuild", True),
    ("plein.questions.services.options", "options_install_defaults", True),
    ("plein.referrals.demo_agreements", "demo_agreements_install", True),
    ("plein.referrals.demo", "demo_referrals_install", True),
    ("plein.demo.roster", "demo_roster_install", True),
    ("plein.demo.cooperation", "demo_cooperation_install", True),
    ("plein.demo.appointments", "demo_appointments_install", True),
    ("plein.demo.activities", "demo_activities_install", True),
]
MISSING_TERM = "The demo uses the term {code!r} of the default {kind} taxonomy, which is missing."


class DemoError(Exception):
    pass


@dataclass
class DemoResult:
    created: Counter = field(default_factory=Counter)
    hooks_run: list[str] = field(default_factory=list)
    hooks_missing: list[str] = field(default_factory=list)

    @property
    def created_total(self) -> int:
        return sum(self.created.values())


def demo_id(*parts: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, ":".join(parts))


def _ordinal(byday: str) -> bool:
    """'1MO' (first Monday) repeats monthly; 'MO' weekly."""
    return byday[0].isdigit() or byday[0] in "+-"


def _time(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


class _Loader:
    def __init__(self, *, reset: bool, today: datetime.date) -> None:
        self.reset = reset
        self.today = today
        self.result = DemoResult()
        self.libraries: dict[str, Library] = {}
        self.neighbourhoods: dict[tuple[str, str], Neighbourhood] = {}
        self.organizations: dict[str, Organization] = {}
        self.locations: dict[str, Location] = {}
        self.services: dict[str, Service] = {}

    def put(self, model: type[M], values: dict, **lookup) -> M:
        """Create the object if missing; with reset, also overwrite it with the demo values."""
        manager = model._default_manager
        if self.reset:
            obj, created = manager.update_or_create(**lookup, defaults=values)
        else:
            obj, created = manager.get_or_create(**lookup, defaults=values)
        if created:
            self.result.created[model._meta.model_name] += 1
        return obj

    def load(self) -> DemoResult:
        self.terms = {
            (term.taxonomy_detail.kind, term.code): term
            for term in TaxonomyTerm.objects.filter(library=None).select_related("taxonomy_detail")
            if term.taxonomy_detail is not None
        }
        for library_data in data.LIBRARIES:
            self.load_library(library_data)
        for neighbourhood in data.NEIGHBOURHOODS:
            self.load_neighbourhood(neighbourhood)
        for organization in data.ORGANIZATIONS:
            self.load_organization(organization)
        for location in data.LOCATIONS:
            self.load_location(location)
        for branch in data.BRANCHES:
            self.put(
                Branch,
                {"name": branch.name, "location": self.locations[branch.location]},
                library=self.libraries[branch.library],
                slug=branch.slug,
            )
        for service in data.SERVICES:
            self.load_service(service)
        self.load_consultation_hours()
        for user in data.USERS:
            self.load_user(user)
        self.run_hooks()
        if self.result.created_total:
            changes = {"created": dict(sorted(self.result.created.items())), "reset": self.reset}
            for library in self.libraries.values():
                audit.log(library, actions.DEMO_LOADED, changes=changes, actor_label="plein demo")
        return self.result

    def load_library(self, item: data.LibraryData) -> None:
        self.libraries[item.key] = self.put(
            Library,
            {
                "name": item.name,
                "municipality": item.municipality,
                "contact_email": item.contact_email,
            },
            slug=item.slug,
        )

    def load_neighbourhood(self, item: data.NeighbourhoodData) -> None:
        library = self.libraries[item.library]
        parent = self.neighbourhoods[(item.library, item.parent)] if item.parent else None
        neighbourhood = self.put(
            Neighbourhood,
            {"kind": item.kind, "cbs_code": item.cbs_code, "parent": parent},
            library=library,
            name=item.name,
        )
        self.neighbourhoods[(item.library, item.name)] = neighbourhood
        for postcode in item.postcodes:
            self.put(
                PostcodeArea, {"neighbourhood": neighbourhood}, library=library, postcode=postcode
            )

    def load_organization(self, item: data.OrganizationData) -> None:
        organization = self.put(
            Organization,
            {
                "library": self.libraries[item.library],
                "name": item.name,
                "description": item.description,
                "email": item.email,
                "website": item.website,
                "is_partner": item.is_partner,
                "referral_email": item.referral_email,
                "offers_callback": item.offers_callback,
            },
            id=demo_id("organization", item.key),
        )
        self.organizations[item.key] = organization
        if item.phone:
            self.put(
                Phone,
                {"organization": organization, "number": item.phone, "type": "voice"},
                id=demo_id("organization-phone", item.key),
            )

    def neighbourhood_for(self, library_key: str, postcode: str) -> Neighbourhood | None:
        compact = postcode.replace(" ", "").upper()
        for item in data.NEIGHBOURHOODS:
            if item.library == library_key and compact in item.postcodes:
                return self.neighbourhoods[(library_key, item.name)]
        for item in data.NEIGHBOURHOODS:
            if item.library == library_key and compact[:4] in item.postcodes:
                return self.neighbourhoods[(library_key, item.name)]
        return None

    def load_location(self, item: data.LocationData) -> None:
        location = self.put(
            Location,
            {
                "library": self.libraries[item.library],
                "organization": self.organizations[item.organization],
                "name": item.name,
                "description": item.description,
                "transportation": item.transportation,
                "latitude": item.latitude,
                "longitude": item.longitude,
                "neighbourhood": self.neighbourhood_for(item.library, item.postcode),
            },
            id=demo_id("location", item.key),
        )
        self.locations[item.key] = location
        self.put(
            Address,
            {
                "location": location,
                "address_1": item.street,
                "postal_code": item.postcode,
                "city": item.city,
                "state_province": "Gelderland",
                "country": "NL",
            },
            id=demo_id("address", item.key),
        )
        if item.accessibility:
            self.put(
                Accessibility,
                {"location": location, "description": item.accessibility},
                id=demo_id("accessibility", item.key),
            )
        for byday, opens_at, closes_at in item.hours:
            self.put(
                Schedule,
                {
                    "location": location,
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": byday,
                    "opens_at": _time(opens_at),
                    "closes_at": _time(closes_at),
                    "description": "Openingstijden",
                },
                id=demo_id("location-hours", item.key, byday),
            )

    def term(self, kind: str, code: str) -> TaxonomyTerm:
        try:
            return self.terms[(kind, code)]
        except KeyError:
            raise DemoError(MISSING_TERM.format(code=code, kind=kind)) from None

    def load_service(self, item: data.ServiceData) -> None:
        library = self.libraries[item.library]
        assured = (
            None
            if item.assured_days_ago is None
            else self.today - datetime.timedelta(days=item.assured_days_ago)
        )
        modified_day = assured or self.today - datetime.timedelta(days=400)
        service = self.put(
            Service,
            {
                "library": library,
                "organization": self.organizations[item.organization],
                "name": item.name,
                "description": item.description,
                "eligibility_description": item.eligibility,
                "application_process": item.application,
                "fees_description": item.fees,
                "url": item.url,
                "email": item.email,
                "minimum_age": item.minimum_age,
                "maximum_age": item.maximum_age,
                "status": item.status,
                "alert": item.alert,
                "assured_date": assured,
                "last_modified": timezone.make_aware(
                    datetime.datetime.combine(modified_day, datetime.time(9, 0))
                ),
            },
            id=demo_id("service", item.key),
        )
        self.services[item.key] = service
        consulted = {c.location for c in data.CONSULTATIONS if c.service == item.key}
        # Consultation hours create their own link to a branch, with its description.
        for location_key in item.locations:
            if location_key not in consulted:
                self.service_at_location(item.key, location_key, "")
        self.load_service_details(item, service, library)

    def load_service_details(self, item: data.ServiceData, service: Service, library) -> None:
        if item.phone:
            self.put(
                Phone,
                {"service": service, "number": item.phone, "type": "voice"},
                id=demo_id("service-phone", item.key),
            )
        if item.professional_phone:
            self.put(
                Phone,
                {
                    "service": service,
                    "number": item.professional_phone,
                    "type": "voice",
                    "description": "Voor professionals die willen doorverwijzen.",
                    "professionals_only": True,
                },
                id=demo_id("service-phone-professionals", item.key),
            )
        for index, contact_item in enumerate(item.contacts):
            self.load_contact(item.key, index, service, contact_item)
        for code in item.languages:
            self.put(
                Language,
                {"service": service, "code": code, "name": LANGUAGE_NAMES[code]},
                id=demo_id("language", item.key, code),
            )
        for byday, opens_at, closes_at, description in item.hours:
            self.put(
                Schedule,
                {
                    "service": service,
                    "freq": "MONTHLY" if _ordinal(byday) else "WEEKLY",
                    "wkst": "MO",
                    "byday": byday,
                    "opens_at": _time(opens_at),
                    "closes_at": _time(closes_at),
                    "description": description,
                },
                id=demo_id("service-hours", item.key, byday),
            )
        for kind, codes in (
            (TaxonomyKind.TOPIC, item.topics),
            (TaxonomyKind.LIFE_DOMAIN, item.life_domains),
        ):
            for code in codes:
                self.put(
                    Attribute,
                    {
                        "library": library,
                        "link_id": service.id,
                        "link_entity": "service",
                        "link_type": kind.value,
                        "taxonomy_term": self.term(kind.value, code),
                    },
                    id=demo_id("attribute", item.key, kind.value, code),
                )
        self.load_service_area(item, service)

    def load_contact(self, key: str, index: int, service: Service, item: data.ContactData):
        contact = self.put(
            Contact,
            {
                "service": service,
                "name": item.name,
                "title": item.title,
                "email": item.email,
                "professionals_only": item.professionals_only,
            },
            id=demo_id("contact", key, str(index)),
        )
        if item.phone:
            self.put(
                Phone,
                {
                    "contact": contact,
                    "number": item.phone,
                    "type": "voice",
                    "professionals_only": item.professionals_only,
                },
                id=demo_id("contact-phone", key, str(index)),
            )

    def load_service_area(self, item: data.ServiceData, service: Service) -> None:
        library = self.libraries[item.library]
        if item.area == (data.ALL,):
            name = f"Gemeente {library.municipality}"
            neighbourhoods = [
                n for (lib, _), n in self.neighbourhoods.items() if lib == item.library
            ]
        else:
            name = ", ".join(item.area)
            neighbourhoods = [self.neighbourhoods[(item.library, area)] for area in item.area]
        area = self.put(
            ServiceArea,
            {"service": service, "name": name, "extent_type": ""},
            id=demo_id("service-area", item.key),
        )
        # Adding is idempotent; a coordinator's extra links are kept.
        area.neighbourhoods.add(*neighbourhoods)

    def service_at_location(self, service_key: str, location_key: str, description: str):
        values = {
            "service": self.services[service_key],
            "location": self.locations[location_key],
            "description": description,
        }
        return self.put(
            ServiceAtLocation, values, id=demo_id("service-at-location", service_key, location_key)
        )

    def load_consultation_hours(self) -> None:
        """Rooms and themes of the branches, the partners' hours in them, and this week's
        changes (a cancelled, a moved and an extra date)."""
        for room in data.ROOMS:
            self.load_room(room)
        for theme in data.THEMES:
            self.load_theme(theme)
        for consultation in data.CONSULTATIONS:
            self.load_consultation(consultation)
        for change in data.CONSULTATION_CHANGES:
            self.load_consultation_change(change)

    def branch_of_location(self, location_key: str) -> Branch:
        branch = next(b for b in data.BRANCHES if b.location == location_key)
        return Branch.objects.get(library=self.libraries[branch.library], slug=branch.slug)

    def branch_by_slug(self, slug: str) -> Branch:
        branch = next(b for b in data.BRANCHES if b.slug == slug)
        return Branch.objects.get(library=self.libraries[branch.library], slug=slug)

    def load_room(self, item: data.RoomData) -> None:
        branch = self.branch_by_slug(item.branch)
        values = {"library": branch.library, "floor": item.floor, "route": item.route}
        self.put(Room, values, branch=branch, name=item.name)

    def load_theme(self, item: data.ThemeData) -> None:
        branch = self.branch_by_slug(item.branch)
        values = {
            "library": branch.library,
            "starts_at": _time(item.starts_at),
            "ends_at": _time(item.ends_at),
            "description": item.description,
        }
        self.put(Theme, values, branch=branch, name=item.name, weekday=item.weekday)

    def load_consultation(self, item: data.ConsultationData) -> None:
        link = self.service_at_location(item.service, item.location, item.description)
        branch = self.branch_of_location(item.location)
        self.put(
            Schedule,
            {
                "service_at_location": link,
                "freq": "MONTHLY" if _ordinal(item.byday) else "WEEKLY",
                "interval": item.interval,
                "wkst": "MO",
                "byday": item.byday,
                # The first Tuesday of 2026: the weeks an every-other-week hour counts from.
                "dtstart": datetime.date(2026, 1, 6),
                "opens_at": _time(item.opens_at),
                "closes_at": _time(item.closes_at),
                "description": item.description,
                "attending_type": "in_person",
                "room": Room.objects.get(branch=branch, name=item.room) if item.room else None,
                "theme": Theme.objects.get(branch=branch, name=item.theme) if item.theme else None,
                "by_appointment": bool(item.appointment_info),
                "appointment_info": item.appointment_info,
                "languages": item.languages,
            },
            id=demo_id("consultation-hours", item.service, item.location, item.byday),
        )

    def load_consultation_change(self, item: data.ChangeData) -> None:
        schedule = Schedule.objects.get(
            id=demo_id("consultation-hours", item.service, item.location, item.byday)
        )
        monday = self.today - datetime.timedelta(days=self.today.weekday())
        day = self.today if item.from_day is None else monday + datetime.timedelta(item.from_day)
        while not is_regular_date(schedule, day):
            day += datetime.timedelta(days=1)
        shifted = day + datetime.timedelta(days=item.shift_days)
        values = {
            "kind": item.kind,
            "new_date": shifted if item.kind == ExceptionKind.MOVED else None,
            "opens_at": _time(item.opens_at) if item.opens_at else None,
            "closes_at": _time(item.closes_at) if item.closes_at else None,
            "reason": item.reason,
        }
        date = shifted if item.kind == ExceptionKind.EXTRA else day
        self.put(ScheduleException, values, schedule=schedule, date=date)

    def load_user(self, item: data.UserData) -> None:
        administrator = item.role == Role.ADMINISTRATOR
        exists = User.objects.filter(username=item.username).exists()
        user = self.put(
            User,
            {
                "role": item.role,
                "first_name": item.first_name,
                "last_name": item.last_name,
                "email": f"{item.username}@demo.plein.example",
                "library": self.libraries[item.library] if item.library else None,
                "organization": self.organizations[item.organization]
                if item.organization
                else None,
                "is_staff": administrator,
                "is_superuser": administrator,
                "is_active": True,
            },
            username=item.username,
        )
        # A password someone chose while trying the demo is kept, unless the demo is reset.
        if self.reset or not exists:
            user.password = self.password_hash()
            user.save(update_fields=["password"])
        user.funded_libraries.add(*(self.libraries[key] for key in item.funded_libraries))

    def password_hash(self) -> str:
        # Hashing is slow on purpose; every demo user has the same (public) password anyway.
        if not hasattr(self, "_password_hash"):
            self._password_hash = make_password(data.PASSWORD)
        return self._password_hash

    def run_hooks(self) -> None:
        for module_name, function_name, per_library in HOOKS:
            try:
                function = getattr(importlib.import_module(module_name), function_name)
            except (ImportError, AttributeError):
                self.result.hooks_missing.append(f"{module_name}.{function_name}")
                continue
            if per_library:
                for library in self.libraries.values():
                    function(library=library)
            else:
                function()
            self.result.hooks_run.append(f"{module_name}.{function_name}")


def demo_load(*, reset: bool = False, today: datetime.date | None = None) -> DemoResult:
    """Load the demo; all or nothing. Returns what was created and which hooks ran."""
    with transaction.atomic():
        return _Loader(reset=reset, today=today or timezone.localdate()).load()


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(username, password, role, works for) of every demo user, for printing."""
    rows = []
    for item in data.USERS:
        works_for = item.library or item.organization or ", ".join(item.funded_libraries)
        names = {lib.key: lib.name for lib in data.LIBRARIES}
        names |= {org.key: org.name for org in data.ORGANIZATIONS}
        label = names.get(works_for, works_for) or "-"
        rows.append((item.username, data.PASSWORD, str(Role(item.role).label), label))
    return rows

"""The attacker's walk: every URL of Plein, as every role of the other library, against the demo.

The victim is Bibliotheek Beekveld with the demo's referrals and a registration; the attackers
are the users of Bibliotheek Zandhoven (desk, coordinator, a partner, a funder), a partner of
another Beekveld organisation, and anonymous visitors. Every URL is filled with the victim's own
ids (a signed link with a token of the wrong kind or a forged one) and requested with GET and an
empty POST, plus the victim library's id in the query string. Nothing may answer with a server
error, show the victim's contact data, referral ids or registration note, or change any of the
victim's rows. A URL added to Plein without an entry in FILL fails the walk.
"""

import hashlib
from typing import Any, TypeVar

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import signing
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from plein.accounts import totp
from plein.accounts.models import Invitation, Role, User
from plein.accounts.tests.factories import UserFactory
from plein.activities import signing as activity_signing
from plein.activities.models import SignUp
from plein.appointments.models import Booking
from plein.cooperation.models import Assessment
from plein.cooperation.models import Response as AssessmentResponse
from plein.core.models import Branch, Library
from plein.demo import data as demo_data
from plein.demo.load import demo_load
from plein.questions.models import Topic, TopicTile
from plein.questions.tests.factories import RegistrationFactory, VisitFactory
from plein.referrals import signing as referral_signing
from plein.referrals.models import Referral
from plein.schedule.models import Display, Shift, ShiftChange
from plein.socialmap import services as socialmap_services
from plein.socialmap.models import (
    Location,
    Organization,
    Room,
    Schedule,
    ScheduleException,
    Service,
    ServiceAtLocation,
    Theme,
)

pytestmark = pytest.mark.django_db

NOTE = "Walk-notitie van de balie in Beekveld"
ATTACKERS = [
    "anonymous",
    "other_desk",
    "other_coordinator",
    "other_partner",
    "other_funder",
    "neighbour_partner",
]
# The query string of every request also names the victim library, under every name a view reads.
M = TypeVar("M", bound=models.Model)
VICTIM_QUERY = "?library={id}&bibliotheek={id}&libraries={id}&page=1"


def _url_patterns(patterns=None, prefix="", namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
            yield from _url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and not (prefix + str(pattern.pattern)).startswith(
            "admin/"
        ):
            yield ":".join(n for n in (namespace, pattern.name or "") if n), pattern


def url_names() -> list[str]:
    return sorted({name for name, _pattern in _url_patterns()})


def _first(queryset: QuerySet[M]) -> M:
    found = queryset.first()
    assert found is not None, f"the demo has no {queryset.model.__name__} for this walk"
    return found


class Victim:
    """The Beekveld objects an attacker aims at, loaded from the demo."""

    def __init__(self) -> None:
        self.library = Library.objects.get(slug=demo_data.LIBRARIES[0].slug)
        library = self.library
        self.referral: Referral = _first(
            Referral.objects.filter(library=library, purged_at__isnull=True).exclude(phone="")
        )
        self.organization = self.referral.organization
        self.service: Service = _first(Service.objects.filter(organization__library=library))
        self.location: Location = _first(Location.objects.filter(organization__library=library))
        self.service_at_location: ServiceAtLocation = _first(
            ServiceAtLocation.objects.filter(service__organization__library=library)
        )
        self.schedule: Schedule = _first(
            Schedule.objects.filter(
                Q(service_at_location__service__organization__library=library)
                | Q(location__organization__library=library)
            )
        )
        branch = _first(Branch.objects.filter(library=library))
        self.branch = branch
        self.shift: Shift = _first(Shift.objects.filter(library=library))
        self.shift_change: ShiftChange = _first(ShiftChange.objects.filter(shift__library=library))
        self.display: Display = _first(Display.objects.filter(library=library))
        self.room: Room = _first(Room.objects.filter(library=library, schedules__isnull=False))
        self.theme: Theme = _first(Theme.objects.filter(library=library))
        self.exception: ScheduleException = _first(
            ScheduleException.objects.filter(schedule__room__library=library)
        )
        self.consultation_hour = self.exception.schedule
        self.registration: Any = RegistrationFactory(visit=VisitFactory(branch=branch), note=NOTE)
        self.topic: Topic = _first(Topic.objects.filter(library=library))
        self.tile: TopicTile = _first(TopicTile.objects.filter(branch__library=library))
        self.user: User = _first(User.objects.filter(library=library, role=Role.DESK))
        self.booking: Booking = _first(Booking.objects.filter(library=library))
        self.signup: SignUp = _first(SignUp.objects.filter(library=library).exclude(phone=""))
        self.invitation = Invitation.objects.create(
            email="uitgenodigd@beekveld.test", role=Role.DESK, library=library
        )
        # The open round of the network self-assessment (the remind button changes it).
        self.assessment: Assessment = _first(
            Assessment.objects.filter(library=library, closes_on__gte=timezone.localdate())
        )

    def secrets(self, attacker: User | None) -> list[str]:
        """What the attacker must not see: registrations, and referrals not sent to him."""
        referrals = Referral.objects.filter(library=self.library)
        if attacker is not None and attacker.organization_id:
            referrals = referrals.exclude(organization_id=attacker.organization_id)
        values = [NOTE]
        # The partners' comments in the self-assessment are for their library's coordinator.
        values += AssessmentResponse.objects.filter(assessment__library=self.library).values_list(
            "comment", flat=True
        )
        for referral in referrals:
            values += [str(referral.pk), referral.first_name, referral.phone, referral.email]
        bookings = Booking.objects.filter(library=self.library)
        if attacker is not None and attacker.organization_id:
            bookings = bookings.exclude(organization_id=attacker.organization_id)
        for booking in bookings:
            values += [str(booking.pk), booking.name, booking.phone, booking.email]
        for signup in SignUp.objects.filter(library=self.library):
            values += [str(signup.pk), signup.name, signup.phone, signup.email]
        return [value for value in values if value and len(value) >= 5]

    def state(self) -> str:
        """A fingerprint of every row the victim library owns (through its `library` field)."""
        digest = hashlib.sha256()
        for model in apps.get_models():
            field = next((f for f in model._meta.fields if f.name == "library"), None)
            if field is None or field.related_model is not Library:
                continue
            rows = model._default_manager.filter(library=self.library).order_by("pk")
            digest.update(repr(list(rows.values_list())).encode())
        digest.update(repr(list(Service.objects.order_by("pk").values_list())).encode())
        # Hours and their exceptions belong to the library through their service, a partner's
        # answers in the self-assessment through their round.
        for model in (Schedule, ScheduleException, AssessmentResponse):
            digest.update(repr(list(model.objects.order_by("pk").values_list())).encode())
        return digest.hexdigest()


def _forged(kind: str) -> str:
    return signing.dumps({"forged": kind}, salt="not-plein")


def fill(name: str, victim: Victim) -> dict[str, Any]:
    """The URL's arguments, aimed at the victim; tokens are of the wrong kind or forged."""
    option_pk = victim.topic.pk
    fills: dict[str, dict[str, Any]] = {
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "socialmap:search": {"library_slug": victim.library.slug},
        "socialmap:search_suggest": {"library_slug": victim.library.slug},
        "socialmap:service_detail": {"library_slug": victim.library.slug, "pk": victim.service.pk},
        "socialmap:organization_detail": {
            "library_slug": victim.library.slug,
            "pk": victim.organization.pk,
        },
        "socialmap:service_edit": {"pk": victim.service.pk},
        "socialmap:service_confirm": {"pk": victim.service.pk},
        "socialmap:schedule_add_service": {"pk": victim.service.pk},
        "socialmap:location_edit": {"pk": victim.location.pk},
        "socialmap:schedule_add_location": {"pk": victim.location.pk},
        "socialmap:schedule_add_service_at_location": {"pk": victim.service_at_location.pk},
        "socialmap:schedule_edit": {"pk": victim.schedule.pk},
        "socialmap:schedule_delete": {"pk": victim.schedule.pk},
        "socialmap:consultation_add": {"pk": victim.service.pk},
        "socialmap:consultation_edit": {"pk": victim.consultation_hour.pk},
        "socialmap:consultation_dates": {"pk": victim.consultation_hour.pk},
        "socialmap:consultation_cancel": {"pk": victim.consultation_hour.pk},
        "socialmap:exception_remove": {"pk": victim.exception.pk},
        "socialmap:room_edit": {"pk": victim.room.pk},
        "socialmap:room_delete": {"pk": victim.room.pk},
        "socialmap:theme_edit": {"pk": victim.theme.pk},
        "socialmap:theme_delete": {"pk": victim.theme.pk},
        "socialmap:agenda": {
            "library_slug": victim.library.slug,
            "branch_slug": victim.room.branch.slug,
        },
        "socialmap:agenda_folder": {
            "library_slug": victim.library.slug,
            "branch_slug": victim.room.branch.slug,
        },
        "socialmap:agenda_feed_branch": {
            "library_slug": victim.library.slug,
            "branch_slug": victim.room.branch.slug,
            "fmt": "ics",
        },
        "socialmap:agenda_feed_room": {
            "library_slug": victim.library.slug,
            "branch_slug": victim.room.branch.slug,
            "room_pk": victim.room.pk,
            "fmt": "json",
        },
        "socialmap:agenda_feed_theme": {
            "library_slug": victim.library.slug,
            "branch_slug": victim.theme.branch.slug,
            "theme_pk": victim.theme.pk,
            "fmt": "ics",
        },
        "socialmap:agenda_feed_service": {
            "library_slug": victim.library.slug,
            "pk": victim.service.pk,
            "fmt": "json",
        },
        # A referral's acknowledgement token where a reminder token belongs.
        "socialmap:confirm_link": {
            "token": referral_signing.ack_token_make(referral=victim.referral)
        },
        "questions:desk_undo": {"pk": victim.registration.visit_id},
        "questions:desk_edit": {"pk": victim.registration.pk},
        "questions:desk_delete": {"pk": victim.registration.pk},
        "questions:manage_tile_move": {"pk": victim.tile.pk},
        "questions:manage_tile_remove": {"pk": victim.tile.pk},
        "questions:manage_list": {"slug": "onderwerpen"},
        "questions:manage_option_edit": {"slug": "onderwerpen", "pk": option_pk},
        "questions:manage_option_archive": {"slug": "onderwerpen", "pk": option_pk},
        "questions:manage_option_restore": {"slug": "onderwerpen", "pk": option_pk},
        "questions:manage_option_move": {"slug": "onderwerpen", "pk": option_pk},
        "reports:export": {"table": "onderwerpen", "fmt": "csv"},
        "reports:referrals_export": {"table": "status", "fmt": "csv"},
        "reports:activities_export": {"table": "activities", "fmt": "csv"},
        "referrals:callback": {"library_slug": victim.library.slug, "pk": victim.service.pk},
        # A reminder token (for an organisation) where a referral's token belongs.
        "referrals:acknowledge": {
            "token": socialmap_services.reminder_token_make(organization=victim.organization)
        },
        "referrals:callback_done": {"token": _forged("callback_done")},
        # An acknowledgement token where an organisation's claim token belongs.
        "referrals:inbox_claim": {
            "token": referral_signing.ack_token_make(referral=victim.referral)
        },
        "referrals:withdraw": {"token": _forged("withdraw")},
        "schedule:shift_edit": {"pk": victim.shift.pk},
        "schedule:shift_stop": {"pk": victim.shift.pk},
        "schedule:shift_change": {"pk": victim.shift.pk},
        "schedule:change_remove": {"pk": victim.shift_change.pk},
        "schedule:presence_rule": {"pk": victim.branch.pk},
        "schedule:display_edit": {"pk": victim.display.pk},
        "schedule:display_new_link": {"pk": victim.display.pk},
        "schedule:display": {"token": _forged("display")},
        "schedule:display_data": {"token": _forged("display")},
        # An acknowledgement token where an invitation's token belongs.
        "accounts:invitation_accept": {
            "token": referral_signing.ack_token_make(referral=victim.referral)
        },
        "accounts:person_active": {"pk": victim.user.pk},
        "accounts:invitation_revoke": {"pk": victim.invitation.pk},
        "referrals:agreement_edit": {"pk": victim.organization.pk},
        "cooperation:detail": {"pk": victim.assessment.pk},
        "cooperation:remind": {"pk": victim.assessment.pk},
        # An acknowledgement token where a self-assessment link belongs.
        "cooperation:answer": {"token": referral_signing.ack_token_make(referral=victim.referral)},
        "directory:partner": {"pk": victim.organization.pk},
        "referrals:transfer": {"pk": victim.organization.pk},
        "appointments:hour_edit": {"pk": victim.booking.hour.schedule_id},
        "appointments:slip": {"pk": victim.booking.pk},
        "appointments:mark": {"pk": victim.booking.pk},
        "appointments:cancel": {"pk": victim.booking.pk},
        "appointments:referral_book": {"pk": victim.referral.pk},
        # A referral's acknowledgement token where a booking's token belongs.
        "appointments:manage": {"token": referral_signing.ack_token_make(referral=victim.referral)},
        "appointments:public_hours": {"library_slug": victim.library.slug},
        "appointments:public_book": {
            "library_slug": victim.library.slug,
            "hour_pk": victim.booking.hour_id,
        },
        "activities:edit": {"pk": victim.signup.occurrence.activity_id},
        "activities:cancel": {"pk": victim.signup.occurrence.activity_id},
        "activities:occurrence_add": {"pk": victim.signup.occurrence.activity_id},
        "activities:occurrence_cancel": {"pk": victim.signup.occurrence_id},
        "activities:occurrence": {"pk": victim.signup.occurrence_id},
        "activities:attendance": {"pk": victim.signup.occurrence_id},
        "activities:signup_cancel": {"pk": victim.signup.pk},
        "activities:offer_accept": {"pk": victim.signup.pk},
        "activities:slip": {"pk": victim.signup.pk},
        "activities:public_list": {"library_slug": victim.library.slug},
        "activities:public": {
            "library_slug": victim.library.slug,
            "pk": victim.signup.occurrence_id,
        },
        # A cancel token where a confirm token belongs, and a forged one.
        "activities:confirm_link": {
            "token": activity_signing.token_make(
                signup=victim.signup, salt=activity_signing.CANCEL_SALT
            )
        },
        "activities:cancel_link": {"token": _forged("activity_cancel")},
        # A cancel token where an evaluation token belongs.
        "activities:evaluation_link": {
            "token": activity_signing.token_make(
                signup=victim.signup, salt=activity_signing.CANCEL_SALT
            )
        },
        "api:hsds-service": {"id": str(victim.service.pk)},
        "api:hsds-organization": {"id": str(victim.organization.pk)},
        "api:hsds-service-at-location": {"id": str(victim.service_at_location.pk)},
        "api:hsds-location": {"id": str(victim.location.pk)},
        "api:hsds-taxonomy": {"id": "onbekend"},
        "api:hsds-taxonomy-term": {"id": "onbekend"},
        "api:hsds-unknown": {"rest": "../referrals"},
    }
    for manage_url in (
        "manage_organization",
        "manage_organization_archive",
        "manage_service_new",
        "manage_organization_invite",
    ):
        fills[f"socialmap:{manage_url}"] = {"pk": victim.organization.pk}
    for referral_url in (
        "desk_detail",
        "desk_transition",
        "desk_withdraw_consent",
        "desk_refer_again",
        "card",
        "partner_detail",
        "partner_transition",
        "coordinator_access",
    ):
        fills[f"referrals:{referral_url}"] = {"pk": victim.referral.pk}
    return fills.get(name, {})


def attackers(victim: Victim) -> dict[str, Any]:
    other = Library.objects.exclude(pk=victim.library.pk).get()
    other_organization = _first(Organization.objects.filter(library=other))
    # A partner of neither the victim's referral nor the victim's booking.
    neighbour = _first(
        Organization.objects.filter(library=victim.library, is_partner=True).exclude(
            pk__in=[victim.organization.pk, victim.booking.organization_id]
        )
    )
    funder: Any = UserFactory(funder=True)
    funder.funded_libraries.add(other)
    return {
        "anonymous": None,
        "other_desk": User.objects.get(username="balie-zandhoven"),
        "other_coordinator": UserFactory(coordinator=True, library=other),
        "other_partner": UserFactory(partner=True, organization=other_organization),
        "other_funder": funder,
        "neighbour_partner": UserFactory(partner=True, organization=neighbour),
    }


def sign_in(client, user) -> None:
    """Logged in and past the second factor, so that only permissions stand in the way."""
    if user is None:
        return
    client.force_login(user)
    session = client.session
    session[totp.SESSION_KEY] = timezone.now().timestamp()
    session.save()


def test_every_url_with_arguments_is_filled():
    needs_arguments = {
        name for name, pattern in _url_patterns() if getattr(pattern.pattern, "converters", {})
    }
    demo_load()
    victim = Victim()
    assert sorted(name for name in needs_arguments if not fill(name, victim)) == []


@pytest.mark.parametrize("role", ATTACKERS)
def test_the_other_library_reaches_nothing_of_the_victim(client, role):
    demo_load()
    victim = Victim()
    user = attackers(victim)[role]
    sign_in(client, user)
    secrets = victim.secrets(user)
    before = victim.state()
    problems = []
    for name in url_names():
        url = reverse(name, kwargs=fill(name, victim)) + VICTIM_QUERY.format(id=victim.library.pk)
        for method in ("get", "post"):
            response = getattr(client, method)(url, {} if method == "post" else None)
            if response.status_code >= 500:
                problems.append(f"{method.upper()} {name}: {response.status_code}")
                continue
            content = b"".join(response) if response.streaming else response.content
            text = content.decode("utf-8", errors="replace")
            shown = [secret for secret in secrets if secret in text and secret not in url]
            if shown:
                problems.append(f"{method.upper()} {name}: shows {shown}")
            if method == "post" and victim.state() != before:
                problems.append(f"POST {name}: changed the victim's data")
                before = victim.state()
        sign_in(client, user)  # a logout or a password form may have ended the session
    assert problems == []


ADMIN_ROLES = [role for role in ATTACKERS if role != "anonymous"]


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_no_role_but_the_administrator_opens_the_admin(client, role):
    demo_load()
    victim = Victim()
    sign_in(client, attackers(victim)[role])
    problems = []
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls = [reverse("admin:{}_{}_changelist".format(*info))]
        instance = model._default_manager.first()
        if isinstance(instance, models.Model):
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[instance.pk]))
        for url in urls:
            response = client.get(url)
            if response.status_code not in (302, 403, 404):
                problems.append(f"{url}: {response.status_code}")
    assert problems == []

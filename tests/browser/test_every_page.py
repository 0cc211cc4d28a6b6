"""Every page of every role on a 320 px phone: no sideways scrolling (WCAG 1.4.10 Reflow), no
interactive target under 24 by 24 px (WCAG 2.2, 2.5.8), and axe finds nothing.

The list of pages comes from the URLconf: every named URL is either visited here (PAGES) or
skipped with its reason (NOT_PAGES: endpoints that answer no HTML page a person reads). A new
page that is in neither fails `test_every_named_url_is_visited_or_skipped_with_a_reason`, and
each skip is checked to be true (a GET is refused, or answers no HTML).
"""

import datetime
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Page

from plein.accounts import totp
from plein.accounts.models import Invitation, Role, TOTPDevice, User
from plein.accounts.services import invitation_token_make
from plein.accounts.tests.factories import UserFactory
from plein.activities import services as activity_services
from plein.activities import signing as activity_signing
from plein.activities.models import Occurrence, SignUp
from plein.activities.models import Status as SignUpStatus
from plein.appointments.models import Booking
from plein.appointments.signing import manage_token_make
from plein.cooperation.models import Assessment
from plein.cooperation.signing import token_make as assessment_token_make
from plein.core.models import Branch, Library
from plein.demo.load import demo_load
from plein.questions.models import Channel, Outcome, Topic
from plein.questions.services.registration import QuestionInput, VisitInput, visit_register
from plein.referrals.models import Referral, Status
from plein.referrals.services.callback import withdrawal_token_make
from plein.referrals.services.desk import REFER_AGAIN_STATUSES
from plein.referrals.signing import ack_token_make, claim_token_make
from plein.schedule.displays import display_path, display_token
from plein.schedule.models import Display, Shift
from plein.socialmap.models import (
    Organization,
    Room,
    Schedule,
    Service,
    ServiceAtLocation,
    Theme,
)
from plein.socialmap.services import reminder_token_make
from plein.socialmap.tests.factories import ConsultationHourFactory, RoomFactory, ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 640}
TARGET_SIZE = 24
ROLES = ("balie", "coordinator", "partner", "partner-raadslieden", "financier", "beheerder")

# Endpoints that are no page: each is checked below to refuse a GET (405) or answer no HTML.
POST_ONLY = "only takes a POST (a form's action); the page it leads to is visited"
REDIRECT = "sets the language and sends the browser back to the page it came from"
NOT_HTML = "answers no HTML page (data, a file or a fragment for the desk's script)"
NOT_PAGES: dict[str, str] = {
    "core:health": NOT_HTML,
    "accounts:logout": POST_ONLY,
    "accounts:two_factor_reset": POST_ONLY,
    "questions:desk_repeat": POST_ONLY,
    "questions:desk_device": POST_ONLY,
    "questions:desk_undo": POST_ONLY,
    "questions:desk_csrf": NOT_HTML,
    "questions:manage_tile_move": POST_ONLY,
    "questions:manage_tile_remove": POST_ONLY,
    "questions:manage_option_archive": POST_ONLY,
    "questions:manage_option_restore": POST_ONLY,
    "questions:manage_option_move": POST_ONLY,
    "socialmap:service_confirm": POST_ONLY,
    "socialmap:schedule_delete": POST_ONLY,
    "referrals:desk_transition": POST_ONLY,
    "referrals:desk_withdraw_consent": POST_ONLY,
    "referrals:partner_transition": POST_ONLY,
    "reports:export": NOT_HTML,
    "reports:referrals_export": NOT_HTML,
    "reports:activities_export": NOT_HTML,
    "set_language": REDIRECT,
    "start": REDIRECT,
    "core:favicon": NOT_HTML,
    "accounts:person_active": POST_ONLY,
    "accounts:invitation_revoke": POST_ONLY,
    "schedule:change_remove": POST_ONLY,
    "schedule:display_new_link": POST_ONLY,
    "schedule:display_data": NOT_HTML,
    "socialmap:agenda_feed_branch": NOT_HTML,
    "socialmap:agenda_feed_room": NOT_HTML,
    "socialmap:agenda_feed_theme": NOT_HTML,
    "socialmap:agenda_feed_service": NOT_HTML,
    "socialmap:consultation_cancel": POST_ONLY,
    "socialmap:exception_remove": POST_ONLY,
    "socialmap:room_delete": POST_ONLY,
    "socialmap:theme_delete": POST_ONLY,
    "socialmap:manage_organization_archive": POST_ONLY,
    "socialmap:manage_service_new": POST_ONLY,
    "socialmap:manage_organization_invite": POST_ONLY,
    "cooperation:remind": POST_ONLY,
    "socialmap:directory_digest_send": POST_ONLY,
    "appointments:mark": POST_ONLY,
    "appointments:cancel": POST_ONLY,
    "activities:cancel": POST_ONLY,
    "activities:occurrence_add": POST_ONLY,
    "activities:occurrence_cancel": POST_ONLY,
    "activities:signup_cancel": POST_ONLY,
    "activities:offer_accept": POST_ONLY,
}
# Whole namespaces that are no page of Plein's own: the JSON API, and Django's admin (its layout
# and controls are Django's; its words, where they are Plein's, are tested in the apps).
NOT_PAGE_NAMESPACES = {"api": "the JSON API (HSDS and OpenAPI schema)", "admin": "Django's admin"}
# The desk's today list is an HTML fragment that the desk page includes and refreshes.
FRAGMENTS = {"questions:desk_today", "socialmap:search_suggest"}


def url_names() -> Iterator[str]:
    def walk(patterns, namespace: list[str]) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = [*namespace, pattern.namespace] if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield ":".join([*namespace, pattern.name])

    yield from walk(get_resolver().url_patterns, [])


def is_skipped(name: str) -> bool:
    return name in NOT_PAGES or name.split(":")[0] in NOT_PAGE_NAMESPACES


@dataclass
class Demo:
    """The demo's objects that page addresses need, found after demo_load()."""

    users: dict[str, User]
    library: Library
    partner_org: Organization
    service: Service
    schedule: Schedule
    service_at_location: ServiceAtLocation
    referral: Referral
    registration_pk: int
    objects: dict[str, Organization] = field(default_factory=dict)


def demo_with_a_morning_at_the_desk() -> Demo:
    demo_load()
    users = {user.username: user for user in User.objects.all()}
    desk_worker = users["balie"]
    library = desk_worker.library
    assert library is not None
    branch = Branch.objects.filter(library=library).order_by("pk").first()
    channel = Channel.objects.filter(library=library).order_by("pk").first()
    assert branch is not None and channel is not None
    topics = list(Topic.objects.filter(library=library).order_by("pk")[:3])
    outcome = Outcome.objects.filter(library=library, kind="referred").first()
    registration_pk = 0
    for index, topic in enumerate(topics):
        visit, _created = visit_register(
            data=VisitInput(
                branch=branch,
                channel=channel,
                started_at=timezone.now() - datetime.timedelta(minutes=10 * (index + 1)),
                questions=[QuestionInput(topics=[topic], outcome=outcome)],
            ),
            user=desk_worker,
        )
        registration_pk = visit.registrations.first().pk  # type: ignore[union-attr]
    partner_org = users["partner"].organization
    assert partner_org is not None
    # The demo has no organisation that offers "Bel mij terug" (yet): the partner offers it here.
    Organization.objects.filter(pk=partner_org.pk).update(offers_callback=True)
    service = Service.objects.filter(organization=partner_org).order_by("name").first()
    schedule = Schedule.objects.filter(service__organization=partner_org).first() or (
        Schedule.objects.filter(location__organization=partner_org).first()
    )
    service_at_location = ServiceAtLocation.objects.filter(
        service__organization=partner_org
    ).first()
    # The demo's referrals go to other partners than the one above; one of those partners
    # ("partner-raadslieden") visits the referral pages.
    referral = (
        Referral.objects.filter(organization=users["partner-raadslieden"].organization)
        .filter(purged_at__isnull=True)
        .exclude(status=Status.REQUESTED)
        .order_by("created_at")
        .first()
    )
    assert service and schedule and service_at_location and referral
    # A partner without an account gets a link to make one, sent to its referral address.
    unclaimed = Organization.objects.filter(library=library, is_partner=False).first()
    assert unclaimed is not None
    Organization.objects.filter(pk=unclaimed.pk).update(
        is_partner=True, referral_email="aanmelden@example.org"
    )
    return Demo(
        users=users,
        library=library,
        partner_org=partner_org,
        service=service,
        schedule=schedule,
        service_at_location=service_at_location,
        referral=referral,
        registration_pk=registration_pk,
        objects={"unclaimed": Organization.objects.get(pk=unclaimed.pk)},
    )


def pages_of(demo: Demo) -> dict[str, list[tuple[str | None, str]]]:
    """Each named page: who visits it (a demo username, None for the public) and at which URL."""
    slug = demo.library.slug
    requested = Referral.objects.filter(
        organization=demo.referral.organization, status=Status.REQUESTED
    ).first()
    uid = urlsafe_base64_encode(force_bytes(demo.users["balie"].pk))
    reset_token = default_token_generator.make_token(demo.users["balie"])
    everyone: list[str | None] = [None, *ROLES]
    pages: dict[str, list[tuple[str | None, str]]] = {
        "core:home": [(user, reverse("core:home")) for user in everyone],
        "accounts:dashboard": [(user, reverse("accounts:dashboard")) for user in ROLES],
        "accounts:login": [(None, reverse("accounts:login"))],
        "accounts:password_reset": [(None, reverse("accounts:password_reset"))],
        "accounts:password_reset_done": [(None, reverse("accounts:password_reset_done"))],
        "accounts:password_reset_confirm": [
            (None, reverse("accounts:password_reset_confirm", args=[uid, reset_token]))
        ],
        "accounts:password_reset_complete": [(None, reverse("accounts:password_reset_complete"))],
        "accounts:totp_setup": [("coordinator", reverse("accounts:totp_setup"))],
        "accounts:totp_verify": [("beheerder!", reverse("accounts:totp_verify"))],
        "accounts:totp_remove": [("beheerder", reverse("accounts:totp_remove"))],
        "accounts:totp_backup_codes": [("beheerder", reverse("accounts:totp_backup_codes"))],
        "accounts:lockouts": [("coordinator", reverse("accounts:lockouts"))],
        "socialmap:search": [
            (None, reverse("socialmap:search", args=[slug])),
            (None, reverse("socialmap:search", args=[slug]) + "?q=schulden"),
            ("balie", reverse("socialmap:search", args=[slug]) + "?q=geldzorgen"),
        ],
        "socialmap:service_detail": [
            (user, reverse("socialmap:service_detail", args=[slug, service.pk]))
            for service in Service.objects.filter(library=demo.library).order_by("name")[:3]
            for user in (None, "balie")
        ],
        "socialmap:organization_detail": [
            (None, reverse("socialmap:organization_detail", args=[slug, demo.partner_org.pk]))
        ],
        "socialmap:partner_home": [("partner", reverse("socialmap:partner_home"))],
        "socialmap:service_edit": [
            ("partner", reverse("socialmap:service_edit", args=[demo.service.pk]))
        ],
        "socialmap:schedule_add_service": [
            ("partner", reverse("socialmap:schedule_add_service", args=[demo.service.pk]))
        ],
        "socialmap:location_edit": [
            (
                "partner",
                reverse("socialmap:location_edit", args=[demo.service_at_location.location_id]),
            )
        ],
        "socialmap:schedule_add_location": [
            (
                "partner",
                reverse(
                    "socialmap:schedule_add_location",
                    args=[demo.service_at_location.location_id],
                ),
            )
        ],
        "socialmap:schedule_add_service_at_location": [
            (
                "partner",
                reverse(
                    "socialmap:schedule_add_service_at_location",
                    args=[demo.service_at_location.pk],
                ),
            )
        ],
        "socialmap:schedule_edit": [
            ("partner", reverse("socialmap:schedule_edit", args=[demo.schedule.pk]))
        ],
        "socialmap:confirm_link": [
            (
                None,
                reverse(
                    "socialmap:confirm_link",
                    args=[reminder_token_make(organization=demo.partner_org)],
                ),
            )
        ],
        "socialmap:freshness": [("coordinator", reverse("socialmap:freshness"))],
        "questions:desk": [(user, reverse("questions:desk")) for user in ("balie", "coordinator")],
        "questions:desk_tally": [("balie", reverse("questions:desk_tally"))],
        "questions:desk_edit": [
            ("balie", reverse("questions:desk_edit", args=[demo.registration_pk]))
        ],
        "questions:manage_home": [("coordinator", reverse("questions:manage_home"))],
        "questions:manage_tiles": [("coordinator", reverse("questions:manage_tiles"))],
        "questions:manage_settings": [("coordinator", reverse("questions:manage_settings"))],
        "questions:manage_list": [
            ("coordinator", reverse("questions:manage_list", args=[list_slug]))
            for list_slug in (
                "onderwerpen",
                "leefgebieden",
                "balies",
                "kanalen",
                "uitkomsten",
                "leeftijdsgroepen",
            )
        ],
        "questions:manage_option_edit": [
            (
                "coordinator",
                reverse(
                    "questions:manage_option_edit",
                    args=["onderwerpen", Topic.objects.filter(library=demo.library).first().pk],  # type: ignore[union-attr]
                ),
            )
        ],
        "reports:dashboard": [
            (user, reverse("reports:dashboard")) for user in ("coordinator", "financier")
        ],
        "reports:ido": [("coordinator", reverse("reports:ido"))],
        "reports:referrals": [("coordinator", reverse("reports:referrals"))],
        "referrals:desk_new": [
            ("balie", reverse("referrals:desk_new")),
            (
                "balie",
                reverse("referrals:desk_new")
                + f"?registration={demo.registration_pk}&service={demo.service.pk}",
            ),
        ],
        "referrals:desk_list": [
            ("balie", reverse("referrals:desk_list")),
            ("balie", reverse("referrals:desk_list") + "?filter=all"),
        ],
        "referrals:desk_detail": [
            ("balie", reverse("referrals:desk_detail", args=[referral.pk]))
            for referral in Referral.objects.filter(library=demo.library)[:4]
        ],
        "referrals:desk_refer_again": [
            ("balie", reverse("referrals:desk_refer_again", args=[referral.pk]))
            for referral in Referral.objects.filter(
                library=demo.library, status__in=REFER_AGAIN_STATUSES, purged_at__isnull=True
            )[:1]
        ],
        "referrals:card": [("balie", reverse("referrals:card", args=[demo.referral.pk]))],
        "referrals:settings": [("coordinator", reverse("referrals:settings"))],
        "referrals:partner_inbox": [
            ("partner-raadslieden", reverse("referrals:partner_inbox")),
            ("partner-raadslieden", reverse("referrals:partner_inbox") + "?filter=all"),
        ],
        "referrals:partner_detail": [
            ("partner-raadslieden", reverse("referrals:partner_detail", args=[demo.referral.pk]))
        ],
        "referrals:acknowledge": [
            (None, reverse("referrals:acknowledge", args=[ack_token_make(referral=requested)]))
        ]
        if requested
        else [],
        "referrals:inbox_claim": [
            (
                None,
                reverse(
                    "referrals:inbox_claim",
                    args=[claim_token_make(organization=demo.objects["unclaimed"])],
                ),
            )
        ],
        "referrals:coordinator_find": [("coordinator", reverse("referrals:coordinator_find"))],
        "referrals:coordinator_access": [
            ("coordinator", reverse("referrals:coordinator_access", args=[demo.referral.pk]))
        ],
        "referrals:callback": [(None, reverse("referrals:callback", args=[slug, demo.service.pk]))],
        "referrals:callback_done": [
            (
                None,
                reverse(
                    "referrals:callback_done",
                    args=[withdrawal_token_make(referral=demo.referral)],
                ),
            )
        ],
        "referrals:withdraw": [
            (
                None,
                reverse("referrals:withdraw", args=[withdrawal_token_make(referral=demo.referral)]),
            )
        ],
        "questions:desk_delete": [
            ("balie", reverse("questions:desk_delete", args=[demo.registration_pk]))
        ],
        **schedule_pages(demo),
        **agenda_pages(demo),
        **network_pages(demo),
        **cooperation_pages(demo),
        **appointment_pages(demo),
        **activity_pages(demo),
    }
    return pages


def appointment_pages(demo: Demo) -> dict[str, list[tuple[str | None, str]]]:
    """Bookable hours, booking at the desk and online, the agenda, the slip and the signed link."""
    booking = Booking.objects.filter(library=demo.library).order_by("start").first()
    assert booking is not None
    slug = demo.library.slug
    token = manage_token_make(booking=booking)
    return {
        "appointments:hours": [
            (user, reverse("appointments:hours")) for user in ("coordinator", "partner")
        ],
        "appointments:hour_edit": [
            ("coordinator", reverse("appointments:hour_edit", args=[booking.hour.schedule_id]))
        ],
        "appointments:settings": [("coordinator", reverse("appointments:settings"))],
        "appointments:agenda": [
            (user, reverse("appointments:agenda")) for user in ("balie", "coordinator", "partner")
        ],
        "appointments:desk_book": [("balie", reverse("appointments:desk_book"))],
        "appointments:slip": [("balie", reverse("appointments:slip", args=[booking.pk]))],
        "appointments:referral_book": [
            (
                "partner-raadslieden",
                reverse("appointments:referral_book", args=[demo.referral.pk]),
            )
        ],
        "appointments:manage": [(None, reverse("appointments:manage", args=[token]))],
        "appointments:public_hours": [(None, reverse("appointments:public_hours", args=[slug]))],
        "appointments:public_book": [
            (None, reverse("appointments:public_book", args=[slug, booking.hour_id]))
        ],
    }


def schedule_pages(demo: Demo) -> dict[str, list[tuple[str | None, str]]]:
    """The roster, Vandaag, the screens and the hours report (from the demo's week)."""
    shift = Shift.objects.filter(library=demo.library).order_by("pk").first()
    display = Display.objects.filter(library=demo.library).order_by("pk").first()
    assert shift is not None and display is not None
    return {
        "schedule:today": [(user, reverse("schedule:today")) for user in ("balie", "coordinator")],
        "schedule:duty": [(user, reverse("schedule:duty")) for user in ("balie", "coordinator")],
        "schedule:shift_create": [("coordinator", reverse("schedule:shift_create"))],
        "schedule:shift_edit": [("coordinator", reverse("schedule:shift_edit", args=[shift.pk]))],
        "schedule:shift_stop": [("coordinator", reverse("schedule:shift_stop", args=[shift.pk]))],
        "schedule:shift_change": [
            ("coordinator", reverse("schedule:shift_change", args=[shift.pk]))
        ],
        "schedule:presence_rule": [
            ("coordinator", reverse("schedule:presence_rule", args=[shift.branch_id]))
        ],
        "schedule:displays": [("coordinator", reverse("schedule:displays"))],
        "schedule:display_edit": [
            ("coordinator", reverse("schedule:display_edit", args=[display.pk]))
        ],
        "schedule:display": [(None, display_path(display))],
        "reports:hours": [("coordinator", reverse("reports:hours"))],
    }


def agenda_pages(demo: Demo) -> dict[str, list[tuple[str | None, str]]]:
    """The consultation hours: public agenda and folder, the partner's and coordinator's forms."""
    slug = demo.library.slug
    branch = Branch.objects.filter(library=demo.library).order_by("pk").first()
    # A consultation hour of one of the demo's partner logins, visited by that partner.
    partners = {
        demo.users[name].organization_id: name for name in ("partner", "partner-raadslieden")
    }
    hour = Schedule.objects.filter(
        service_at_location__service__organization_id__in=list(partners)
    ).first()
    room = Room.objects.filter(library=demo.library).order_by("pk").first()
    theme = Theme.objects.filter(library=demo.library).order_by("pk").first()
    assert branch and hour and room and theme and hour.service_at_location
    owner = partners[hour.service_at_location.service.organization_id]
    return {
        "socialmap:agenda": [(None, reverse("socialmap:agenda", args=[slug, branch.slug]))],
        "socialmap:agenda_folder": [
            (None, reverse("socialmap:agenda_folder", args=[slug, branch.slug]))
        ],
        "socialmap:consultation_add": [
            ("partner", reverse("socialmap:consultation_add", args=[demo.service.pk]))
        ],
        "socialmap:consultation_edit": [
            (owner, reverse("socialmap:consultation_edit", args=[hour.pk]))
        ],
        "socialmap:consultation_dates": [
            (owner, reverse("socialmap:consultation_dates", args=[hour.pk]))
        ],
        "socialmap:hours_overview": [("coordinator", reverse("socialmap:hours_overview"))],
        "socialmap:rooms": [("coordinator", reverse("socialmap:rooms"))],
        "socialmap:room_edit": [("coordinator", reverse("socialmap:room_edit", args=[room.pk]))],
        "socialmap:themes": [("coordinator", reverse("socialmap:themes"))],
        "socialmap:theme_edit": [("coordinator", reverse("socialmap:theme_edit", args=[theme.pk]))],
        "socialmap:dictionary": [("coordinator", reverse("socialmap:dictionary"))],
    }


def network_pages(demo: Demo) -> dict[str, list[tuple[str | None, str]]]:
    """Organisations, people, invitations and agreements of the partner network."""
    coordinator = demo.users["coordinator"]
    invitation = Invitation.objects.create(
        email="nieuw@example.org", role=Role.DESK, library=demo.library, invited_by=coordinator
    )
    token = invitation_token_make(invitation=invitation)
    organization = demo.partner_org
    return {
        "accounts:people": [("coordinator", reverse("accounts:people"))],
        "accounts:invite_desk": [("coordinator", reverse("accounts:invite_desk"))],
        "accounts:invitation_accept": [(None, reverse("accounts:invitation_accept", args=[token]))],
        "core:dev_outbox": [("beheerder", reverse("core:dev_outbox"))],
        "socialmap:manage_organizations": [
            ("coordinator", reverse("socialmap:manage_organizations"))
        ],
        "socialmap:manage_organization_new": [
            ("coordinator", reverse("socialmap:manage_organization_new"))
        ],
        "socialmap:manage_organization": [
            ("coordinator", reverse("socialmap:manage_organization", args=[organization.pk]))
        ],
        "referrals:agreements": [("coordinator", reverse("referrals:agreements"))],
        "referrals:agreement_edit": [
            ("coordinator", reverse("referrals:agreement_edit", args=[organization.pk]))
        ],
        "referrals:partner_agreement": [("partner", reverse("referrals:partner_agreement"))],
        "referrals:transfer": [
            ("coordinator", reverse("referrals:transfer", args=[organization.pk]))
        ],
        "directory:list": [
            (user, reverse("directory:list") + query)
            for user in ("balie", "coordinator")
            for query in ("", "?q=schulden&referrals=on", "?topic=onbekend")
        ],
        "directory:partner": [
            ("balie", reverse("directory:partner", args=[partner.pk]))
            for partner in Organization.objects.filter(library=demo.library, is_partner=True)
        ],
        "socialmap:directory_digest": [
            (user, reverse("socialmap:directory_digest")) for user in ("balie", "coordinator")
        ],
    }


def cooperation_pages(demo: Demo) -> dict[str, list[tuple[str | None, str]]]:
    """The network self-assessment: the demo's closed round with its charts, the open round,
    and a partner's signed link to each."""
    rounds = Assessment.objects.filter(library=demo.library).order_by("-started_at")
    open_round, closed_round = rounds[0], rounds[1]

    def link(assessment: Assessment) -> str:
        token = assessment_token_make(response=assessment.responses.all()[0])
        return reverse("cooperation:answer", args=[token])

    return {
        "cooperation:list": [("coordinator", reverse("cooperation:list"))],
        "cooperation:detail": [
            ("coordinator", reverse("cooperation:detail", args=[closed_round.pk])),
            ("coordinator", reverse("cooperation:detail", args=[open_round.pk])),
        ],
        "cooperation:answer": [(None, link(open_round)), (None, link(closed_round))],
        "cooperation:partner_results": [("partner", reverse("cooperation:partner_results"))],
    }


def activity_pages(demo: Demo) -> dict[str, list[tuple[str | None, str]]]:
    """Activities: the desk's list, sign-up and door pages, the resident's pages and links."""
    full = (
        Occurrence.objects.filter(library=demo.library, signups__status=SignUpStatus.WAITING)
        .distinct()
        .get()
    )
    signup = SignUp.objects.filter(occurrence=full, email="").order_by("created_at").first()
    assert signup is not None
    # The first person is offered a seat that freed up, so the call list has someone.
    activity_services.signup_cancel(signup=signup)
    offered = SignUp.objects.get(occurrence=full, status=SignUpStatus.OFFERED)
    booked = SignUp.objects.filter(occurrence=full, status=SignUpStatus.BOOKED).first()
    assert booked is not None
    cancel_token = activity_signing.token_make(signup=booked, salt=activity_signing.CANCEL_SALT)
    confirm_token = activity_signing.token_make(signup=offered, salt=activity_signing.CONFIRM_SALT)
    evaluation_token = activity_signing.token_make(
        signup=booked, salt=activity_signing.EVALUATION_SALT
    )
    slug = demo.library.slug
    return {
        "activities:list": [
            (user, reverse("activities:list")) for user in ("balie", "coordinator")
        ],
        "activities:new": [("coordinator", reverse("activities:new"))],
        "activities:edit": [
            (user, reverse("activities:edit", args=[full.activity_id]))
            for user in ("coordinator", "partner-raadslieden")
        ],
        "activities:partner_list": [("partner-raadslieden", reverse("activities:partner_list"))],
        "activities:settings": [("coordinator", reverse("activities:settings"))],
        "activities:calls": [("balie", reverse("activities:calls"))],
        "activities:occurrence": [("balie", reverse("activities:occurrence", args=[full.pk]))],
        "activities:attendance": [("balie", reverse("activities:attendance", args=[full.pk]))],
        "activities:slip": [("balie", reverse("activities:slip", args=[booked.pk]))],
        "activities:public_list": [(None, reverse("activities:public_list", args=[slug]))],
        "activities:public": [(None, reverse("activities:public", args=[slug, full.pk]))],
        "activities:cancel_link": [(None, reverse("activities:cancel_link", args=[cancel_token]))],
        "activities:confirm_link": [
            (None, reverse("activities:confirm_link", args=[confirm_token]))
        ],
        "activities:evaluation_link": [
            (None, reverse("activities:evaluation_link", args=[evaluation_token]))
        ],
        "reports:activities": [
            (user, reverse("reports:activities")) for user in ("coordinator", "financier")
        ],
    }


def test_every_named_url_is_visited_or_skipped_with_a_reason():
    known = set(PAGE_NAMES) | FRAGMENTS
    forgotten = sorted(name for name in url_names() if not is_skipped(name) and name not in known)
    assert not forgotten, (
        "These URLs are neither visited at 320 px nor skipped with a reason: "
        + ", ".join(forgotten)
    )
    stale = sorted((set(PAGE_NAMES) | set(NOT_PAGES)) - set(url_names()))
    assert not stale, f"Listed here but gone from the URLconf: {stale}"


# The names pages_of() fills in, kept apart so that the coverage test needs no database.
PAGE_NAMES = [
    "activities:list",
    "activities:new",
    "activities:edit",
    "activities:partner_list",
    "activities:settings",
    "activities:calls",
    "activities:occurrence",
    "activities:attendance",
    "activities:slip",
    "activities:public_list",
    "activities:public",
    "activities:cancel_link",
    "activities:confirm_link",
    "activities:evaluation_link",
    "questions:desk_delete",
    "schedule:today",
    "schedule:duty",
    "schedule:shift_create",
    "schedule:shift_edit",
    "schedule:shift_stop",
    "schedule:shift_change",
    "schedule:presence_rule",
    "schedule:displays",
    "schedule:display_edit",
    "schedule:display",
    "reports:hours",
    "socialmap:agenda",
    "socialmap:agenda_folder",
    "socialmap:consultation_add",
    "socialmap:consultation_edit",
    "socialmap:consultation_dates",
    "socialmap:hours_overview",
    "socialmap:rooms",
    "socialmap:room_edit",
    "socialmap:themes",
    "socialmap:theme_edit",
    "socialmap:dictionary",
    "accounts:people",
    "accounts:invite_desk",
    "accounts:invitation_accept",
    "core:dev_outbox",
    "socialmap:manage_organizations",
    "socialmap:manage_organization_new",
    "socialmap:manage_organization",
    "referrals:agreements",
    "referrals:agreement_edit",
    "referrals:partner_agreement",
    "referrals:transfer",
    "cooperation:list",
    "cooperation:detail",
    "cooperation:answer",
    "cooperation:partner_results",
    "directory:list",
    "directory:partner",
    "socialmap:directory_digest",
    "core:home",
    "accounts:dashboard",
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:totp_setup",
    "accounts:totp_verify",
    "accounts:totp_remove",
    "accounts:totp_backup_codes",
    "accounts:lockouts",
    "socialmap:search",
    "socialmap:service_detail",
    "socialmap:organization_detail",
    "socialmap:partner_home",
    "socialmap:service_edit",
    "socialmap:schedule_add_service",
    "socialmap:location_edit",
    "socialmap:schedule_add_location",
    "socialmap:schedule_add_service_at_location",
    "socialmap:schedule_edit",
    "socialmap:confirm_link",
    "socialmap:freshness",
    "questions:desk",
    "questions:desk_tally",
    "questions:desk_edit",
    "questions:manage_home",
    "questions:manage_tiles",
    "questions:manage_settings",
    "questions:manage_list",
    "questions:manage_option_edit",
    "reports:dashboard",
    "reports:ido",
    "reports:referrals",
    "reports:activities",
    "referrals:desk_new",
    "referrals:desk_list",
    "referrals:desk_detail",
    "referrals:desk_refer_again",
    "referrals:card",
    "referrals:settings",
    "referrals:partner_inbox",
    "referrals:partner_detail",
    "referrals:acknowledge",
    "referrals:inbox_claim",
    "referrals:coordinator_find",
    "referrals:coordinator_access",
    "referrals:callback",
    "referrals:callback_done",
    "referrals:withdraw",
    "appointments:hours",
    "appointments:hour_edit",
    "appointments:settings",
    "appointments:agenda",
    "appointments:desk_book",
    "appointments:slip",
    "appointments:referral_book",
    "appointments:manage",
    "appointments:public_hours",
    "appointments:public_book",
]


# Measures the page as it is: how wide it scrolls, and every target under 24 px that no WCAG
# 2.5.8 exception covers. Exceptions: a link inside a line of text (inline); an undersized
# target whose 24 px circle touches no other target nor another such circle (spacing).
# Checkboxes and radios get no exception: they are 24 px themselves (issue 16).
LAYOUT_CHECK = """
(size) => {
  const root = document.documentElement;
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
    '[role=button], [tabindex]:not([tabindex="-1"])';
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden' &&
      !el.closest('.plein-visually-hidden') && box.bottom > 0;
  };
  const targets = [...document.querySelectorAll(selector)].filter(shown)
    .map((el) => ({ el, box: el.getBoundingClientRect() }));
  const small = (t) => t.box.width < size - 0.5 || t.box.height < size - 0.5;
  const centre = (box) => [box.left + box.width / 2, box.top + box.height / 2];
  const touches = (c, box) => {
    const dx = Math.max(box.left - c[0], 0, c[0] - box.right);
    const dy = Math.max(box.top - c[1], 0, c[1] - box.bottom);
    return dx * dx + dy * dy < (size / 2) * (size / 2);
  };
  const words = (text) => (text || '').replace(/\\s+/g, ' ').trim();
  const inText = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) {
      block = block.parentElement;
    }
    let rest = words(block.textContent);
    block.querySelectorAll(selector).forEach((t) => {
      rest = rest.replace(words(t.textContent), '');
    });
    return /[\\p{L}\\p{N}]/u.test(rest);
  };
  const name = (el) => el.tagName.toLowerCase() + (el.type ? `[type=${el.type}]` : '') +
    ` "${words(el.getAttribute('aria-label') || el.textContent || el.name || el.id).slice(0, 40)}"`;
  const problems = [];
  for (const t of targets) {
    if (!small(t)) continue;
    const choice = t.el.tagName === 'INPUT' && ['checkbox', 'radio'].includes(t.el.type);
    if (!choice && inText(t.el)) continue;
    if (!choice) {
      const c = centre(t.box);
      const near = (o) => Math.hypot(c[0] - centre(o.box)[0], c[1] - centre(o.box)[1]) < size;
      const crowded = targets.some((o) => o !== t && !o.el.contains(t.el) &&
        !t.el.contains(o.el) && (touches(c, o.box) || (small(o) && near(o))));
      if (!crowded) continue;
    }
    problems.push(`${name(t.el)} is ${Math.round(t.box.width)}x${Math.round(t.box.height)} px`);
  }
  const wide = [];
  if (root.scrollWidth > root.clientWidth) {
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      const inside = [...el.children].some(
        (c) => c.getBoundingClientRect().right > root.clientWidth);
      if (box.right > root.clientWidth && !inside && !el.closest('.plein-visually-hidden')) {
        wide.push(`${name(el)} ends at ${Math.round(box.right)} px`);
      }
    }
  }
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide.slice(0, 5),
           targets: problems };
}
"""


def layout_problems(page: Page) -> list[str]:
    result = page.evaluate(LAYOUT_CHECK, TARGET_SIZE)
    problems = []
    if result["scrollWidth"] > result["clientWidth"]:
        problems.append(
            f"scrolls sideways: {result['scrollWidth']} px wide on a {result['clientWidth']} px "
            f"screen ({'; '.join(result['wide'])})"
        )
    problems += [f"target under {TARGET_SIZE} px: {text}" for text in result["targets"]]
    return problems


def sign_in(page: Page, live_server, user: User | None, *, second_factor: bool = True) -> None:
    page.context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    if second_factor:
        session = client.session
        session[totp.SESSION_KEY] = timezone.now().timestamp()
        session.save()
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )


def test_every_page_of_every_role_fits_a_320_px_phone(page, live_server, assert_accessible):
    demo = demo_with_a_morning_at_the_desk()
    TOTPDevice.objects.create(
        user=demo.users["beheerder"],
        secret=totp.secret_generate(),
        confirmed=True,
        confirmed_at=timezone.now(),
    )
    pages = pages_of(demo)
    assert set(pages) == set(PAGE_NAMES)
    page.set_viewport_size(PHONE)
    failures: list[str] = []
    visited = 0
    for name, visits in pages.items():
        assert visits, f"{name}: the demo has nothing to show on this page"
        for who, url in visits:
            username = who.rstrip("!") if who else None
            user = demo.users[username] if username else None
            sign_in(page, live_server, user, second_factor=not (who or "").endswith("!"))
            response = page.goto(url)
            label = f"{name} as {username or 'the public'} at {url}"
            if response is None or response.status != 200 or page.url != live_server.url + url:
                status = response.status if response else "no answer"
                failures.append(f"{label}: status {status}, ended at {page.url}")
                continue
            visited += 1
            failures += [f"{label}: {problem}" for problem in layout_problems(page)]
            try:
                assert_accessible(page)
            except pytest.fail.Exception as error:
                failures.append(f"{label}: {error}")
    assert not failures, f"{len(failures)} problem(s) on {visited} pages:\n" + "\n".join(failures)


@pytest.mark.parametrize("name", sorted(NOT_PAGES))
def test_a_skipped_url_is_really_no_page(name):
    """A GET of a skipped URL is refused (405), or answers something other than an HTML page."""
    client = Client()
    client.force_login(UserFactory(coordinator=True))
    kwargs = {
        "reports:export": {"table": "totals", "fmt": "csv"},
        "reports:referrals_export": {"table": "outcomes", "fmt": "csv"},
        "reports:activities_export": {"table": "activities", "fmt": "csv"},
    }.get(name) or _feed_kwargs(name)
    pattern = _pattern(name)
    if kwargs is None:
        kwargs = {key: _example(converter) for key, converter in pattern.pattern.converters.items()}
    response = client.get(reverse(name, kwargs=kwargs))
    content_type = response.get("Content-Type", "")
    if NOT_PAGES[name] == POST_ONLY:
        assert response.status_code == 405, f"{name} answers a GET with {response.status_code}"
    elif NOT_PAGES[name] == REDIRECT:
        assert response.status_code == 302, f"{name} answers a GET with {response.status_code}"
    else:
        assert response.status_code == 200 and not content_type.startswith("text/html"), (
            f"{name} answers {response.status_code} {content_type}"
        )


def _feed_kwargs(name: str) -> dict | None:
    """Feeds and the screen's data answer only for a place that exists: make one."""
    if not (name.startswith("socialmap:agenda_feed_") or name == "schedule:display_data"):
        return None
    room: Any = RoomFactory()
    branch: Any = room.branch
    theme: Any = ThemeFactory(branch=branch)
    hour: Any = ConsultationHourFactory(branch=branch, room=room, theme=theme)
    display = Display.objects.create(library=branch.library, branch=branch, name="Ingang")
    place = {"library_slug": branch.library.slug, "branch_slug": branch.slug, "fmt": "ics"}
    assert hour.service_at_location is not None
    return {
        "socialmap:agenda_feed_branch": place,
        "socialmap:agenda_feed_room": place | {"room_pk": room.pk},
        "socialmap:agenda_feed_theme": place | {"theme_pk": theme.pk},
        "socialmap:agenda_feed_service": {
            "library_slug": branch.library.slug,
            "pk": hour.service_at_location.service_id,
            "fmt": "ics",
        },
        "schedule:display_data": {"token": display_token(display)},
    }[name]


def _pattern(name: str) -> URLPattern:
    namespace, _sep, short = name.rpartition(":")
    resolver = get_resolver()
    for part in namespace.split(":") if namespace else []:
        resolver = resolver.namespace_dict[part][1]
    for pattern in resolver.url_patterns:
        found = _find(pattern, short)
        if found:
            return found
    raise LookupError(name)


def _find(pattern, short: str) -> URLPattern | None:
    if isinstance(pattern, URLPattern):
        return pattern if pattern.name == short else None
    if isinstance(pattern, URLResolver) and not pattern.namespace:
        for inner in pattern.url_patterns:
            if found := _find(inner, short):
                return found
    return None


def _example(converter: object) -> object:
    examples: dict[str, Callable[[], object]] = {
        "IntConverter": lambda: 1,
        "UUIDConverter": uuid.uuid4,
        "SlugConverter": lambda: "beekveld",
    }
    return examples.get(type(converter).__name__, lambda: "x")()


# Every tile's content inside the tile: nothing sticks out of it (a clipped or overflowing label,
# a count drawn beside the tile).
TILES_CHECK = """
() => [...document.querySelectorAll('.desk-tile__label, .desk-tile__button')]
  .filter((tile) => tile.getBoundingClientRect().width > 0)
  .flatMap((tile) => {
    const box = tile.getBoundingClientRect();
    const out = [...tile.querySelectorAll('*')].filter((part) => {
      const inner = part.getBoundingClientRect();
      return !part.closest('.plein-visually-hidden') && inner.width > 0 &&
        (inner.left < box.left - 0.5 || inner.right > box.right + 0.5 ||
         inner.top < box.top - 0.5 || inner.bottom > box.bottom + 0.5);
    });
    const clipped = tile.scrollWidth > tile.clientWidth + 1;
    return out.length || clipped ? [tile.textContent.replace(/\\s+/g, ' ').trim()] : [];
  })
"""


@pytest.mark.parametrize("width", [320, 1280])
def test_desk_tiles_hold_their_labels_and_counts(width, page, live_server, assert_accessible):
    demo = demo_with_a_morning_at_the_desk()
    first_tile_topic = Topic.objects.filter(library=demo.library).order_by("pk").first()
    assert first_tile_topic is not None
    Topic.objects.filter(pk=first_tile_topic.pk).update(name="Zorgverzekeringsaanvraagformulier")
    for number, topic in enumerate(
        Topic.objects.exclude(pk=first_tile_topic.pk).filter(library=demo.library)
    ):
        topic.name = f"Toeslagen, huurtoeslag en zorgtoeslag aanvragen ({number})"
        topic.save(update_fields=["name"])
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, demo.users["balie"])
    for url in (reverse("questions:desk"), reverse("questions:desk_tally")):
        page.goto(url)
        assert page.locator(".desk-tile__label, .desk-tile__button").count() > 3
        assert page.evaluate(TILES_CHECK) == [], f"tiles whose content sticks out on {url}"
        assert layout_problems(page) == []
        assert_accessible(page)

"""Walk every URL of the referrals namespace as every role, with a real referral.

The expected status of each URL for each role is written out below. A URL added to the
namespace without a row here fails the walk, so new pages cannot skip it. Every logged-in role
has passed the second factor, so that contact data appears only where permission allows it:
for the receiving partner and the library's coordinator.
"""

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from plein.accounts import totp
from plein.accounts.tests.factories import UserFactory
from plein.referrals import signing
from plein.referrals import urls as referral_urls
from plein.referrals.models import Referral, ReferralSettings
from plein.referrals.services import callback
from plein.referrals.tests.factories import ReferralFactory
from plein.socialmap.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "partner",
    "other_partner",
    "desk",
    "coordinator",
    "other_desk",
    "other_coordinator",
    "funder",
    "administrator",
]
CONTACT = {
    "first_name": "Wilhelmina",
    "phone": "06-24681357",
    "email": "wilhelmina.walk@voorbeeld.nl",
    "preferred_time": "woensdag rond half elf",
    "summary": "Vraag over de kwijtschelding van de afvalstoffenheffing",
}
CONTACT_VALUES = list(CONTACT.values())
LOGIN = "login"  # a redirect to the login page

# Pages that anybody may open: the resident's and the signed-link pages (token in the URL).
PUBLIC = dict.fromkeys(ROLES, 200)


def _row(default, **overrides):
    return {role: overrides.get(role, default) for role in ROLES}


# GET: status per role.
GET_EXPECTED = {
    "desk_new": _row(
        403, anonymous=LOGIN, desk=200, coordinator=200, other_desk=200, other_coordinator=200
    ),
    "desk_list": _row(
        403, anonymous=LOGIN, desk=200, coordinator=200, other_desk=200, other_coordinator=200
    ),
    "desk_detail": _row(
        404,
        anonymous=LOGIN,
        partner=403,
        other_partner=403,
        funder=403,
        administrator=403,
        desk=200,
        coordinator=200,
    ),
    "desk_transition": _row(405),
    "desk_withdraw_consent": _row(405),
    # Referring again is for rejected or failed referrals; this one is accepted: back to detail.
    "desk_refer_again": _row(
        404,
        anonymous=LOGIN,
        partner=403,
        other_partner=403,
        funder=403,
        administrator=403,
        desk=302,
        coordinator=302,
    ),
    "card": _row(
        404,
        anonymous=LOGIN,
        partner=403,
        other_partner=403,
        funder=403,
        administrator=403,
        desk=200,
        coordinator=200,
    ),
    "partner_inbox": _row(403, anonymous=LOGIN, partner=200, other_partner=200),
    "partner_detail": _row(403, anonymous=LOGIN, partner=200, other_partner=404),
    "partner_transition": _row(405),
    "acknowledge": PUBLIC,
    # The claim page of an organisation that has an account already: "log in" for everybody.
    "inbox_claim": PUBLIC,
    "coordinator_find": _row(403, anonymous=LOGIN, coordinator=200, other_coordinator=200),
    "coordinator_access": _row(403, anonymous=LOGIN, coordinator=200, other_coordinator=404),
    "callback": PUBLIC,
    "callback_done": PUBLIC,
    "withdraw": PUBLIC,
    # A coordinator's own library's timers and retention.
    "settings": _row(403, anonymous=LOGIN, coordinator=200, other_coordinator=200),
    # Agreements with partners (the referral's organisation): the own library's coordinator.
    "agreements": _row(403, anonymous=LOGIN, coordinator=200, other_coordinator=200),
    "agreement_edit": _row(403, anonymous=LOGIN, coordinator=200, other_coordinator=404),
    "transfer": _row(403, anonymous=LOGIN, coordinator=200, other_coordinator=404),
    "partner_agreement": _row(403, anonymous=LOGIN, partner=200, other_partner=200),
}
# POST with an empty form: refused, or a form error (400) that changes nothing. The public
# pages answer everybody alike; what an empty form does there is R-DESK's and this file's tests.
POST_EXPECTED = {
    "desk_new": _row(
        403, anonymous=LOGIN, desk=200, coordinator=200, other_desk=200, other_coordinator=200
    ),
    # The desk's read-only pages answer a POST as a GET (R-DESK's choice; nothing changes).
    "desk_list": GET_EXPECTED["desk_list"],
    "desk_detail": GET_EXPECTED["desk_detail"],
    "desk_transition": _row(
        404,
        anonymous=LOGIN,
        partner=403,
        other_partner=403,
        funder=403,
        administrator=403,
        desk=400,
        coordinator=400,
    ),
    "desk_withdraw_consent": _row(
        404,
        anonymous=LOGIN,
        partner=403,
        other_partner=403,
        funder=403,
        administrator=403,
        desk=400,
        coordinator=400,
    ),
    "desk_refer_again": _row(
        404,
        anonymous=LOGIN,
        partner=403,
        other_partner=403,
        funder=403,
        administrator=403,
        desk=302,
        coordinator=302,
    ),
    "card": GET_EXPECTED["card"],
    "partner_inbox": _row(405),
    "partner_detail": _row(405),
    "partner_transition": _row(403, anonymous=LOGIN, partner=400, other_partner=404),
    "acknowledge": PUBLIC,
    # An empty POST is no form: the page again, for everybody; no account is made.
    "inbox_claim": PUBLIC,
    "coordinator_find": _row(405),
    "coordinator_access": _row(403, anonymous=LOGIN, coordinator=400, other_coordinator=404),
    "callback": dict.fromkeys(ROLES, 400),
    "callback_done": PUBLIC,
    "withdraw": PUBLIC,
    # An empty settings form is shown again with its errors.
    "settings": _row(403, anonymous=LOGIN, coordinator=200, other_coordinator=200),
    "agreements": _row(405),
    # Every field of an agreement may be empty (unticked boxes): an empty form is saved.
    "agreement_edit": _row(403, anonymous=LOGIN, coordinator=302, other_coordinator=404),
    "transfer": _row(403, anonymous=LOGIN, coordinator=400, other_coordinator=404),
    # "Bel mij terug": yes or no must be chosen.
    "partner_agreement": _row(403, anonymous=LOGIN, partner=400, other_partner=400),
}

# The receiving partner and the referring library's staff; everybody else is an outsider.
INVOLVED = {"partner", "desk", "coordinator"}
# A button on a signed-link page is the confirmation: its POST acts without any further form.
TOKEN_IS_THE_PERMISSION = {"withdraw"}

CONTACT_VISIBLE = {("partner_detail", "partner"), ("coordinator_access", "coordinator")}
# Pages about the referral's organisation rather than the referral.
ORGANIZATION_PAGES = {"agreement_edit", "transfer"}


def url_names() -> list[str]:
    names = []
    for pattern in referral_urls.urlpatterns:
        if isinstance(pattern, URLPattern):
            assert pattern.name, f"{pattern.pattern} has no name"
            names.append(pattern.name)
    return names


@pytest.fixture
def world():
    referral = ReferralFactory(accepted=True, **CONTACT)
    library, organization = referral.library, referral.organization
    organization.offers_callback = True
    organization.save()
    ReferralSettings.objects.create(library=library)
    other_organization = OrganizationFactory(is_partner=True, library=library)
    users = {
        "anonymous": None,
        "partner": UserFactory(partner=True, organization=organization),
        "other_partner": UserFactory(partner=True, organization=other_organization),
        "desk": UserFactory(library=library),
        "coordinator": UserFactory(coordinator=True, library=library),
        "other_desk": UserFactory(),
        "other_coordinator": UserFactory(coordinator=True),
        "funder": UserFactory(funder=True),
        "administrator": UserFactory(administrator=True),
    }
    users["funder"].funded_libraries.add(library)
    return referral, users


def url_for(name: str, referral: Referral) -> str:
    pattern = next(p for p in referral_urls.urlpatterns if p.name == name)
    kwargs = {}
    for key in pattern.pattern.converters:
        kwargs[key] = {
            "pk": referral.service_id
            if name == "callback"
            else referral.organization_id
            if name in ORGANIZATION_PAGES
            else referral.pk,
            "library_slug": referral.library.slug,
            "token": token_for(name, referral),
        }[key]
    return reverse(f"referrals:{name}", kwargs=kwargs)


def token_for(name: str, referral: Referral) -> str:
    if name == "acknowledge":
        return signing.ack_token_make(referral=referral)
    if name == "inbox_claim":
        return signing.claim_token_make(organization=referral.organization)
    return callback.withdrawal_token_make(referral=referral)


def sign_in(client, user) -> None:
    if user is None:
        return
    client.force_login(user)
    session = client.session
    session[totp.SESSION_KEY] = timezone.now().timestamp()
    session.save()


def outcome(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
        return LOGIN
    return response.status_code


def test_every_referral_url_has_expectations():
    assert sorted(url_names()) == sorted(GET_EXPECTED)


@pytest.mark.parametrize("name", url_names())
@pytest.mark.parametrize("role", ROLES)
def test_get(client, world, name, role):
    referral, users = world
    sign_in(client, users[role])
    url = url_for(name, referral)
    response = client.get(url)
    assert outcome(response) == GET_EXPECTED.get(name, {}).get(role)
    content = response.content.decode()
    # Another library's or organisation's lists never mention this referral (pages with its id
    # in the address repeat the address in the language form, and are refused anyway; the
    # signed-link pages are for whoever holds the link).
    if role not in INVOLVED and str(referral.pk) not in url and GET_EXPECTED[name] is not PUBLIC:
        assert str(referral.pk) not in content
    shown = [value for value in CONTACT_VALUES if value in content]
    if (name, role) in CONTACT_VISIBLE:
        assert shown == CONTACT_VALUES
    else:
        assert shown == []


@pytest.mark.parametrize("name", ["partner_detail", "coordinator_access"])
@pytest.mark.parametrize("role", ["partner", "coordinator"])
def test_without_the_second_factor_nobody_sees_contact_data(client, world, name, role):
    referral, users = world
    client.force_login(users[role])
    response = client.get(url_for(name, referral))
    for value in CONTACT_VALUES:
        assert value not in response.content.decode()


def snapshot(referral: Referral) -> tuple:
    referral = Referral.objects.select_related("consent").get(pk=referral.pk)
    return (
        referral.status,
        referral.acknowledged_at,
        referral.purged_at,
        referral.consent.withdrawn_at,
        referral.events.count(),
        Referral.objects.count(),
        list(ReferralSettings.objects.filter(library=referral.library).values_list()),
    )


@pytest.mark.parametrize("name", url_names())
@pytest.mark.parametrize("role", ROLES)
def test_post(client, world, name, role):
    referral, users = world
    sign_in(client, users[role])
    before = snapshot(referral)
    response = client.post(url_for(name, referral), {})
    assert outcome(response) == POST_EXPECTED.get(name, {}).get(role)
    if name in TOKEN_IS_THE_PERMISSION:
        # The resident's own withdrawal link: whoever holds it withdraws (that is its purpose).
        referral.consent.refresh_from_db()
        assert referral.consent.withdrawn_at is not None
    else:
        # Refused or incomplete, an empty POST changes nothing.
        assert snapshot(referral) == before


@pytest.mark.parametrize("name", url_names())
@pytest.mark.parametrize("role", ["anonymous", "partner", "desk", "coordinator"])
def test_no_referral_page_may_be_stored_by_the_browser(client, world, name, role):
    referral, users = world
    sign_in(client, users[role])
    for response in (client.get(url_for(name, referral)), client.post(url_for(name, referral))):
        if response.status_code >= 400:
            continue  # a refusal page shows nothing of the referral
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]

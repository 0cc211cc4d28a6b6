"""What changes accounts: invitations, people who leave, unlocking a login that django-axes
locked, throttling reset mails, and the first library and administrator of a fresh installation
(`plein setup`)."""

import datetime
import re
from dataclasses import dataclass

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from plein.accounts import audit_actions as actions
from plein.accounts.models import Invitation, Role, User
from plein.accounts.permissions import library_for, require_coordinator, users_in_care_of
from plein.core import audit
from plein.core.models import Branch, Library

# At most this many password-reset e-mails per address per hour; more requests get the same
# answer ("if the address is known, a mail is on its way") but send nothing.
RESET_MAILS_PER_HOUR = 3
RESET_WINDOW_SECONDS = 3600


def login_unlock(*, locked: User, user: User) -> int:
    """Forget the failed logins of a user (the coordinator of the user's library, or an
    administrator); the number of attempt rows removed."""
    if not users_in_care_of(user).filter(pk=locked.pk).exists():
        raise PermissionDenied
    removed = axes_reset(username=locked.get_username())
    audit.log(locked, actions.LOGIN_UNLOCKED, user=user, changes={"attempts": removed})
    return removed


def password_reset_mail_allowed(*, email: str) -> bool:
    """Count a reset request for this address; False once the hour's mails are used up.

    The count lives in the default cache (the database), so every worker process shares it."""
    key = f"accounts.reset.{email.strip().casefold()}"
    cache.add(key, 0, RESET_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RESET_WINDOW_SECONDS)
        count = 1
    return count <= getattr(settings, "PLEIN_RESET_MAILS_PER_HOUR", RESET_MAILS_PER_HOUR)


# --- First set-up of a fresh installation (`plein setup`) ---------------------------------------

ALREADY_SET_UP = _(
    "Deze installatie heeft al een bibliotheek of een beheerder; `plein setup` is alleen voor "
    "een nieuwe installatie. Voeg bibliotheken en gebruikers toe in het beheer (/admin/)."
)
NAME_REQUIRED = _("Vul de naam van de bibliotheek in.")
SLUG_INVALID = _(
    "De korte naam mag alleen kleine letters, cijfers en streepjes bevatten, bijvoorbeeld "
    "bibliotheek-beekveld."
)
BRANCH_REQUIRED = _("Vul de naam van de eerste vestiging in.")
USERNAME_REQUIRED = _("Vul een gebruikersnaam in.")
USERNAME_INVALID = _("Een gebruikersnaam bestaat uit letters, cijfers en @ . + - _ (geen spaties).")
USERNAME_TAKEN = _("Deze gebruikersnaam bestaat al.")
EMAIL_INVALID = _("Vul een geldig e-mailadres in, bijvoorbeeld beheer@bibliotheek.nl.")


@dataclass(frozen=True)
class SetupInput:
    library_name: str
    library_slug: str
    municipality: str
    branch_name: str
    username: str
    email: str
    password: str


def installation_is_new() -> bool:
    return not Library.objects.exists() and not User.objects.filter(is_superuser=True).exists()


def installation_setup_errors(data: SetupInput, *, fields: tuple[str, ...] = ()) -> dict:
    """Dutch messages per field (only `fields` when given); empty when all is well."""
    errors: dict[str, list[str]] = {}

    def check(name: str, message) -> None:
        if not fields or name in fields:
            errors.setdefault(name, []).append(str(message))

    if not data.library_name.strip():
        check("library_name", NAME_REQUIRED)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", data.library_slug):
        check("library_slug", SLUG_INVALID)
    if not data.branch_name.strip():
        check("branch_name", BRANCH_REQUIRED)
    if not data.username:
        check("username", USERNAME_REQUIRED)
    elif not re.fullmatch(r"[\w.@+-]+", data.username):
        check("username", USERNAME_INVALID)
    elif User.objects.filter(username__iexact=data.username).exists():
        check("username", USERNAME_TAKEN)
    try:
        validate_email(data.email)
    except ValidationError:
        check("email", EMAIL_INVALID)
    if not fields or "password" in fields:
        user = User(username=data.username, email=data.email)
        try:
            validate_password(data.password, user=user)
        except ValidationError as error:
            errors["password"] = list(error.messages)
    return errors


@transaction.atomic
def installation_setup(*, data: SetupInput) -> tuple[Library, User]:
    """The first library, its first branch and the administrator of a fresh installation."""
    if not installation_is_new():
        raise ValidationError(ALREADY_SET_UP)
    errors = installation_setup_errors(data)
    if errors:
        raise ValidationError(errors)
    library = Library.objects.create(
        name=data.library_name.strip(),
        slug=data.library_slug,
        municipality=data.municipality.strip(),
    )
    Branch.objects.create(
        library=library, name=data.branch_name.strip(), slug=slugify(data.branch_name)
    )
    administrator = User.objects.create_user(
        username=data.username,
        email=data.email,
        password=data.password,
        role=Role.ADMINISTRATOR,
        is_staff=True,
        is_superuser=True,
    )
    audit.log(
        library,
        actions.INSTALLATION_SET_UP,
        changes={"administrator": administrator.username},
        library=library,
        actor_label="plein setup",
    )
    return library, administrator


# --- Invitations -------------------------------------------------------------------------------
# The link in an invitation is signed with its own salt (a token made for another purpose is
# never accepted here) and expires; the invitation's accepted_at makes it single-use.
INVITATION_SALT = "plein.accounts.invitation"
INVITATION_LINK_DAYS = 7
# Roles a coordinator invites: the desk (volunteers too) and the staff of partner organisations.
INVITABLE_ROLES = (Role.DESK, Role.PARTNER)

EMAIL_HAS_ACCOUNT = _(
    "Er bestaat al een Plein-account met dit e-mailadres. Zoek de persoon op in de lijst."
)
ROLE_NOT_INVITABLE = _("Kies baliemedewerker of partner.")
ORGANIZATION_REQUIRED = _("Kies de partnerorganisatie waar deze persoon werkt.")
ORGANIZATION_NOT_ALLOWED = _("Een baliemedewerker hoort niet bij een partnerorganisatie.")
ORGANIZATION_NOT_PARTNER = _(
    "Deze organisatie is geen (actieve) netwerkpartner van uw bibliotheek."
)
INVITATION_USED = _(
    "Deze uitnodiging is al gebruikt of ingetrokken. Log in, of vraag de coördinator om een "
    "nieuwe uitnodiging."
)
INVITATION_SUBJECT = _("Uitnodiging voor Plein van %(library)s")
INVITATION_BODY = _(
    "Hallo%(name)s,\n\n%(inviter)s van %(library)s nodigt u uit voor een account in Plein, "
    "als %(role)s%(organization)s.\n\nKies via deze link uw wachtwoord (de link werkt "
    "%(days)d dagen en één keer):\n%(url)s\n\nVerwachtte u deze e-mail niet? Dan kunt u hem "
    "negeren.\n"
)
CANNOT_DEACTIVATE_SELF = _("U kunt uw eigen account niet uitzetten.")


def invitation_token_make(*, invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk}, salt=INVITATION_SALT, compress=True)


def invitation_token_read(*, token: str) -> Invitation:
    """The invitation a link is for. Raises signing.SignatureExpired after
    INVITATION_LINK_DAYS, signing.BadSignature when altered or unknown."""
    payload = signing.loads(
        token, salt=INVITATION_SALT, max_age=datetime.timedelta(days=INVITATION_LINK_DAYS)
    )
    try:
        return Invitation.objects.select_related("library", "organization").get(
            pk=int(payload["i"])
        )
    except (KeyError, TypeError, ValueError, Invitation.DoesNotExist) as error:
        raise signing.BadSignature("Unknown invitation") from error


def invitation_is_open(invitation: Invitation) -> bool:
    return invitation.accepted_at is None and invitation.revoked_at is None


def _invitation_errors(*, library, email: str, role: str, organization) -> dict:
    errors: dict = {}
    if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
        errors["email"] = [ValidationError(EMAIL_HAS_ACCOUNT)]
    if role not in INVITABLE_ROLES:
        errors["role"] = [ValidationError(ROLE_NOT_INVITABLE)]
    elif role == Role.PARTNER and organization is None:
        errors["organization"] = [ValidationError(ORGANIZATION_REQUIRED)]
    elif role == Role.PARTNER and not (
        organization.library_id == library.pk
        and organization.is_partner
        and organization.archived_at is None
    ):
        errors["organization"] = [ValidationError(ORGANIZATION_NOT_PARTNER)]
    elif role != Role.PARTNER and organization is not None:
        errors["organization"] = [ValidationError(ORGANIZATION_NOT_ALLOWED)]
    return errors


@transaction.atomic
def invitation_create(
    *, email: str, role: str, organization=None, first_name: str = "", invited_by: User
) -> Invitation:
    """Invite someone to the coordinator's library (or one of its partners) and e-mail the
    link. An earlier open invitation for the same address stops working."""
    library = require_coordinator(invited_by)
    email = email.strip()
    errors = _invitation_errors(library=library, email=email, role=role, organization=organization)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for earlier in Invitation.objects.filter(
        library=library, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ):
        earlier.revoked_at = now
        earlier.save(update_fields=["revoked_at"])
        audit.log(earlier, actions.INVITATION_REVOKED, user=invited_by, library=library)
    invitation = Invitation.objects.create(
        email=email,
        first_name=first_name.strip(),
        role=role,
        library=library,
        organization=organization if role == Role.PARTNER else None,
        invited_by=invited_by,
    )
    changes = {"role": role, "organization": str(organization) if organization else ""}
    audit.log(
        invitation, actions.INVITATION_SENT, user=invited_by, library=library, changes=changes
    )
    _invitation_mail(invitation)
    return invitation


def _invitation_mail(invitation: Invitation) -> None:
    token = invitation_token_make(invitation=invitation)
    url = settings.SITE_URL + reverse("accounts:invitation_accept", kwargs={"token": token})
    organization = invitation.organization
    context = {
        "name": f" {invitation.first_name}" if invitation.first_name else "",
        "inviter": str(invitation.invited_by),
        "library": invitation.library.name,
        "role": str(Role(invitation.role).label).lower(),
        "organization": f" ({organization.name})" if organization else "",
        "days": INVITATION_LINK_DAYS,
        "url": url,
    }
    # Sent after the commit: a rolled-back invitation sends nothing.
    transaction.on_commit(
        lambda: send_mail(
            str(INVITATION_SUBJECT) % context,
            str(INVITATION_BODY) % context,
            None,
            [invitation.email],
        )
    )


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, user: User) -> None:
    if not invitation_is_open(invitation):
        raise ValidationError(INVITATION_USED)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.log(invitation, actions.INVITATION_REVOKED, user=user, library=invitation.library)


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, first_name: str, last_name: str, password: str
) -> User:
    """Make the invited account. Under a lock on the invitation, so a link makes one account
    however often it is clicked; the password must pass Django's validators."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation_is_open(invitation):
        raise ValidationError(INVITATION_USED)
    email = invitation.email
    if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
        raise ValidationError(EMAIL_HAS_ACCOUNT)
    partner = invitation.role == Role.PARTNER
    user = User(
        username=email,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=invitation.role,
        library=None if partner else invitation.library,
        organization=invitation.organization if partner else None,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password1": error.error_list}) from None
    user.set_password(password)
    user.save()
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    audit.log(invitation, actions.INVITATION_ACCEPTED, user=user, library=invitation.library)
    return user


def role_sees_personal_data(role: str) -> bool:
    """Partners read residents' contact details: they set up two-factor before anything else."""
    return role in (Role.PARTNER, Role.COORDINATOR)


# --- People who leave ---------------------------------------------------------------------------


@transaction.atomic
def user_deactivate(*, person: User, user: User) -> None:
    """Switch an account off (never deleted: the audit log and referrals point at it)."""
    if not users_in_care_of(user).filter(pk=person.pk).exists():
        raise PermissionDenied
    if person.pk == user.pk:
        raise ValidationError(CANNOT_DEACTIVATE_SELF)
    if person.is_active:
        person.is_active = False
        person.save(update_fields=["is_active"])
        audit.log(person, actions.USER_DEACTIVATED, user=user, library=library_for(user))


@transaction.atomic
def user_reactivate(*, person: User, user: User) -> None:
    if not users_in_care_of(user).filter(pk=person.pk).exists():
        raise PermissionDenied
    if not person.is_active:
        person.is_active = True
        person.save(update_fields=["is_active"])
        audit.log(person, actions.USER_REACTIVATED, user=user, library=library_for(user))

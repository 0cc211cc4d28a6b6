"""What changes accounts: unlocking a login that django-axes locked, throttling reset mails, and
the first library and administrator of a fresh installation (`plein setup`)."""

import re
from dataclasses import dataclass

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from plein.accounts import audit_actions as actions
from plein.accounts.models import Role, User
from plein.accounts.permissions import users_in_care_of
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

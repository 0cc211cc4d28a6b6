"""What changes accounts: unlocking a login that django-axes locked, throttling reset mails."""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from plein.accounts import audit_actions as actions
from plein.accounts.models import User
from plein.accounts.permissions import users_in_care_of
from plein.core import audit

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

"""Authentication: Django's model backend, with the per-request user lookup made cheap.

Every signed-in request loads its user. Usually the session store has already read it in the
same query as the session (accounts.sessions); otherwise one query written once (see
plein.core.fastsql) reads it, with the user's library, which nearly every page needs next.
"""

from functools import cache

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from plein.accounts.models import User
from plein.accounts.sessions import user_from_row, user_read_with_session
from plein.core import fastsql
from plein.core.models import Library


@cache
def _user_with_library_sql(using: str) -> str:
    quote = connections[using].ops.quote_name
    library_fk = quote(User._meta.get_field("library").column)
    return (
        f"SELECT {fastsql.select_list(User, 'u', using=using)}, "
        f"{fastsql.select_list(Library, 'l', using=using)} "
        f"FROM {quote(User._meta.db_table)} u LEFT JOIN {quote(Library._meta.db_table)} l "
        f"ON l.id = u.{library_fk} WHERE u.id = %s"
    )


def user_with_library(user_id) -> User | None:
    """The user by primary key with `user.library` already loaded, or None."""
    using = router.db_for_read(User)
    with fastsql.cursor(using=using) as cursor:
        cursor.execute(_user_with_library_sql(using), [user_id])
        row = cursor.fetchone()
    return user_from_row(row, using=using) if row is not None else None


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        user = user_read_with_session(user_id) or user_with_library(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

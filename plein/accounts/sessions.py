"""Database sessions that bring their user along (SESSION_ENGINE = "plein.accounts.sessions").

Every signed-in request reads its session and then its user. Here the session row carries the
user's id (accounts.Session.user, filled whenever the session is saved), so one query written
once (see plein.core.fastsql) reads session, user and library. The user read this way is handed
to the authentication backend (accounts.backends) for this request only; Django still checks it
exactly as before (active, session hash). Writes, expiry and clean-up are Django's.
"""

from contextvars import ContextVar
from functools import cache

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.signals import request_finished
from django.db import connections, router
from django.utils import timezone

from plein.accounts.models import Session, User
from plein.core import fastsql
from plein.core.models import Library

# The user read with this request's session, until the authentication backend takes it.
_user_read_with_session: ContextVar[User | None] = ContextVar("user_read_with_session")


def _forget(**_kwargs) -> None:
    _user_read_with_session.set(None)


request_finished.connect(_forget, dispatch_uid="plein.accounts.sessions.forget")


def user_read_with_session(user_id) -> User | None:
    """The user read with the session, if it is this user; each user is handed out once."""
    user = _user_read_with_session.get(None)
    _forget()
    return user if user is not None and user.pk == user_id else None


@cache
def _read_sql(using: str) -> str:
    quote = connections[using].ops.quote_name
    meta = Session._meta
    column = lambda model, name: quote(model._meta.get_field(name).column)  # noqa: E731
    return (
        f"SELECT s.{column(Session, 'session_data')}, "
        f"{fastsql.select_list(User, 'u', using=using)}, "
        f"{fastsql.select_list(Library, 'l', using=using)} "
        f"FROM {quote(meta.db_table)} s "
        f"LEFT JOIN {quote(User._meta.db_table)} u ON u.id = s.{column(Session, 'user')} "
        f"LEFT JOIN {quote(Library._meta.db_table)} l ON l.id = u.{column(User, 'library')} "
        f"WHERE s.{column(Session, 'session_key')} = %s "
        f"AND s.{column(Session, 'expire_date')} > %s"
    )


def user_from_row(values, *, using: str) -> User | None:
    """The user, with `user.library` loaded, from User's then Library's columns (LEFT JOINed)."""
    users = fastsql.column_count(User)
    if values[0] is None:  # no user (the LEFT JOIN found none)
        return None
    user = fastsql.instance_from_row(User, values[:users], using=using)
    library = None
    if user.library_id is not None:
        library = fastsql.instance_from_row(Library, values[users:], using=using)
    User._meta.get_field("library").set_cached_value(user, library)
    return user


def sessions_clear_expired() -> int:
    """Delete expired sessions; how many."""
    deleted, _by_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            session.user_id = None
        return session

    def _get_session_from_db(self):
        """The unexpired session row (only its data), or None and forget the key."""
        _forget()
        using = router.db_for_read(Session)
        connection = connections[using]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with fastsql.cursor(using=using) as cursor:
            cursor.execute(_read_sql(using), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        _user_read_with_session.set(user_from_row(row[1:], using=using))
        return Session(session_key=self.session_key, session_data=row[0])

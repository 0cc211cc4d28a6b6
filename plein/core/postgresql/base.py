"""Django's PostgreSQL backend with a health check that needs no round trip to the server.

With CONN_HEALTH_CHECKS Django sends "SELECT 1" before the first query of every request, to
notice a connection the server dropped (a restart, an idle timeout). A dropped connection
becomes readable: the server's goodbye message or the end of the stream is waiting in the socket.
A healthy idle connection has nothing to read. So a zero-timeout poll of the socket tells them
apart; only when something is waiting, or the connection is not idle, is the server asked.
"""

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        if self.connection is None or self.connection.closed:
            return False
        if self.connection.info.transaction_status != TransactionStatus.IDLE:
            return super().is_usable()
        try:
            readable, _, _ = select.select([self.connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return super().is_usable() if readable else True

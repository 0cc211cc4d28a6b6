"""A desk device's clock, measured against the server's: entries are stored with server time.

The desk script sends, with every entry, the device's clock when the entry was made
(``client_made_at``) and when it is sent (``client_now``). Their difference with the server's
clock is the device's skew; an entry made while offline is moved back by the same amount. A
moment the worker typed in stays as typed (the services judge it).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

# Below this, the difference is network time and ordinary drift: nothing is corrected or noted.
CLOCK_SKEW_NOTED = datetime.timedelta(seconds=60)


@dataclass(frozen=True)
class ClockReading:
    started_at: datetime.datetime | None
    skew_seconds: int | None


def clock_settle(
    *,
    started_at: datetime.datetime | None,
    client_made_at: datetime.datetime | None,
    client_now: datetime.datetime | None,
    now: datetime.datetime | None = None,
) -> ClockReading:
    """The moment to store and the device's skew in seconds (None when within tolerance)."""
    now = now or timezone.now()
    skew = client_now - now if client_now is not None else datetime.timedelta(0)
    noted = abs(skew) >= CLOCK_SKEW_NOTED
    if started_at is None and client_made_at is not None:
        started_at = client_made_at - skew if noted else client_made_at
        # The network's own delay must not put an entry in the future.
        started_at = min(started_at, now)
    return ClockReading(
        started_at=started_at, skew_seconds=round(skew.total_seconds()) if noted else None
    )

import logging
import signal
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections, connection

from plein.core.periodic import periodic_enqueue_due

logger = logging.getLogger(__name__)


class Stop(Exception):
    """Raised by the SIGTERM handler, so that `systemctl stop` ends the loop like Ctrl+C."""


def _stop(signum, frame) -> None:
    raise Stop


class Command(BaseCommand):
    help = "Enqueue due periodic tasks every minute until stopped (Ctrl+C or SIGTERM)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=int, default=60, help="Seconds between checks (default 60)."
        )

    def handle(self, *args, interval: int, **options) -> None:
        if interval < 1:
            raise CommandError("--interval must be at least 1 second.")
        previous = signal.signal(signal.SIGTERM, _stop)
        self.stdout.write(f"Scheduler started; checking every {interval} s. Stop with Ctrl+C.")
        try:
            while True:
                self.tick()
                time.sleep(interval)
        except (KeyboardInterrupt, Stop):
            self.stdout.write("Scheduler stopped.")
        finally:
            signal.signal(signal.SIGTERM, previous)

    def tick(self) -> None:
        # Drop a connection the database closed meanwhile (never one inside a transaction).
        if not connection.in_atomic_block:
            close_old_connections()
        # A passing database hiccup must not stop the scheduler; the next minute tries again.
        try:
            names = periodic_enqueue_due()
        except Exception:
            logger.exception("Enqueueing periodic tasks failed")
            return
        for name in names:
            self.stdout.write(f"Enqueued: {name}")

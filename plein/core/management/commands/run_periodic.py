from django.core.management.base import BaseCommand

from plein.core.periodic import periodic_enqueue_due


class Command(BaseCommand):
    help = "Enqueue the periodic tasks that are due, once (run it from cron every few minutes)."

    def handle(self, *args, **options) -> None:
        names = periodic_enqueue_due()
        if names:
            self.stdout.write(f"Enqueued: {', '.join(names)}")
        else:
            self.stdout.write("Nothing due.")

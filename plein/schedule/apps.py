from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "plein.schedule"
    label = "schedule"
    verbose_name = "Rooster"

    def ready(self) -> None:
        # The public agenda (social map) shows activities and bookable hours through this reader.
        from plein.schedule.offers import agenda_offers
        from plein.socialmap.agenda import extras

        extras.register(agenda_offers)

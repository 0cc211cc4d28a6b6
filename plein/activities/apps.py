from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "plein.activities"
    label = "activities"
    verbose_name = "Activiteiten"

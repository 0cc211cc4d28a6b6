from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "plein.schedule"
    label = "schedule"
    verbose_name = "Rooster"

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _month_cache_fill_after_migrate(*, using: str, apps=global_apps, **kwargs) -> None:
    """After `plein migrate` (an installation or an upgrade, which may change what a roll-up
    holds): the scheduler enqueues the daily fill at its next check, so the roll-ups are
    counted before the first viewer needs them, not a day later."""
    try:
        apps.get_model("core", "PeriodicRun")
    except LookupError:  # core not migrated (yet): nothing is scheduled either
        return
    from plein.reports.services import month_cache_fill_due

    month_cache_fill_due(using=using)


class ReportsConfig(AppConfig):
    name = "plein.reports"
    label = "reports"
    verbose_name = _("Rapportage")

    def ready(self) -> None:
        post_migrate.connect(_month_cache_fill_after_migrate, sender=self)

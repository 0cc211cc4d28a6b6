from django.db import models
from django.utils.translation import gettext_lazy as _

from plein.core.models import LibraryQuerySet
from plein.core.ranges import between


class MonthlyReportSent(models.Model):
    """Bookkeeping of the monthly report e-mail: one row per library and month, so a daily run
    sends each month's report once."""

    library = models.ForeignKey("core.Library", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("maand"))  # the first day of the month reported on
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0, validators=between(0, 32767))

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("verstuurd maandrapport")
        verbose_name_plural = _("verstuurde maandrapporten")
        constraints = [
            models.UniqueConstraint(fields=["library", "month"], name="reports_monthly_sent_unique")
        ]

    def __str__(self) -> str:
        return f"{self.library} {self.month:%Y-%m}"


class MonthCounts(models.Model):
    """Counts of one library and one complete past month, stored as a list of rows
    [value, ..., count]. `version` is the questions app's data version of the library and month
    when they were counted (questions.MonthVersion): a row whose version is no longer the
    current one is ignored and counted again (months.py)."""

    library = models.ForeignKey("core.Library", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    key = models.CharField(max_length=64)
    version = models.PositiveIntegerField(default=0, validators=between(0, 2_147_483_647))
    data = models.JSONField()
    computed_at = models.DateTimeField(auto_now_add=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.library_id} {self.month:%Y-%m} {self.key[:8]} v{self.version}"


class MonthAggregate(MonthCounts):
    """One selector's exact counts for one library and month, with the scope's filters.

    `key` hashes the selector, its arguments and the scope's filters other than dates and
    libraries. Counts are stored by option id; labels are read with them.
    """

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["library", "month", "key"], name="reports_month_aggregate_unique"
            )
        ]


class MonthRollup(MonthCounts):
    """The roll-up of one library's month for one shared scan (months.Scan): the scan's rows
    [[value, ...], count] over all the library's registrations of the month, without any
    filter of a scope, e.g.
    questions per branch, desk, channel, outcome and complexity. A month's selector counts for
    a new combination of filters are derived from these few rows instead of the registrations.

    `key` hashes the scan and what a library's rows depend on (completeness: the fields the
    library records). Built by the daily task and by the report views' fill when missing.
    """

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["library", "month", "key"], name="reports_month_rollup_unique"
            )
        ]

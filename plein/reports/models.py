from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthlyReportSent(models.Model):
    """Bookkeeping of the monthly report e-mail: one row per library and month, so a daily run
    sends each month's report once."""

    library = models.ForeignKey("core.Library", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("maand"))  # the first day of the month reported on
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("verstuurd maandrapport")
        verbose_name_plural = _("verstuurde maandrapporten")
        constraints = [
            models.UniqueConstraint(fields=["library", "month"], name="reports_monthly_sent_unique")
        ]

    def __str__(self) -> str:
        return f"{self.library} {self.month:%Y-%m}"

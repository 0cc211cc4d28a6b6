from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.core.forms import StyledForm
from plein.core.ranges import model_field_range
from plein.referrals.models import ReferralSettings

DAYS_INVALID = _("Vul een heel aantal dagen in, 1 of meer.")
ESCALATION_BEFORE_REMINDER = _(
    "De melding aan de coördinator komt na de herinnering: kies meer werkdagen dan voor de "
    "herinnering."
)
RETENTION_TOO_LONG = _("Bewaar persoonsgegevens hoogstens 365 dagen na het afsluiten.")


def _days(name: str, label, help_text):
    """A number of days within the model's range (plein.core.ranges)."""
    low, high = model_field_range(ReferralSettings, name)
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=low,
        max_value=high,
        error_messages={
            "required": DAYS_INVALID,
            "invalid": DAYS_INVALID,
            "min_value": DAYS_INVALID,
            "max_value": RETENTION_TOO_LONG if name == "retention_days" else DAYS_INVALID,
        },
    )


class ReferralSettingsForm(StyledForm):
    reminder_working_days = _days(
        "reminder_working_days",
        _("Herinnering aan de partner na (werkdagen)"),
        _("Als een doorverwijzing dan nog niet als ontvangen is bevestigd."),
    )
    escalation_working_days = _days(
        "escalation_working_days",
        _("Melding aan de coördinator na (werkdagen)"),
        _("Als een doorverwijzing dan nog steeds niet als ontvangen is bevestigd."),
    )
    retention_days = _days(
        "retention_days",
        _("Persoonsgegevens wissen na afsluiten (dagen)"),
        _("Daarna blijft alleen het verloop zonder persoonsgegevens bewaard, voor rapportage."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        reminder, escalation = (
            data.get("reminder_working_days"),
            data.get("escalation_working_days"),
        )
        if reminder and escalation and escalation <= reminder:
            self.add_error("escalation_working_days", ESCALATION_BEFORE_REMINDER)
        return data

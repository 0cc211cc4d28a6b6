from datetime import datetime
from typing import ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.activities.models import COMMENT_MAX_LENGTH, SCORE_RANGE, Activity, ActivitySettings
from plein.activities.services import SCORE_MISSING
from plein.core.forms import ContactFieldsMixin, NameCheckMixin, StyledForm
from plein.core.guard import HoneypotMixin
from plein.core.models import Branch
from plein.socialmap.models import Organization, Room, Theme

ACTIVITY_FIELDS = (
    "title",
    "description",
    "branch",
    "organization",
    "room",
    "theme",
    "capacity",
    "audience",
    "languages",
    "accessibility",
    "signup_required",
)


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ACTIVITY_FIELDS
        help_texts = {
            "organization": _("Leeg: een activiteit van de bibliotheek zelf."),
            "audience": _("Bijvoorbeeld: volwassenen die willen beginnen met de computer."),
            "languages": _("Bijvoorbeeld: Nederlands, Engels."),
        }

    def __init__(self, *args, library, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A partner plans only its own activities: the organisation is not a choice.
        if organization is not None:
            del self.fields["organization"]
        self.fields["branch"].queryset = Branch.objects.for_library(library)
        if "organization" in self.fields:
            partners = Organization.objects.for_library(library).filter(is_partner=True)
            self.fields["organization"].queryset = partners
        self.fields["room"].queryset = Room.objects.for_library(library)
        self.fields["theme"].queryset = Theme.objects.for_library(library)


class DatesForm(forms.Form):
    """When a new activity is held: one date, or the same time a number of weeks."""

    first_day = forms.DateField(label=_("(Eerste) datum"), widget=forms.DateInput({"type": "date"}))
    starts = forms.TimeField(label=_("Begintijd"), widget=forms.TimeInput({"type": "time"}))
    ends = forms.TimeField(label=_("Eindtijd"), widget=forms.TimeInput({"type": "time"}))
    sessions = forms.IntegerField(
        label=_("Aantal keer (elke week)"),
        min_value=1,
        max_value=52,
        initial=1,
        help_text=_("1 voor één datum; meer voor een reeks op dezelfde dag en tijd."),
    )


class DateForm(forms.Form):
    """One more date for an activity that is already planned."""

    day = forms.DateField(label=_("Datum"), widget=forms.DateInput({"type": "date"}))
    starts = forms.TimeField(label=_("Begintijd"), widget=forms.TimeInput({"type": "time"}))
    ends = forms.TimeField(label=_("Eindtijd"), widget=forms.TimeInput({"type": "time"}))

    def times(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        day = self.cleaned_data["day"]
        return (
            timezone.make_aware(datetime.combine(day, self.cleaned_data["starts"]), zone),
            timezone.make_aware(datetime.combine(day, self.cleaned_data["ends"]), zone),
        )


class SignUpForm(ContactFieldsMixin, forms.Form):
    """The resident's own form and the desk's: the service checks the values."""

    field_order = ["name", "phone", "email"]
    contact_help_texts: ClassVar[dict] = {
        "email": _("Een telefoonnummer of een e-mailadres is genoeg."),
    }
    name = forms.CharField(label=_("Naam (een zelfgekozen naam mag ook)"), required=False)
    consent = forms.BooleanField(label=_("Ja, ik geef toestemming"), required=False)
    # Needed or not depending on another field: the service says which.
    optional_unmarked = ("name", "phone", "email", "consent")


class PublicSignUpForm(HoneypotMixin, SignUpForm):
    """The resident's own form on the public page: with the honeypot of public forms."""


class ActivitySettingsForm(forms.ModelForm):
    class Meta:
        model = ActivitySettings
        fields = ("retention_days", "offer_hours")


SCORE_CHOICES = [(str(n), str(n)) for n in range(SCORE_RANGE[0], SCORE_RANGE[1] + 1)]


class EvaluationForm(NameCheckMixin, StyledForm):
    """One question, a score 1–5 as radio buttons, and an optional comment."""

    score = forms.TypedChoiceField(
        label=_("Welk cijfer geeft u deze activiteit? (1 = slecht, 5 = heel goed)"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "utrecht-radio-button"}),
        error_messages={"required": SCORE_MISSING, "invalid_choice": SCORE_MISSING},
    )
    comment = forms.CharField(
        label=_("Wilt u nog iets kwijt? (mag leeg blijven)"),
        help_text=_("Noem geen namen of andere persoonsgegevens."),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Houd de opmerking korter dan %(limit_value)d tekens.")},
    )

"""Forms of appointments: the bookable hour's settings, booking a slot, moving it, marking it."""

from collections import defaultdict
from typing import ClassVar

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from plein.appointments import services
from plein.appointments.models import AppointmentSettings, BookableHour, BookingStatus
from plein.appointments.selectors import Slot
from plein.core.forms import (
    ContactFieldsMixin,
    NameCheckMixin,
    StyledForm,
    form_describe,
    form_style,
)
from plein.core.guard import HoneypotMixin

CONSENT_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
SLOT_REQUIRED = _("Kies een tijd.")
SLOT_UNKNOWN = _("Deze tijd kan niet (meer) geboekt worden. Kies een van de vrije tijden.")


def slot_label(slot: Slot) -> str:
    start, end = timezone.localtime(slot.start), timezone.localtime(slot.end)
    return f"{formats.date_format(start, 'DATE_FORMAT')}, {start:%H:%M}–{end:%H:%M}"


def slot_choices(slots: list[Slot]) -> list:
    """The free slots as grouped choices: one group per hour (service and organisation)."""
    groups: dict[str, list] = defaultdict(list)
    for slot in slots:
        group = f"{slot.service_name} ({slot.hour.organization.name})"
        groups[group].append((slot.key, slot_label(slot)))
    return [("", "—"), *groups.items()]


class StyledModelForm(forms.ModelForm):
    def full_clean(self) -> None:
        form_style(self)
        super().full_clean()
        form_describe(self)


class BookableHourForm(StyledModelForm):
    class Meta:
        model = BookableHour
        fields = ("is_active", "slot_minutes", "horizon_weeks")


class AppointmentSettingsForm(StyledModelForm):
    class Meta:
        model = AppointmentSettings
        fields = ("appointment_retention_days",)


class SlotForm(StyledForm):
    """A choice among the free slots offered on the page."""

    slot = forms.ChoiceField(
        label=_("Tijd"), error_messages={"required": SLOT_REQUIRED, "invalid_choice": SLOT_UNKNOWN}
    )

    def __init__(self, *args, slots: list[Slot], **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = {slot.key: slot for slot in slots}
        field = self.fields["slot"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = slot_choices(slots)

    def chosen(self) -> Slot:
        return self.slots[self.cleaned_data["slot"]]


class BookingForm(HoneypotMixin, ContactFieldsMixin, NameCheckMixin, SlotForm):
    """A slot, the resident's minimal contact data and their consent. One form for the desk
    and the public page; `submission_key` makes a second send of the same form book once."""

    field_order = ["slot", "names_confirmed", "website", "name", "phone", "email"]
    contact_help_texts: ClassVar[dict] = {
        "phone": _("Een telefoonnummer of een e-mailadres, of allebei."),
        "email": _("Dan sturen wij een bevestiging en een herinnering."),
    }

    name = forms.CharField(
        label=_("Naam of gekozen naam"),
        max_length=100,
        error_messages={"required": services.NAME_REQUIRED},
    )
    question = forms.CharField(
        label=_("Waar gaat de vraag over? (kort)"),
        help_text=_("Geen gezondheidsgegevens, geen BSN, geen adres of geboortedatum."),
        max_length=services.QUESTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    consent_language = forms.ChoiceField(choices=CONSENT_LANGUAGES, widget=forms.HiddenInput)
    consent = forms.BooleanField(label=_("De inwoner geeft toestemming"), required=False)

    def __init__(self, *args, for_resident: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if for_resident:
            self.fields["name"].label = _("Uw naam (of een naam die u kiest)")
            self.fields["phone"].label = _("Uw telefoonnummer")
            self.fields["email"].label = _("Uw e-mailadres")
            self.fields["question"].label = _("Waar gaat uw vraag over? (kort)")
            self.fields["consent"].label = _("Ja, ik geef toestemming")

    def contact(self) -> services.ContactInput:
        data = self.cleaned_data
        return services.ContactInput(
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            question=data["question"],
            names_confirmed=data["names_confirmed"],
        )


MARK_CHOICES = [
    (BookingStatus.ATTENDED, BookingStatus.ATTENDED.label),
    (BookingStatus.NO_SHOW, BookingStatus.NO_SHOW.label),
]


class MarkForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Aanwezig?"),
        choices=MARK_CHOICES,
        error_messages={"required": _("Kies: geweest of niet gekomen.")},
    )

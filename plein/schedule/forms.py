"""Forms of the duty roster. They parse input; the services and the model judge it."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.accounts.models import Role, User
from plein.core.forms import StyledForm
from plein.core.models import Branch, Library
from plein.questions.models import Desk
from plein.schedule.models import StaffKind, Weekday
from plein.socialmap.models import Room

UNKNOWN_CHOICE = _("Deze keuze bestaat niet (meer). Kies opnieuw.")
TIME_INVALID = _("Vul een tijd in als 09:30.")
DATE_INVALID = _("Vul een datum in als 15-03-2027.")
ENDS_BEFORE_START = _("De eindtijd moet na de begintijd liggen.")
UNTIL_BEFORE_FROM = _("De einddatum mag niet voor de begindatum liggen.")
STAND_IN_NEEDED = _("Kies wie de dienst overneemt, of kies ‘Gaat niet door’.")
ROOM_OF_OTHER_BRANCH = _("Deze ruimte hoort bij een andere vestiging.")
NUMBER_RANGE = _("Vul een getal van 0 tot en met 20 in.")
DATE_RANGE = _("Kies een datum tussen 2000 en 2100.")
CHOICE_ERRORS = {"invalid_choice": UNKNOWN_CHOICE, "required": UNKNOWN_CHOICE}
FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


def roster_people(library: Library):
    return User.objects.filter(
        library=library, is_active=True, role__in=[Role.DESK, Role.COORDINATOR]
    ).order_by("first_name", "last_name", "username")


def _date_field(label, *, required: bool) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_INVALID, "required": DATE_INVALID},
    )


def _time_field(label) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": TIME_INVALID, "required": TIME_INVALID},
    )


def _check_date_range(form: forms.Form, name: str) -> None:
    value = form.cleaned_data.get(name)
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        form.add_error(name, DATE_RANGE)


class ShiftForm(StyledForm):
    person = PersonChoiceField(
        label=_("Wie"), queryset=User.objects.none(), error_messages=CHOICE_ERRORS
    )
    kind = forms.ChoiceField(
        label=_("Als"), choices=StaffKind.choices, error_messages=CHOICE_ERRORS
    )
    branch = forms.ModelChoiceField(
        label=_("Vestiging"), queryset=Branch.objects.none(), error_messages=CHOICE_ERRORS
    )
    desk = forms.ModelChoiceField(
        label=_("Balie"),
        queryset=Desk.objects.none(),
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    weekday = forms.TypedChoiceField(
        label=_("Dag"), choices=Weekday.choices, coerce=int, error_messages=CHOICE_ERRORS
    )
    starts_at = _time_field(_("Van"))
    ends_at = _time_field(_("Tot"))
    every_weeks = forms.TypedChoiceField(
        label=_("Hoe vaak"),
        choices=[
            (1, _("elke week")),
            (2, _("om de week")),
            (3, _("om de drie weken")),
            (4, _("om de vier weken")),
        ],
        coerce=int,
        initial=1,
        error_messages=CHOICE_ERRORS,
    )
    valid_from = _date_field(_("Vanaf"), required=True)
    valid_until = _date_field(_("Tot en met"), required=False)

    def __init__(self, *args, library: Library, **kwargs):
        super().__init__(*args, **kwargs)
        self._choice("person").queryset = roster_people(library)
        self._choice("branch").queryset = Branch.objects.filter(library=library, is_active=True)
        self._choice("desk").queryset = Desk.objects.filter(library=library, archived_at=None)

    def _choice(self, name: str) -> forms.ModelChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field

    def clean(self):
        data = super().clean()
        for name in ("valid_from", "valid_until"):
            _check_date_range(self, name)
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", ENDS_BEFORE_START)
        first, last = data.get("valid_from"), data.get("valid_until")
        if first and last and last < first:
            self.add_error("valid_until", UNTIL_BEFORE_FROM)
        return data


class ShiftChangeForm(StyledForm):
    CANCEL, STAND_IN = "cancel", "stand_in"

    date = _date_field(_("Datum"), required=True)
    what = forms.ChoiceField(
        label=_("Wat verandert er"),
        choices=[(CANCEL, _("Gaat niet door")), (STAND_IN, _("Iemand anders neemt het over"))],
        initial=CANCEL,
        error_messages=CHOICE_ERRORS,
    )
    stand_in = PersonChoiceField(
        label=_("Wie neemt het over"),
        queryset=User.objects.none(),
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    stand_in_kind = forms.ChoiceField(
        label=_("Neemt het over als"),
        choices=StaffKind.choices,
        required=False,
        error_messages=CHOICE_ERRORS,
    )

    def __init__(self, *args, library: Library, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["stand_in"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = roster_people(library)

    def clean(self):
        data = super().clean()
        _check_date_range(self, "date")
        if data.get("what") == self.STAND_IN:
            if not data.get("stand_in"):
                self.add_error("stand_in", STAND_IN_NEEDED)
            if not data.get("stand_in_kind"):
                self.add_error("stand_in_kind", UNKNOWN_CHOICE)
        else:
            data["stand_in"], data["stand_in_kind"] = None, ""
        return data


class PresenceRuleForm(StyledForm):
    min_volunteers = forms.IntegerField(
        label=_("Minimaal aantal vrijwilligers"),
        min_value=0,
        max_value=20,
        error_messages={
            "invalid": NUMBER_RANGE,
            "required": NUMBER_RANGE,
            "min_value": NUMBER_RANGE,
            "max_value": NUMBER_RANGE,
        },
    )
    min_professionals = forms.IntegerField(
        label=_("Minimaal aantal professionals"),
        min_value=0,
        max_value=20,
        error_messages={
            "invalid": NUMBER_RANGE,
            "required": NUMBER_RANGE,
            "min_value": NUMBER_RANGE,
            "max_value": NUMBER_RANGE,
        },
    )


class DisplayForm(StyledForm):
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_("Bijvoorbeeld: Scherm bij de ingang."),
        error_messages={"required": _("Geef het scherm een naam.")},
    )
    branch = forms.ModelChoiceField(
        label=_("Vestiging"), queryset=Branch.objects.none(), error_messages=CHOICE_ERRORS
    )
    room = forms.ModelChoiceField(
        label=_("Ruimte"),
        queryset=Room.objects.none(),
        required=False,
        help_text=_("Leeg: het scherm toont de hele vestiging."),
        error_messages=CHOICE_ERRORS,
    )
    alert = forms.CharField(
        label=_("Melding op het scherm"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: Vandaag sluiten we om 15.00 uur. Leeg: geen melding."),
    )
    is_active = forms.BooleanField(label=_("Actief"), required=False, initial=True)

    def __init__(self, *args, library: Library, **kwargs):
        super().__init__(*args, **kwargs)
        branches = self.fields["branch"]
        rooms = self.fields["room"]
        assert isinstance(branches, forms.ModelChoiceField)
        assert isinstance(rooms, forms.ModelChoiceField)
        branches.queryset = Branch.objects.filter(library=library, is_active=True)
        rooms.queryset = Room.objects.filter(library=library).select_related("branch")

    def clean(self):
        data = super().clean()
        room, branch = data.get("room"), data.get("branch")
        if room is not None and branch is not None and room.branch_id != branch.pk:
            self.add_error("room", ROOM_OF_OTHER_BRANCH)
        return data

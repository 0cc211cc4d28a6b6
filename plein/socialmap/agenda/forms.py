"""Forms for consultation hours, their exceptions, rooms and themes (Dutch messages)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.core.forms import StyledForm
from plein.core.models import Branch, Library
from plein.socialmap.agenda import selectors
from plein.socialmap.agenda.services import place_check
from plein.socialmap.agenda.words import FLOOR_NAMES, FLOORS, LANGUAGES, floor_describe
from plein.socialmap.forms import (
    CLOSES_BEFORE_OPENS,
    DATE_INVALID,
    NAME_REQUIRED,
    TEXTAREA,
    TIME_INVALID,
    TIME_REQUIRED,
    URL_INVALID,
    WEEKDAYS,
    DateInput,
    ScheduleForm,
    TimeInput,
    WebsiteField,
)
from plein.socialmap.models import ExceptionKind, Room, Schedule, Theme

BRANCH_REQUIRED = _("Kies een vestiging.")
FIRST_DATE_REQUIRED = _(
    "Vul de datum van de eerste keer in, zodat duidelijk is welke weken het is."
)
FIRST_DATE_NOT_ON_DAY = _("De eerste keer valt niet op een van de gekozen dagen.")
APPOINTMENT_INFO_REQUIRED = _(
    "Vertel hoe iemand een afspraak maakt: een telefoonnummer, e-mailadres of een link."
)
DATE_REQUIRED = _("Vul een datum in.")
MOVE_NEEDS_CHANGE = _("Vul een nieuwe datum of een nieuwe tijd in.")
TIMES_BOTH = _("Vul zowel de begin- als de eindtijd in, of laat beide leeg.")
WEEKDAY_REQUIRED = _("Kies een dag.")
FLOOR_INVALID = _("Kies een verdieping uit de lijst.")

FREQUENCIES = [
    ("WEEKLY", _("elke week")),
    ("BIWEEKLY", _("om de week")),
    ("MONTHLY", _("één keer per maand")),
]


class _PlaceChoice(forms.ModelChoiceField):
    """A room or theme, labelled with its branch (one list for every branch, no script)."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.branch.name} – {obj.name}"


def _branch_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Vestiging"),
        queryset=Branch.objects.none(),
        error_messages={"required": BRANCH_REQUIRED, "invalid_choice": BRANCH_REQUIRED},
    )


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError (by field) shown on the form, beside what was entered."""
    for field, messages in error.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class ConsultationHourForm(ScheduleForm):
    """A consultation hour: when (as the schedule form), where, and how to come."""

    freq = forms.ChoiceField(label=_("Hoe vaak"), choices=FREQUENCIES, initial="WEEKLY")
    first_date = forms.DateField(
        label=_("Eerste keer"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": DATE_INVALID},
        help_text=_("Nodig bij om de week: de datum van een week waarin het spreekuur is."),
    )
    branch = _branch_field()
    room = _PlaceChoice(
        label=_("Ruimte"), queryset=Room.objects.none(), required=False, empty_label=_("–")
    )
    theme = _PlaceChoice(
        label=_("Thema"), queryset=Theme.objects.none(), required=False, empty_label=_("–")
    )
    on_public_holidays = forms.BooleanField(
        label=_("Gaat ook door op feestdagen"),
        required=False,
        help_text=_("Anders vervalt het spreekuur op Nederlandse feestdagen, zoals Koningsdag."),
    )
    by_appointment = forms.BooleanField(label=_("Alleen op afspraak"), required=False)
    appointment_info = forms.CharField(
        label=_("Zo maakt u een afspraak"),
        required=False,
        max_length=300,
        help_text=_("Bijvoorbeeld: bel 0570 123 456 op werkdagen tussen 9 en 12 uur."),
    )
    schedule_link = WebsiteField(
        label=_("Link om een afspraak te maken"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": URL_INVALID},
    )
    languages = forms.MultipleChoiceField(
        label=_("Talen"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = [
        "branch",
        "room",
        "theme",
        "weekdays",
        "freq",
        "week_of_month",
        "first_date",
        "opens_at",
        "closes_at",
        "valid_from",
        "valid_to",
        "on_public_holidays",
        "by_appointment",
        "appointment_info",
        "schedule_link",
        "languages",
        "description",
    ]

    def __init__(
        self,
        *args,
        library: Library,
        schedule: Schedule | None = None,
        branch: Branch | None = None,
        **kwargs,
    ):
        super().__init__(*args, schedule=schedule, **kwargs)
        self.schedule = schedule
        if schedule is not None:
            self.initial.update(
                {
                    "freq": "BIWEEKLY"
                    if schedule.freq == "WEEKLY" and (schedule.interval or 1) == 2
                    else schedule.freq or "WEEKLY",
                    "first_date": schedule.dtstart,
                    "branch": branch,
                    "room": schedule.room_id,
                    "theme": schedule.theme_id,
                    "on_public_holidays": schedule.on_public_holidays,
                    "by_appointment": schedule.by_appointment,
                    "appointment_info": schedule.appointment_info,
                    "schedule_link": schedule.schedule_link,
                    "languages": [c for c in schedule.languages.split(",") if c],
                }
            )
        self.fields["branch"].queryset = selectors.branch_list_with_hours(library=library)  # type: ignore[attr-defined]
        self.fields["room"].queryset = selectors.room_list(library=library).order_by(  # type: ignore[attr-defined]
            "branch__name", "floor", "name"
        )
        self.fields["theme"].queryset = selectors.theme_list(library=library).order_by(  # type: ignore[attr-defined]
            "branch__name", "weekday", "starts_at"
        )
        if schedule is not None:
            # An hour stays in its branch; to move it elsewhere, add a new one there.
            self.fields["branch"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("freq") == "BIWEEKLY":
            first = data.get("first_date")
            if first is None and "first_date" not in self.errors:
                self.add_error("first_date", FIRST_DATE_REQUIRED)
            elif first is not None and WEEKDAYS[first.weekday()][0] not in data.get("weekdays", []):
                self.add_error("first_date", FIRST_DATE_NOT_ON_DAY)
        if data.get("by_appointment") and not (
            data.get("appointment_info") or data.get("schedule_link")
        ):
            self.add_error("appointment_info", APPOINTMENT_INFO_REQUIRED)
        branch = data.get("branch")
        if branch is not None:
            try:
                place_check(branch=branch, room=data.get("room"), theme=data.get("theme"))
            except ValidationError as error:
                add_errors(self, error)
        return data

    def schedule_data(self) -> dict:
        data = self.cleaned_data
        biweekly = data["freq"] == "BIWEEKLY"
        values = super().schedule_data()
        values["freq"] = "WEEKLY" if biweekly else data["freq"]
        first = data["first_date"] or data["valid_from"]
        if first is None:
            first = self.schedule.dtstart if self.schedule else None
        values.update(
            {
                "interval": 2 if biweekly else 1,
                "wkst": "MO",
                "dtstart": first or timezone.localdate(),
                "room": data["room"],
                "theme": data["theme"],
                "on_public_holidays": data["on_public_holidays"],
                "by_appointment": data["by_appointment"],
                "appointment_info": data["appointment_info"],
                "schedule_link": data["schedule_link"],
                "languages": ",".join(code for code, _l in LANGUAGES if code in data["languages"]),
                "attending_type": "in_person",
            }
        )
        return values


class CancelForm(StyledForm):
    """Cancel one occurrence ("gaat deze keer niet door")."""

    date = forms.DateField(
        label=_("Datum"),
        widget=forms.HiddenInput,
        error_messages={"required": DATE_REQUIRED, "invalid": DATE_INVALID},
    )
    reason = forms.CharField(
        label=_("Reden (zichtbaar voor bezoekers)"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld: wegens ziekte. Noem geen namen."),
    )


class ExceptionForm(StyledForm):
    """Move one occurrence, or add an extra one."""

    kind = forms.ChoiceField(
        label=_("Wat wilt u doen?"),
        choices=[
            (ExceptionKind.MOVED, _("een keer verplaatsen")),
            (ExceptionKind.EXTRA, _("een extra keer toevoegen")),
        ],
        widget=forms.RadioSelect,
        initial=ExceptionKind.EXTRA,
    )
    date = forms.DateField(
        label=_("Datum"),
        widget=DateInput(),
        help_text=_("Bij verplaatsen: de datum waarop het spreekuur volgens het rooster is."),
        error_messages={"required": DATE_REQUIRED, "invalid": DATE_INVALID},
    )
    new_date = forms.DateField(
        label=_("Nieuwe datum"),
        required=False,
        widget=DateInput(),
        help_text=_("Alleen bij verplaatsen."),
        error_messages={"invalid": DATE_INVALID},
    )
    opens_at = forms.TimeField(
        label=_("Van"),
        required=False,
        widget=TimeInput(),
        help_text=_("Leeg: de gewone tijd."),
        error_messages={"invalid": TIME_INVALID},
    )
    closes_at = forms.TimeField(
        label=_("Tot"),
        required=False,
        widget=TimeInput(),
        error_messages={"invalid": TIME_INVALID},
    )
    room = forms.ModelChoiceField(
        label=_("Ruimte"), queryset=Room.objects.none(), required=False, empty_label=_("–")
    )
    reason = forms.CharField(
        label=_("Toelichting (zichtbaar voor bezoekers)"), required=False, max_length=200
    )

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if bool(opens) != bool(closes) and not self.errors.get("opens_at"):
            self.add_error("closes_at", TIMES_BOTH)
        elif opens and closes and closes <= opens:
            self.add_error("closes_at", CLOSES_BEFORE_OPENS)
        if (
            data.get("kind") == ExceptionKind.MOVED
            and not data.get("new_date")
            and not opens
            and not data.get("room")
        ):
            self.add_error("new_date", MOVE_NEEDS_CHANGE)
        return data


class RoomForm(StyledForm):
    branch = _branch_field()
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        error_messages={"required": NAME_REQUIRED},
        help_text=_("Bijvoorbeeld: Spreekkamer 2, of: Leesplein."),
    )
    floor = forms.TypedChoiceField(
        label=_("Verdieping"),
        choices=FLOORS,
        coerce=int,
        initial=0,
        error_messages={"invalid_choice": FLOOR_INVALID},
    )
    route = forms.CharField(
        label=_("Route"),
        required=False,
        max_length=200,
        help_text=_("Kort, bijvoorbeeld: naast de leestafel, of: achter de balie links."),
    )

    def __init__(self, *args, library: Library, room: Room | None = None, **kwargs):
        if room is not None:
            kwargs.setdefault(
                "initial",
                {
                    "branch": room.branch,
                    "name": room.name,
                    "floor": room.floor,
                    "route": room.route,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.for_library(library)  # type: ignore[attr-defined]
        if room is not None:
            self.fields["branch"].disabled = True
        if room is not None and room.floor not in FLOOR_NAMES:
            self.fields["floor"].choices = [*FLOORS, (room.floor, floor_describe(room.floor))]  # type: ignore[attr-defined]

    def room_data(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in ("name", "floor", "route")}


class ThemeForm(StyledForm):
    branch = _branch_field()
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        error_messages={"required": NAME_REQUIRED},
        help_text=_("Bijvoorbeeld: Werk & inkomen."),
    )
    weekday = forms.TypedChoiceField(
        label=_("Dag"),
        choices=[(index, name) for index, (_code, name) in enumerate(WEEKDAYS)],
        coerce=int,
        error_messages={"required": WEEKDAY_REQUIRED, "invalid_choice": WEEKDAY_REQUIRED},
    )
    starts_at = forms.TimeField(
        label=_("Van"),
        widget=TimeInput(),
        error_messages={"invalid": TIME_INVALID, "required": TIME_REQUIRED},
    )
    ends_at = forms.TimeField(
        label=_("Tot"),
        widget=TimeInput(),
        error_messages={"invalid": TIME_INVALID, "required": TIME_REQUIRED},
    )
    description = forms.CharField(label=_("Omschrijving"), required=False, widget=TEXTAREA)

    def __init__(self, *args, library: Library, theme: Theme | None = None, **kwargs):
        if theme is not None:
            kwargs.setdefault(
                "initial",
                {
                    "branch": theme.branch,
                    "name": theme.name,
                    "weekday": theme.weekday,
                    "starts_at": theme.starts_at,
                    "ends_at": theme.ends_at,
                    "description": theme.description,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.for_library(library)  # type: ignore[attr-defined]
        if theme is not None:
            self.fields["branch"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", CLOSES_BEFORE_OPENS)
        return data

    def theme_data(self) -> dict[str, Any]:
        keys = ("name", "weekday", "starts_at", "ends_at", "description")
        return {key: self.cleaned_data[key] for key in keys}

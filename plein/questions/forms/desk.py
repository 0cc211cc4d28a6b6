"""Forms of the desk screen. They parse ids; the services judge them (library, archived …).

The registration form picks options from the library's cached active lists (no query). An id not
among them is looked up in the database without limiting it to the user's library: an archived
option or another library's must reach the service, which refuses it with its own message next
to the field.
"""

import datetime
from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.core.forms import asks_name_confirmation
from plein.core.models import Branch
from plein.questions.models import (
    CLOCK_SKEW_LIMIT,
    AgeBand,
    Channel,
    Desk,
    LifeDomain,
    Outcome,
    Topic,
    VisitMode,
)
from plein.questions.selectors.desk import DeskOptions
from plein.questions.services.clock import ClockReading, clock_settle
from plein.questions.services.registration import (
    DESK_OTHER_BRANCH,
    QuestionInput,
    VisitInput,
)
from plein.socialmap.models import Organization, Service

UNKNOWN_CHOICE = _("Deze keuze bestaat niet (meer). Kies opnieuw.")
BRANCH_REQUIRED = _("Kies een vestiging.")
CHANNEL_REQUIRED = _("Kies een kanaal.")
_CHOICE_ERRORS = {"invalid_choice": UNKNOWN_CHOICE, "invalid_pk_value": UNKNOWN_CHOICE}


class CachedChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that first looks the id up among `cached` options (id -> option)."""

    cached: dict = {}

    def to_python(self, value):
        if value not in self.empty_values:
            try:
                option = self.cached.get(int(value))
            except (TypeError, ValueError):
                option = None
            if option is not None:
                return option
        return super().to_python(value)


class CachedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that first looks the ids up among `cached` options."""

    cached: dict = {}

    def _check_values(self, value):
        # Compared as text, as the parent does: "07" is not 7.
        found = [self.cached.get(str(pk)) for pk in value]
        if found and None not in found:
            return list(dict.fromkeys(found))
        return super()._check_values(value)


def _choice(model, *, required=False, **kwargs) -> forms.ModelChoiceField:
    return CachedChoiceField(
        model.objects.all(), required=required, error_messages=dict(_CHOICE_ERRORS), **kwargs
    )


def _choices(model) -> forms.ModelMultipleChoiceField:
    errors = {**_CHOICE_ERRORS, "invalid_choice": UNKNOWN_CHOICE, "list": UNKNOWN_CHOICE}
    return CachedMultipleChoiceField(model.objects.all(), required=False, error_messages=errors)


DEVICE_CLOCK_BROKEN = _(
    "De klok van dit apparaat staat jaren verkeerd. Zet datum en tijd goed en verstuur opnieuw."
)


class DeviceClockMixin(forms.Form):
    """The desk script's clock readings: when the entry was made and when it was sent."""

    client_made_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)
    client_now = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def clean_client_now(self):
        client_now = self.cleaned_data.get("client_now")
        if client_now is not None:
            limit = datetime.timedelta(seconds=CLOCK_SKEW_LIMIT)
            if abs(client_now - timezone.now()) > limit:
                raise ValidationError(DEVICE_CLOCK_BROKEN, code="device_clock")
        return client_now

    def clock(self) -> ClockReading:
        data = self.cleaned_data
        return clock_settle(
            started_at=data.get("started_at"),
            client_made_at=data.get("client_made_at"),
            client_now=data.get("client_now"),
        )


class RegistrationForm(DeviceClockMixin, forms.Form):
    """One visit with one question, as the desk screen, its edit page and its JSON API post it."""

    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    mode = forms.ChoiceField(choices=VisitMode.choices, required=False)
    branch = _choice(Branch, required=True)
    desk = _choice(Desk)
    channel = _choice(Channel, required=True)
    started_at = forms.DateTimeField(label=_("Tijdstip"), required=False)
    duration_band = forms.CharField(label=_("Duur"), required=False)
    age_band = _choice(AgeBand, label=_("Leeftijdsgroep"))
    gender = forms.CharField(label=_("Gender"), required=False)
    topics = _choices(Topic)
    other_topic = _choice(Topic, label=_("Ander onderwerp"))
    life_domains = _choices(LifeDomain)
    is_complex = forms.BooleanField(label=_("Complexe vraag"), required=False)
    outcome = _choice(Outcome)
    referred_organization = _choice(Organization)
    other_organization = _choice(Organization, label=_("Andere organisatie"))
    referred_service = _choice(Service)
    effort = forms.IntegerField(label=_("Inspanning"), required=False)
    note = forms.CharField(label=_("Notitie"), required=False, max_length=200)
    note_names_confirmed = forms.BooleanField(
        label=_("Toch opslaan: het is geen naam van de inwoner of een ander persoon"),
        required=False,
    )

    def __init__(self, *args, options: DeskOptions | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].error_messages["required"] = BRANCH_REQUIRED
        self.fields["channel"].error_messages["required"] = CHANNEL_REQUIRED
        if options is not None:
            self._use_cached(options)

    def _use_cached(self, options: DeskOptions) -> None:
        lists: dict[str, Sequence[Model]] = {
            "branch": options.branches,
            "desk": options.desks,
            "channel": options.channels,
            "age_band": options.age_bands,
            "topics": options.topics,
            "other_topic": options.topics,
            "life_domains": options.life_domains,
            "outcome": options.outcomes,
        }
        for name, items in lists.items():
            field = self.fields[name]
            if isinstance(field, CachedMultipleChoiceField):
                field.cached = {str(item.pk): item for item in items}
            elif isinstance(field, CachedChoiceField):
                field.cached = {item.pk: item for item in items}

    def clean(self):
        data = super().clean()
        # The "other" select and the tiles post under different names; the services see one list.
        other_topic = data.get("other_topic")
        topics = list(data.get("topics") or [])
        if other_topic is not None and other_topic not in topics:
            topics.append(other_topic)
        data["topics"] = topics
        if data.get("other_organization") is not None:
            data["referred_organization"] = data["other_organization"]
        return data

    def question_input(self) -> QuestionInput:
        data = self.cleaned_data
        return QuestionInput(
            topics=data["topics"],
            life_domains=list(data.get("life_domains") or []),
            is_complex=data.get("is_complex", False),
            outcome=data.get("outcome"),
            referred_organization=data.get("referred_organization"),
            referred_service=data.get("referred_service"),
            effort=data.get("effort"),
            note=data.get("note", ""),
            note_names_confirmed=data.get("note_names_confirmed", False),
        )

    def visit_input(self) -> VisitInput:
        data = self.cleaned_data
        clock = self.clock()
        return VisitInput(
            branch=data["branch"],
            channel=data["channel"],
            desk=data.get("desk"),
            started_at=clock.started_at,
            clock_skew_seconds=clock.skew_seconds,
            duration_band=data.get("duration_band", ""),
            age_band=data.get("age_band"),
            gender=data.get("gender", ""),
            questions=[self.question_input()],
            mode=data.get("mode") or VisitMode.FULL,
        )

    def asks_name_confirmation(self) -> bool:
        """The note looked like a name: the page offers "Toch opslaan"."""
        return asks_name_confirmation(self)

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's errors next to the fields they concern (the rest above the form)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, problems in error.error_dict.items():
            self.add_error(name if name in self.fields else None, problems)


class RepeatForm(DeviceClockMixin, forms.Form):
    """'Zelfde als vorige': a key and the device's place; the service copies the rest."""

    idempotency_key = forms.UUIDField(required=False)
    started_at = forms.DateTimeField(required=False)
    branch = _choice(Branch)
    desk = _choice(Desk)
    channel = _choice(Channel)


class DeviceForm(forms.Form):
    """Where this device stands: remembered in a cookie, offered from the library's own lists."""

    branch = forms.ModelChoiceField(Branch.objects.none(), label=_("Vestiging"))
    desk = forms.ModelChoiceField(Desk.objects.none(), label=_("Balie"), required=False)
    channel = forms.ModelChoiceField(Channel.objects.none(), label=_("Kanaal"))

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.filter(library=library, is_active=True)
        desks = Desk.objects.active().filter(library=library).select_related("branch")
        self.fields["desk"].queryset = desks
        self.fields["desk"].label_from_instance = lambda desk: f"{desk.branch}: {desk}"
        self.fields["channel"].queryset = Channel.objects.active().filter(library=library)
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = UNKNOWN_CHOICE
            field.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"

    def clean(self):
        data = super().clean()
        branch, desk = data.get("branch"), data.get("desk")
        if branch is not None and desk is not None and desk.branch_id != branch.pk:
            self.add_error("desk", DESK_OTHER_BRANCH)
        return data

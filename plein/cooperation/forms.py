import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.cooperation import services
from plein.cooperation.instrument import Instrument
from plein.cooperation.models import COMMENT_MAX_LENGTH
from plein.core.forms import NameCheckMixin, StyledForm

DEFAULT_DAYS_OPEN = 21
UNKNOWN = "?"
SCALE_CHOICES = [
    ("1", _("1 · helemaal oneens")),
    ("2", _("2 · oneens")),
    ("3", _("3 · neutraal")),
    ("4", _("4 · eens")),
    ("5", _("5 · helemaal eens")),
    (UNKNOWN, _("weet niet")),
]
RADIO = "utrecht-radio-button utrecht-radio-button--html-input"


class AssessmentStartForm(StyledForm):
    closes_on = forms.DateField(
        label=_("Partners kunnen antwoorden tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul een sluitdatum in."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 31-12-2026."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closes_on"].input_formats = ["%Y-%m-%d", "%d-%m-%Y"]
        if not self.is_bound:
            default = timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS_OPEN)
            self.initial["closes_on"] = default


class AnswerForm(NameCheckMixin, StyledForm):
    """One radio group per statement (named by its code) and an optional comment."""

    comment = forms.CharField(
        label=_("Wilt u nog iets kwijt over de samenwerking?"),
        help_text=_(
            "De coördinator leest opmerkingen pas na sluiting, zonder de naam van uw organisatie. "
            "Noem geen namen of andere persoonsgegevens."
        ),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Houd de opmerking korter dan %(limit_value)d tekens.")},
    )

    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for statement in instrument.statements:
            self.fields[statement.code] = forms.ChoiceField(
                label=statement.text,
                choices=SCALE_CHOICES,
                widget=forms.RadioSelect(attrs={"class": RADIO}),
                error_messages={
                    "required": services.ANSWER_MISSING,
                    "invalid_choice": services.ANSWER_INVALID,
                },
            )
        # Keep the comment last, after the statements.
        self.order_fields([s.code for s in instrument.statements] + ["comment", "names_confirmed"])

    def scores(self) -> dict[str, int | None]:
        return {
            s.code: None if self.cleaned_data[s.code] == UNKNOWN else int(self.cleaned_data[s.code])
            for s in self.instrument.statements
        }

    @staticmethod
    def initial_from(answers: dict[str, int | None], comment: str) -> dict:
        initial: dict = {
            code: UNKNOWN if score is None else str(score) for code, score in answers.items()
        }
        return initial | {"comment": comment}

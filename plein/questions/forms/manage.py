"""Forms of the coordinator's list management. They parse input; the services judge it."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plein.core.forms import StyledForm, form_describe, form_style
from plein.core.models import Branch, Library
from plein.questions.models import (
    SMALL_CELL_MAXIMUM,
    Desk,
    IdoCategory,
    LifeDomain,
    Option,
    Outcome,
    OutcomeKind,
    Topic,
)
from plein.socialmap.models import TaxonomyKind, TaxonomyTerm

UNKNOWN_CHOICE = _("Deze keuze bestaat niet (meer). Kies opnieuw.")
NAME_REQUIRED = _("Vul een naam in.")
THRESHOLD_REQUIRED = _("Vul een getal in, 5 of hoger.")
THRESHOLD_RANGE = _("Vul een getal van 5 tot en met 100 in.")
# Above this, tables would hide nearly everything; the minimum is the service's rule.
TOPIC_REQUIRED = _("Kies een onderwerp.")
_CHOICE_ERRORS = {"invalid_choice": UNKNOWN_CHOICE, "required": UNKNOWN_CHOICE}


def _terms(kind: str, library: Library):
    return (
        TaxonomyTerm.objects.filter(taxonomy_detail__kind=kind)
        .filter(Q(library__isnull=True) | Q(library=library))
        .select_related("parent")
        .order_by("code")
    )


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TaxonomyTerm) -> str:
        """A term with its parent, as the choice list shows it ("Geld – Toeslagen")."""
        return f"{obj.parent.name} – {obj.name}" if obj.parent else obj.name


class OptionForm(StyledForm):
    """Add or change an option of any list; the extra fields depend on the list."""

    name = forms.CharField(
        label=_("Naam"), max_length=100, error_messages={"required": NAME_REQUIRED}
    )

    def __init__(self, *args, model: type[Option], library: Library, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = model
        if model is Topic:
            self.fields["term"] = self._term_field(TaxonomyKind.TOPIC, library)
            self.fields["ido_category"] = forms.ChoiceField(
                label=_("IDO-categorie"),
                choices=IdoCategory.choices,
                initial=IdoCategory.OTHER,
                error_messages=dict(_CHOICE_ERRORS),
                help_text=_("Hoe de vraag meetelt op het registratieformulier van de KB."),
            )
        elif model is LifeDomain:
            self.fields["term"] = self._term_field(TaxonomyKind.LIFE_DOMAIN, library)
        elif model is Outcome:
            self.fields["kind"] = forms.ChoiceField(
                label=_("Soort"),
                choices=OutcomeKind.choices,
                error_messages=dict(_CHOICE_ERRORS),
                help_text=_(
                    "Verandert niet meer zodra er vragen mee zijn geregistreerd: archiveer dan "
                    "deze uitkomst en maak een nieuwe."
                ),
            )
        elif model is Desk and creating:
            self.fields["branch"] = forms.ModelChoiceField(
                Branch.objects.filter(library=library, is_active=True).order_by("name"),
                label=_("Vestiging"),
                error_messages=dict(_CHOICE_ERRORS),
            )
        # StyledForm styled the fields it knew; bound forms are styled again when validated.
        if not self.is_bound:
            form_style(self)
            form_describe(self)

    @staticmethod
    def _term_field(kind: str, library: Library) -> forms.ModelChoiceField:
        return TermChoiceField(
            _terms(kind, library),
            required=False,
            label=_("Term op de sociale kaart"),
            error_messages=dict(_CHOICE_ERRORS),
        )

    def service_fields(self) -> dict:
        """The cleaned values as keyword arguments of the services (name apart)."""
        return {key: value for key, value in self.cleaned_data.items() if key != "name"}


def option_initial(option: Option) -> dict:
    initial = {"name": option.name}
    for field in ("term", "ido_category", "kind"):
        if hasattr(option, field):
            initial[field] = getattr(option, f"{field}_id", None) or getattr(option, field)
    return initial


class TileAddForm(StyledForm):
    topic = forms.ModelChoiceField(
        Topic.objects.none(),
        label=_("Onderwerp"),
        error_messages={"invalid_choice": UNKNOWN_CHOICE, "required": TOPIC_REQUIRED},
    )

    def __init__(self, *args, library: Library, **kwargs):
        super().__init__(*args, **kwargs)
        # Every topic of the library, archived ones too: the service says why those can't.
        topic = self.fields["topic"]
        assert isinstance(topic, forms.ModelChoiceField)
        topic.queryset = Topic.objects.filter(library=library).order_by("name")


class RegistrationSettingsForm(StyledForm):
    record_age_band = forms.BooleanField(
        label=_("Leeftijdsgroep vastleggen"),
        required=False,
        help_text=_("Baliemedewerkers kiezen een leeftijdsgroep, nooit een geboortedatum."),
    )
    record_gender = forms.BooleanField(label=_("Gender vastleggen"), required=False)
    allow_note = forms.BooleanField(
        label=_("Korte notitie toestaan"),
        required=False,
        help_text=_(
            "Hoogstens 200 tekens. Tekst die op persoonsgegevens lijkt (e-mailadres, "
            "telefoonnummer, BSN, adres, geboortedatum) wordt geweigerd."
        ),
    )
    small_cell_threshold = forms.IntegerField(
        label=_("Kleinste getoonde aantal"),
        max_value=SMALL_CELL_MAXIMUM,
        error_messages={
            "required": THRESHOLD_REQUIRED,
            "invalid": THRESHOLD_REQUIRED,
            "max_value": THRESHOLD_RANGE,
        },
        help_text=_("Kleinere aantallen tonen als “<5” voor financiers en in exports. Minstens 5."),
    )
    monthly_report = forms.BooleanField(
        label=_("Maandrapport per e-mail aan de coördinatoren"), required=False
    )

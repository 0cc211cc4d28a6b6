"""The public search form: a search box and filters, all optional, validated in plain Dutch."""

from uuid import UUID

from django import forms
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from plein.core.models import Library
from plein.socialmap import selectors
from plein.socialmap.hours import DAY_NAMES
from plein.socialmap.models import Neighbourhood, TaxonomyKind
from plein.socialmap.neighbourhoods import (
    neighbourhood_for_postcode,
    neighbourhood_in_query,
    postcode_normalize,
)
from plein.socialmap.search.query import MAX_QUERY_LENGTH

QUERY_TOO_LONG = _("Uw zoekvraag is te lang. Gebruik hoogstens %(limit_value)d tekens.")
UNKNOWN_TOPIC = _("Dit onderwerp kennen we niet. Kies een onderwerp uit de lijst.")
UNKNOWN_LIFE_DOMAIN = _("Dit thema kennen we niet. Kies een thema uit de lijst.")
UNKNOWN_NEIGHBOURHOOD = _("Deze wijk kennen we niet. Kies een wijk uit de lijst.")
BAD_POSTCODE = _("Vul een postcode in zoals 7731 of 7731 BK.")
POSTCODE_OUTSIDE_AREA = _(
    "Postcode %(postcode)s ligt niet in ons werkgebied. Kies een wijk of laat de postcode leeg."
)
BAD_AGE = _("Vul een leeftijd in als heel getal van 0 tot en met 120.")
UNKNOWN_DAY = _("Kies een dag uit de lijst.")

DAY_CHOICES = [("", _("Elke dag")), *DAY_NAMES.items()]


class ServiceSearchForm(forms.Form):
    # Everything here is optional, so no field says so.
    optional_unmarked = frozenset(
        {"q", "topic", "life_domain", "neighbourhood", "postcode", "age", "day"}
    )
    q = forms.CharField(
        label=_("Waar zoekt u hulp bij?"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": QUERY_TOO_LONG},
        help_text=_("Bijvoorbeeld: geldzorgen, huurtoeslag, DigiD kwijt."),
    )
    topic = forms.ChoiceField(
        label=_("Onderwerp"), required=False, error_messages={"invalid_choice": UNKNOWN_TOPIC}
    )
    life_domain = forms.ChoiceField(
        # Residents read "thema"; "leefgebied" is the desk's word for the same list.
        label=_("Thema"),
        required=False,
        error_messages={"invalid_choice": UNKNOWN_LIFE_DOMAIN},
    )
    neighbourhood = forms.ChoiceField(
        label=_("Wijk of dorp"),
        required=False,
        error_messages={"invalid_choice": UNKNOWN_NEIGHBOURHOOD},
    )
    postcode = forms.CharField(
        label=_("Of uw postcode"),
        required=False,
        max_length=7,
        error_messages={"max_length": BAD_POSTCODE},
    )
    age = forms.IntegerField(
        label=_("Leeftijd"),
        required=False,
        min_value=0,
        max_value=120,
        # A text box, so that whatever was typed stays visible next to the error message.
        widget=forms.TextInput,
        error_messages={"invalid": BAD_AGE, "min_value": BAD_AGE, "max_value": BAD_AGE},
    )
    day = forms.ChoiceField(
        label=_("Op welke dag?"),
        required=False,
        choices=DAY_CHOICES,
        error_messages={"invalid_choice": UNKNOWN_DAY},
    )

    def __init__(self, *args, library: Library, **kwargs):
        super().__init__(*args, **kwargs)
        self.library = library
        self.neighbourhood_from_query: Neighbourhood | None = None
        for field in self.fields.values():
            css = "utrecht-textbox utrecht-textbox--html-input"
            if isinstance(field, forms.ChoiceField):
                css = "utrecht-select utrecht-select--html-select"
            field.widget.attrs["class"] = css
        self.fields["q"].widget.input_type = "search"
        # Suggestions while typing come from htmx; without JavaScript it is a plain search box.
        self.fields["q"].widget.attrs.update(
            {
                "autocomplete": "off",
                "list": "zoeksuggesties",
                "hx-get": reverse("socialmap:search_suggest", args=[library.slug]),
                "hx-trigger": "input changed delay:200ms",
                "hx-target": "#zoeksuggesties",
                "hx-swap": "outerHTML",
                "hx-push-url": "false",
                "hx-sync": "this:replace",
            }
        )
        self.fields["postcode"].widget.attrs.update({"autocomplete": "postal-code", "size": 8})
        self.fields["age"].widget.attrs.update({"inputmode": "numeric", "size": 4, "maxlength": 3})
        self._choices_set("topic", _("Alle onderwerpen"), selectors.taxonomy_term_choices(
            library=library, kind=TaxonomyKind.TOPIC
        ))  # fmt: skip
        self._choices_set("life_domain", _("Alle thema’s"), selectors.taxonomy_term_choices(
            library=library, kind=TaxonomyKind.LIFE_DOMAIN
        ))  # fmt: skip
        self._choices_set(
            "neighbourhood", _("Alle wijken"), selectors.neighbourhood_choices(library=library)
        )

    def _choices_set(self, name: str, everything: str | Promise, choices: list) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", everything), *choices]

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        normalized = postcode_normalize(value)
        if normalized is None:
            raise forms.ValidationError(BAD_POSTCODE, code="invalid")
        self.postcode_neighbourhood = neighbourhood_for_postcode(
            library=self.library, postcode=normalized
        )
        if self.postcode_neighbourhood is None:
            raise forms.ValidationError(
                POSTCODE_OUTSIDE_AREA, code="outside", params={"postcode": value}
            )
        return normalized

    def filters(self) -> dict:
        """Keyword arguments for selectors.service_list_public, from valid data."""
        data = self.cleaned_data
        query = data.get("q", "")
        neighbourhood = None
        if data.get("neighbourhood"):
            neighbourhood = Neighbourhood.objects.get(
                library=self.library, pk=int(data["neighbourhood"])
            )
        elif data.get("postcode"):
            neighbourhood = self.postcode_neighbourhood
        else:
            # "taalles in Hoogdonk": the place is a filter, not a word to find in the texts.
            neighbourhood, query = neighbourhood_in_query(library=self.library, query=query)
            self.neighbourhood_from_query = neighbourhood
        return {
            "query": query,
            "topic_id": UUID(data["topic"]) if data.get("topic") else None,
            "life_domain_id": UUID(data["life_domain"]) if data.get("life_domain") else None,
            "neighbourhood": neighbourhood,
            "age": data.get("age"),
            "day": data.get("day", ""),
        }

    def has_filters(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        names = ("topic", "life_domain", "neighbourhood", "postcode", "age", "day")
        return any(data.get(name) not in (None, "") for name in names)

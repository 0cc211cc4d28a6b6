"""Forms with which partners and coordinators edit social map entries."""

import re
from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plein.core.forms import TEXTBOX, StyledForm, form_style
from plein.socialmap.hours import DAY_NAMES
from plein.socialmap.models import (
    Location,
    Organization,
    Phone,
    Service,
    ServiceStatus,
    TaxonomyKind,
    TaxonomyTerm,
)
from plein.socialmap.search import text
from plein.socialmap.validators import EMAIL_INVALID

NAME_REQUIRED = _("Vul een naam in.")
DESCRIPTION_REQUIRED = _("Vul een korte omschrijving in: wat doet deze organisatie?")
AGE_RANGE_INVALID = _("De maximumleeftijd mag niet lager zijn dan de minimumleeftijd.")
URL_INVALID = _("Vul een geldig webadres in, bijvoorbeeld https://www.voorbeeld.nl.")
TIME_INVALID = _("Vul een tijd in als uu:mm, bijvoorbeeld 09:30.")
TIME_REQUIRED = _("Vul een tijd in.")
DATE_INVALID = _("Vul een datum in als dd-mm-jjjj, bijvoorbeeld 01-09-2026.")
CLOSES_BEFORE_OPENS = _("De eindtijd moet later zijn dan de begintijd.")
VALID_TO_BEFORE_FROM = _("De einddatum mag niet voor de begindatum liggen.")
WEEKDAYS_REQUIRED = _("Kies minstens één dag.")
WEEK_OF_MONTH_REQUIRED = _("Kies welke week van de maand het is.")
POSTCODE_INVALID = _("Vul een postcode in als 1234 AB.")
PHONE_INVALID = _("Vul een telefoonnummer in met alleen cijfers, spaties, +, - en haakjes.")
PHONE_REQUIRED = _("Vul het telefoonnummer in, of vink 'verwijderen' aan.")
SERVICES_REQUIRED = _("Kies minstens één dienst.")

WEEKDAYS = list(DAY_NAMES.items())
WEEKDAY_NAMES = dict(WEEKDAYS)
FREQUENCIES = [("WEEKLY", _("elke week")), ("MONTHLY", _("één keer per maand"))]
WEEKS_OF_MONTH = [
    ("", _("–")),
    ("1", _("de eerste")),
    ("2", _("de tweede")),
    ("3", _("de derde")),
    ("4", _("de vierde")),
    ("-1", _("de laatste")),
]
BYDAY_TOKEN = re.compile(r"^(-?\d)?(MO|TU|WE|TH|FR|SA|SU)$")
POSTCODE = re.compile(r"^[1-9]\d{3} ?[A-Za-z]{2}$")
PHONE_NUMBER = re.compile(r"^[0-9 +\-()]{6,30}$")

TEXTAREA = forms.Textarea(attrs={"rows": 4, "class": "utrecht-textarea"})


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", attrs={"class": TEXTBOX}, **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", attrs={"class": TEXTBOX}, **kwargs)


def _terms_for(service: Service, kind: str):
    return (
        TaxonomyTerm.objects.filter(taxonomy_detail__kind=kind)
        .filter(
            Q(taxonomy_detail__library__isnull=True)
            | Q(taxonomy_detail__library=service.library_id)
        )
        .order_by("name")
    )


class WebsiteField(forms.URLField):
    """A website: http or https only (Django's URL field also takes ftp)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class ServiceForm(StyledForm):
    name = forms.CharField(
        label=_("Naam"), max_length=255, error_messages={"required": NAME_REQUIRED}
    )
    description = forms.CharField(label=_("Omschrijving"), required=False, widget=TEXTAREA)
    status = forms.ChoiceField(label=_("Status"), choices=ServiceStatus.choices)
    url = WebsiteField(
        label=_("Website"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": URL_INVALID},
    )
    email = forms.EmailField(
        label=_("E-mailadres"), required=False, error_messages={"invalid": EMAIL_INVALID}
    )
    eligibility_description = forms.CharField(label=_("Voor wie"), required=False, widget=TEXTAREA)
    application_process = forms.CharField(
        label=_("Hoe meldt iemand zich aan?"), required=False, widget=TEXTAREA
    )
    fees_description = forms.CharField(label=_("Kosten"), required=False, widget=TEXTAREA)
    minimum_age = forms.IntegerField(
        label=_("Minimumleeftijd"),
        required=False,
        min_value=0,
        max_value=150,
        help_text=_("Leeg laten als er geen minimumleeftijd is."),
    )
    maximum_age = forms.IntegerField(
        label=_("Maximumleeftijd"),
        required=False,
        min_value=0,
        max_value=150,
        help_text=_("Leeg laten als er geen maximumleeftijd is."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Onderwerpen"),
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    life_domains = forms.ModelMultipleChoiceField(
        label=_("Leefgebieden"),
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    FIELDS = (
        "name",
        "description",
        "status",
        "url",
        "email",
        "eligibility_description",
        "application_process",
        "fees_description",
        "minimum_age",
        "maximum_age",
    )

    def __init__(self, *args, service: Service, topics=(), life_domains=(), **kwargs):
        initial = {field: getattr(service, field) for field in self.FIELDS}
        initial.update(topics=list(topics), life_domains=list(life_domains))
        super().__init__(*args, initial=initial, **kwargs)
        topics, life_domains = self.fields["topics"], self.fields["life_domains"]
        assert isinstance(topics, forms.ModelMultipleChoiceField)
        assert isinstance(life_domains, forms.ModelMultipleChoiceField)
        topics.queryset = _terms_for(service, TaxonomyKind.TOPIC)
        life_domains.queryset = _terms_for(service, TaxonomyKind.LIFE_DOMAIN)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and high < low:
            self.add_error("maximum_age", AGE_RANGE_INVALID)
        return data

    def service_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.FIELDS}


class LocationForm(StyledForm):
    name = forms.CharField(
        label=_("Naam"), max_length=255, error_messages={"required": NAME_REQUIRED}
    )
    description = forms.CharField(label=_("Omschrijving"), required=False, widget=TEXTAREA)
    transportation = forms.CharField(
        label=_("Bereikbaarheid"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Bijvoorbeeld bus, parkeren, ingang voor rolstoelen."),
    )
    address_1 = forms.CharField(label=_("Straat en huisnummer"), required=False, max_length=255)
    postal_code = forms.CharField(label=_("Postcode"), required=False, max_length=7)
    city = forms.CharField(label=_("Plaats"), required=False, max_length=255)

    FIELDS = ("name", "description", "transportation")
    ADDRESS_FIELDS = ("address_1", "postal_code", "city")

    def __init__(self, *args, location: Location, **kwargs):
        initial = {field: getattr(location, field) for field in self.FIELDS}
        address = location.addresses.order_by("pk").first()
        if address:
            initial.update({field: getattr(address, field) for field in self.ADDRESS_FIELDS})
        super().__init__(*args, initial=initial, **kwargs)

    def clean_postal_code(self) -> str:
        postcode = self.cleaned_data["postal_code"].strip()
        if postcode and not POSTCODE.match(postcode):
            raise forms.ValidationError(POSTCODE_INVALID)
        if postcode:
            postcode = f"{postcode[:4]} {postcode[-2:].upper()}"
        return postcode

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        filled = [f for f in self.ADDRESS_FIELDS if data.get(f)]
        # An address needs its street and place; a postcode alone cannot be shown or routed to.
        if filled:
            for field in ("address_1", "city"):
                if field in data and not data.get(field):
                    self.add_error(field, _("Vul dit in, of maak het hele adres leeg."))
        return data

    def location_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.FIELDS}

    def address_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.ADDRESS_FIELDS}


class PhoneForm(StyledForm):
    number = forms.CharField(label=_("Telefoonnummer"), required=False, max_length=30)
    description = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld: alleen op werkdagen."),
    )
    professionals_only = forms.BooleanField(label=_("Alleen voor professionals"), required=False)

    def __init__(self, *args, phone: Phone | None = None, **kwargs):
        self.phone = phone
        if phone is not None:
            kwargs.setdefault(
                "initial",
                {
                    "number": phone.number,
                    "description": phone.description,
                    "professionals_only": phone.professionals_only,
                },
            )
        super().__init__(*args, **kwargs)
        if phone is not None:
            self.fields["delete"] = forms.BooleanField(label=_("Verwijderen"), required=False)
            form_style(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        number = (data.get("number") or "").strip()
        if data.get("delete"):
            return data
        if number and not PHONE_NUMBER.match(number):
            self.add_error("number", PHONE_INVALID)
        elif not number and (self.phone is not None or data.get("description")):
            self.add_error("number", PHONE_REQUIRED)
        return data

    def phone_row(self) -> dict | None:
        """What the service layer needs, or None for an untouched empty row."""
        data = self.cleaned_data
        if self.phone is None and not data.get("number"):
            return None
        return {
            "phone": self.phone,
            "number": data.get("number", "").strip(),
            "description": data.get("description", ""),
            "professionals_only": data.get("professionals_only", False),
            "delete": data.get("delete", False),
        }


def phone_forms(location: Location, data=None) -> list[PhoneForm]:
    """One form per existing phone of the location, plus one empty row to add a number."""
    phones = list(location.phones.order_by("number"))
    forms_ = [PhoneForm(data, phone=phone, prefix=f"phone-{phone.pk}") for phone in phones]
    forms_.append(PhoneForm(data, prefix="phone-new"))
    return forms_


class ScheduleForm(StyledForm):
    weekdays = forms.MultipleChoiceField(
        label=_("Dag(en)"),
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": WEEKDAYS_REQUIRED},
    )
    freq = forms.ChoiceField(label=_("Hoe vaak"), choices=FREQUENCIES, initial="WEEKLY")
    week_of_month = forms.ChoiceField(
        label=_("Welke week van de maand"),
        choices=WEEKS_OF_MONTH,
        required=False,
        help_text=_("Alleen nodig bij één keer per maand."),
    )
    opens_at = forms.TimeField(
        label=_("Van"),
        widget=TimeInput(),
        error_messages={"invalid": TIME_INVALID, "required": TIME_REQUIRED},
    )
    closes_at = forms.TimeField(
        label=_("Tot"),
        widget=TimeInput(),
        error_messages={"invalid": TIME_INVALID, "required": TIME_REQUIRED},
    )
    valid_from = forms.DateField(
        label=_("Geldig vanaf"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": DATE_INVALID},
    )
    valid_to = forms.DateField(
        label=_("Geldig tot en met"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": DATE_INVALID},
    )
    description = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Bijvoorbeeld: inloop zonder afspraak, of: niet in de schoolvakanties."),
    )

    def __init__(self, *args, schedule=None, **kwargs):
        if schedule is not None:
            weekdays, week = parse_byday(schedule.byday)
            kwargs.setdefault(
                "initial",
                {
                    "weekdays": weekdays,
                    "week_of_month": week,
                    "freq": schedule.freq or "WEEKLY",
                    "opens_at": schedule.opens_at,
                    "closes_at": schedule.closes_at,
                    "valid_from": schedule.valid_from,
                    "valid_to": schedule.valid_to,
                    "description": schedule.description,
                },
            )
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", CLOSES_BEFORE_OPENS)
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", VALID_TO_BEFORE_FROM)
        if data.get("freq") == "MONTHLY" and not data.get("week_of_month"):
            self.add_error("week_of_month", WEEK_OF_MONTH_REQUIRED)
        return data

    def schedule_data(self) -> dict:
        data = self.cleaned_data
        prefix = data["week_of_month"] if data["freq"] == "MONTHLY" else ""
        order = [code for code, _label in WEEKDAYS]
        days = sorted(data["weekdays"], key=order.index)
        return {
            "freq": data["freq"],
            "byday": ",".join(f"{prefix}{day}" for day in days),
            "opens_at": data["opens_at"],
            "closes_at": data["closes_at"],
            "valid_from": data["valid_from"],
            "valid_to": data["valid_to"],
            "description": data["description"],
        }


def parse_byday(byday: str) -> tuple[list[str], str]:
    """'1TU,1TH' -> (['TU', 'TH'], '1'); unknown parts are ignored."""
    days, week = [], ""
    for token in filter(None, (part.strip().upper() for part in byday.split(","))):
        match = BYDAY_TOKEN.match(token)
        if match:
            week = week or (match.group(1) or "")
            days.append(match.group(2))
    return days, week


class ConfirmServicesForm(StyledForm):
    services = forms.ModelMultipleChoiceField(
        label=_("Deze diensten kloppen nog"),
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": SERVICES_REQUIRED},
    )

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = organization.services.order_by("name")
        services = self.fields["services"]
        assert isinstance(services, forms.ModelMultipleChoiceField)
        services.queryset = queryset
        services.initial = [service.pk for service in queryset]


class FreshnessFilterForm(StyledForm):
    STATES = [
        ("", _("alle diensten")),
        ("stale", _("niet bevestigd in de afgelopen periode")),
        ("never", _("nooit bevestigd")),
        ("fresh", _("actueel")),
    ]
    q = forms.CharField(label=_("Zoek op naam"), required=False, max_length=100)
    organization = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("alle organisaties"),
    )
    state = forms.ChoiceField(label=_("Actualiteit"), choices=STATES, required=False)

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        organization = self.fields["organization"]
        assert isinstance(organization, forms.ModelChoiceField)
        organization.queryset = Organization.objects.filter(library=library).order_by("name")


SYNONYM_TERM_REQUIRED = _("Vul in wat inwoners typen, bijvoorbeeld ‘rood staan’.")
SYNONYM_TERM_EMPTY = _("Gebruik woorden die iets zeggen, niet alleen woorden als ‘de’ of ‘van’.")
SYNONYM_ALTERNATIVES_REQUIRED = _(
    "Vul de woorden van de sociale kaart in, gescheiden door komma's, bijvoorbeeld ‘schulden, "
    "schuldhulp’."
)
SYNONYM_TOO_LONG = _("Gebruik hoogstens %(limit_value)d tekens.")


class SynonymForm(forms.Form):
    """A coordinator's own entry of the question dictionary."""

    term = forms.CharField(
        label=_("Wat inwoners typen"),
        max_length=100,
        error_messages={"required": SYNONYM_TERM_REQUIRED, "max_length": SYNONYM_TOO_LONG},
    )
    alternatives = forms.CharField(
        label=_("Ook zoeken op"),
        help_text=_("Woorden van de sociale kaart, gescheiden door komma's."),
        max_length=500,
        error_messages={
            "required": SYNONYM_ALTERNATIVES_REQUIRED,
            "max_length": SYNONYM_TOO_LONG,
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"

    def clean_term(self) -> str:
        term = " ".join(self.cleaned_data["term"].split())
        if not text.query_tokens(term):
            raise forms.ValidationError(SYNONYM_TERM_EMPTY, code="empty")
        return term

    def clean_alternatives(self) -> str:
        parts = [" ".join(part.split()) for part in self.cleaned_data["alternatives"].split(",")]
        words = [part for part in parts if text.query_tokens(part)]
        if not words:
            raise forms.ValidationError(SYNONYM_ALTERNATIVES_REQUIRED, code="empty")
        return ", ".join(words)


class OrganizationForm(StyledForm):
    """A coordinator's form for an organisation of the social map."""

    name = forms.CharField(
        label=_("Naam"), max_length=255, error_messages={"required": NAME_REQUIRED}
    )
    alternate_name = forms.CharField(label=_("Andere naam"), max_length=255, required=False)
    description = forms.CharField(
        label=_("Omschrijving"),
        widget=TEXTAREA,
        error_messages={"required": DESCRIPTION_REQUIRED},
    )
    email = forms.EmailField(
        label=_("E-mailadres (openbaar)"),
        max_length=254,
        required=False,
        error_messages={"invalid": EMAIL_INVALID},
    )
    website = WebsiteField(
        label=_("Website"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": URL_INVALID},
    )
    is_partner = forms.BooleanField(
        label=_("Netwerkpartner"),
        help_text=_(
            "Netwerkpartners kunnen medewerkers in Plein hebben en, met een "
            "samenwerkingsafspraak, warme doorverwijzingen ontvangen."
        ),
        required=False,
    )

    FIELDS = ("name", "alternate_name", "description", "email", "website", "is_partner")

    def __init__(self, *args, organization: Organization | None = None, **kwargs):
        if organization is not None:
            kwargs["initial"] = {field: getattr(organization, field) for field in self.FIELDS}
        super().__init__(*args, **kwargs)

    def organization_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.FIELDS}


class ServiceNewForm(StyledForm):
    name = forms.CharField(
        label=_("Naam van de dienst"), max_length=255, error_messages={"required": NAME_REQUIRED}
    )
    description = forms.CharField(label=_("Omschrijving"), required=False, widget=TEXTAREA)

    def service_data(self) -> dict:
        return {"name": self.cleaned_data["name"], "description": self.cleaned_data["description"]}


class OrganizationFilterForm(StyledForm):
    q = forms.CharField(label=_("Zoek op naam"), max_length=100, required=False)
    archived = forms.BooleanField(label=_("Ook gearchiveerde organisaties"), required=False)

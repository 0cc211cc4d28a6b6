"""Forms of the desk: the resident's contact data and consent, a desk status change."""

import re
from typing import Any, ClassVar

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from plein.core import pii
from plein.core.forms import ContactFieldsMixin, NameCheckMixin, StyledForm
from plein.core.models import Branch
from plein.referrals.forms.partner import coded_choice, explanation
from plein.referrals.models import ContactLanguage, ReasonCode, Status
from plein.referrals.services import lifecycle

PHONE_INVALID = _("Vul een telefoonnummer in met alleen cijfers, spaties, +, - en haakjes.")
EMAIL_INVALID = _("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")
CONSENT_TEXT_CHANGED = _(
    "De toestemmingstekst is net gewijzigd. Lees de nieuwe tekst voor en vraag opnieuw om "
    "toestemming."
)
WITHDRAW_CONFIRM_REQUIRED = _("Vink aan dat de bewoner de toestemming intrekt.")
PHONE_NUMBER = re.compile(r"^[0-9 +\-()]{6,30}$")
CONSENT_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
DESK_STATUS_CHOICES = [
    (Status.CANCELLED.value, _("Annuleren")),
    (Status.ENTERED_IN_ERROR.value, _("Ten onrechte aangemaakt")),
]


class ContactForm(ContactFieldsMixin, NameCheckMixin, StyledForm):
    """What the resident tells us, and their consent. Shared by the desk and "Bel mij terug"."""

    field_order = ["names_confirmed", "first_name", "phone", "email"]
    contact_help_texts: ClassVar[dict] = {
        "phone": _("Een telefoonnummer of een e-mailadres, of allebei."),
    }

    first_name = forms.CharField(
        label=_("Voornaam of gekozen naam"),
        max_length=100,
        error_messages={"required": lifecycle.NAME_REQUIRED},
    )
    preferred_time = forms.CharField(
        label=_("Wanneer liefst gebeld"),
        help_text=_("Bijvoorbeeld: dinsdagochtend, of na 17.00 uur."),
        max_length=100,
        required=False,
    )
    contact_language = forms.ChoiceField(
        label=_("Taal"), choices=ContactLanguage.choices, initial=ContactLanguage.DUTCH
    )
    summary = forms.CharField(
        label=_("Korte samenvatting van de vraag"),
        help_text=_("Geen gezondheidsgegevens, geen BSN, geen adres of geboortedatum."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_text = forms.IntegerField(widget=forms.HiddenInput)
    consent_language = forms.ChoiceField(choices=CONSENT_LANGUAGES, widget=forms.HiddenInput)
    consent = forms.BooleanField(label=_("De bewoner geeft toestemming"), required=False)

    def __init__(self, *args, current_consent_text_id: int, **kwargs):
        self.current_consent_text_id = current_consent_text_id
        super().__init__(*args, **kwargs)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_NUMBER.match(phone):
            raise forms.ValidationError(PHONE_INVALID)
        return phone

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email:
            try:
                validate_email(email)
            except forms.ValidationError as error:
                raise forms.ValidationError(EMAIL_INVALID) from error
        return email

    def clean_first_name(self) -> str:
        name = self.cleaned_data["first_name"].strip()
        if not name:
            raise forms.ValidationError(lifecycle.NAME_REQUIRED)
        return name

    def clean_summary(self) -> str:
        summary = self.cleaned_data["summary"].strip()
        problems = pii.personal_data_problems(summary)
        if problems:
            raise forms.ValidationError(
                lifecycle.SUMMARY_PERSONAL_DATA, params={"problems": "; ".join(problems)}
            )
        return summary

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        has_contact = data.get("phone") or data.get("email")
        if not has_contact and "phone" not in self.errors and "email" not in self.errors:
            self.add_error("phone", lifecycle.CONTACT_REQUIRED)
        if not data.get("consent"):
            self.add_error("consent", lifecycle.CONSENT_REQUIRED)
        elif data.get("consent_text") != self.current_consent_text_id:
            self.add_error("consent", CONSENT_TEXT_CHANGED)
        return data

    def contact(self) -> lifecycle.ContactInput:
        data = self.cleaned_data
        return lifecycle.ContactInput(
            first_name=data["first_name"],
            phone=data["phone"],
            email=data["email"],
            preferred_time=data["preferred_time"],
            contact_language=data["contact_language"],
            summary=data["summary"],
            names_confirmed=data.get("names_confirmed", False),
        )


class DeskReferralForm(ContactForm):
    """The desk adds the branch, so the referral card can say where to come back to."""

    branch = forms.ModelChoiceField(
        label=_("Vestiging"), queryset=Branch.objects.none(), required=False
    )
    field_order = ["first_name", "phone", "email", "preferred_time", "contact_language"]

    def __init__(self, *args, library, with_branch: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        branch = self.fields["branch"]
        assert isinstance(branch, forms.ModelChoiceField)
        if with_branch:
            branch.queryset = Branch.objects.filter(library=library, is_active=True)
        else:
            del self.fields["branch"]


class ReferAgainForm(StyledForm):
    """The contact data is copied server-side; the desk only records the new consent."""

    consent_text = forms.IntegerField(widget=forms.HiddenInput)
    consent_language = forms.ChoiceField(choices=CONSENT_LANGUAGES, widget=forms.HiddenInput)
    consent = forms.BooleanField(label=_("De bewoner geeft toestemming"), required=False)

    def __init__(self, *args, current_consent_text_id: int, **kwargs):
        self.current_consent_text_id = current_consent_text_id
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("consent"):
            self.add_error("consent", lifecycle.CONSENT_REQUIRED)
        elif data.get("consent_text") != self.current_consent_text_id:
            self.add_error("consent", CONSENT_TEXT_CHANGED)
        return data


class DeskTransitionForm(NameCheckMixin, StyledForm):
    to = forms.ChoiceField(label=_("Wat wilt u doen?"), choices=DESK_STATUS_CHOICES)
    reason_code = coded_choice(ReasonCode, label=_("Reden"))
    reason = explanation(_("Toelichting"))


class WithdrawConsentForm(StyledForm):
    confirm = forms.BooleanField(
        label=_("De bewoner trekt de toestemming in. Wis de contactgegevens nu."),
        required=False,
    )

    def clean_confirm(self) -> bool:
        if not self.cleaned_data["confirm"]:
            raise forms.ValidationError(WITHDRAW_CONFIRM_REQUIRED)
        return True

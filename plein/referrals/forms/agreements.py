"""Forms of the coordinator's agreement pages and the partner's "Bel mij terug" switch."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.core.forms import StyledForm
from plein.referrals.forms.desk import EMAIL_INVALID, PHONE_INVALID, PHONE_NUMBER
from plein.referrals.services.agreements import AGREEMENT_FIELDS, ORGANIZATION_FIELDS
from plein.socialmap.models import Organization

DAYS_INVALID = _("Vul een aantal werkdagen in van 1 tot en met 30, of laat het veld leeg.")
CHOOSE_YES_OR_NO = _("Kies ja of nee.")
TARGET_REQUIRED = _("Kies de organisatie die de doorverwijzingen overneemt.")


class AgreementForm(StyledForm):
    takes_referrals = forms.BooleanField(
        label=_("Neemt warme doorverwijzingen aan"),
        help_text=_("Alleen dan staat de partner in de keuzelijst van de balie."),
        required=False,
    )
    referral_email = forms.EmailField(
        label=_("E-mailadres voor doorverwijzingen"),
        help_text=_(
            "Zolang niemand van de partner een account in Plein heeft, krijgt dit adres een "
            "bericht zonder persoonsgegevens en een link om een account te maken."
        ),
        max_length=254,
        required=False,
        error_messages={"invalid": EMAIL_INVALID},
    )
    response_working_days = forms.IntegerField(
        label=_("Belooft te reageren binnen (werkdagen)"),
        help_text=_(
            "Daarna krijgt de partner een herinnering, en later de coördinator een melding. "
            "Leeg: de termijn uit de instellingen voor doorverwijzen."
        ),
        min_value=1,
        max_value=30,
        required=False,
        error_messages={
            "invalid": DAYS_INVALID,
            "min_value": DAYS_INVALID,
            "max_value": DAYS_INVALID,
        },
    )
    contact_name = forms.CharField(
        label=_("Contactpersoon voor de balie"), max_length=200, required=False
    )
    contact_phone = forms.CharField(
        label=_("Telefoon contactpersoon"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("E-mail contactpersoon"),
        max_length=254,
        required=False,
        error_messages={"invalid": EMAIL_INVALID},
    )
    offers_callback = forms.BooleanField(
        label=_("Biedt ‘Bel mij terug’ aan op de sociale kaart"), required=False
    )

    def __init__(self, *args, organization: Organization, agreement=None, **kwargs):
        initial = {field: getattr(organization, field) for field in ORGANIZATION_FIELDS}
        if agreement is not None:
            initial.update({field: getattr(agreement, field) for field in AGREEMENT_FIELDS})
        else:
            initial["takes_referrals"] = True
        super().__init__(*args, initial=initial, **kwargs)

    def clean_contact_phone(self) -> str:
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not PHONE_NUMBER.match(phone):
            raise forms.ValidationError(PHONE_INVALID)
        return phone

    def clean_contact_name(self) -> str:
        return self.cleaned_data["contact_name"].strip()


class CallbackOfferForm(StyledForm):
    offers_callback = forms.TypedChoiceField(
        label=_("Bieden wij ‘Bel mij terug’ aan op de sociale kaart?"),
        choices=[("1", _("Ja")), ("0", _("Nee"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_YES_OR_NO, "invalid_choice": CHOOSE_YES_OR_NO},
    )


class TransferForm(StyledForm):
    target = forms.ModelChoiceField(
        label=_("Naar organisatie"),
        queryset=Organization.objects.none(),
        error_messages={"required": TARGET_REQUIRED, "invalid_choice": TARGET_REQUIRED},
    )
    confirm = forms.BooleanField(
        label=_(
            "De nieuwe organisatie neemt het werk van deze organisatie over (bijvoorbeeld na "
            "een fusie of overdracht van taken)."
        ),
        required=False,
    )

    def __init__(self, *args, source: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        assert isinstance(target, forms.ModelChoiceField)
        target.queryset = (
            Organization.objects.filter(
                library_id=source.library_id, is_partner=True, archived_at__isnull=True
            )
            .exclude(pk=source.pk)
            .order_by("name")
        )

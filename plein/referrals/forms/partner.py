"""Forms of the partner's inbox and the coordinator's right-of-access page."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from plein.core.forms import NameCheckMixin, StyledForm
from plein.referrals.models import OutcomeCode, ReasonCode, Status

# What the partner sees on the buttons: verbs, not the status names.
PARTNER_ACTION_LABELS = {
    Status.RECEIVED: _("Ontvangen"),
    Status.ACCEPTED: _("Accepteren"),
    Status.IN_PROGRESS: _("In behandeling nemen"),
    Status.ON_HOLD: _("Pauzeren"),
    Status.COMPLETED: _("Afronden"),
    Status.REJECTED: _("Afwijzen"),
    Status.FAILED: _("Niet bereikt"),
}
CHOOSE_STATUS = _("Kies wat u wilt doen.")
CONFIRM_PURGE_REQUIRED = _("Vink aan dat de bewoner vraagt de gegevens te verwijderen.")
CONFIRM_WITHDRAW_REQUIRED = _("Vink aan dat de bewoner de toestemming intrekt.")
REFERENCE_NOT_FOUND = _(
    "Geen doorverwijzing van uw bibliotheek gevonden met dit kenmerk. Vul minstens de eerste "
    "8 tekens in, zoals ze op de doorverwijskaart staan."
)


def coded_choice(codes, *, label, help_text="") -> forms.ChoiceField:
    """A coded reason or outcome: kept for reports when the free text is purged. Optional
    here: the service says when one is needed, so the rule lives in one place. "Toestemming
    ingetrokken" is the system's reason (withdrawal), never chosen."""
    choices = [c for c in codes if c != ReasonCode.CONSENT_WITHDRAWN]
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        required=False,
        choices=[("", _("— kies —")), *((c.value, c.label) for c in choices)],
        error_messages={"invalid_choice": _("Kies uit de lijst.")},
    )


def explanation(label) -> forms.CharField:
    """The optional free text beside a code: purged with the contact data."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Niet verplicht (wel bij “Anders”). Wordt gewist met de contactgegevens. Noem geen "
            "namen, gezondheid of andere gevoelige gegevens."
        ),
    )


class PartnerTransitionForm(NameCheckMixin, StyledForm):
    # Needed or not depending on the action chosen; the help texts say when.
    optional_unmarked = frozenset({"reason_code", "reason", "outcome_code", "outcome"})
    to = forms.ChoiceField(
        label=_("Wat wilt u doen?"),
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_STATUS, "invalid_choice": CHOOSE_STATUS},
    )
    reason_code = coded_choice(
        ReasonCode,
        label=_("Reden"),
        help_text=_("Nodig bij afwijzen, pauzeren en niet bereikt. De bibliotheek ziet de reden."),
    )
    reason = explanation(_("Toelichting op de reden"))
    outcome_code = coded_choice(
        OutcomeCode, label=_("Uitkomst"), help_text=_("Nodig bij afronden.")
    )
    outcome = explanation(_("Toelichting op de uitkomst"))

    def __init__(self, *args, allowed: frozenset[str], **kwargs):
        super().__init__(*args, **kwargs)
        ordered = [status for status in PARTNER_ACTION_LABELS if status in allowed]
        to = self.fields["to"]
        assert isinstance(to, forms.ChoiceField)
        to.choices = [(s.value, PARTNER_ACTION_LABELS[s]) for s in ordered]
        # Radio buttons get their own class; StyledForm gave them a text box's.
        to.widget.attrs["class"] = "utrecht-radio-button utrecht-radio-button--html-input"


class ConfirmForm(StyledForm):
    confirm = forms.BooleanField(label="", required=True)

    def __init__(self, *args, label: str, required_message: StrOrPromise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = label
        self.fields["confirm"].error_messages["required"] = required_message


class ReferenceForm(StyledForm):
    reference = forms.CharField(
        label=_("Kenmerk van de doorverwijzing"),
        max_length=40,
        help_text=_("Staat op de doorverwijskaart van de bewoner, bijvoorbeeld 3f2a9c1b."),
    )


PASSWORDS_DIFFER = _("De twee wachtwoorden zijn niet gelijk.")
NAME_REQUIRED = _("Vul uw voornaam in.")


class InboxClaimForm(StyledForm):
    """The first partner account of an organisation, from the link in a referral e-mail."""

    first_name = forms.CharField(
        label=_("Uw voornaam"), max_length=150, error_messages={"required": NAME_REQUIRED}
    )
    password1 = forms.CharField(
        label=_("Kies een wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        # The validators' own texts (AUTH_PASSWORD_VALIDATORS), as Django's password forms do.
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Hetzelfde wachtwoord nog eens"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", PASSWORDS_DIFFER)
        return data

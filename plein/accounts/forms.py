"""Account forms that differ from Django's own."""

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from plein.accounts import services
from plein.core.forms import StyledForm

EMAIL_REQUIRED = _("Vul het e-mailadres in.")
EMAIL_INVALID = _("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")
FIRST_NAME_REQUIRED = _("Vul uw voornaam in.")
PASSWORD_REQUIRED = _("Vul een wachtwoord in.")
PASSWORDS_DIFFER = _("De twee wachtwoorden zijn niet gelijk. Typ ze nog een keer.")


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending at most a few mails per address per hour.

    The page answers the same whether a mail went out or not, so nobody learns from it which
    addresses have an account, or that the limit was reached."""

    def save(self, *args, **kwargs) -> None:
        if services.password_reset_mail_allowed(email=self.cleaned_data["email"]):
            super().save(*args, **kwargs)


class InvitationForm(StyledForm):
    """Whom to invite: the role and organisation follow from the page the form is on (the
    people page invites the desk, an organisation's page its partner staff)."""

    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        error_messages={"required": EMAIL_REQUIRED, "invalid": EMAIL_INVALID},
    )
    first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)


class InvitationAcceptForm(StyledForm):
    """The invited person's name and password (checked by Django's validators in the service)."""

    first_name = forms.CharField(
        label=_("Voornaam"), max_length=150, error_messages={"required": FIRST_NAME_REQUIRED}
    )
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Kies een wachtwoord"),
        strip=False,
        help_text=password_validators_help_text_html(),
        error_messages={"required": PASSWORD_REQUIRED},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Hetzelfde wachtwoord nog een keer"),
        strip=False,
        error_messages={"required": PASSWORD_REQUIRED},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", PASSWORDS_DIFFER)
        return data

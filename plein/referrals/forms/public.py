"""The public "Bel mij terug" form: the resident gives contact data and consent themselves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.referrals.forms.desk import ContactForm

# Named like a field that bots love to fill; people never see it.
HONEYPOT_FIELD = "website"


class CallbackForm(ContactForm):
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(
            attrs={"tabindex": "-1", "autocomplete": "off", "class": "plein-honeypot__input"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The resident gives consent themselves, so the labels speak to them.
        self.fields["first_name"].label = _("Uw voornaam (of een naam die u kiest)")
        self.fields["phone"].label = _("Uw telefoonnummer")
        self.fields["email"].label = _("Uw e-mailadres")
        self.fields["preferred_time"].label = _("Wanneer kunnen we u het beste bellen?")
        self.fields["contact_language"].label = _("In welke taal?")
        self.fields["summary"].label = _("Waar gaat uw vraag over? (kort)")
        self.fields["summary"].help_text = _(
            "Schrijf hier geen gegevens over uw gezondheid, geen BSN, adres of geboortedatum."
        )
        self.fields["consent"].label = _("Ja, ik geef toestemming")

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

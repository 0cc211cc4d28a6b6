"""The public "Bel mij terug" form: the resident gives contact data and consent themselves."""

from django.utils.translation import gettext_lazy as _

from plein.core.guard import HoneypotMixin
from plein.referrals.forms.desk import ContactForm


class CallbackForm(HoneypotMixin, ContactForm):
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

"""The contact data every resident-facing form and model shares (core.forms.ContactFieldsMixin,
core.models.ContactData): asked the same way, encrypted at rest the same way."""

import pytest

from plein.activities.forms import SignUpForm
from plein.activities.models import SignUp
from plein.appointments.forms import BookingForm
from plein.appointments.models import Booking
from plein.core.crypto import EncryptedTextField
from plein.core.forms import ContactFieldsMixin
from plein.referrals.forms.desk import EMAIL_INVALID, ContactForm
from plein.referrals.models import Referral

FORMS = [
    lambda data=None: ContactForm(data, current_consent_text_id=1),
    lambda data=None: BookingForm(data, slots=[]),
    lambda data=None: SignUpForm(data),
]


@pytest.mark.parametrize("make", FORMS)
def test_every_contact_form_asks_phone_and_e_mail_the_same_way(make):
    form = make()
    assert isinstance(form, ContactFieldsMixin)
    assert (form.fields["phone"].max_length, form.fields["email"].max_length) == (30, 254)
    html = str(form["phone"]) + str(form["email"])
    assert 'type="tel"' in html and 'autocomplete="tel"' in html
    assert 'type="email"' in html and 'autocomplete="email"' in html
    assert list(form.fields).index("phone") + 1 == list(form.fields).index("email")


def test_each_form_keeps_its_own_help_texts_linked_to_the_inputs():
    booking = BookingForm(slots=[])
    assert str(booking.fields["email"].help_text).startswith("Dan sturen wij")
    assert booking.fields["email"].widget.attrs["aria-describedby"] == "id_email_help"
    assert str(SignUpForm().fields["email"].help_text).startswith("Een telefoonnummer")
    assert ContactForm(current_consent_text_id=1).fields["email"].help_text == ""


def test_the_referral_form_still_refuses_a_bad_e_mail_address_in_dutch():
    form = ContactForm({"email": "kees@", "phone": ""}, current_consent_text_id=1)
    assert not form.is_valid()
    assert form.errors["email"] == [str(EMAIL_INVALID)]


@pytest.mark.parametrize("model", [Referral, SignUp, Booking])
def test_contact_data_is_encrypted_and_purgeable_on_every_model(model):
    for name in ("phone", "email"):
        assert isinstance(model._meta.get_field(name), EncryptedTextField)
    assert model._meta.get_field("purged_at").null
    assert model(purged_at=None).is_purged is False

"""Form helpers every app uses: Utrecht classes on widgets, inputs linked to their messages."""

from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plein.core import pii

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


def form_style(form: forms.BaseForm) -> None:
    """Utrecht classes on every widget, so forms look alike."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
            widget.attrs.setdefault("class", "utrecht-checkbox utrecht-checkbox--html-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "utrecht-select utrecht-select--html-select")
        elif isinstance(widget, forms.Textarea):
            widget.attrs["class"] = "utrecht-textarea utrecht-textarea--html-textarea"
        else:
            widget.attrs.setdefault("class", TEXTBOX)


def form_describe(form: forms.BaseForm) -> None:
    """Link each input to its error or help text, so screen readers read them with the field."""
    for name, field in form.fields.items():
        attrs = field.widget.attrs
        # Not form[name].auto_id: a bound field made now would keep a label set after this.
        field_id = str(form.auto_id) % form.add_prefix(name)
        if form.errors.get(name):
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{field_id}_error"
        elif field.help_text:
            attrs["aria-describedby"] = f"{field_id}_help"


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's ValidationError beside the fields it is about (others above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_style(self)
        # Bound forms are described after validation; validating here would be too early.
        if not self.is_bound:
            form_describe(self)

    def full_clean(self) -> None:
        form_style(self)
        super().full_clean()
        form_describe(self)


def asks_name_confirmation(form: forms.BaseForm) -> bool:
    """The service answered "Dit lijkt op een naam" (plein.core.pii.LIKELY_NAME_CODE)."""
    codes = {error.code for errors in form.errors.as_data().values() for error in errors}
    return pii.LIKELY_NAME_CODE in codes


class NameCheckMixin(forms.Form):
    """A form whose free text the personal-data guard reads: when the service answers "Dit
    lijkt op een naam" (plein.core.pii.LIKELY_NAME_CODE), offer_name_confirmation shows a
    "Toch opslaan" checkbox; until then the field is hidden and false."""

    names_confirmed = forms.BooleanField(
        label=_("Toch opslaan: het is geen naam van de inwoner of een ander persoon"),
        required=False,
        widget=forms.HiddenInput,
    )

    def offer_name_confirmation(self) -> None:
        if asks_name_confirmation(self):
            self.fields["names_confirmed"].widget = forms.CheckboxInput(
                attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
            )


class ContactFieldsMixin(forms.Form):
    """The resident's phone number and e-mail address, asked the same way on every form that
    takes contact data (referrals, activity sign-up, booking). Both are optional here: the form
    or its service says that one of the two is needed and whether it is valid. A form gives its
    own help texts in `contact_help_texts`."""

    phone = forms.CharField(
        label=_("Telefoonnummer"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mailadres"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_help_texts: ClassVar[dict] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, text in self.contact_help_texts.items():
            self.fields[name].help_text = text
        if not self.is_bound:
            form_describe(self)  # again: the help texts came after StyledForm described them

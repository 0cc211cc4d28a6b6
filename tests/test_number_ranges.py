"""Every number a form takes has a range (issue 10): an extreme value gets a Dutch message on
both databases, never a server error. Checked here over every editable number field of every
model (the source of the admin's and the model forms' fields), and in tests/test_form_extremes.py
by posting extreme values to every form on every page."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

EXTREMES = ("99999999999999999999", "-99999999999999999999", "1e400")
NUMBER_MODEL_FIELDS = (models.IntegerField, models.DecimalField, models.FloatField)


def _bounded(field: models.Field) -> bool:
    """A decimal is bounded by its digits (the HSDS examples' own latitude is 100, so
    coordinates keep the range their digits give); an integer needs validators of its own."""
    own = field.deconstruct()[3].get("validators", ())  # the field's own, not the database's
    kinds = {type(v) for v in own}
    return isinstance(field, models.DecimalField) or {MinValueValidator, MaxValueValidator} <= kinds


def editable_number_fields() -> list[models.Field]:
    return [
        field
        for model in apps.get_models()
        if model.__module__.startswith("plein.")
        for field in model._meta.concrete_fields
        if isinstance(field, NUMBER_MODEL_FIELDS)
        and field.editable
        and not field.primary_key
        and not field.is_relation
    ]


def test_the_walk_finds_the_number_fields():
    assert len(editable_number_fields()) >= 10


@pytest.mark.parametrize("field", editable_number_fields(), ids=str)
def test_every_editable_number_field_of_a_model_has_its_own_range(field):
    """A range of its own, not the database's: on SQLite every integer may be 64 bits, while
    PostgreSQL refuses 40,000 in a small integer with a server error."""
    assert _bounded(field), f"{field} has no MinValueValidator and MaxValueValidator"
    formfield = field.formfield()
    for value in EXTREMES:
        with pytest.raises(ValidationError):
            field.clean(formfield.clean(value) if formfield else value, None)

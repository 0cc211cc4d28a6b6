"""Ranges of number fields: the one place a model field's smallest and largest value is set
(its validators) and read back (forms, the HSDS importer). Issue 10: every number has a range
of its own, not the database's, so an extreme value gets a message on SQLite and PostgreSQL."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def between(low, high) -> list:
    """Validators for a model field that takes low to high, both included."""
    return [MinValueValidator(low), MaxValueValidator(high)]


def field_range(field: models.Field) -> tuple:
    """(low, high) from the field's own validators; None where it sets none."""
    low = high = None
    for validator in field.deconstruct()[3].get("validators", ()):
        if isinstance(validator, MinValueValidator):
            low = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            high = validator.limit_value
    return low, high


def model_field_range(model: type[models.Model], name: str) -> tuple:
    """(low, high) of the model's field of that name (a form reads its bounds here)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), f"{model.__name__}.{name} is no field"
    return field_range(field)

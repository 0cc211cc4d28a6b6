"""Tenancy: every row that belongs to a library is read through `for_library`.

A library sees only its own data. Selectors scope their queries with the one queryset method
`Model.objects.for_library(library)` (plein.core.models.LibraryQuerySet) instead of writing the
filter by hand, so a missing scope stands out in review and in these tests.
"""

import re
from pathlib import Path

from django.apps import apps
from django.db import models

import plein
from plein.core.models import Library

# Users are scoped by their role (plein.accounts.permissions), not by a library filter.
NOT_TENANT_DATA = {"accounts.User"}
HAND_WRITTEN_FILTER = re.compile(r"\.(filter|exclude|get)\([^()]*\blibrary(_id)?=")


def _tenant_models() -> list[type[models.Model]]:
    found = []
    for model in apps.get_models():
        field = next((f for f in model._meta.fields if f.name == "library"), None)
        if field is not None and field.related_model is Library:
            found.append(model)
    return found


def test_every_model_of_a_library_can_be_scoped_with_for_library():
    missing = [
        model._meta.label
        for model in _tenant_models()
        if model._meta.label not in NOT_TENANT_DATA
        and not hasattr(model._default_manager, "for_library")
    ]
    assert missing == []


def test_selectors_scope_by_library_with_for_library_only():
    root = Path(plein.__file__).parent
    modules = [*root.glob("*/selectors.py"), *root.glob("*/selectors/*.py")]
    assert modules
    offending = [
        f"{path.relative_to(root)}:{text.count(chr(10), 0, match.start()) + 1}"
        for path in modules
        for text in [path.read_text()]
        for match in HAND_WRITTEN_FILTER.finditer(text)
    ]
    assert offending == []

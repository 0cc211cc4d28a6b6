"""The Django admin speaks Dutch where the words are Plein's: every model it shows and every
field of those models that Plein defines has a translatable name of its own (not Django's
English one made from the code name, such as "Library:" or "created at")."""

from django.contrib import admin
from django.db import models
from django.utils.functional import Promise


def _shown_models() -> set[type[models.Model]]:
    shown = set()
    for model, model_admin in admin.site._registry.items():
        shown.add(model)
        shown.update(inline.model for inline in model_admin.inlines)
    return {model for model in shown if model.__module__.startswith("plein.")}


def _defined_by(model: type[models.Model], field: models.Field) -> type:
    """The class that declares the field (an abstract parent from another package, say)."""
    for base in reversed(model.__mro__):
        meta = getattr(base, "_meta", None)
        if meta is not None and any(f.name == field.name for f in meta.local_fields):
            return base
    return model


def test_every_model_in_the_admin_has_a_dutch_name():
    unnamed = [
        model.__name__
        for model in _shown_models()
        if not isinstance(model._meta.verbose_name, Promise)
        or not isinstance(model._meta.verbose_name_plural, Promise)
    ]
    assert not unnamed, f"Models without a translatable verbose_name: {sorted(unnamed)}"


def test_every_field_plein_defines_in_the_admin_has_a_dutch_name():
    unnamed = [
        f"{model.__name__}.{field.name}"
        for model in _shown_models()
        for field in model._meta.concrete_fields
        if not field.primary_key
        and _defined_by(model, field).__module__.startswith("plein.")
        and not isinstance(field.verbose_name, Promise)
    ]
    assert not unnamed, f"Fields without a translatable verbose_name: {sorted(unnamed)}"


def test_the_admin_loads_plein_s_stylesheet_with_24_pixel_checkboxes(client, django_user_model):
    from pathlib import Path

    from django.conf import settings

    from plein.accounts.tests.factories import UserFactory, login_verified

    login_verified(client, UserFactory(administrator=True))
    page = client.get("/admin/accounts/user/").content.decode()
    assert "plein/admin.css" in page
    css = (Path(settings.BASE_DIR) / "core/static/plein/admin.css").read_text()
    assert (
        'input[type="checkbox"], input[type="radio"] { inline-size: 24px; block-size: 24px; }'
        in css
    )

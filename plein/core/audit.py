"""The audit log: one entry per state change, appended and never rewritten.

audit.log(service, actions.SERVICE_UPDATED, user=request.user, changes={...})

The log is never purged, so free text never goes into it: for a text field of the object (a
TextField, or a field the model names in AUDIT_FREE_TEXT, such as a desk note or a status
reason) `changes` records only that it changed (FIELD_CHANGED), never the old or new text.
"""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from plein.core.models import AuditEvent, Library


def _library_of(obj: models.Model) -> Library | None:
    if isinstance(obj, Library):
        return obj
    library = getattr(obj, "library", None)
    return library if isinstance(library, Library) else None


FIELD_CHANGED = "gewijzigd"


def _is_free_text(model: type[models.Model], name: str) -> bool:
    if name in getattr(model, "AUDIT_FREE_TEXT", ()):
        return True
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return isinstance(field, models.TextField)


def changes_without_free_text(model: type[models.Model], changes: dict) -> dict:
    """The changes as logged: the values of free-text fields replaced by FIELD_CHANGED."""
    return {
        name: FIELD_CHANGED if _is_free_text(model, name) else value
        for name, value in changes.items()
    }


def log(
    obj: models.Model,
    action: str,
    *,
    user: Any = None,
    changes: dict | None = None,
    library: Library | None = None,
    actor_label: str = "",
) -> AuditEvent:
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AuditEvent.objects.create(
        action=action,
        actor=user if authenticated else None,
        actor_label=actor_label or (user.get_username() if authenticated else ""),
        library=library or _library_of(obj),
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:300],
        changes=changes_without_free_text(type(obj), changes or {}),
    )


def fields_apply(obj: models.Model, values: dict) -> dict:
    """Set `values` on `obj` (unsaved) and return what changed, as `log` takes it: {name: [old,
    new]} for the fields whose value differs."""
    changes = {name: [getattr(obj, name), value] for name, value in values.items()}
    changes = {name: pair for name, pair in changes.items() if pair[0] != pair[1]}
    for name, value in values.items():
        setattr(obj, name, value)
    return changes


def events_for(obj: models.Model):
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")

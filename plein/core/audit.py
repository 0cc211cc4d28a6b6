"""The audit log: one entry per state change, appended and never rewritten.

audit.log(service, "socialmap.service.updated", user=request.user, changes={...})
"""

from typing import Any

from django.db import models

from plein.core.models import AuditEvent, Library


def _library_of(obj: models.Model) -> Library | None:
    if isinstance(obj, Library):
        return obj
    library = getattr(obj, "library", None)
    return library if isinstance(library, Library) else None


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
        changes=changes or {},
    )


def events_for(obj: models.Model):
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")

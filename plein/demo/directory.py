"""Demo changes for "Ken je partners": a few edits made through the social map's services, so
that the directory's "wat er veranderde" and the monthly digest have something true to tell
(their source is the audit log). `plein demo` makes them for the trial library after loading
the demo (like its example registrations), not `demo_load`, whose demo content stays exactly
the data in plein/demo/data.py. Idempotent: a library whose demo services exist is left alone."""

from django.db import transaction

from plein.core.models import Library
from plein.socialmap import services
from plein.socialmap.directory.selectors import directory_partners
from plein.socialmap.models import Service, ServiceStatus, TaxonomyKind

NEW_SERVICE = "Spreekuur energietoeslag"
ENDED_SERVICE = "Zomerspreekuur vakantiegeld"
CHANGED_WAIT = "Meestal binnen een week een afspraak."


@transaction.atomic
def demo_directory_changes_install(*, library: Library) -> int:
    """New, changed and ended services of the library's first network partners; return how
    many changes were made."""
    partners = list(directory_partners(library=library).filter(services__isnull=False).distinct())
    if not partners or Service.objects.for_library(library).filter(name=NEW_SERVICE).exists():
        return 0
    first, second = partners[0], partners[min(1, len(partners) - 1)]
    model = first.services.order_by("name").first()
    assert model is not None
    topics = services.service_terms(service=model, kind=TaxonomyKind.TOPIC)
    new = services.service_create(
        organization=first,
        data={
            "name": NEW_SERVICE,
            "description": "Hulp bij het aanvragen van de energietoeslag, met uw laatste "
            "energierekening en bankafschrift.",
        },
        user=None,
    )
    services.service_update(service=new, data={}, user=None, topics=topics)
    changed = second.services.exclude(name=NEW_SERVICE).order_by("name").first()
    assert changed is not None
    services.service_update(service=changed, data={"wait_time": CHANGED_WAIT}, user=None)
    ended = services.service_create(
        organization=second,
        data={"name": ENDED_SERVICE, "description": "Extra spreekuur in de zomermaanden."},
        user=None,
    )
    services.service_update(service=ended, data={"status": ServiceStatus.DEFUNCT}, user=None)
    return 3

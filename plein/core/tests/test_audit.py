import pytest
from django.contrib.auth import get_user_model

from plein.core import audit
from plein.core.models import AuditEvent
from plein.core.tests.factories import BranchFactory

pytestmark = pytest.mark.django_db


def test_log_records_actor_object_library_and_changes():
    branch = BranchFactory()
    user = get_user_model().objects.create_user("noor", library=branch.library)
    event = audit.log(branch, "core.branch.renamed", user=user, changes={"name": ["a", "b"]})
    assert event.actor == user
    assert event.library == branch.library
    assert event.object_type == "core.branch"
    assert event.object_id == str(branch.pk)
    assert list(audit.events_for(branch)) == [event]


def test_audit_events_cannot_be_changed_or_deleted():
    event = audit.log(BranchFactory(), "core.branch.created")
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert AuditEvent.objects.count() == 1

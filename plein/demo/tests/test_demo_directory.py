"""`plein demo` gives "Ken je partners" something true to tell: changes made through the social
map's services, so its audit log (the directory's source) holds them."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from plein.core.models import Library
from plein.demo import data
from plein.demo.directory import ENDED_SERVICE, NEW_SERVICE, demo_directory_changes_install
from plein.socialmap.directory import services as digest
from plein.socialmap.directory.selectors import ChangeKind, service_changes

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_new_a_changed_and_an_ended_service_and_sends_the_digest(monkeypatch):
    monkeypatch.setenv("PLEIN_DEV", "1")
    out = StringIO()
    call_command("demo", "--registrations", "0", stdout=out)
    assert "Voor Ken je partners" in out.getvalue()
    library = Library.objects.get(slug=data.LIBRARIES[0].slug)
    now = timezone.now()
    changes = service_changes(library=library, since=now - timezone.timedelta(hours=1), until=now)
    kinds = {change.service.name: change.kind for change in changes}
    assert kinds[NEW_SERVICE] == ChangeKind.NEW
    assert kinds[ENDED_SERVICE] == ChangeKind.ENDED
    assert ChangeKind.CHANGED in kinds.values()
    # A second run adds nothing.
    assert demo_directory_changes_install(library=library) == 0
    mail.outbox.clear()  # the demo's other parts (activity sign-ups) send their own mails
    assert digest.digest_send(library=library) > 0
    assert NEW_SERVICE in mail.outbox[0].body

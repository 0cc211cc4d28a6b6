"""The demo ships activities with sign-ups and one full date with a waiting list."""

import pytest

from plein.activities.models import Activity, SignUp, Status
from plein.demo.load import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_has_activities_a_full_one_and_a_waiting_list():
    demo = demo_load()
    assert "plein.demo.activities.demo_activities_install" in demo.hooks_run
    titles = set(Activity.objects.values_list("title", flat=True))
    assert {"Digisterker", "Klik & Tik", "Informatiebijeenkomst toeslagen"} <= titles
    assert SignUp.objects.filter(status=Status.BOOKED).exists()
    waiting = SignUp.objects.filter(status=Status.WAITING)
    assert waiting.filter(email="").exists() and waiting.exclude(email="").exists()
    count = SignUp.objects.count()
    demo_load()
    assert SignUp.objects.count() == count


def test_the_demo_desk_sees_todays_activity_on_vandaag(client):
    import datetime

    import time_machine
    from django.utils import timezone

    from plein.accounts.models import User

    morning = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time(9, 0))
    )
    with time_machine.travel(morning, tick=False):
        demo_load()
        desk = User.objects.get(username="balie")
        activity = Activity.objects.get(title="Koffie & computervragen", library=desk.library)
        today = activity.occurrences.get()
        assert timezone.localtime(today.starts_at).date() == timezone.localdate()
        assert SignUp.objects.filter(occurrence=today).count() == 2
        client.force_login(desk)
        page = client.get("/vandaag/").content.decode()
    assert "Koffie &amp; computervragen" in page

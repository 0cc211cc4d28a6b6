import datetime
import threading
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tasks import task

from plein.core import periodic
from plein.core.models import PeriodicRun

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 2, 1, 3, tzinfo=datetime.UTC)
RUNS: list[str] = []


@task
def record_run() -> None:
    RUNS.append("ran")


@pytest.fixture
def hourly():
    RUNS.clear()
    periodic.periodic("tests.hourly", every=datetime.timedelta(hours=1))(record_run)
    yield
    periodic.periodic_unregister(name="tests.hourly")


def test_task_is_enqueued_when_due_and_not_before(hourly):
    with time_machine.travel(START, tick=False):
        assert "tests.hourly" in periodic.periodic_enqueue_due()
        assert "tests.hourly" not in periodic.periodic_enqueue_due()
    with time_machine.travel(START + datetime.timedelta(minutes=59), tick=False):
        assert "tests.hourly" not in periodic.periodic_enqueue_due()
    with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
        assert "tests.hourly" in periodic.periodic_enqueue_due()
    assert RUNS == ["ran", "ran"]
    run = PeriodicRun.objects.get(name="tests.hourly")
    assert run.last_enqueued_at == START + datetime.timedelta(hours=1)
    assert run.last_result_id


def test_now_can_be_passed_in(hourly):
    assert "tests.hourly" in periodic.periodic_enqueue_due(now=START)
    assert PeriodicRun.objects.get(name="tests.hourly").last_enqueued_at == START
    later = START + datetime.timedelta(minutes=30)
    assert "tests.hourly" not in periodic.periodic_enqueue_due(now=later)


def test_registry_refuses_plain_functions_and_bad_intervals():
    with pytest.raises(TypeError):
        periodic.periodic("tests.plain", every=datetime.timedelta(days=1))(lambda: None)
    with pytest.raises(ValueError):
        periodic.periodic("tests.never", every=datetime.timedelta(0))


def test_app_tasks_register_themselves():
    assert "socialmap.freshness_reminders" in periodic.periodic_registry()


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_enqueue_a_due_task_once(hourly):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; the lock is tested on PostgreSQL")
    results: list[list[str]] = []
    barrier = threading.Barrier(4)

    def run() -> None:
        barrier.wait()
        try:
            results.append(periodic.periodic_enqueue_due(now=START))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum("tests.hourly" in names for names in results) == 1
    assert RUNS == ["ran"]


def test_run_periodic_command(hourly):
    out = StringIO()
    with time_machine.travel(START, tick=False):
        call_command("run_periodic", stdout=out)
        assert "tests.hourly" in out.getvalue()
        out = StringIO()
        call_command("run_periodic", stdout=out)
    assert "tests.hourly" not in out.getvalue()


def test_scheduler_loops_until_ctrl_c(hourly, monkeypatch):
    sleeps = []

    def fake_sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr("plein.core.management.commands.scheduler.time.sleep", fake_sleep)
    out = StringIO()
    with time_machine.travel(START, tick=False):
        call_command("scheduler", stdout=out)
    assert sleeps == [60, 60, 60]
    assert out.getvalue().count("Enqueued: tests.hourly") == 1
    assert "Scheduler stopped." in out.getvalue()


def test_scheduler_survives_a_failing_check(hourly, monkeypatch):
    calls = []

    def failing():
        calls.append(1)
        raise RuntimeError("database away")

    def stop(seconds):
        if len(calls) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("plein.core.management.commands.scheduler.periodic_enqueue_due", failing)
    monkeypatch.setattr("plein.core.management.commands.scheduler.time.sleep", stop)
    call_command("scheduler", stdout=StringIO())
    assert len(calls) == 2


def test_scheduler_refuses_a_bad_interval():
    with pytest.raises(CommandError):
        call_command("scheduler", "--interval", "0")


def test_with_the_database_backend_the_task_waits_for_the_worker(hourly, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with time_machine.travel(START, tick=False):
        assert "tests.hourly" in periodic.periodic_enqueue_due()
    result = DBTaskResult.objects.get(task_path__endswith="record_run")
    assert str(result.id) == PeriodicRun.objects.get(name="tests.hourly").last_result_id
    assert RUNS == []


def test_scheduler_stops_on_sigterm(hourly, monkeypatch):
    import os
    import signal

    def terminate(seconds):
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr("plein.core.management.commands.scheduler.time.sleep", terminate)
    before = signal.getsignal(signal.SIGTERM)
    out = StringIO()
    call_command("scheduler", stdout=out)
    assert "Scheduler stopped." in out.getvalue()
    assert signal.getsignal(signal.SIGTERM) == before

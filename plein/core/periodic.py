"""A small scheduler for django-tasks, which has none of its own.

Register a task to run every so often:

    @periodic("socialmap.reminders", every=timedelta(days=30))
    @task
    def reminders_send() -> int: ...

`periodic_enqueue_due()` enqueues whatever is due; `plein run-periodic` calls it once (for cron),
`plein scheduler` calls it every minute. The worker `plein db_worker` runs the enqueued tasks.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks.base import Task

from plein.core.models import PeriodicRun


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    every: timedelta
    task: Task


_registry: dict[str, PeriodicTask] = {}


def periodic(name: str, *, every: timedelta):
    """Register a django-tasks task to be enqueued once every `every`."""
    if every <= timedelta(0):
        raise ValueError("A periodic task needs a positive interval.")

    def register(task_obj: Task) -> Task:
        if not isinstance(task_obj, Task):
            raise TypeError(f"{name}: decorate a django-tasks task (put @task below @periodic).")
        _registry[name] = PeriodicTask(name=name, every=every, task=task_obj)
        return task_obj

    return register


def periodic_unregister(*, name: str) -> None:
    _registry.pop(name, None)


def periodic_registry() -> dict[str, PeriodicTask]:
    # Registrations live in each app's tasks.py; importing them fills the registry.
    autodiscover_modules("tasks")
    return dict(_registry)


def periodic_is_due(*, entry: PeriodicTask, run: PeriodicRun, now: datetime) -> bool:
    return run.last_enqueued_at is None or run.last_enqueued_at + entry.every <= now


def periodic_due_now(*, name: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Have the next check enqueue the periodic task `name` whenever it last ran (a task that
    has never run is due anyway): for work a change made necessary before its next turn."""
    PeriodicRun.objects.using(using).filter(name=name).update(last_enqueued_at=None)


def periodic_enqueue_due(now: datetime | None = None) -> list[str]:
    """Enqueue every registered task that is due; return their names.

    Each task's row is locked while it is checked and stamped, so two schedulers running at
    once enqueue a due task only once.
    """
    now = now or timezone.now()
    enqueued = []
    for name, entry in sorted(periodic_registry().items()):
        with transaction.atomic():
            PeriodicRun.objects.get_or_create(name=name)
            run = PeriodicRun.objects.select_for_update().get(name=name)
            if not periodic_is_due(entry=entry, run=run, now=now):
                continue
            result = entry.task.enqueue()
            run.last_enqueued_at = now
            run.last_result_id = str(result.id)[:64]
            run.save(update_fields=["last_enqueued_at", "last_result_id"])
        enqueued.append(name)
    return enqueued

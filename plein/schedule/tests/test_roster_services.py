import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.schedule import audit_actions as actions
from plein.schedule import services
from plein.schedule.models import PresenceRule, Shift, ShiftChange, StaffKind
from plein.schedule.tests.factories import ShiftFactory, branch_with_opening_hours

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 12, 7)


def _actions():
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_creating_a_shift_is_audited_and_checked_by_the_model():
    branch = branch_with_opening_hours()
    coordinator = UserFactory(coordinator=True, library=branch.library)
    fields = {
        "branch": branch, "desk": None, "person": coordinator, "kind": StaffKind.PROFESSIONAL,
        "weekday": 1, "starts_at": datetime.time(9), "ends_at": datetime.time(12),
        "every_weeks": 1, "valid_from": MONDAY, "valid_until": None,
    }  # fmt: skip
    shift = services.shift_create(library=branch.library, user=coordinator, **fields)
    assert _actions() == [actions.SHIFT_CREATED]
    with pytest.raises(ValidationError):
        services.shift_create(
            library=branch.library, user=coordinator, **(fields | {"ends_at": datetime.time(8)})
        )
    assert Shift.objects.get() == shift


def test_updating_a_shift_records_only_what_changed():
    shift = ShiftFactory()
    user = UserFactory(coordinator=True, library=shift.library)
    services.shift_update(shift=shift, user=user, ends_at=datetime.time(14))
    event = AuditEvent.objects.get(action=actions.SHIFT_UPDATED)
    assert event.changes == {"ends_at": ["13:00:00", "14:00:00"]}


def test_stopping_a_shift_with_history_ends_it_and_a_future_one_goes(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 4, 12))
    old = ShiftFactory(valid_from=datetime.date(2026, 1, 1))
    ShiftFactory(branch=old.branch, valid_from=MONDAY)
    user = UserFactory(coordinator=True, library=old.library)
    ShiftChange.objects.create(shift=old, date=MONDAY)
    services.shift_delete(shift=old, user=user)
    old.refresh_from_db()
    assert old.valid_until == datetime.date(2026, 12, 3)
    assert not old.changes.exists()
    future = Shift.objects.exclude(pk=old.pk).get()
    services.shift_delete(shift=future, user=user)
    assert Shift.objects.count() == 1
    assert _actions() == [actions.SHIFT_ENDED, actions.SHIFT_DELETED]


def test_a_change_must_be_on_a_date_of_the_shift_and_a_stand_in_is_someone_else():
    shift = ShiftFactory()
    user = UserFactory(coordinator=True, library=shift.library)
    tuesday = MONDAY + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.shift_change_set(
            shift=shift, date=tuesday, stand_in=None, stand_in_kind="", user=user
        )
    assert "date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.shift_change_set(
            shift=shift, date=MONDAY, stand_in=shift.person, stand_in_kind="volunteer", user=user
        )
    assert "stand_in" in error.value.message_dict
    assert not ShiftChange.objects.exists()


def test_setting_a_change_twice_for_one_date_replaces_it():
    shift = ShiftFactory()
    user = UserFactory(coordinator=True, library=shift.library)
    services.shift_change_set(shift=shift, date=MONDAY, stand_in=None, stand_in_kind="", user=user)
    services.shift_change_set(
        shift=shift, date=MONDAY, stand_in=user, stand_in_kind=StaffKind.PROFESSIONAL, user=user
    )
    change = ShiftChange.objects.get()
    assert (change.stand_in, change.stand_in_kind) == (user, StaffKind.PROFESSIONAL)
    assert _actions() == [actions.SHIFT_CHANGE_SET, actions.SHIFT_CHANGE_SET]


def test_the_presence_rule_is_stored_per_branch_and_audited():
    branch = branch_with_opening_hours()
    user = UserFactory(coordinator=True, library=branch.library)
    services.presence_rule_set(branch=branch, min_volunteers=2, min_professionals=0, user=user)
    rule = PresenceRule.objects.get()
    assert (rule.library, rule.min_volunteers, rule.min_professionals) == (branch.library, 2, 0)
    with pytest.raises(ValidationError):
        services.presence_rule_set(branch=branch, min_volunteers=21, min_professionals=0, user=user)
    assert _actions() == [actions.PRESENCE_RULE_SET]


def test_the_weekly_mail_lists_the_gaps_to_the_coordinators_only(settings):
    branch = branch_with_opening_hours(name="Centrum")
    UserFactory(coordinator=True, library=branch.library, email="coord@example.org")
    UserFactory(library=branch.library, email="balie@example.org")
    other = branch_with_opening_hours()
    UserFactory(coordinator=True, library=other.library, email="elders@example.org")
    PresenceRule.objects.create(
        branch=other, library=other.library, min_volunteers=0, min_professionals=0
    )
    assert services.presence_gaps_mail(today=MONDAY) == 1
    (message,) = mail.outbox
    assert message.to == ["coord@example.org"]
    assert "Centrum" in message.body and "maandag 7 december" in message.body
    assert settings.SITE_URL + "/rooster/" in message.body

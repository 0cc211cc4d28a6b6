"""The audit actions of the schedule app: one constant per kind of state change."""

SHIFT_CREATED = "schedule.shift.created"
SHIFT_UPDATED = "schedule.shift.updated"
SHIFT_ENDED = "schedule.shift.ended"
SHIFT_DELETED = "schedule.shift.deleted"
SHIFT_CHANGE_SET = "schedule.shift.change_set"
SHIFT_CHANGE_REMOVED = "schedule.shift.change_removed"
PRESENCE_RULE_SET = "schedule.presence_rule.set"

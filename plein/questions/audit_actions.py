"""Every audit action the questions app writes, in one place (written only by its services)."""

from plein.questions.models import AgeBand, Channel, Desk, LifeDomain, Option, Outcome, Topic

VISIT_UPDATED = "questions.visit.updated"
VISIT_UNDONE = "questions.visit.undone"
VISIT_DELETED = "questions.visit.deleted"
REGISTRATION_UPDATED = "questions.registration.updated"
REGISTRATION_DELETED = "questions.registration.deleted"
REGISTRATION_SETTINGS_UPDATED = "questions.registrationsettings.updated"
# The desk kept a note that looked like a name ("Toch opslaan"): counted, the text is not kept.
NOTE_NAME_CONFIRMED = "questions.registration.note_name_confirmed"

TILE_ADDED = "questions.topictile.added"
TILE_REMOVED = "questions.topictile.removed"
TILE_MOVED = "questions.topictile.moved"

OPTION_CREATED = "created"
OPTION_UPDATED = "updated"
OPTION_ARCHIVED = "archived"
OPTION_RESTORED = "restored"
OPTION_MOVED = "moved"
OPTION_VERBS = (OPTION_CREATED, OPTION_UPDATED, OPTION_ARCHIVED, OPTION_RESTORED, OPTION_MOVED)

# The action of a change to an option: per list and change, e.g. "questions.topic.archived".
OPTION_ACTIONS: dict[tuple[type[Option], str], str] = {
    (model, verb): f"questions.{model._meta.model_name}.{verb}"
    for model in (Topic, LifeDomain, Desk, Channel, Outcome, AgeBand)
    for verb in OPTION_VERBS
}


def option_action(option: Option, verb: str) -> str:
    """The audit action of a change to this option (a KeyError for an unknown change)."""
    return OPTION_ACTIONS[(type(option), verb)]

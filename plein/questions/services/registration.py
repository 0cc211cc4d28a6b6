"""Writes for the questions app: register, change, undo. One function per workflow.

Every function validates against the library's own, active options and raises a
ValidationError whose messages are the module constants below (tests assert them).
"""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.core import audit, pii
from plein.core.models import Branch, Library
from plein.questions import audit_actions as actions
from plein.questions.models import (
    AgeBand,
    Channel,
    Desk,
    DurationBand,
    Gender,
    LifeDomain,
    Option,
    Outcome,
    OutcomeKind,
    Registration,
    RegistrationLifeDomain,
    RegistrationSettings,
    RegistrationTopic,
    Topic,
    Visit,
    VisitMode,
)
from plein.questions.selectors.desk import desk_options
from plein.questions.services.months import months_changed
from plein.socialmap import selectors as socialmap
from plein.socialmap.models import Organization, Service

# The screen offers undo for 10 seconds; the server allows a little more for a slow network.
UNDO_SECONDS = 10
UNDO_GRACE_SECONDS = 20
# Desk computers' clocks drift; an entry a few minutes "ahead" is not in the future.
CLOCK_SKEW = datetime.timedelta(minutes=5)

BRANCH_OTHER_LIBRARY = _("Deze vestiging hoort niet bij uw bibliotheek.")
BRANCH_INACTIVE = _("Deze vestiging is niet meer actief.")
DESK_OTHER_BRANCH = _("Deze balie hoort bij een andere vestiging.")
OPTION_OTHER_LIBRARY = _("“%(name)s” hoort niet bij de lijsten van uw bibliotheek.")
OPTION_ARCHIVED = _("“%(name)s” is gearchiveerd en kan niet meer gekozen worden.")
STARTED_IN_FUTURE = _("Het tijdstip ligt in de toekomst. Controleer datum en tijd.")
TOPIC_REQUIRED = _("Kies minstens één onderwerp.")
QUESTION_REQUIRED = _("Een bezoek heeft minstens één vraag.")
REFERRAL_OTHER_LIBRARY = _("Deze organisatie staat niet op de sociale kaart van uw bibliotheek.")
SERVICE_OTHER_ORGANIZATION = _("Deze dienst hoort niet bij de gekozen organisatie.")
REFERRAL_NEEDS_REFERRED_OUTCOME = _(
    "U koos een organisatie om naar door te verwijzen; kies dan ook de uitkomst “doorverwezen”."
)
EFFORT_OUT_OF_RANGE = _("De inspanning is 1, 2, 3 of 4.")
AGE_BAND_DISABLED = _("Uw bibliotheek legt geen leeftijdsgroep vast.")
GENDER_DISABLED = _("Uw bibliotheek legt geen gender vast.")
GENDER_UNKNOWN = _("Kies een gender uit de lijst.")
DURATION_UNKNOWN = _("Kies een duur uit de lijst.")
NOTE_DISABLED = _("Uw bibliotheek staat geen notitie toe.")
NOTE_PERSONAL_DATA = _("De notitie lijkt persoonsgegevens te bevatten: %(problems)s")
IDEMPOTENCY_KEY_REUSED = _("Deze registratie is al door iemand anders opgeslagen.")
UNDO_TOO_LATE = _("Ongedaan maken kan alleen direct na het opslaan.")
NOT_AUTHOR = _("Alleen wie de registratie maakte kan haar wijzigen.")
NOT_TODAY = _("Een registratie kan alleen op de dag zelf worden gewijzigd.")
NOTHING_TO_REPEAT = _("Er is nog geen vorige registratie om te herhalen.")


@dataclass
class QuestionInput:
    """One question as the desk screen or API gives it; validated by the services."""

    topics: Sequence[Topic] = ()
    life_domains: Sequence[LifeDomain] = ()
    is_complex: bool = False
    outcome: Outcome | None = None
    referred_organization: Organization | None = None
    referred_service: Service | None = None
    effort: int | None = None
    note: str = ""
    # The desk saw "Dit lijkt op een naam" and chose to save the note as it is.
    note_names_confirmed: bool = False


@dataclass
class VisitInput:
    branch: Branch
    channel: Channel
    desk: Desk | None = None
    started_at: datetime.datetime | None = None
    duration_band: str = ""
    age_band: AgeBand | None = None
    gender: str = ""
    questions: Sequence[QuestionInput] = field(default_factory=list)
    mode: str = VisitMode.FULL
    # The device's clock skew, noted on the visit (see services/clock.py).
    clock_skew_seconds: int | None = None


def _settings(library: Library) -> RegistrationSettings:
    return desk_options(library=library).settings


# --- validation ---------------------------------------------------------------------------------


def _check_option(option: Option | None, *, library: Library, field_name: str, errors: dict):
    if option is None:
        return
    if option.library_id != library.pk:
        errors.setdefault(field_name, []).append(
            ValidationError(OPTION_OTHER_LIBRARY, params={"name": option.name})
        )
    elif option.archived_at is not None:
        errors.setdefault(field_name, []).append(
            ValidationError(OPTION_ARCHIVED, params={"name": option.name})
        )


def _add_error(errors: dict, field_name: str, message, **params) -> None:
    errors.setdefault(field_name, []).append(ValidationError(message, params=params or None))


def _visit_errors(data: VisitInput, *, library: Library, settings_row) -> dict:
    errors: dict = {}
    if data.branch.library_id != library.pk:
        _add_error(errors, "branch", BRANCH_OTHER_LIBRARY)
    elif not data.branch.is_active:
        _add_error(errors, "branch", BRANCH_INACTIVE)
    if data.desk is not None and data.desk.branch_id != data.branch.pk:
        _add_error(errors, "desk", DESK_OTHER_BRANCH)
    _check_option(data.desk, library=library, field_name="desk", errors=errors)
    _check_option(data.channel, library=library, field_name="channel", errors=errors)
    if data.started_at is not None and data.started_at > timezone.now() + CLOCK_SKEW:
        _add_error(errors, "started_at", STARTED_IN_FUTURE)
    if data.duration_band and data.duration_band not in DurationBand.values:
        _add_error(errors, "duration_band", DURATION_UNKNOWN)
    if data.age_band is not None and not settings_row.record_age_band:
        _add_error(errors, "age_band", AGE_BAND_DISABLED)
    _check_option(data.age_band, library=library, field_name="age_band", errors=errors)
    if data.gender and not settings_row.record_gender:
        _add_error(errors, "gender", GENDER_DISABLED)
    elif data.gender and data.gender not in Gender.values:
        _add_error(errors, "gender", GENDER_UNKNOWN)
    return errors


def _question_errors(question: QuestionInput, *, library: Library, settings_row) -> dict:
    errors: dict = {}
    if not question.topics:
        _add_error(errors, "topics", TOPIC_REQUIRED)
    for topic in question.topics:
        _check_option(topic, library=library, field_name="topics", errors=errors)
    for domain in question.life_domains:
        _check_option(domain, library=library, field_name="life_domains", errors=errors)
    _check_option(question.outcome, library=library, field_name="outcome", errors=errors)
    _referral_errors(question, library=library, errors=errors)
    if question.effort is not None and question.effort not in (1, 2, 3, 4):
        _add_error(errors, "effort", EFFORT_OUT_OF_RANGE)
    _note_errors(question, library=library, settings_row=settings_row, errors=errors)
    return errors


def _referral_errors(question: QuestionInput, *, library: Library, errors: dict) -> None:
    organization, service = question.referred_organization, question.referred_service
    if service is not None and organization is None:
        organization = service.organization
    if organization is None:
        return
    if organization.library_id != library.pk:
        _add_error(errors, "referred_organization", REFERRAL_OTHER_LIBRARY)
    if service is not None and service.organization_id != organization.pk:
        _add_error(errors, "referred_service", SERVICE_OTHER_ORGANIZATION)
    if question.outcome is None or question.outcome.kind != OutcomeKind.REFERRED:
        _add_error(errors, "outcome", REFERRAL_NEEDS_REFERRED_OUTCOME)


def _note_errors(question: QuestionInput, *, library: Library, settings_row, errors: dict):
    """Personal data in a note is refused; a likely name needs the desk's "Toch opslaan"."""
    note = question.note
    if not note:
        return
    if not settings_row.allow_note:
        _add_error(errors, "note", NOTE_DISABLED)
        return
    problems = pii.personal_data_problems(
        note,
        public_places=socialmap.public_places(library),
        public_phones=socialmap.public_phone_numbers(library),
    )
    if problems:
        _add_error(errors, "note", NOTE_PERSONAL_DATA, problems="; ".join(map(str, problems)))
        return
    error = pii.likely_name_error(
        note,
        confirmed=question.note_names_confirmed,
        public_names=socialmap.public_names(library),
    )
    if error is not None:
        errors.setdefault("note", []).append(error)


def _likely_names(note: str, *, library: Library) -> list[str]:
    if not note:
        return []
    return pii.likely_names(note, public_names=socialmap.public_names(library))


def _count_name_confirmation(registration: Registration, question: QuestionInput, user) -> None:
    """Count that the desk kept a note that looked like a name: an audit entry, not the text."""
    library = registration.visit.library
    if question.note_names_confirmed and _likely_names(question.note, library=library):
        audit.log(registration, actions.NOTE_NAME_CONFIRMED, user=user, library=library)


def visit_validate(
    data: VisitInput, *, library: Library, settings_row: RegistrationSettings | None = None
) -> None:
    """Raise one ValidationError with every problem, keyed by field (questions: "questions")."""
    settings_row = settings_row or _settings(library)
    errors = _visit_errors(data, library=library, settings_row=settings_row)
    if not data.questions:
        _add_error(errors, "questions", QUESTION_REQUIRED)
    for question in data.questions:
        for name, problems in _question_errors(
            question, library=library, settings_row=settings_row
        ).items():
            errors.setdefault(name, []).extend(problems)
    if errors:
        raise ValidationError(errors)


# --- writes -------------------------------------------------------------------------------------


def visit_local_parts(moment: datetime.datetime) -> dict:
    local = timezone.localtime(moment)
    return {"date": local.date(), "hour": local.hour, "weekday": local.isoweekday()}


def _visit_facts(visit: Visit) -> dict:
    """The visit fields every registration repeats for fast reports."""
    return {
        "library_id": visit.library_id,
        "branch_id": visit.branch_id,
        "desk_id": visit.desk_id,
        "channel_id": visit.channel_id,
        "date": visit.date,
        "hour": visit.hour,
        "weekday": visit.weekday,
    }


def _question_values(question: QuestionInput) -> dict:
    organization = question.referred_organization
    if organization is None and question.referred_service is not None:
        organization = question.referred_service.organization
    return {
        "is_complex": question.is_complex or len(question.life_domains) >= 2,
        "outcome": question.outcome,
        "referred_organization": organization,
        "referred_service": question.referred_service,
        "referred_name": organization.name[:255] if organization else "",
        "effort": question.effort,
        "note": question.note.strip(),
    }


def _registration_create(*, visit: Visit, question: QuestionInput) -> Registration:
    registration = Registration.objects.create(
        visit=visit, **_visit_facts(visit), **_question_values(question)
    )
    _registration_links_set(registration, question, fresh=True)
    return registration


def _link_facts(registration: Registration) -> dict:
    # Topic and life-domain links repeat the registration's library and date for fast reports.
    return {
        "registration": registration,
        "library_id": registration.library_id,
        "date": registration.date,
    }


def _registration_links_set(
    registration: Registration, question: QuestionInput, *, fresh: bool = False
) -> None:
    # A registration just created has no links yet: two statements fewer on the busiest path.
    if not fresh:
        RegistrationTopic.objects.filter(registration=registration).delete()
        RegistrationLifeDomain.objects.filter(registration=registration).delete()
    RegistrationTopic.objects.bulk_create(
        RegistrationTopic(**_link_facts(registration), topic=topic)
        for topic in dict.fromkeys(question.topics)
    )
    if question.life_domains:
        RegistrationLifeDomain.objects.bulk_create(
            RegistrationLifeDomain(**_link_facts(registration), life_domain=domain)
            for domain in dict.fromkeys(question.life_domains)
        )


def _existing_for_key(key: uuid.UUID | None, *, library: Library, user) -> Visit | None:
    if key is None:
        return None
    existing = Visit.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if existing.library_id != library.pk or existing.registered_by_id != user.pk:
        raise ValidationError({"idempotency_key": [ValidationError(IDEMPOTENCY_KEY_REUSED)]})
    return existing


def _commit_without_waiting_for_disk() -> None:
    """With PLEIN_REGISTRATION_ASYNC_COMMIT on PostgreSQL: COMMIT before the WAL is on disk.

    Off by default: the desk is told "saved" only once the entry is durable, and then forgets
    it. Switched on, COMMIT skips the disk flush (a few milliseconds on slow disks), but a server
    crash can lose the last fraction of a second of entries the desks were already told were
    saved. Nothing is ever corrupted either way.
    """
    if connection.vendor == "postgresql" and settings.PLEIN_REGISTRATION_ASYNC_COMMIT:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _visit_create(*, data: VisitInput, library: Library, user, idempotency_key) -> Visit:
    started_at = data.started_at or timezone.now()
    with transaction.atomic():
        _commit_without_waiting_for_disk()
        visit = Visit.objects.create(
            library=library,
            branch=data.branch,
            desk=data.desk,
            channel=data.channel,
            started_at=started_at,
            **visit_local_parts(started_at),
            duration_band=data.duration_band,
            age_band=data.age_band,
            gender=data.gender,
            mode=data.mode,
            registered_by=user,
            idempotency_key=idempotency_key,
            clock_skew_seconds=data.clock_skew_seconds,
        )
        for question in data.questions:
            registration = _registration_create(visit=visit, question=question)
            _count_name_confirmation(registration, question, user)
        # A late entry from an offline queue may belong to a completed month.
        months_changed(library_id=library.pk, dates=[visit.date])
    return visit


def visit_register(
    *,
    data: VisitInput,
    user,
    idempotency_key: uuid.UUID | None = None,
    settings_row: RegistrationSettings | None = None,
) -> tuple[Visit, bool]:
    """Store a visit with its questions; (visit, created). A repeated key returns the first.

    The key is looked up only when something is wrong: a replayed entry fails validation (its
    options may be archived since) or hits the key's unique constraint. The busy path, a new
    entry, thus costs no extra query. settings_row: the library's registration settings, when
    the caller has them already (the desk view, from the cached options).
    """
    library = user.library
    try:
        visit_validate(data, library=library, settings_row=settings_row)
    except ValidationError:
        existing = _existing_for_key(idempotency_key, library=library, user=user)
        if existing is not None:
            return existing, False
        raise
    try:
        visit = _visit_create(
            data=data, library=library, user=user, idempotency_key=idempotency_key
        )
    except IntegrityError:
        # Sent before (a retry, a replayed queue) or by two requests at the same moment.
        existing = _existing_for_key(idempotency_key, library=library, user=user)
        if existing is None:
            raise
        return existing, False
    return visit, True


def visit_check_editable(*, visit: Visit, user) -> None:
    """Authors change their own registrations on the day itself; nobody else does."""
    if visit.registered_by_id != user.pk:
        raise ValidationError(NOT_AUTHOR)
    if timezone.localtime(visit.created_at).date() != timezone.localdate():
        raise ValidationError(NOT_TODAY)


def _snapshot(registration: Registration) -> dict:
    return {
        "topics": sorted(t.name for t in registration.topics.all()),
        "life_domains": sorted(d.name for d in registration.life_domains.all()),
        "is_complex": registration.is_complex,
        "outcome": str(registration.outcome or ""),
        "referred_name": registration.referred_name,
        "effort": registration.effort,
        "note": registration.note,
    }


def _registration_apply(registration: Registration, question: QuestionInput) -> dict:
    """Write a checked question over the registration; the changes (free text as 'changed')."""
    before = _snapshot(registration)
    values = _question_values(question)
    for name, value in values.items():
        setattr(registration, name, value)
    registration.save(update_fields=list(values))
    _registration_links_set(registration, question)
    after = _snapshot(registration)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    return audit.changes_without_free_text(Registration, changes)


def _visit_apply(visit: Visit, data: VisitInput) -> dict:
    """Write checked visit fields; its registrations and links follow. The changes."""
    started_at = data.started_at or visit.started_at
    fields = {
        "branch": data.branch,
        "desk": data.desk,
        "channel": data.channel,
        "started_at": started_at,
        "duration_band": data.duration_band,
        "age_band": data.age_band,
        "gender": data.gender,
        **visit_local_parts(started_at),
    }
    changes = {
        k: [str(getattr(visit, k) or ""), str(v or "")]
        for k, v in fields.items()
        if getattr(visit, k) != v
    }
    old_date = visit.date
    for name, value in fields.items():
        setattr(visit, name, value)
    visit.save(update_fields=list(fields))
    months_changed(library_id=visit.library_id, dates=[old_date, visit.date])
    visit.registrations.update(**_visit_facts(visit))
    links = {"registration__visit": visit}
    RegistrationTopic.objects.filter(**links).update(library_id=visit.library_id, date=visit.date)
    RegistrationLifeDomain.objects.filter(**links).update(
        library_id=visit.library_id, date=visit.date
    )
    return changes


def _raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def registration_update(*, registration: Registration, question: QuestionInput, user):
    """Change one question of a visit (not the visit's own fields)."""
    visit = registration.visit
    visit_check_editable(visit=visit, user=user)
    settings_row = _settings(visit.library)
    _raise_if(_question_errors(question, library=visit.library, settings_row=settings_row))
    changes = _registration_apply(registration, question)
    months_changed(library_id=visit.library_id, dates=[visit.date])
    audit.log(registration, actions.REGISTRATION_UPDATED, user=user, changes=changes)
    if "note" in changes:
        _count_name_confirmation(registration, question, user)
    return registration


@transaction.atomic
def visit_update(*, visit: Visit, data: VisitInput, user) -> Visit:
    """Change the visit's own fields (not its questions); registrations follow."""
    visit_check_editable(visit=visit, user=user)
    settings_row = _settings(visit.library)
    _raise_if(_visit_errors(data, library=visit.library, settings_row=settings_row))
    changes = _visit_apply(visit, data)
    audit.log(visit, actions.VISIT_UPDATED, user=user, changes=changes)
    return visit


@transaction.atomic
def visit_undo(*, visit: Visit, user) -> None:
    """Take back a visit just saved (the undo button)."""
    if visit.registered_by_id != user.pk:
        raise ValidationError(NOT_AUTHOR)
    age = timezone.now() - visit.created_at
    if age > datetime.timedelta(seconds=UNDO_SECONDS + UNDO_GRACE_SECONDS):
        raise ValidationError(UNDO_TOO_LATE)
    audit.log(visit, actions.VISIT_UNDONE, user=user, library=visit.library)
    months_changed(library_id=visit.library_id, dates=[visit.date])
    visit.delete()


@transaction.atomic
def registration_delete(*, registration: Registration, user) -> None:
    """Remove one question on the day itself; a visit without questions goes too."""
    visit = registration.visit
    visit_check_editable(visit=visit, user=user)
    audit.log(registration, actions.REGISTRATION_DELETED, user=user, library=visit.library)
    months_changed(library_id=visit.library_id, dates=[visit.date])
    registration.delete()
    if not visit.registrations.exists():
        audit.log(visit, actions.VISIT_DELETED, user=user, library=visit.library)
        visit.delete()


def _question_from(registration: Registration) -> QuestionInput:
    return QuestionInput(
        topics=list(registration.topics.all()),
        life_domains=list(registration.life_domains.all()),
        is_complex=registration.is_complex,
        outcome=registration.outcome,
        referred_organization=registration.referred_organization,
        referred_service=registration.referred_service,
        effort=registration.effort,
        note=registration.note,
        # Stored before, so accepted before: a repeat does not ask about a likely name again.
        note_names_confirmed=True,
    )


def visit_repeat(
    *,
    user,
    idempotency_key: uuid.UUID | None = None,
    started_at: datetime.datetime | None = None,
    branch: Branch | None = None,
    desk: Desk | None = None,
    channel: Channel | None = None,
    clock_skew_seconds: int | None = None,
) -> tuple[Visit, bool]:
    """Register a copy of the user's previous visit ("zelfde als vorige"); (visit, created).

    The copy happens where the user is now (the device's branch, desk and channel, when given);
    a replayed key returns the first copy instead of copying the copy.
    """
    if idempotency_key is not None:
        existing = _existing_for_key(idempotency_key, library=user.library, user=user)
        if existing is not None:
            return existing, False
    previous = (
        Visit.objects.filter(registered_by=user, library=user.library)
        .select_related("branch", "desk", "channel", "age_band")
        .order_by("-created_at", "-id")
        .first()
    )
    if previous is None:
        raise ValidationError(NOTHING_TO_REPEAT)
    registrations = previous.registrations.select_related(
        "outcome", "referred_organization", "referred_service"
    ).prefetch_related("topics", "life_domains")
    data = VisitInput(
        branch=branch or previous.branch,
        desk=desk if branch else previous.desk,
        channel=channel or previous.channel,
        started_at=started_at,
        duration_band=previous.duration_band,
        age_band=previous.age_band,
        gender=previous.gender,
        questions=[_question_from(registration) for registration in registrations],
        mode=previous.mode,
        clock_skew_seconds=clock_skew_seconds,
    )
    return visit_register(data=data, user=user, idempotency_key=idempotency_key)


@transaction.atomic
def visit_question_update(*, registration: Registration, data: VisitInput, user) -> Registration:
    """The desk's edit page: the visit's fields and this one question, all or nothing.

    Both parts are checked once, together, so the form shows every problem at once; then both
    are written and one audit entry records the edit.
    """
    if len(data.questions) != 1:
        raise ValidationError(QUESTION_REQUIRED)
    visit = registration.visit
    visit_check_editable(visit=visit, user=user)
    settings_row = _settings(visit.library)
    errors = _visit_errors(data, library=visit.library, settings_row=settings_row)
    question_errors = _question_errors(
        data.questions[0], library=visit.library, settings_row=settings_row
    )
    for name, problems in question_errors.items():
        errors.setdefault(name, []).extend(problems)
    _raise_if(errors)
    changes = _visit_apply(visit, data)
    registration.refresh_from_db()
    changes |= _registration_apply(registration, data.questions[0])
    audit.log(registration, actions.REGISTRATION_UPDATED, user=user, changes=changes)
    if "note" in changes:
        _count_name_confirmation(registration, data.questions[0], user)
    return registration

"""Writes for a library's option lists, topic tiles and registration settings.

Options are archived, never deleted: old registrations keep pointing at them and reports keep
showing them. Every change is written to the audit log.

Default lists (options_install_defaults) are installed per list only while that list is empty
for the library, archived options included. So running it again adds nothing, and an option a
coordinator renamed or archived is never restored next to it.

IDO categories of the default topics: the KB counts questions "about digital government" on
its Informatiepunt Digitale Overheid form. We count as digital government every term under
"digitaleoverheid" plus the topics that are, at the desk, almost always about a government
service online: Toeslagen and Belastingaangifte (Belastingdienst), Uitkering (UWV) and
Studiefinanciering (DUO). "Bibliotheek" is the library category; everything else is "other".
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.core import audit
from plein.core.models import Branch, Library
from plein.questions import audit_actions as actions
from plein.questions.models import (
    SMALL_CELL_MINIMUM,
    AgeBand,
    Channel,
    Desk,
    IdoCategory,
    LifeDomain,
    Option,
    OptionQuerySet,
    Outcome,
    OutcomeKind,
    Registration,
    RegistrationSettings,
    Topic,
    TopicTile,
)
from plein.questions.options_cache import desk_options_changed
from plein.socialmap.models import TaxonomyKind, TaxonomyTerm

DEFAULT_CHANNELS = ["Balie", "Telefoon", "E-mail", "Chat", "Afspraak"]
DEFAULT_OUTCOMES = [
    ("Beantwoord aan de balie", OutcomeKind.ANSWERED),
    ("Op weg geholpen", OutcomeKind.HELPED_ALONG),
    ("Doorverwezen", OutcomeKind.REFERRED),
    ("Komt terug", OutcomeKind.COME_BACK),
]
DEFAULT_AGE_BANDS = ["Jonger dan 18", "18–26", "27–44", "45–66", "67–79", "80 en ouder"]
DEFAULT_DESK = "Informatiepunt"
DIGITAL_GOVERNMENT_TERMS = {
    "geld.toeslagen",
    "geld.belastingaangifte",
    "werk.uitkering",
    "onderwijs.studiefinanciering",
}
LIBRARY_TOPIC = "Bibliotheek"
# For a digital-government question no tile or listed topic fits: it still counts as one for
# the KB (the IDO totals), where "Overige vraag" would not.
DIGITAL_GOVERNMENT_TOPIC = "Digitale overheid (overig)"
OTHER_TOPIC = "Overige vraag"
DEFAULT_TILE_TERMS = [
    "geld.toeslagen",
    "digitaleoverheid.digid",
    "digitaleoverheid.formulieren",
    "geld.schulden",
    "zorg.zorgverzekering",
    "geld.belastingaangifte",
    "digitaleoverheid.digitalevaardigheden",
    "zorg.wmo",
]
# The desk screen numbers tiles 1–9 for the number keys.
MAX_TILES = 9

NAME_REQUIRED = _("Vul een naam in.")
NAME_TAKEN = _("Er is al een optie “%(name)s” in deze lijst.")
NAME_TAKEN_ARCHIVED = _(
    "Er is al een gearchiveerde optie “%(name)s” in deze lijst. Zet die terug in plaats van "
    "een nieuwe te maken."
)
ALREADY_ARCHIVED = _("“%(name)s” is al gearchiveerd.")
NOT_ARCHIVED = _("“%(name)s” is niet gearchiveerd.")
OUTCOME_KIND_IN_USE = _(
    "De soort van “%(name)s” kan niet meer veranderen: er zijn al vragen mee geregistreerd en "
    "hun betekenis zou veranderen. Archiveer deze uitkomst en maak een nieuwe."
)
TERM_WRONG_KIND = _("Kies een term uit de onderwerpen van de sociale kaart.")
TERM_OTHER_LIBRARY = _("Deze term hoort bij een andere bibliotheek.")
BRANCH_OTHER_LIBRARY = _("Deze vestiging hoort niet bij uw bibliotheek.")
TILE_TOPIC_ARCHIVED = _("“%(name)s” is gearchiveerd en kan geen tegel zijn.")
TILE_TOPIC_OTHER_LIBRARY = _("“%(name)s” hoort niet bij de lijsten van uw bibliotheek.")
TILES_TOO_MANY = _("Kies hoogstens %(max)s onderwerpen als tegel (de cijfertoetsen 1 tot 9).")
TILE_DUPLICATE = _("“%(name)s” staat al als tegel bij deze vestiging.")
THRESHOLD_TOO_LOW = _("De grens is minstens %(minimum)s: kleinere aantallen zijn te herleiden.")


# --- Default lists ---------------------------------------------------------------------------


def _shared_terms(kind: str) -> list[TaxonomyTerm]:
    return list(
        TaxonomyTerm.objects.filter(library=None, taxonomy_detail__kind=kind)
        .select_related("parent")
        .order_by("code")
    )


def _ido_category(code: str) -> str:
    if code.startswith("digitaleoverheid") or code in DIGITAL_GOVERNMENT_TERMS:
        return IdoCategory.DIGITAL_GOVERNMENT
    return IdoCategory.OTHER


def _install_topics(library: Library) -> int:
    if Topic.objects.filter(library=library).exists():
        return 0
    # Sub-terms only: "Toeslagen" is a question, "Geld" is a heading. Names are unique per list.
    by_name: dict[str, TaxonomyTerm] = {}
    for term in _shared_terms(TaxonomyKind.TOPIC):
        if term.parent_id:
            by_name.setdefault(term.name.lower(), term)
    terms = list(by_name.values())
    topics = [
        Topic(library=library, name=t.name, term=t, ido_category=_ido_category(t.code), position=i)
        for i, t in enumerate(terms)
    ]
    topics.append(
        Topic(
            library=library,
            name=DIGITAL_GOVERNMENT_TOPIC,
            ido_category=IdoCategory.DIGITAL_GOVERNMENT,
            position=len(topics),
        )
    )
    topics.append(
        Topic(
            library=library,
            name=LIBRARY_TOPIC,
            ido_category=IdoCategory.LIBRARY,
            position=len(topics),
        )
    )
    topics.append(Topic(library=library, name=OTHER_TOPIC, position=len(topics)))
    Topic.objects.bulk_create(topics)
    return len(topics)


def _install_life_domains(library: Library) -> int:
    if LifeDomain.objects.filter(library=library).exists():
        return 0
    terms = _shared_terms(TaxonomyKind.LIFE_DOMAIN)
    LifeDomain.objects.bulk_create(
        LifeDomain(library=library, name=term.name, term=term, position=i)
        for i, term in enumerate(terms)
    )
    return len(terms)


def _install_simple(model: type[Option], library: Library, rows: list[dict]) -> int:
    if model.objects.filter(library=library).exists():
        return 0
    model.objects.bulk_create(
        model(library=library, position=i, **row) for i, row in enumerate(rows)
    )
    return len(rows)


def _install_desks(library: Library) -> int:
    branches = Branch.objects.filter(library=library, is_active=True).exclude(
        pk__in=Desk.objects.filter(library=library).values("branch")
    )
    desks = [Desk(library=library, branch=branch, name=DEFAULT_DESK) for branch in branches]
    Desk.objects.bulk_create(desks)
    return len(desks)


def _install_tiles(library: Library) -> int:
    topics_by_code = {
        topic.term.code: topic
        for topic in Topic.objects.active()
        .filter(library=library, term__code__in=DEFAULT_TILE_TERMS)
        .select_related("term")
    }
    topics = [topics_by_code[code] for code in DEFAULT_TILE_TERMS if code in topics_by_code]
    branches = Branch.objects.filter(library=library, is_active=True, topic_tiles__isnull=True)
    tiles = [
        TopicTile(branch=branch, topic=topic, position=i)
        for branch in branches
        for i, topic in enumerate(topics)
    ]
    TopicTile.objects.bulk_create(tiles)
    return len(tiles)


@transaction.atomic
def options_install_defaults(*, library: Library) -> int:
    """Install the default lists, desks, tiles and settings; returns how many were created."""
    created = _install_topics(library) + _install_life_domains(library)
    created += _install_simple(Channel, library, [{"name": name} for name in DEFAULT_CHANNELS])
    created += _install_simple(
        Outcome, library, [{"name": name, "kind": kind} for name, kind in DEFAULT_OUTCOMES]
    )
    created += _install_simple(AgeBand, library, [{"name": name} for name in DEFAULT_AGE_BANDS])
    created += _install_desks(library) + _install_tiles(library)
    _, settings_created = RegistrationSettings.objects.get_or_create(library=library)
    # Also called after the library's branches change (the admin): the desk must see them.
    desk_options_changed(library_id=library.pk)
    return created + int(settings_created)


# --- Managing a list ------------------------------------------------------------------------


def _siblings(option: Option) -> OptionQuerySet:
    """The options sharing the list (and the name space) of this option."""
    if isinstance(option, Desk):
        desks = Desk.objects.filter(library_id=option.library_id, branch_id=option.branch_id)
        assert isinstance(desks, OptionQuerySet)
        return desks
    siblings = type(option)._default_manager.filter(library_id=option.library_id)
    assert isinstance(siblings, OptionQuerySet)
    return siblings


def _check_name(option: Option, name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": NAME_REQUIRED})
    same = _siblings(option).filter(name__iexact=name).exclude(pk=option.pk).first()
    if same is not None:
        message = NAME_TAKEN_ARCHIVED if same.is_archived else NAME_TAKEN
        raise ValidationError({"name": ValidationError(message, params={"name": same.name})})
    return name


def _check_term(option: Option, term: TaxonomyTerm | None) -> None:
    if term is None:
        return
    kind = TaxonomyKind.TOPIC if isinstance(option, Topic) else TaxonomyKind.LIFE_DOMAIN
    if term.taxonomy_detail is None or term.taxonomy_detail.kind != kind:
        raise ValidationError({"term": TERM_WRONG_KIND})
    if term.library_id not in (None, option.library_id):
        raise ValidationError({"term": TERM_OTHER_LIBRARY})


def _check_kind_change(option: Option, old_kind: str | None) -> None:
    if not isinstance(option, Outcome) or option.kind == old_kind:
        return
    if Registration.objects.filter(outcome=option).exists():
        raise ValidationError(
            {"kind": ValidationError(OUTCOME_KIND_IN_USE, params={"name": option.name})}
        )


def _save_unique(option: Option, **kwargs) -> None:
    """Save; a concurrent twin with the same name is reported as a duplicate, not a crash."""
    try:
        with transaction.atomic():
            option.save(**kwargs)
    except IntegrityError as error:
        raise ValidationError(
            {"name": ValidationError(NAME_TAKEN, params={"name": option.name})}
        ) from error


@transaction.atomic
def option_create(*, model: type[Option], library: Library, user, name: str, **fields) -> Option:
    """Add an option at the end of its list. fields: term, ido_category, kind, branch."""
    option = model(library=library, **fields)
    if isinstance(option, Desk) and option.branch.library_id != library.pk:
        raise ValidationError({"branch": BRANCH_OTHER_LIBRARY})
    option.name = _check_name(option, name)
    _check_term(option, fields.get("term"))
    last = _siblings(option).order_by("-position").values_list("position", flat=True).first()
    option.position = 0 if last is None else last + 1
    _save_unique(option)
    desk_options_changed(library_id=library.pk)
    audit.log(
        option,
        actions.option_action(option, actions.OPTION_CREATED),
        user=user,
        changes={"name": option.name},
    )
    return option


def _value(option: Option, field: str):
    value = getattr(option, field)
    return str(value) if isinstance(value, TaxonomyTerm) else value


@transaction.atomic
def option_update(*, option: Option, user, name: str, **fields) -> Option:
    """Rename an option or change its term, IDO category or (unused) outcome kind."""
    before = {field: _value(option, field) for field in ["name", *fields]}
    old_kind = getattr(option, "kind", None)
    option.name = _check_name(option, name)
    for field, value in fields.items():
        setattr(option, field, value)
    _check_term(option, fields.get("term"))
    _check_kind_change(option, old_kind)
    changes = {
        field: [old, _value(option, field)]
        for field, old in before.items()
        if old != _value(option, field)
    }
    if changes:
        _save_unique(option)
        desk_options_changed(library_id=option.library_id)
        audit.log(
            option,
            actions.option_action(option, actions.OPTION_UPDATED),
            user=user,
            changes=changes,
        )
    return option


@transaction.atomic
def option_archive(*, option: Option, user) -> Option:
    """Archive: the option leaves the desk screen but stays in old registrations and reports."""
    if option.is_archived:
        raise ValidationError(ALREADY_ARCHIVED, params={"name": option.name})
    option.archived_at = timezone.now()
    option.save(update_fields=["archived_at"])
    desk_options_changed(library_id=option.library_id)
    changes = {}
    if isinstance(option, Topic):
        # An archived topic cannot be chosen, so its tiles go; restoring does not bring them back.
        branches = list(option.tiles.values_list("branch__name", flat=True))
        option.tiles.all().delete()
        if branches:
            changes["tiles_removed"] = branches
    audit.log(
        option, actions.option_action(option, actions.OPTION_ARCHIVED), user=user, changes=changes
    )
    return option


@transaction.atomic
def option_restore(*, option: Option, user) -> Option:
    if not option.is_archived:
        raise ValidationError(NOT_ARCHIVED, params={"name": option.name})
    option.archived_at = None
    # Back at the end of the list, where the coordinator will look for it.
    last = _siblings(option).active().order_by("-position").values_list("position", flat=True)
    option.position = (last.first() or 0) + 1
    option.save(update_fields=["archived_at", "position"])
    desk_options_changed(library_id=option.library_id)
    audit.log(option, actions.option_action(option, actions.OPTION_RESTORED), user=user)
    return option


def _swap(items: list, index: int, step: int) -> list:
    other = index + step
    if 0 <= index < len(items) and 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    return items


def _renumber(items: list, model) -> None:
    for position, item in enumerate(items):
        item.position = position
    model.objects.bulk_update(items, ["position"])


@transaction.atomic
def option_move(*, option: Option, user, step: int) -> Option:
    """Move an active option one place up (step -1) or down (step 1) in its list."""
    siblings = list(_siblings(option).active().select_for_update().order_by("position", "name"))
    ids = [sibling.pk for sibling in siblings]
    if option.pk not in ids:
        raise ValidationError(ALREADY_ARCHIVED, params={"name": option.name})
    before = ids.index(option.pk)
    _renumber(_swap(siblings, before, step), type(option))
    after = [sibling.pk for sibling in siblings].index(option.pk)
    if after != before:
        desk_options_changed(library_id=option.library_id)
        audit.log(
            option,
            actions.option_action(option, actions.OPTION_MOVED),
            user=user,
            changes={"position": [before, after]},
        )
    return option


# --- Topic tiles ----------------------------------------------------------------------------


def _tile_log(tile: TopicTile, action: str, *, user, changes: dict | None = None) -> None:
    audit.log(tile, action, user=user, changes=changes, library=tile.branch.library)


@transaction.atomic
def tile_add(*, branch: Branch, topic: Topic, user) -> TopicTile:
    tiles = TopicTile.objects.select_for_update().filter(branch=branch)
    if topic.library_id != branch.library_id:
        message = TILE_TOPIC_OTHER_LIBRARY
    elif topic.is_archived:
        message = TILE_TOPIC_ARCHIVED
    elif tiles.filter(topic=topic).exists():
        message = TILE_DUPLICATE
    elif len(tiles) >= MAX_TILES:
        raise ValidationError({"topic": ValidationError(TILES_TOO_MANY, params={"max": MAX_TILES})})
    else:
        position = max((tile.position for tile in tiles), default=-1) + 1
        tile = TopicTile.objects.create(branch=branch, topic=topic, position=position)
        _tile_log(tile, actions.TILE_ADDED, user=user, changes={"topic": topic.name})
        return tile
    raise ValidationError({"topic": ValidationError(message, params={"name": topic.name})})


@transaction.atomic
def tile_remove(*, tile: TopicTile, user) -> None:
    _tile_log(tile, actions.TILE_REMOVED, user=user, changes={"topic": tile.topic.name})
    tile.delete()


@transaction.atomic
def tile_move(*, tile: TopicTile, user, step: int) -> TopicTile:
    tiles = list(
        TopicTile.objects.select_for_update()
        .filter(branch_id=tile.branch_id)
        .order_by("position", "id")
    )
    before = [t.pk for t in tiles].index(tile.pk)
    _renumber(_swap(tiles, before, step), TopicTile)
    after = [t.pk for t in tiles].index(tile.pk)
    if after != before:
        _tile_log(tile, actions.TILE_MOVED, user=user, changes={"position": [before, after]})
    return tile


# --- Registration settings ------------------------------------------------------------------

SETTINGS_FIELDS = [
    "record_age_band",
    "record_gender",
    "allow_note",
    "small_cell_threshold",
    "monthly_report",
]


@transaction.atomic
def registration_settings_update(*, library: Library, user, **values) -> RegistrationSettings:
    """Change what a library registers; the small-cell threshold never goes below 5."""
    row, _created = RegistrationSettings.objects.select_for_update().get_or_create(library=library)
    threshold = values.get("small_cell_threshold", row.small_cell_threshold)
    if threshold is None or threshold < SMALL_CELL_MINIMUM:
        raise ValidationError(
            {
                "small_cell_threshold": ValidationError(
                    THRESHOLD_TOO_LOW, params={"minimum": SMALL_CELL_MINIMUM}
                )
            }
        )
    changes = {
        field: [getattr(row, field), value]
        for field, value in values.items()
        if field in SETTINGS_FIELDS and getattr(row, field) != value
    }
    for field, (_old, new) in changes.items():
        setattr(row, field, new)
    if changes:
        row.save(update_fields=list(changes))
        desk_options_changed(library_id=library.pk)
        audit.log(row, actions.REGISTRATION_SETTINGS_UPDATED, user=user, changes=changes)
    return row

"""Reads for the coordinator's list management: the lists, their archived options, tiles."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from plein.core.models import Branch, Library
from plein.questions.models import (
    AgeBand,
    Channel,
    Desk,
    LifeDomain,
    Option,
    Outcome,
    RegistrationSettings,
    Topic,
    TopicTile,
)


@dataclass(frozen=True)
class OptionList:
    """One of a library's lists as the management pages show it; slug is its URL part."""

    slug: str
    model: type[Option]
    title: StrOrPromise
    description: StrOrPromise


OPTION_LISTS = [
    OptionList(
        "onderwerpen",
        Topic,
        _("Onderwerpen"),
        _("Waar vragen over gaan, met hun term op de sociale kaart en hun IDO-categorie."),
    ),
    OptionList("leefgebieden", LifeDomain, _("Leefgebieden"), _("De vraag achter de vraag.")),
    OptionList("balies", Desk, _("Balies"), _("De informatiepunten per vestiging.")),
    OptionList("kanalen", Channel, _("Kanalen"), _("Hoe de vraag binnenkwam.")),
    OptionList(
        "uitkomsten",
        Outcome,
        _("Uitkomsten"),
        _("Wat er met de vraag gebeurde; de soort telt mee in de rapportage."),
    ),
    OptionList(
        "leeftijdsgroepen",
        AgeBand,
        _("Leeftijdsgroepen"),
        _("Alleen in gebruik als de leeftijdsgroep wordt vastgelegd (zie instellingen)."),
    ),
]
OPTION_LISTS_BY_SLUG = {option_list.slug: option_list for option_list in OPTION_LISTS}


def option_list_get(slug: str) -> OptionList | None:
    return OPTION_LISTS_BY_SLUG.get(slug)


def options_for_library(*, model: type[Option], library: Library) -> QuerySet:
    """Every option of one list, active and archived, with what the page shows beside it."""
    options = model.objects.for_library(library)
    if model in (Topic, LifeDomain):
        options = options.select_related("term")
    if model is Desk:
        options = options.select_related("branch").order_by("branch__name", "position", "name")
    return options


def option_counts(*, library: Library) -> dict[str, tuple[int, int]]:
    """slug -> (active, archived) for the overview page."""
    counts = {}
    for option_list in OPTION_LISTS:
        options = option_list.model.objects.for_library(library)
        active = options.active().count()
        counts[option_list.slug] = (active, options.count() - active)
    return counts


def branches_for_library(*, library: Library) -> QuerySet:
    return Branch.objects.for_library(library).filter(is_active=True).order_by("name")


def tiles_for_branch(*, branch: Branch) -> QuerySet:
    return (
        TopicTile.objects.filter(branch=branch).select_related("topic").order_by("position", "id")
    )


def tile_candidates(*, branch: Branch) -> QuerySet:
    """Active topics of the library that are not a tile of this branch yet."""
    return (
        Topic.objects.for_library(branch.library_id)
        .active()
        .exclude(tiles__branch=branch)
        .order_by("name")
    )


def registration_settings_for(*, library: Library) -> RegistrationSettings:
    row, _created = RegistrationSettings.objects.get_or_create(library=library)
    return row

"""OpenAPI descriptions of the HSDS parameters (drf-spectacular)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from plein.api.hsds_schemas import ref
from plein.api.pagination import PAGE_PROPERTIES, PAGE_SCHEMA, SEARCH_RESULTS_MAX
from plein.api.params import (
    MAX_AGE,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_PER_PAGE_MINIMAL,
    MAX_SEARCH_LENGTH,
    PATTERNS,
)


def _query(name: str, kind, description: str, **kwargs) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=description, **kwargs)


_DESCRIPTIONS = {
    "search": (
        str,
        "Zoeken in vrije tekst (Nederlands: stammen, tikfouten, synoniemen); de beste "
        f"{SEARCH_RESULTS_MAX} resultaten, de best passende eerst.",
    ),
    "page": (int, "Paginanummer, vanaf 1."),
    "per_page": (
        int,
        f"Resultaten per pagina (standaard 50, hoogstens {MAX_PER_PAGE}; met minimal "
        f"hoogstens {MAX_PER_PAGE_MINIMAL}).",
    ),
    "format": (
        str,
        "json (standaard) of ndjson: alle resultaten gestreamd, één JSON-object per regel, "
        "zonder pagina's.",
    ),
    "taxonomy_term_id": (
        OpenApiTypes.UUID,
        "Diensten met deze taxonomieterm (of een term eronder). Meer ids (herhaald of met "
        "komma's): een van die termen.",
    ),
    "taxonomy_id": (
        OpenApiTypes.UUID,
        "Diensten met een term uit deze taxonomie; meer ids: een van die.",
    ),
    "organization_id": (
        OpenApiTypes.UUID,
        "Diensten van deze organisatie; meer ids: van een van die.",
    ),
    "modified_after": (
        OpenApiTypes.DATETIME,
        "Alleen wat op of na dit moment (of deze datum) is gewijzigd.",
    ),
    "minimal": (bool, "Alleen id, name, status en last_modified van elke dienst."),
    "full": (bool, "Volledig genest in plaats van alleen de eigen velden."),
    "full_service": (bool, "Diensten van de organisatie volledig genest."),
    "postcode": (
        str,
        "Nederlandse postcode (7731 of 7731 BK): diensten met een locatie in die postcode of met"
        " een werkgebied dat de wijk van die postcode dekt.",
    ),
    "proximity": (
        str,
        "'breedtegraad,lengtegraad' (optioneel ',straal in meters'): sorteren op afstand, en met"
        " straal alleen wat binnen de straal ligt. Alleen een straal in meters werkt samen met "
        "postcode (vanaf het midden van de postcode), zoals HSDS het beschrijft; van een "
        "onbekende postcode is er geen midden.",
    ),
    "day": (
        str,
        "Open Referral UK: dag van de week (Monday, MO of maandag) waarop de dienst open is of "
        "spreekuur heeft. Meer dagen (MO,TU of herhaald): open op een van die dagen.",
    ),
    "start_time": (
        str,
        "Open Referral UK: gaat om of na deze tijd open (HH:MM); samen met day op die dag. Moet "
        "vóór end_time liggen. Met x_overlap: op enig moment na deze tijd open.",
    ),
    "end_time": (
        str,
        "Open Referral UK: gaat om of vóór deze tijd dicht (HH:MM); samen met day op die dag. Met "
        "x_overlap: op enig moment vóór deze tijd open.",
    ),
    "minimum_age": (
        float,
        "Open Referral UK: diensten waarvan de minimumleeftijd minstens dit is (geen minimum "
        "telt als 0). Decimalen mogen. Niet hoger dan maximum_age. Met x_overlap: diensten "
        "waarvan de leeftijdsgrenzen de gevraagde overlappen.",
    ),
    "maximum_age": (
        float,
        "Open Referral UK: diensten waarvan de maximumleeftijd hoogstens dit is (zonder maximum "
        "valt een dienst erbuiten). Decimalen mogen. Met x_overlap: zie minimum_age.",
    ),
    "x_overlap": (
        bool,
        "Plein: minimum_age/maximum_age en start_time/end_time als bereik dat overlapt met dat "
        "van de dienst, in plaats van als grens (Open Referral UK).",
    ),
    "library": (str, "Plein: alleen de sociale kaart van deze bibliotheek (korte naam)."),
    "status": (
        str,
        "Plein: status van de diensten; standaard 'active' en 'temporarily closed', 'all' voor "
        "alle.",
    ),
    "top_only": (bool, "Alleen termen zonder bovenliggende term."),
    "parent_id": (OpenApiTypes.UUID, "Alleen termen direct onder deze term."),
}
# The limits the parameters are checked against (plein.api.params), published in the schema.
_LIMITS: dict[str, dict] = {
    "page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
    "per_page": {"type": "integer", "minimum": 1},
    "minimum_age": {"type": "number", "minimum": 0, "maximum": MAX_AGE, "multipleOf": 0.01},
    "maximum_age": {"type": "number", "minimum": 0, "maximum": MAX_AGE, "multipleOf": 0.01},
    **{name: {"type": "string", "pattern": pattern} for name, pattern in PATTERNS.items()},
    "search": {"type": "string", "maxLength": MAX_SEARCH_LENGTH, "pattern": PATTERNS["search"]},
}
P = {
    name: _query(name, _LIMITS.get(name, kind), description)
    for name, (kind, description) in _DESCRIPTIONS.items()
}
P["format"] = _query("format", str, _DESCRIPTIONS["format"][1], enum=["json", "ndjson"])
PATH_ID = OpenApiParameter(
    "id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="HSDS-id (UUID)."
)

ERRORS = {
    400: OpenApiResponse(
        response={
            "type": "object",
            "properties": {"detail": {"type": "string"}, "parameter": {"type": "string"}},
        },
        description="Een parameter klopt niet; detail legt uit wat er mis is.",
    ),
    429: OpenApiResponse(description="Te veel verzoeken; zie Retry-After."),
}
NOT_FOUND = {404: OpenApiResponse(description="Geen object met deze id.")}


def params(*names: str) -> list[OpenApiParameter]:
    return [P[name] for name in names]


NDJSON = OpenApiResponse(
    response={"type": "string"},
    description="Met format=ndjson: alle resultaten, één JSON-object per regel (gestreamd).",
)


def page_of(object_name: str, description: str) -> dict:
    """A page of HSDS objects (`service`, `organization`, ...): contents as the HSDS schema."""
    contents = {"type": "array", "items": ref(object_name)}
    page = {
        **PAGE_SCHEMA,
        "properties": {**PAGE_PROPERTIES, "contents": contents},
        "description": "HSDS-pagina.",
    }
    return {
        (200, "application/json"): OpenApiResponse(response=page, description=description),
        (200, "application/x-ndjson"): NDJSON,
        **ERRORS,
        404: OpenApiResponse(description="Geen bibliotheek met deze korte naam (library)."),
    }


def one(object_name: str, description: str) -> dict:
    """One HSDS object (`service`, ...) as the HSDS schema describes it."""
    return {
        200: OpenApiResponse(response=ref(object_name), description=description),
        **ERRORS,
        **NOT_FOUND,
    }

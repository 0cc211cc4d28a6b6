"""The social map in Open Referral HSDS 3.0 shape.

Primary keys are the HSDS ids (UUIDs), so that a re-import updates by id. Field names follow
HSDS; what Dutch use adds (tenancy, neighbourhoods, professionals-only flags) is named plainly.
Empty optional text is stored as "" and left out of exports, so that a round trip is lossless.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from plein.core.links import validate_link
from plein.core.models import LibraryQuerySet
from plein.core.ranges import between
from plein.socialmap.validators import (
    validate_byday,
    validate_bymonthday,
    validate_byweekno,
    validate_byyearday,
    validate_email,
    validate_uri,
)


def _text(verbose: StrOrPromise, **kwargs) -> models.TextField:
    return models.TextField(verbose, blank=True, default="", **kwargs)


def _char(verbose: StrOrPromise, max_length: int = 255, **kwargs) -> models.CharField:
    return models.CharField(verbose, max_length=max_length, blank=True, default="", **kwargs)


# The oldest age a service may name (the same bound as the forms' and the API's).
MAX_AGE = 150


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("fysiek")
    POSTAL = "postal", _("postadres")
    VIRTUAL = "virtual", _("online")


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("actief")
    INACTIVE = "inactive", _("niet actief")
    DEFUNCT = "defunct", _("opgeheven")
    TEMPORARILY_CLOSED = "temporarily closed", _("tijdelijk gesloten")


class TaxonomyKind(models.TextChoices):
    TOPIC = "topic", _("onderwerpen")
    LIFE_DOMAIN = "life_domain", _("leefgebieden")
    OTHER = "other", _("overig")


class Neighbourhood(models.Model):
    """A wijk, buurt or village of the library's municipality."""

    class Kind(models.TextChoices):
        DISTRICT = "wijk", _("wijk")
        NEIGHBOURHOOD = "buurt", _("buurt")
        VILLAGE = "dorp", _("dorp")

    library = models.ForeignKey(
        "core.Library",
        on_delete=models.CASCADE,
        related_name="neighbourhoods",
        verbose_name=_("bibliotheek"),
    )
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.DISTRICT)
    cbs_code = _char(_("CBS-code"), 20)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("ligt in"),
    )

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("wijk of buurt")
        verbose_name_plural = _("wijken en buurten")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "name"], name="neighbourhood_name_unique_per_library"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PostcodeArea(models.Model):
    """A four-digit postcode (or a full six-character one) that lies in a neighbourhood."""

    library = models.ForeignKey(
        "core.Library",
        on_delete=models.CASCADE,
        related_name="postcode_areas",
        verbose_name=_("bibliotheek"),
    )
    postcode = models.CharField(
        _("postcode"), max_length=6, help_text=_("Vier cijfers (7731) of volledig (7731CE).")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="postcode_areas",
        verbose_name=_("wijk of buurt"),
    )

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("postcodegebied")
        verbose_name_plural = _("postcodegebieden")
        ordering = ["postcode"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "postcode"], name="postcode_unique_per_library"
            )
        ]

    def __str__(self) -> str:
        return f"{self.postcode} ({self.neighbourhood})"


class Taxonomy(models.Model):
    """A vocabulary. Without a library it is shared by the whole installation (the defaults)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    library = models.ForeignKey(
        "core.Library",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="taxonomies",
        verbose_name=_("bibliotheek"),
    )
    kind = models.CharField(
        _("gebruik"), max_length=20, choices=TaxonomyKind.choices, default=TaxonomyKind.OTHER
    )
    name = models.CharField(_("naam"), max_length=255)
    description = _text(_("omschrijving"))
    uri = _char(_("URI"), 500, validators=[validate_uri])
    version = _char(_("versie"), 50)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("taxonomie")
        verbose_name_plural = _("taxonomieën")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    library = models.ForeignKey(
        "core.Library",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="taxonomy_terms",
        verbose_name=_("bibliotheek"),
    )
    taxonomy_detail = models.ForeignKey(
        Taxonomy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="terms",
        db_column="taxonomy_id",
        verbose_name=_("taxonomie"),
    )
    code = _char(_("code"), 100)
    name = models.CharField(_("naam"), max_length=255)
    description = _text(_("omschrijving"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("bovenliggende term"),
    )
    # HSDS' free-text "taxonomy" field, for terms whose vocabulary is named but not linked.
    taxonomy = _char(_("naam taxonomie"), 255)
    language = _char(_("taal"), 20)
    term_uri = _char(_("URI"), 500, validators=[validate_uri])

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("taxonomieterm")
        verbose_name_plural = _("taxonomietermen")
        ordering = ["code", "name"]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    library = models.ForeignKey(
        "core.Library",
        on_delete=models.CASCADE,
        related_name="organizations",
        verbose_name=_("bibliotheek"),
    )
    name = models.CharField(_("naam"), max_length=255)
    alternate_name = _char(_("andere naam"))
    description = models.TextField(_("omschrijving"))
    email = _char(_("e-mailadres"), 254, validators=[validate_email])
    # Not HSDS and never public: where warm referrals go while the partner has no Plein account.
    referral_email = models.EmailField(_("e-mailadres voor warme doorverwijzingen"), blank=True)
    website = _char(_("website"), 500, validators=[validate_link])
    tax_status = _char(_("fiscale status"), 100)
    tax_id = _char(_("fiscaal nummer"), 100)
    year_incorporated = models.IntegerField(
        _("opgericht in"), null=True, blank=True, validators=between(1000, 2100)
    )
    legal_status = _char(_("rechtsvorm"), 100)
    logo = _char(_("logo"), 500, validators=[validate_link])
    uri = _char(_("URI"), 500, validators=[validate_uri])
    parent_organization = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="child_organizations",
        verbose_name=_("moederorganisatie"),
    )
    # Organisations that do not want resident call-backs or partner logins leave this off.
    is_partner = models.BooleanField(_("netwerkpartner"), default=False)
    # Partners that opt in show a "Bel mij terug" form on the public social map.
    offers_callback = models.BooleanField(_("biedt ‘Bel mij terug’ aan"), default=False)
    # Organisations are archived, never deleted: referrals and history keep pointing at them.
    archived_at = models.DateTimeField(_("gearchiveerd op"), null=True, blank=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganizationIdentifier(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="organization_identifiers",
    )
    identifier_scheme = _char(_("schema"), 100)
    identifier_type = models.CharField(_("soort"), max_length=255)
    identifier = models.CharField(_("nummer"), max_length=255)

    class Meta:
        verbose_name = _("organisatie-identificatie")
        verbose_name_plural = _("organisatie-identificaties")


class Program(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="programs"
    )
    name = models.CharField(_("naam"), max_length=255)
    alternate_name = _char(_("andere naam"))
    description = models.TextField(_("omschrijving"))

    class Meta:
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    library = models.ForeignKey(
        "core.Library",
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("bibliotheek"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("organisatie"),
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("programma"),
    )
    name = models.CharField(_("naam"), max_length=255)
    alternate_name = _char(_("andere naam"))
    description = _text(_("omschrijving"))
    url = _char(_("website"), 500, validators=[validate_link])
    email = _char(_("e-mailadres"), 254, validators=[validate_email])
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = _text(_("tolken"))
    application_process = _text(_("aanmelden"))
    fees_description = _text(_("kosten"))
    wait_time = _char(_("wachttijd"))
    fees = _text(_("tarieven"))
    accreditations = _text(_("keurmerken"))
    eligibility_description = _text(_("voor wie"))
    minimum_age = models.PositiveSmallIntegerField(
        _("minimumleeftijd"), null=True, blank=True, validators=between(0, MAX_AGE)
    )
    maximum_age = models.PositiveSmallIntegerField(
        _("maximumleeftijd"), null=True, blank=True, validators=between(0, MAX_AGE)
    )
    assured_date = models.DateField(_("laatst bevestigd"), null=True, blank=True, db_index=True)
    assurer_email = _char(_("bevestigd door (e-mail)"), 254, validators=[validate_email])
    licenses = _text(_("vergunningen"))
    alert = _text(_("melding"))
    last_modified = models.DateTimeField(_("laatst gewijzigd"), null=True, blank=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["library", "status"]),
            # Last-Modified of the API's service lists, and modified_after.
            models.Index(fields=["last_modified"]),
            # Lists by name (the API without a search, the admin): a page is read in index
            # order instead of sorting every service (72 ms at 100,000 services).
            models.Index(fields=["name", "id"], name="socialmap_service_name_id"),
            models.Index(fields=["library", "name", "id"], name="socialmap_service_lib_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    library = models.ForeignKey(
        "core.Library",
        on_delete=models.CASCADE,
        related_name="locations",
        verbose_name=_("bibliotheek"),
    )
    location_type = models.CharField(
        _("soort"), max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    url = _char(_("website"), 500, validators=[validate_link])
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("organisatie"),
    )
    name = _char(_("naam"))
    alternate_name = _char(_("andere naam"))
    description = _text(_("omschrijving"))
    transportation = _text(_("bereikbaarheid"))
    latitude = models.DecimalField(
        _("breedtegraad"),
        max_digits=10,
        decimal_places=7,
        null=True,
        blank=True,
        validators=between(-90, 90),  # WGS84
    )
    longitude = models.DecimalField(
        _("lengtegraad"),
        max_digits=10,
        decimal_places=7,
        null=True,
        blank=True,
        validators=between(-180, 180),  # WGS84
    )
    external_identifier = _char(_("externe identificatie"))
    external_identifier_type = _char(_("soort externe identificatie"))
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("wijk"),
    )

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or str(self.id)


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    description = _text(_("omschrijving"))

    class Meta:
        verbose_name = _("dienst op locatie")
        verbose_name_plural = _("diensten op locatie")

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"


class Address(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="addresses"
    )
    attention = _char(_("ter attentie van"))
    address_1 = models.CharField(_("straat en huisnummer"), max_length=255)
    address_2 = _char(_("adresregel 2"))
    city = models.CharField(_("plaats"), max_length=255)
    region = _char(_("regio"))
    state_province = models.CharField(_("provincie"), max_length=255, blank=True, default="")
    postal_code = models.CharField(_("postcode"), max_length=20, blank=True, default="")
    country = models.CharField(_("land"), max_length=2, default="NL")
    address_type = models.CharField(
        _("soort"), max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )

    class Meta:
        verbose_name = _("adres")
        verbose_name_plural = _("adressen")

    def __str__(self) -> str:
        return f"{self.address_1}, {self.postal_code} {self.city}".strip(", ")


class Contact(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    name = _char(_("naam"))
    title = _char(_("functie"))
    department = _char(_("afdeling"))
    email = _char(_("e-mailadres"), 254, validators=[validate_email])
    # Referral contacts for professionals; never shown to residents or in the public API.
    professionals_only = models.BooleanField(_("alleen voor professionals"), default=False)

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")

    def __str__(self) -> str:
        return self.name or str(self.id)


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("nummer"), max_length=100)
    extension = models.IntegerField(
        _("toestel"), null=True, blank=True, validators=between(0, 99_999_999)
    )
    type = _char(_("soort"), 50)
    description = _text(_("omschrijving"))
    professionals_only = models.BooleanField(_("alleen voor professionals"), default=False)

    class Meta:
        verbose_name = _("telefoonnummer")
        verbose_name_plural = _("telefoonnummers")

    def __str__(self) -> str:
        return self.number


class Room(models.Model):
    """A room or area of a library branch where partners sit: "Spreekkamer 2, eerste verdieping,
    naast de leestafel". Shown wherever a page tells a resident where to go."""

    library = models.ForeignKey("core.Library", on_delete=models.CASCADE, related_name="rooms")
    branch = models.ForeignKey(
        "core.Branch", on_delete=models.CASCADE, related_name="rooms", verbose_name=_("vestiging")
    )
    name = models.CharField(_("naam"), max_length=100)
    # 0 is the ground floor, 1 the first floor, -1 the basement.
    floor = models.SmallIntegerField(_("verdieping"), default=0, validators=between(-3, 30))
    route = _char(_("route"), 200, help_text=_("Kort, bijvoorbeeld: naast de leestafel."))

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ruimte")
        verbose_name_plural = _("ruimtes")
        ordering = ["floor", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="room_name_unique_per_branch")
        ]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """A day part of a branch organised around one theme: "Werk & inkomen", Tuesday afternoon.
    Consultation hours (and later activities) name the theme they belong to."""

    library = models.ForeignKey("core.Library", on_delete=models.CASCADE, related_name="themes")
    branch = models.ForeignKey(
        "core.Branch", on_delete=models.CASCADE, related_name="themes", verbose_name=_("vestiging")
    )
    name = models.CharField(_("naam"), max_length=100)
    # Monday is 0, as in Python's date.weekday().
    weekday = models.SmallIntegerField(_("dag"), validators=between(0, 6))
    starts_at = models.TimeField(_("van"))
    ends_at = models.TimeField(_("tot"))
    description = _text(_("omschrijving"))

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["weekday", "starts_at", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "name", "weekday"], name="theme_unique_per_branch_and_day"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Schedule(models.Model):
    """Opening or consultation hours as an iCalendar-like recurrence (HSDS schedule).

    A consultation hour is a schedule of a service at the location of a library branch; the
    fields after the HSDS ones (room, theme, holidays, appointment, languages) are Plein's."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)
    dtstart = models.DateField(_("eerste keer"), null=True, blank=True)
    # Hours from UTC, as HSDS has it: -12 (Baker Island) to +14 (Kiribati).
    timezone = models.IntegerField(
        _("tijdzone (UTC-verschil)"), null=True, blank=True, validators=between(-12, 14)
    )
    until = models.DateField(_("tot"), null=True, blank=True)
    count = models.PositiveIntegerField(
        _("aantal keren"), null=True, blank=True, validators=between(0, 10_000)
    )
    wkst = _char(_("weekstart"), 2)
    freq = _char(_("herhaling"), 10)
    interval = models.PositiveIntegerField(
        _("interval"), null=True, blank=True, validators=between(0, 1_000)
    )
    byday = _char(_("dagen"), 100, validators=[validate_byday])
    byweekno = _char(_("weeknummers"), 255, validators=[validate_byweekno])
    bymonthday = _char(_("dagen van de maand"), 255, validators=[validate_bymonthday])
    byyearday = _char(_("dagen van het jaar"), 255, validators=[validate_byyearday])
    description = _text(_("omschrijving"))
    opens_at = models.TimeField(_("open vanaf"), null=True, blank=True)
    closes_at = models.TimeField(_("open tot"), null=True, blank=True)
    schedule_link = _char(_("link"), 500, validators=[validate_link])
    attending_type = _char(_("manier van bezoeken"))
    notes = _text(_("opmerkingen"))
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schedules",
        verbose_name=_("ruimte"),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schedules",
        verbose_name=_("thema"),
    )
    # Off on Dutch public holidays (plein.core.workdays) unless this is set.
    on_public_holidays = models.BooleanField(_("ook op feestdagen"), default=False)
    by_appointment = models.BooleanField(_("alleen op afspraak"), default=False)
    appointment_info = _char(_("zo maakt u een afspraak"), 300)
    # ISO 639 codes, comma-separated ("nl,ar,tr"): the languages spoken at the hour.
    languages = _char(_("talen"), 100)

    class Meta:
        verbose_name = _("openingstijd")
        verbose_name_plural = _("openingstijden")


class ExceptionKind(models.TextChoices):
    CANCELLED = "cancelled", _("gaat niet door")
    MOVED = "moved", _("verplaatst")
    EXTRA = "extra", _("extra keer")


class ScheduleException(models.Model):
    """One date on which a schedule differs from its rule: cancelled (an EXDATE), moved (an
    EXDATE plus the new time) or an extra time (an RDATE)."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="exceptions")
    kind = models.CharField(_("soort"), max_length=10, choices=ExceptionKind.choices)
    # The date of the regular occurrence cancelled or moved, or the date of the extra time.
    date = models.DateField(_("datum"))
    new_date = models.DateField(_("nieuwe datum"), null=True, blank=True)
    opens_at = models.TimeField(_("van"), null=True, blank=True)
    closes_at = models.TimeField(_("tot"), null=True, blank=True)
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ruimte"),
    )
    # Public: shown on the agenda and in the feeds ("vervalt wegens ziekte").
    reason = _char(_("toelichting"), 200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uitzondering")
        verbose_name_plural = _("uitzonderingen")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "date"], name="schedule_exception_unique_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"


class ServiceArea(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="service_areas"
    )
    name = _char(_("naam"), 500)
    description = _text(_("omschrijving"))
    extent = _text(_("gebied"))
    extent_type = _char(_("soort gebied"), 50)
    uri = _char(_("URI"), 500, validators=[validate_uri])
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="service_areas", verbose_name=_("wijken")
    )

    class Meta:
        verbose_name = _("werkgebied")
        verbose_name_plural = _("werkgebieden")

    def __str__(self) -> str:
        return self.name or str(self.id)


class Language(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    phone = models.ForeignKey(
        Phone, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    name = _char(_("taal"), 100)
    code = _char(_("taalcode"), 20)
    note = _text(_("opmerking"))

    class Meta:
        verbose_name = _("taal")
        verbose_name_plural = _("talen")

    def __str__(self) -> str:
        return self.name or self.code


class Accessibility(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="accessibility"
    )
    description = _text(_("omschrijving"))
    details = _text(_("details"))
    url = _char(_("website"), 500, validators=[validate_link])

    class Meta:
        verbose_name = _("toegankelijkheid")
        verbose_name_plural = _("toegankelijkheid")


class CostOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="cost_options"
    )
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)
    option = _text(_("omschrijving"))
    currency = _char(_("valuta"), 3)
    amount = models.DecimalField(
        _("bedrag"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=between(0, 9_999_999_999),
    )
    amount_description = _text(_("toelichting bedrag"))

    class Meta:
        verbose_name = _("tarief")
        verbose_name_plural = _("tarieven")


class Funding(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="funding"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="funding"
    )
    source = _text(_("bron"))

    class Meta:
        verbose_name = _("financiering")
        verbose_name_plural = _("financiering")


class RequiredDocument(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="required_documents"
    )
    document = _text(_("document"))
    uri = _char(_("URI"), 500, validators=[validate_uri])

    class Meta:
        verbose_name = _("benodigd document")
        verbose_name_plural = _("benodigde documenten")


class Attribute(models.Model):
    """Links a taxonomy term to any HSDS object (link_entity + link_id), as HSDS does."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    library = models.ForeignKey(
        "core.Library", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    link_id = models.UUIDField(_("gekoppeld object"), db_index=True)
    link_entity = models.CharField(_("soort object"), max_length=50, blank=True, default="")
    link_type = _char(_("soort koppeling"), 100)
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes"
    )
    value = _text(_("waarde"))

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("attribuut")
        verbose_name_plural = _("attributen")
        indexes = [models.Index(fields=["link_entity", "link_id"])]


class Metadata(models.Model):
    """HSDS change records (who changed which field when), kept as imported."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    library = models.ForeignKey(
        "core.Library", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    resource_id = models.UUIDField(db_index=True)
    resource_type = models.CharField(max_length=50)
    last_action_date = models.DateField()
    last_action_type = models.CharField(max_length=50)
    field_name = models.CharField(max_length=100)
    previous_value = models.TextField(blank=True, default="")
    replacement_value = models.TextField(blank=True, default="")
    updated_by = models.CharField(max_length=255)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("wijzigingsregel")
        verbose_name_plural = _("wijzigingsregels")


class MetaTableDescription(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    library = models.ForeignKey(
        "core.Library", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = _char(_("naam"))
    language = _char(_("taal"), 20)
    character_set = _char(_("tekenset"), 50)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("tabelbeschrijving")
        verbose_name_plural = _("tabelbeschrijvingen")


class Synonym(models.Model):
    """An editable search synonym: a word residents type and the words it should also find."""

    library = models.ForeignKey(
        "core.Library",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="synonyms",
        verbose_name=_("bibliotheek"),
    )
    term = models.CharField(_("zoekwoord"), max_length=100)
    alternatives = models.CharField(
        _("ook zoeken op"), max_length=500, help_text=_("Woorden gescheiden door komma's.")
    )

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("synoniem")
        verbose_name_plural = _("synoniemen")
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {self.alternatives}"


class HsdsSync(models.Model):
    """Where `plein sync-hsds` pulls a social map from, and how far the last run got."""

    library = models.ForeignKey("core.Library", on_delete=models.CASCADE, related_name="+")
    url = models.URLField(_("adres van de HSDS-API"), max_length=500)
    # The moment the last successful run started: the next one asks modified_after it.
    synced_until = models.DateTimeField(null=True, blank=True)
    last_attempt = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    # Ids of the services seen at the source, so that a full run can tell which are gone.
    service_ids = models.JSONField(default=list, blank=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("HSDS-synchronisatie")
        verbose_name_plural = _("HSDS-synchronisaties")
        constraints = [
            models.UniqueConstraint(fields=["library", "url"], name="hsds_sync_library_url")
        ]

    def __str__(self) -> str:
        return self.url


class DirectoryDigest(models.Model):
    """Bookkeeping of the monthly "Ken je partners" e-mail: one row per library and month, so
    a month's digest goes out once, however often the task runs or a coordinator presses send.
    The next digest tells what changed since `period_end` of the last one."""

    library = models.ForeignKey("core.Library", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("maand"))  # the first day of the month it was sent in
    period_start = models.DateTimeField(_("wijzigingen vanaf"))
    period_end = models.DateTimeField(_("wijzigingen tot"))
    sent_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    # 0 when nothing had changed: then nothing is sent, but the month is done.
    recipients = models.PositiveSmallIntegerField(default=0, validators=between(0, 32767))
    changes = models.PositiveIntegerField(default=0, validators=between(0, 2_147_483_647))

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("verstuurd partneroverzicht")
        verbose_name_plural = _("verstuurde partneroverzichten")
        constraints = [
            models.UniqueConstraint(
                fields=["library", "month"], name="socialmap_directory_digest_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.library} {self.month:%Y-%m}"

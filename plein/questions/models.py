"""Anonymous registration of questions at the desk.

A Visit is one visitor's contact at a desk; it holds one or more Registrations (one question
each). Nothing here identifies a person: no names, contact details, birth dates or free text
about the person. Option lists (topics, desks, channels, outcomes, age bands, life domains) are
per library and archived, never deleted, so old registrations keep their values.

Registrations repeat the visit's library, branch, desk, channel and local date/hour/weekday:
reports aggregate over one flat table without joining visits (see docs/benchmarks.md).
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plein.core.models import LibraryQuerySet
from plein.core.ranges import between

SMALL_CELL_MINIMUM = 5
SMALL_CELL_MAXIMUM = 100
# Options are ordered by a small integer.
POSITION_MAXIMUM = 32767
# A device clock off by more than ten years is not a clock; its skew still fits the field.
CLOCK_SKEW_LIMIT = 10 * 365 * 24 * 3600


class OptionQuerySet(LibraryQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Option(models.Model):
    """A choice in one of a library's lists. Archived, never deleted."""

    library = models.ForeignKey(
        "core.Library", on_delete=models.CASCADE, related_name="+", verbose_name=_("bibliotheek")
    )
    name = models.CharField(_("naam"), max_length=100)
    position = models.PositiveSmallIntegerField(
        _("volgorde"), default=0, validators=between(0, POSITION_MAXIMUM)
    )
    archived_at = models.DateTimeField(_("gearchiveerd op"), null=True, blank=True)

    objects = OptionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


def _unique_name_per_library(model_name: str) -> list[models.BaseConstraint]:
    return [
        models.UniqueConstraint(
            fields=["library", "name"], name=f"questions_{model_name}_name_unique_per_library"
        )
    ]


class IdoCategory(models.TextChoices):
    """The KB's 'Informatiepunt Digitale Overheid' registration form's question categories."""

    DIGITAL_GOVERNMENT = "digital_government", _("Digitale overheid")
    LIBRARY = "library", _("Bibliotheek")
    OTHER = "other", _("Overig")


class Topic(Option):
    """What a question is about; usually linked to a term of the social map's topic taxonomy."""

    term = models.ForeignKey(
        "socialmap.TaxonomyTerm",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("term op de sociale kaart"),
    )
    ido_category = models.CharField(
        _("IDO-categorie"),
        max_length=30,
        choices=IdoCategory.choices,
        default=IdoCategory.OTHER,
    )

    class Meta(Option.Meta):
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")
        constraints = _unique_name_per_library("topic")


class LifeDomain(Option):
    """A life domain (zelfredzaamheidsmatrix) for the question behind the question."""

    term = models.ForeignKey(
        "socialmap.TaxonomyTerm",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("term op de sociale kaart"),
    )

    class Meta(Option.Meta):
        verbose_name = _("leefgebied")
        verbose_name_plural = _("leefgebieden")
        constraints = _unique_name_per_library("lifedomain")


class Desk(Option):
    """An information point in a branch; a branch may run more than one."""

    branch = models.ForeignKey(
        "core.Branch", on_delete=models.CASCADE, related_name="desks", verbose_name=_("vestiging")
    )

    class Meta(Option.Meta):
        verbose_name = _("balie")
        verbose_name_plural = _("balies")
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "name"], name="questions_desk_name_unique_per_branch"
            )
        ]


class Channel(Option):
    class Meta(Option.Meta):
        verbose_name = _("kanaal")
        verbose_name_plural = _("kanalen")
        constraints = _unique_name_per_library("channel")


class OutcomeKind(models.TextChoices):
    ANSWERED = "answered", _("Beantwoord aan de balie")
    HELPED_ALONG = "helped_along", _("Op weg geholpen")
    REFERRED = "referred", _("Doorverwezen")
    COME_BACK = "come_back", _("Komt terug")


class Outcome(Option):
    kind = models.CharField(
        _("soort"), max_length=20, choices=OutcomeKind.choices, default=OutcomeKind.ANSWERED
    )

    class Meta(Option.Meta):
        verbose_name = _("uitkomst")
        verbose_name_plural = _("uitkomsten")
        constraints = _unique_name_per_library("outcome")


class AgeBand(Option):
    class Meta(Option.Meta):
        verbose_name = _("leeftijdsgroep")
        verbose_name_plural = _("leeftijdsgroepen")
        constraints = _unique_name_per_library("ageband")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Vrouw")
    MAN = "man", _("Man")
    OTHER = "other", _("Anders")
    UNKNOWN = "unknown", _("Onbekend of zegt liever niet")


class DurationBand(models.TextChoices):
    UNDER_5 = "under_5", _("Korter dan 5 minuten")
    FROM_5_TO_15 = "5_15", _("5 tot 15 minuten")
    FROM_15_TO_30 = "15_30", _("15 tot 30 minuten")
    FROM_30_TO_60 = "30_60", _("30 tot 60 minuten")
    OVER_60 = "over_60", _("Langer dan een uur")


class RegistrationSettings(models.Model):
    """What a library registers beyond the basics. Everything optional is off by default."""

    library = models.OneToOneField(
        "core.Library", on_delete=models.CASCADE, related_name="registration_settings"
    )
    record_age_band = models.BooleanField(_("leeftijdsgroep vastleggen"), default=False)
    record_gender = models.BooleanField(_("gender vastleggen"), default=False)
    allow_note = models.BooleanField(_("korte notitie toestaan"), default=False)
    small_cell_threshold = models.PositiveSmallIntegerField(
        _("kleinste getoonde aantal"),
        default=SMALL_CELL_MINIMUM,
        validators=between(SMALL_CELL_MINIMUM, SMALL_CELL_MAXIMUM),
        help_text=_("Aantallen onder deze grens tonen als “<5” voor financiers en in exports."),
    )
    monthly_report = models.BooleanField(_("maandrapport per e-mail"), default=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("registratie-instellingen")
        verbose_name_plural = _("registratie-instellingen")

    def __str__(self) -> str:
        return str(self.library)


class TopicTile(models.Model):
    """A frequent topic shown as a big tile on a branch's desk screen, in the chosen order."""

    branch = models.ForeignKey("core.Branch", on_delete=models.CASCADE, related_name="topic_tiles")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tiles")
    position = models.PositiveSmallIntegerField(
        _("volgorde"), default=0, validators=between(0, POSITION_MAXIMUM)
    )

    class Meta:
        verbose_name = _("onderwerptegel")
        verbose_name_plural = _("onderwerptegels")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "topic"], name="questions_tile_unique")
        ]

    def __str__(self) -> str:
        return f"{self.branch}: {self.topic}"


class VisitMode(models.TextChoices):
    FULL = "full", _("Volledig")
    TALLY = "tally", _("Turven")


class Visit(models.Model):
    """One visitor's contact at a desk."""

    # Single-column indexes only where something looks rows up by the column: the reports read
    # Registration, and a composite index below serves library and author.
    library = models.ForeignKey(
        "core.Library", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    branch = models.ForeignKey(
        "core.Branch",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vestiging"),
        db_index=False,
    )
    desk = models.ForeignKey(
        Desk,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("balie"),
        db_index=False,
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kanaal"),
        db_index=False,
    )
    started_at = models.DateTimeField(_("begonnen om"))
    # The local (Europe/Amsterdam) date, hour and ISO weekday (1 = Monday) of started_at.
    date = models.DateField(_("datum"))
    hour = models.PositiveSmallIntegerField(validators=between(0, 23))
    weekday = models.PositiveSmallIntegerField(validators=between(1, 7))
    duration_band = models.CharField(
        _("duur"), max_length=10, choices=DurationBand.choices, blank=True
    )
    age_band = models.ForeignKey(
        AgeBand,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leeftijdsgroep"),
        db_index=False,
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    mode = models.CharField(max_length=10, choices=VisitMode.choices, default=VisitMode.FULL)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geregistreerd door"),
        db_index=False,
    )
    # Sent by the desk screen with every entry, so a retried or replayed entry is stored once.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True)
    # How far the desk device's clock was off (device minus server, seconds) when it sent this
    # visit; started_at is then in server time. None: within a minute, nothing corrected.
    clock_skew_seconds = models.IntegerField(
        null=True, blank=True, validators=between(-CLOCK_SKEW_LIMIT, CLOCK_SKEW_LIMIT)
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("bezoek")
        verbose_name_plural = _("bezoeken")
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["library", "date"], name="questions_visit_lib_date"),
            models.Index(fields=["registered_by", "date"], name="questions_visit_author_date"),
        ]

    def __str__(self) -> str:
        return f"{self.branch} {self.started_at:%Y-%m-%d %H:%M}"


class Registration(models.Model):
    """One question asked during a visit: the fact that reports count."""

    # Typed by the desk: the audit log records that these changed, never their text.
    AUDIT_FREE_TEXT: ClassVar[tuple[str, ...]] = ("note",)

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="registrations")
    # Copied from the visit by the services (never edited on their own).
    library = models.ForeignKey(
        "core.Library", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    branch = models.ForeignKey(
        "core.Branch", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, null=True, related_name="+", db_index=False
    )
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+", db_index=False)
    date = models.DateField()
    hour = models.PositiveSmallIntegerField(validators=between(0, 23))
    weekday = models.PositiveSmallIntegerField(validators=between(1, 7))

    topics = models.ManyToManyField(
        Topic, through="RegistrationTopic", related_name="+", verbose_name=_("onderwerpen")
    )
    life_domains = models.ManyToManyField(
        LifeDomain,
        through="RegistrationLifeDomain",
        related_name="+",
        blank=True,
        verbose_name=_("leefgebieden"),
    )
    is_complex = models.BooleanField(_("complexe vraag"), default=False)
    outcome = models.ForeignKey(
        Outcome,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uitkomst"),
    )
    referred_organization = models.ForeignKey(
        "socialmap.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("doorverwezen naar organisatie"),
    )
    referred_service = models.ForeignKey(
        "socialmap.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("doorverwezen naar dienst"),
    )
    # The organisation's name when referred, so reports keep it if the entry leaves the map.
    referred_name = models.CharField(_("doorverwezen naar"), max_length=255, blank=True)
    effort = models.PositiveSmallIntegerField(
        _("inspanning"),
        null=True,
        blank=True,
        validators=between(1, 4),
    )
    note = models.CharField(_("notitie"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("registratie")
        verbose_name_plural = _("registraties")
        ordering = ["-date", "-id"]
        indexes = [
            # Covering: the dashboard's one-table aggregates become index-only scans on
            # PostgreSQL (SQLite ignores INCLUDE; settings silence its warning).
            models.Index(
                fields=["library", "date"],
                include=[
                    "branch",
                    "desk",
                    "channel",
                    "outcome",
                    "hour",
                    "weekday",
                    "is_complex",
                    "visit",
                ],
                name="questions_reg_lib_date_cover",
            ),
            models.Index(fields=["branch", "date"], name="questions_reg_branch_date"),
            # Questions without an outcome are few: the completeness figure looks them up here.
            models.Index(
                fields=["visit"],
                condition=models.Q(outcome__isnull=True),
                name="questions_reg_open_visit",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Vraag')} {self.pk} ({self.date:%Y-%m-%d})"


class RegistrationTopic(models.Model):
    """A question's topic. Repeats the registration's library and date, so topic counts for a
    period are read from this table alone (an index-only scan on PostgreSQL)."""

    # Indexed by the unique constraint and the indexes below; library copies the registration's.
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, db_index=False)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, db_index=False)
    library = models.ForeignKey(
        "core.Library", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    date = models.DateField()

    objects = LibraryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "topic"], name="questions_registration_topic_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["library", "date"],
                include=["topic", "registration"],
                name="questions_regtopic_lib_date",
            ),
            models.Index(fields=["topic", "registration"], name="questions_regtopic_rev"),
        ]


class RegistrationLifeDomain(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, db_index=False)
    life_domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT)
    library = models.ForeignKey(
        "core.Library", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    date = models.DateField()

    objects = LibraryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "life_domain"],
                name="questions_registration_lifedomain_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=["library", "date"],
                include=["life_domain", "registration"],
                name="questions_regdomain_lib_date",
            )
        ]


class MonthVersion(models.Model):
    """How often a completed month's registrations of a library changed after the month ended.

    Bumped in the same transaction as the change (services.months.months_changed), so whoever
    keeps counts of past months knows when theirs are stale; a missing row means version 0.
    """

    # Indexed by the unique constraint, which starts with it.
    library = models.ForeignKey(
        "core.Library", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The first day of the month.
    month = models.DateField()
    version = models.PositiveIntegerField(default=0, validators=between(0, 2_147_483_647))

    objects = LibraryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["library", "month"], name="questions_monthversion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.library_id} {self.month:%Y-%m} v{self.version}"

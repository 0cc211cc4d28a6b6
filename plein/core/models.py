from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plein.core.crypto import EncryptedTextField


class LibraryQuerySet(models.QuerySet):
    """Rows that belong to a library. Selectors scope a library's data with `for_library` only,
    so the tenant filter is written one way everywhere (tests/test_tenancy.py checks it)."""

    def for_library(self, library: "Library | int"):
        return self.filter(library=library)


class Library(models.Model):
    """A library organisation: the tenant boundary. It sees only its own data."""

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam"), unique=True)
    municipality = models.CharField(_("gemeente"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mailadres sociale kaart"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("aangemaakt op"))
    # Raised (only ever by an UPDATE ... + 1) in the transaction that changes what the desk
    # offers: option lists, branches, registration settings. It comes with every signed-in
    # request's user, so a copy of those lists cached under it needs no query to be trusted.
    configuration_version = models.PositiveBigIntegerField(
        default=1, editable=False, verbose_name=_("versie van de instellingen")
    )

    class Meta:
        verbose_name = _("bibliotheek")
        verbose_name_plural = _("bibliotheken")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # A copy loaded before a configuration change must not put the older version back.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "configuration_version"
            ]
        super().save(*args, **kwargs)


class Branch(models.Model):
    """One library building where a desk runs."""

    library = models.ForeignKey(
        Library, on_delete=models.CASCADE, related_name="branches", verbose_name=_("bibliotheek")
    )
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam"))
    location = models.ForeignKey(
        "socialmap.Location",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="branches",
        verbose_name=_("locatie op de sociale kaart"),
    )
    is_active = models.BooleanField(_("actief"), default=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("vestiging")
        verbose_name_plural = _("vestigingen")
        ordering = ["library", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "slug"], name="branch_slug_unique_per_library"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def validate_constraints(self, exclude=None):
        # The library's admin page edits branches inline, leaving `library` out of the form
        # but set on the branch: check the slug per library anyway, so that a taken slug is a
        # message and not an IntegrityError.
        if exclude and self.library_id is not None:
            exclude = set(exclude) - {"library"}
        super().validate_constraints(exclude=exclude)


class AuditEvent(models.Model):
    """One append-only entry per state change; never updated or deleted by the application."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("tijdstip"))
    action = models.CharField(max_length=100, db_index=True, verbose_name=_("actie"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    actor_label = models.CharField(max_length=200, blank=True, verbose_name=_("door"))
    library = models.ForeignKey(
        Library,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bibliotheek"),
    )
    object_type = models.CharField(max_length=100, verbose_name=_("soort gegeven"))
    object_id = models.CharField(max_length=64, verbose_name=_("kenmerk van het gegeven"))
    object_label = models.CharField(max_length=300, blank=True, verbose_name=_("gegeven"))
    changes = models.JSONField(default=dict, blank=True, verbose_name=_("wijzigingen"))

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")


class PeriodicRun(models.Model):
    """When a periodic task (plein.core.periodic) was last enqueued; one row per task name."""

    name = models.CharField(max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("periodieke taak")
        verbose_name_plural = _("periodieke taken")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PublicFormClient(models.Model):
    """One row per client (a keyed hash of the address) and kind of public form: the lock under
    which its submissions are counted and stored one at a time (plein.core.guard)."""

    kind = models.CharField(max_length=40)
    client_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("afzender van een openbaar formulier")
        verbose_name_plural = _("afzenders van openbare formulieren")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "client_hash"], name="public_form_client_unique_per_kind"
            )
        ]


class PublicFormAttempt(models.Model):
    """A submission of a public form, for its rate limit: a keyed hash, never the address.
    Deleted by the daily clean-up once no limit counts it any more."""

    kind = models.CharField(max_length=40)
    client_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    accepted = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("poging via een openbaar formulier")
        verbose_name_plural = _("pogingen via openbare formulieren")
        indexes = [
            models.Index(
                fields=["kind", "client_hash", "created_at"], name="public_form_attempt_count"
            )
        ]


class ContactData(models.Model):
    """A resident's contact data (referrals, activity sign-ups, bookings): personal data,
    encrypted at rest, emptied by each app's purge, which sets `purged_at`."""

    phone = EncryptedTextField(_("telefoonnummer"), blank=True, default="")
    email = EncryptedTextField(_("e-mailadres"), blank=True, default="")
    purged_at = models.DateTimeField(_("persoonsgegevens verwijderd op"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_purged(self) -> bool:
        return self.purged_at is not None


class NamedContactData(ContactData):
    """Contact data with the resident's name, or a name they choose."""

    name = EncryptedTextField(_("naam of gekozen naam"), blank=True, default="")

    class Meta:
        abstract = True

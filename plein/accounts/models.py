from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from plein.core.crypto import EncryptedTextField


class Role(models.TextChoices):
    DESK = "desk", _("Baliemedewerker")
    COORDINATOR = "coordinator", _("Coördinator")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Financier")
    ADMINISTRATOR = "administrator", _("Beheerder")


class User(AbstractUser):
    """A person who logs in. Residents never have an account."""

    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.DESK)
    library = models.ForeignKey(
        "core.Library",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("bibliotheek"),
    )
    organization = models.ForeignKey(
        "socialmap.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_users",
        verbose_name=_("partnerorganisatie"),
    )
    funded_libraries = models.ManyToManyField(
        "core.Library",
        blank=True,
        related_name="funders",
        verbose_name=_("gefinancierde bibliotheken"),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR or self.is_superuser


class TOTPDevice(models.Model):
    """A user's authenticator app (RFC 6238 time-based one-time passwords)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = EncryptedTextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted 30-second step: a code is never accepted twice.
    last_used_step = models.BigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("authenticator-app")
        verbose_name_plural = _("authenticator-apps")

    def __str__(self) -> str:
        return str(self.user)

import base64

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.oath import TOTP

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


class TOTPDevice(Device):
    """A user's authenticator app: a django-otp device (RFC 6238 through django_otp.oath) whose
    secret is encrypted at rest like every other secret in Plein (django-otp's own TOTP device
    keeps its key in plain text). Backup codes are django-otp's static device."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    name = models.CharField(max_length=64, default="Authenticator-app")
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

    def oath(self) -> TOTP:
        """django-otp's RFC 6238 computation over this device's secret (30 s, 6 digits)."""
        return TOTP(base64.b32decode(self.secret.replace(" ", "").upper()), step=30, digits=6)

    def verify_token(self, token) -> bool:
        """django-otp's device interface: a code of the current step or one either side, never
        a step used before. Plein's pages use plein.accounts.totp.code_check, which also says
        why a code fails and limits the attempts."""
        if not str(token).isdigit() or self.confirmed_at is None:
            return False
        oath = self.oath()
        if not oath.verify(int(token), tolerance=1, min_t=self.last_used_step + 1):
            return False
        self.last_used_step = oath.t()
        self.save(update_fields=["last_used_step"])
        return True

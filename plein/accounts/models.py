from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from plein.core.crypto import EncryptedTextField
from plein.core.models import LibraryQuerySet


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
    """A user's authenticator app: a django-otp device whose secret is encrypted at rest like
    every other secret in Plein (django-otp's own TOTP device keeps its key in plain text). Its
    codes are checked by plein.accounts.totp with django_otp.oath, which also says why a code
    fails and limits the attempts; backup codes are django-otp's static device."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    name = models.CharField(max_length=64, default="Authenticator-app")
    secret = EncryptedTextField(verbose_name=_("geheime sleutel"))
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ingesteld op"))
    # The last accepted 30-second step: a code is never accepted twice.
    last_used_step = models.BigIntegerField(
        default=0, editable=False, verbose_name=_("laatst gebruikte code (tijdstap)")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("aangemaakt op"))

    class Meta:
        verbose_name = _("authenticator-app")
        verbose_name_plural = _("authenticator-apps")

    def __str__(self) -> str:
        return str(self.user)


class Invitation(models.Model):
    """An invitation by e-mail to a new account. The link in the e-mail is signed and expires
    (plein.accounts.invitations); accepted_at makes it single-use."""

    email = models.EmailField(_("e-mailadres"))
    first_name = models.CharField(_("voornaam"), max_length=150, blank=True)
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    library = models.ForeignKey("core.Library", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "socialmap.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partnerorganisatie"),
    )
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # Never the address: this string ends up in the audit log.
        return f"{_('Uitnodiging')} {self.pk}"

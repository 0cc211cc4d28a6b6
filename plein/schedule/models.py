"""Who is on duty: recurring shifts of staff and volunteers at a branch, the changes to a single
date (cancelled, or taken over by someone else) and the presence rule a branch must meet."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from plein.core.models import LibraryQuerySet
from plein.core.ranges import between


class StaffKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("vrijwilliger")
    PROFESSIONAL = "professional", _("professional")


class Weekday(models.IntegerChoices):
    # Monday is 0, as in Python's date.weekday().
    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")
    SATURDAY = 5, _("zaterdag")
    SUNDAY = 6, _("zondag")


class Shift(models.Model):
    """A person's recurring turn at a branch: every week (or every other week, ...) on one day,
    from one time to another, from a first date and possibly until a last one."""

    library = models.ForeignKey(
        "core.Library", on_delete=models.CASCADE, related_name="+", verbose_name=_("bibliotheek")
    )
    branch = models.ForeignKey(
        "core.Branch", on_delete=models.CASCADE, related_name="shifts", verbose_name=_("vestiging")
    )
    desk = models.ForeignKey(
        "questions.Desk",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("balie"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="shifts",
        verbose_name=_("wie"),
    )
    kind = models.CharField(_("als"), max_length=20, choices=StaffKind.choices)
    weekday = models.SmallIntegerField(_("dag"), choices=Weekday.choices, validators=between(0, 6))
    starts_at = models.TimeField(_("van"))
    ends_at = models.TimeField(_("tot"))
    every_weeks = models.PositiveSmallIntegerField(
        _("om de hoeveel weken"), default=1, validators=between(1, 4)
    )
    valid_from = models.DateField(_("vanaf"))
    valid_until = models.DateField(_("tot en met"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        ordering = ["branch", "weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="shift_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="shift_valid_until_after_from",
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="shift_weekday_range"
            ),
            models.CheckConstraint(
                condition=Q(every_weeks__gte=1, every_weeks__lte=4), name="shift_every_weeks_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_weekday_display()} {self.starts_at:%H:%M}"

    def is_current(self, on: datetime.date) -> bool:
        return self.valid_until is None or self.valid_until >= on


class ShiftChange(models.Model):
    """One date on which a shift differs from its rule: cancelled (no stand-in) or taken over by
    a stand-in (a swap)."""

    shift = models.ForeignKey(
        Shift, on_delete=models.CASCADE, related_name="changes", verbose_name=_("dienst")
    )
    date = models.DateField(_("datum"))
    stand_in = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vervanger"),
    )
    stand_in_kind = models.CharField(
        _("vervanger als"), max_length=20, choices=StaffKind.choices, blank=True
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("wijziging van een dienst")
        verbose_name_plural = _("wijzigingen van diensten")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "date"], name="shift_change_unique_per_date"),
            models.CheckConstraint(
                condition=Q(stand_in__isnull=True, stand_in_kind="")
                | Q(stand_in__isnull=False) & ~Q(stand_in_kind=""),
                name="shift_change_stand_in_has_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shift} {self.date:%Y-%m-%d}"

    @property
    def is_cancelled(self) -> bool:
        return self.stand_in_id is None


class PresenceRule(models.Model):
    """How many volunteers and professionals a branch needs during its opening hours; a branch
    without a rule needs one of each (Dalfsen's rule)."""

    library = models.ForeignKey(
        "core.Library", on_delete=models.CASCADE, related_name="+", verbose_name=_("bibliotheek")
    )
    branch = models.OneToOneField(
        "core.Branch",
        on_delete=models.CASCADE,
        related_name="presence_rule",
        verbose_name=_("vestiging"),
    )
    min_volunteers = models.PositiveSmallIntegerField(
        _("minimaal aantal vrijwilligers"), default=1, validators=between(0, 20)
    )
    min_professionals = models.PositiveSmallIntegerField(
        _("minimaal aantal professionals"), default=1, validators=between(0, 20)
    )

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("bezettingsregel")
        verbose_name_plural = _("bezettingsregels")

    def __str__(self) -> str:
        return f"{self.branch}: {self.min_volunteers} + {self.min_professionals}"


class Display(models.Model):
    """A TV screen in a branch (or one room) that shows today's consultation hours. It opens a
    signed link without logging in; a new link (key) makes the old one stop working."""

    library = models.ForeignKey(
        "core.Library", on_delete=models.CASCADE, related_name="+", verbose_name=_("bibliotheek")
    )
    branch = models.ForeignKey(
        "core.Branch",
        on_delete=models.CASCADE,
        related_name="displays",
        verbose_name=_("vestiging"),
    )
    room = models.ForeignKey(
        "socialmap.Room",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ruimte"),
        help_text=_("Leeg: het scherm toont de hele vestiging."),
    )
    name = models.CharField(_("naam"), max_length=100)
    alert = models.CharField(
        _("melding op het scherm"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: Vandaag sluiten we om 15.00 uur. Leeg: geen melding."),
    )
    key = models.PositiveIntegerField(default=1, validators=between(1, 2_147_483_647))
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("scherm")
        verbose_name_plural = _("schermen")
        ordering = ["branch", "name"]

    def __str__(self) -> str:
        return self.name

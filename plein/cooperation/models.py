from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.core.models import LibraryQuerySet
from plein.core.pii import validate_no_personal_data
from plein.core.ranges import between

COMMENT_MAX_LENGTH = 2000


class Assessment(models.Model):
    """One round of the network self-assessment: the library's network partners answer the
    statements of one instrument version until the closing date."""

    library = models.ForeignKey(
        "core.Library",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("bibliotheek"),
    )
    instrument_version = models.PositiveSmallIntegerField(
        _("versie van de vragenlijst"), validators=between(1, 99)
    )
    # Answers are accepted up to and including this day (the library's local date).
    closes_on = models.DateField(_("sluit op"))
    started_at = models.DateTimeField(_("gestart op"), default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gestart door"),
    )

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("meetronde samenwerking")
        verbose_name_plural = _("meetrondes samenwerking")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{_('Meetronde')} {timezone.localtime(self.started_at).date().isoformat()}"

    def is_open(self) -> bool:
        return timezone.localdate() <= self.closes_on


class Response(models.Model):
    """A partner organisation's answers in one round: made (empty) when the round starts, so
    who was invited and who answered is one table; at most one per organisation and round."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("meetronde"),
    )
    organization = models.ForeignKey(
        "socialmap.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisatie"),
    )
    invited_at = models.DateTimeField(_("uitgenodigd op"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("herinnerd op"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("ingevuld op"), null=True, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), null=True, blank=True)
    comment = models.TextField(_("opmerking"), blank=True, validators=[validate_no_personal_data])

    class Meta:
        verbose_name = _("antwoord van een partner")
        verbose_name_plural = _("antwoorden van partners")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "organization"],
                name="cooperation_one_response_per_organization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.organization}"


class Answer(models.Model):
    """The score an organisation gave one statement; empty is "weet niet"."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("antwoord")
    )
    statement = models.CharField(_("stelling"), max_length=10)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=between(1, 5)
    )

    class Meta:
        verbose_name = _("score op een stelling")
        verbose_name_plural = _("scores op stellingen")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "statement"], name="cooperation_one_answer_per_statement"
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="cooperation_score_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.score if self.score is not None else '?'}"

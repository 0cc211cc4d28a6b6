"""The filters of "Ken je partners" (a GET form: the page works without JavaScript)."""

import datetime
from uuid import UUID

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plein.core.forms import StyledForm
from plein.core.models import Library
from plein.socialmap.models import TaxonomyKind
from plein.socialmap.selectors import taxonomy_term_choices

WEEKS = (2, 4, 8, 13, 26)
DEFAULT_WEEKS = 8


class DirectoryFilterForm(StyledForm):
    q = forms.CharField(
        label=_("Zoeken"),
        max_length=200,
        required=False,
        help_text=_("Gewone woorden: een naam, een vraag of waar de partner bij helpt."),
    )
    topic = forms.TypedChoiceField(
        label=_("Onderwerp"), required=False, coerce=UUID, empty_value=None
    )
    referrals = forms.BooleanField(
        label=_("Alleen partners die warme doorverwijzingen aannemen"), required=False
    )
    weeks = forms.TypedChoiceField(
        label=_("Wat er veranderde in de afgelopen"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, library: Library, **kwargs):
        super().__init__(*args, **kwargs)
        topic = self.fields["topic"]
        assert isinstance(topic, forms.ChoiceField)
        topic.choices = [
            ("", _("Alle onderwerpen")),
            *taxonomy_term_choices(library=library, kind=TaxonomyKind.TOPIC),
        ]
        weeks = self.fields["weeks"]
        assert isinstance(weeks, forms.ChoiceField)
        weeks.choices = [
            (count, ngettext("%(count)d week", "%(count)d weken", count) % {"count": count})
            for count in WEEKS
        ]
        weeks.initial = DEFAULT_WEEKS

    def filters(self) -> dict:
        """The valid filters; defaults for what was not filled in or not valid (a bad topic
        leaves the words the user typed in force, with a message at the topic)."""
        data: dict = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "topic": data.get("topic"),
            "takes_referrals": bool(data.get("referrals")),
            "weeks": data.get("weeks") or DEFAULT_WEEKS,
        }

    @staticmethod
    def since(*, now: datetime.datetime, weeks: int) -> datetime.datetime:
        return now - datetime.timedelta(weeks=weeks)

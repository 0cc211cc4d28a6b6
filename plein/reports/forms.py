"""The report filters (GET). Bad input gets a Dutch message beside its field; the other filters
stay as they were."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from plein.core.models import Branch, Library
from plein.questions.models import Channel, Desk, LifeDomain, Option, Outcome, Topic
from plein.reports.permissions import reports_are_protected
from plein.reports.selectors import DIMENSIONS, OPTIONAL_DIMENSIONS, ReportScope, report_threshold

DATE_INVALID = _("Vul een datum in als dd-mm-jjjj, bijvoorbeeld 31-01-2026.")
END_BEFORE_START = _("De einddatum ligt vóór de begindatum.")
RANGE_TOO_LONG = _("Kies een periode van hoogstens 5 jaar.")
DATE_OUT_OF_RANGE = _("Kies een datum van 1 januari 2000 tot en met 31 december 2100.")
DATES_NEEDED = _("Vul bij “eigen periode” een begin- en einddatum in.")
OPTION_UNKNOWN = _("Deze keuze hoort niet bij uw bibliotheek of bestaat niet.")
DIMENSION_UNKNOWN = _("Deze indeling bestaat niet; kies er een uit de lijst.")
SAME_DIMENSION = _("Kies voor de kolommen een andere indeling dan voor de rijen.")
MAX_DAYS = 5 * 366
# Registrations start in this century; beyond it, a date is a typing error (and year 1 or
# 9999 would overflow when the previous period is worked out).
DATE_MIN, DATE_MAX = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]

PERIODS = [
    ("today", _("Vandaag")),
    ("yesterday", _("Gisteren")),
    ("week", _("Deze week")),
    ("week-1", _("Vorige week")),
    ("month", _("Deze maand")),
    ("month-1", _("Vorige maand")),
    ("quarter", _("Dit kwartaal")),
    ("quarter-1", _("Vorig kwartaal")),
    ("year", _("Dit jaar")),
    ("year-1", _("Vorig jaar")),
    ("custom", _("Eigen periode (vul de data in)")),
]
DEFAULT_PERIOD = "month"
# "Dit jaar": 1 January until today, compared with the same days a year earlier
# (ReportScope.previous).
YEAR_TO_DATE = "year"
# Funders choose whole calendar periods that are over (issue 10, §3; docs/reports.md): any
# month, quarter or year, by a preset or by its first and last day.
FIXED_PERIODS = [
    ("month-1", _("Vorige maand")),
    ("quarter-1", _("Vorig kwartaal")),
    ("year-1", _("Vorig jaar")),
    ("custom", _("Andere maand, kwartaal of jaar (vul de data in)")),
]
FIXED_DEFAULT_PERIOD = "month-1"
FIXED_PERIOD_ONLY = _(
    "Kies een hele kalendermaand, een kwartaal of een jaar dat voorbij is, bijvoorbeeld "
    "01-10-2025 tot en met 31-12-2025."
)
DEFAULT_CROSS = ("branch", "outcome")


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_range(name: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a preset: the current one, or with "-1" the one before it.
    "Dit jaar" runs from 1 January until today (the days of the year so far)."""
    unit, _sep, back_text = name.partition("-")
    back = int(back_text or 0)
    if name == YEAR_TO_DATE:
        return today.replace(month=1, day=1), today
    if unit in ("today", "yesterday"):
        day = today - datetime.timedelta(days=1 if unit == "yesterday" else 0)
        return day, day
    if unit == "week":
        start = today - datetime.timedelta(days=today.weekday() + 7 * back)
        return start, start + datetime.timedelta(days=6)
    months = {"month": 1, "quarter": 3, "year": 12}[unit]
    first = today.replace(day=1)
    if unit == "quarter":
        first = first.replace(month=(today.month - 1) // 3 * 3 + 1)
    elif unit == "year":
        first = first.replace(month=1)
    start = _add_months(first, -months * back)
    return start, _add_months(start, months) - datetime.timedelta(days=1)


def is_fixed_period(start: datetime.date, end: datetime.date, today: datetime.date) -> bool:
    """Whether start to end is a calendar month, quarter or year that is over."""
    if start.day != 1 or end >= today.replace(day=1):
        return False
    for months in (1, 3, 12):
        aligned = (start.month - 1) % months == 0
        if aligned and end == _add_months(start, months) - datetime.timedelta(days=1):
            return True
    return False


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": DATE_INVALID},
        help_text=_("dd-mm-jjjj"),
        widget=forms.DateInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
    )


def _option_field(label, model):
    return forms.ModelChoiceField(
        label=label,
        queryset=model.objects.none(),
        required=False,
        empty_label=_("Alle"),
        error_messages={"invalid_choice": OPTION_UNKNOWN},
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )


SELECT = {"class": "utrecht-select utrecht-select--html-select"}


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Periode"),
        choices=PERIODS,
        required=False,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": _("Kies een periode uit de lijst.")},
    )
    start = _date_field(_("Van"))
    end = _date_field(_("Tot en met"))
    library = forms.ModelChoiceField(
        label=_("Bibliotheek"),
        queryset=Library.objects.none(),
        required=False,
        empty_label=_("Alle"),
        widget=forms.Select(attrs=SELECT),
    )
    branch = _option_field(_("Vestiging"), Desk)
    desk = _option_field(_("Balie"), Desk)
    channel = _option_field(_("Kanaal"), Channel)
    topic = _option_field(_("Onderwerp"), Topic)
    life_domain = _option_field(_("Leefgebied"), LifeDomain)
    outcome = _option_field(_("Uitkomst"), Outcome)
    complex_only = forms.BooleanField(
        label=_("Alleen complexe vragen"),
        required=False,
        widget=forms.CheckboxInput(
            attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
        ),
    )
    rows = forms.ChoiceField(label=_("Kruistabel: rijen"), widget=forms.Select(attrs=SELECT))
    columns = forms.ChoiceField(label=_("Kruistabel: kolommen"), widget=forms.Select(attrs=SELECT))

    def __init__(
        self,
        data,
        *,
        libraries,
        dimensions: list[str],
        today: datetime.date,
        fixed_periods: bool = False,
    ):
        super().__init__(data)
        self.today, self.libraries, self.fixed_periods = today, libraries, fixed_periods
        if fixed_periods:
            self._choices("period").choices = FIXED_PERIODS
        # Age band and gender tables only where a library records them.
        self.optional = tuple(d for d in OPTIONAL_DIMENSIONS if d in dimensions)
        ids = [library.pk for library in libraries]
        several = len(ids) > 1
        self._options("library").queryset = libraries
        if not several:
            del self.fields["library"]
        branches = Branch.objects.filter(library_id__in=ids).select_related("library")
        self._options("branch").queryset = branches
        models: tuple[tuple[str, type[Option]], ...] = (
            ("desk", Desk),
            ("channel", Channel),
            ("topic", Topic),
            ("life_domain", LifeDomain),
            ("outcome", Outcome),
        )
        for name, model in models:
            self._options(name).queryset = model.objects.filter(library_id__in=ids).select_related(
                "library"
            )
        # Desks are named after their branch too: two branches may each have a "Balie".
        self._options("desk").queryset = (
            Desk.objects.filter(library_id__in=ids)
            .select_related("library", "branch")
            .order_by("branch__name", "position", "name")
        )
        for name in ("branch", "desk", "channel", "topic", "life_domain", "outcome"):
            # ModelChoiceField's documented hook for a label per instance.
            self._options(name).label_from_instance = _option_label(several)  # type: ignore[method-assign]
        choices = [(name, DIMENSIONS[name].label) for name in dimensions]
        for name in ("rows", "columns"):
            self._choices(name).choices = choices
            self.fields[name].error_messages["invalid_choice"] = DIMENSION_UNKNOWN
            self.fields[name].required = False

    def _options(self, name: str) -> forms.ModelChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field

    def _choices(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        default = FIXED_DEFAULT_PERIOD if self.fixed_periods else DEFAULT_PERIOD
        period = data.get("period") or ("custom" if data.get("start") else default)
        if period == "custom":
            start, end = data.get("start"), data.get("end") or self.today
            if start is None:
                self.add_error("start", DATES_NEEDED)
                return data
        else:
            start, end = period_range(period, self.today)
        for name, day in (("start", start), ("end", end)):
            if not DATE_MIN <= day <= DATE_MAX:
                self.add_error(name, DATE_OUT_OF_RANGE)
                return data
        if self.fixed_periods and not is_fixed_period(start, end, self.today):
            self.add_error("start", FIXED_PERIOD_ONLY)
        elif end < start:
            self.add_error("end", END_BEFORE_START)
        elif (end - start).days + 1 > MAX_DAYS:
            self.add_error("start", RANGE_TOO_LONG)
        if data.get("rows") and data.get("rows") == data.get("columns"):
            self.add_error("columns", SAME_DIMENSION)
        data["period"], data["start_date"], data["end_date"] = period, start, end
        return data

    def filters_described(self, *, cross: bool = False) -> list[tuple[str, str]]:
        """The chosen filters as (label, value) lines, for the head of an export."""
        data = self.cleaned_data
        period = dict([*FIXED_PERIODS, *PERIODS]).get(data["period"], "")
        dates = _("%(start)s tot en met %(end)s") % {
            "start": formats.date_format(data["start_date"]),
            "end": formats.date_format(data["end_date"]),
        }
        lines = [(str(_("Periode")), f"{period}: {dates}" if data["period"] != "custom" else dates)]
        names = ["library", "branch", "desk", "channel", "topic", "life_domain", "outcome"]
        for name in [name for name in names if name in self.fields]:
            field = self._options(name)
            value = data.get(name)
            shown = field.label_from_instance(value) if value else str(_("Alle"))
            lines.append((str(field.label), shown))
        if data.get("complex_only"):
            lines.append((str(self.fields["complex_only"].label), str(_("ja"))))
        if cross:
            rows, columns = self.cross()
            lines.append(
                (str(_("Kruistabel")), f"{DIMENSIONS[rows].label} × {DIMENSIONS[columns].label}")
            )
        return lines

    def cross(self) -> tuple[str, str]:
        rows = self.cleaned_data.get("rows") or DEFAULT_CROSS[0]
        columns = self.cleaned_data.get("columns") or DEFAULT_CROSS[1]
        return (rows, columns) if rows != columns else DEFAULT_CROSS

    def scope_for(self, user, *, export: bool) -> ReportScope:
        """The scope with its small-cell protection: a download is protected whoever takes
        it, the screen for funders; the threshold is the libraries' own."""
        libraries = self.scope(protected=True, threshold=0).libraries
        threshold = report_threshold(libraries=libraries)
        protected = export or reports_are_protected(user)
        return self.scope(protected=protected, threshold=threshold)

    def scope(self, *, protected: bool, threshold: int) -> ReportScope:
        data = self.cleaned_data
        library = data.get("library")
        libraries = (library.pk,) if library else tuple(lib.pk for lib in self.libraries)

        def ids(name):
            return (data[name].pk,) if data.get(name) else ()

        return ReportScope(
            libraries=libraries,
            start=data["start_date"],
            end=data["end_date"],
            branch_ids=ids("branch"),
            desk_ids=ids("desk"),
            channel_ids=ids("channel"),
            topic_ids=ids("topic"),
            life_domain_ids=ids("life_domain"),
            outcome_ids=ids("outcome"),
            complex_only=bool(data.get("complex_only")),
            protected=protected,
            threshold=threshold,
            fixed=self.fixed_periods,
            year_to_date=data["period"] == YEAR_TO_DATE,
        )


def _option_label(several: bool):
    def label(option) -> str:
        archived = " " + str(_("(gearchiveerd)")) if getattr(option, "archived_at", None) else ""
        branch = f" ({option.branch.name})" if isinstance(option, Desk) else ""
        where = f" – {option.library}" if several else ""
        return f"{option.name}{branch}{archived}{where}"

    return label


def today() -> datetime.date:
    return timezone.localdate()

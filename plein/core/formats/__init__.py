"""Plein's one way of writing dates and times, per language (Django's FORMAT_MODULE_PATH).

Every page writes a date as "3 december 2026" and a moment as "3 december 2026, 14:05":
templates use ``|date`` and ``|date:"DATETIME_FORMAT"``, Python uses
``django.utils.formats.date_format(value)``; never a format string of their own.
"""

# A day in an agenda, roster or day-by-day table, with its weekday: "dinsdag 8 december"
# (``|date:"l j F"`` in templates). The same words in the same order as the date itself.
WEEKDAY_FORMAT = "l j F"

"""Plein's one way of writing dates and times, per language (Django's FORMAT_MODULE_PATH).

Every page writes a date as "3 december 2026" and a moment as "3 december 2026, 14:05":
templates use ``|date`` and ``|date:"DATETIME_FORMAT"``, Python uses
``django.utils.formats.date_format(value)``; never a format string of their own.
"""

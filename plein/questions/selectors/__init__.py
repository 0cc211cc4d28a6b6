"""Reads of the questions app: desk (desk.py), option lists (options.py), month versions."""

from plein.questions.selectors.months import month_versions

__all__ = ["month_versions"]

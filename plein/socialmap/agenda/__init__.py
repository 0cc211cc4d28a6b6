"""Consultation hours at library branches, read as occurrences: the agenda, feeds and folder.

Hours stay HSDS schedules (socialmap.models.Schedule); rooms, themes and exceptions are linked to
them. `occurrences.py` expands one schedule, `selectors.py` reads a branch's, room's, theme's or
service's occurrences between two moments, which every page, feed and screen uses.
"""

"""Reads of the questions app: desk (desk.py) and option lists (options.py)."""

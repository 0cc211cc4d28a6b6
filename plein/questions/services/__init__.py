"""Writes of the questions app: registration (desk) and options (coordinators' lists)."""

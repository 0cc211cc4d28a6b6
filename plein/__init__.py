"""Plein: the information point platform for Dutch public libraries."""

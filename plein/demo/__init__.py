"""Plein's own demo data: a fictional municipality with libraries, partners and services."""

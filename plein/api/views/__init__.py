"""HSDS 3.0 read API views: one module per resource, common behaviour in base.py."""

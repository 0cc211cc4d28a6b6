"""Views of the social map, one module per audience: public, partner, manage (coordinators)."""

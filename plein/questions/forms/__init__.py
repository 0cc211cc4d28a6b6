"""Forms of the questions app: desk (desk.py) and option lists (manage.py)."""

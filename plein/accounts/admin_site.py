from django.contrib.admin import AdminSite
from django.http import HttpRequest

from plein.accounts import permissions


def restrict_admin_to_administrators(site: AdminSite) -> None:
    """The Django admin is for administrators only, whatever their staff flag says."""

    def has_permission(request: HttpRequest) -> bool:
        return permissions.is_administrator(request.user) and request.user.is_staff

    site.has_permission = has_permission
    site.site_header = "Plein"
    site.site_title = "Plein"

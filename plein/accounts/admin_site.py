from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from plein.accounts import permissions


class AdministratorLoginForm(AdminAuthenticationForm):
    """The admin's login form also refuses staff users who are not administrators."""

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if not permissions.is_administrator(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


def restrict_admin_to_administrators(site: AdminSite) -> None:
    """The Django admin is for administrators only, whatever their staff flag says."""

    def has_permission(request: HttpRequest) -> bool:
        return permissions.is_administrator(request.user) and request.user.is_staff

    # The stock site is narrowed in place; a subclass would need its own AdminConfig in settings.
    site.has_permission = has_permission  # type: ignore[method-assign]
    site.login_form = AdministratorLoginForm
    site.site_header = "Plein"
    site.site_title = "Plein"

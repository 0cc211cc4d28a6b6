from urllib.parse import urlencode

from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy

from plein.accounts import permissions, totp


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


def _is_admin(request: HttpRequest) -> bool:
    return permissions.is_administrator(request.user) and request.user.is_staff


def restrict_admin_to_administrators(site: AdminSite) -> None:
    """The Django admin is for administrators only, whatever their staff flag says, and only
    after the second factor: the same authenticator-app check as the partners' contact pages
    (plein.accounts.totp), asked on the way in and again when the verification expires."""

    def has_permission(request: HttpRequest) -> bool:
        return _is_admin(request) and totp.session_is_verified(request)

    stock_login = site.login

    def login(request: HttpRequest, extra_context=None) -> HttpResponse:
        # Past the password, not yet past the code: to the two-factor page, then back here.
        if _is_admin(request) and not totp.session_is_verified(request):
            target = request.GET.get("next") or reverse("admin:index", current_app=site.name)
            return redirect(reverse("accounts:totp_verify") + "?" + urlencode({"next": target}))
        return stock_login(request, extra_context)

    # The stock site is narrowed in place; a subclass would need its own AdminConfig in settings.
    site.has_permission = has_permission  # type: ignore[method-assign]
    site.login = login  # type: ignore[method-assign]
    site.login_form = AdministratorLoginForm
    site.site_header = "Plein"
    site.site_title = "Plein"
    # The menu item is "Beheer"; the admin's first page says the same.
    site.index_title = gettext_lazy("Beheer")

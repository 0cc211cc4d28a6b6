from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from plein.accounts.models import TOTPDevice, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "library", "organization", "is_active")
    list_filter = ("role", "library", "is_active")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Plein"), {"fields": ("role", "library", "organization", "funded_libraries")}),
    )
    autocomplete_fields = ("organization",)
    filter_horizontal = ("funded_libraries",)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    """Administrators remove a lost authenticator so its user can set up a new one."""

    list_display = ("user", "confirmed_at", "created_at")
    search_fields = ("user__username",)
    fields = ("user", "confirmed_at", "created_at")
    readonly_fields = ("user", "confirmed_at", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

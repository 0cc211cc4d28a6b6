from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from plein.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "library", "organization", "is_active")
    list_filter = ("role", "library", "is_active")
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Plein"), {"fields": ("role", "library", "organization", "funded_libraries")}),
    )
    autocomplete_fields = ("organization",)
    filter_horizontal = ("funded_libraries",)

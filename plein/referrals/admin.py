from django.contrib import admin

from plein.referrals.models import ConsentText, ReferralSettings


@admin.register(ReferralSettings)
class ReferralSettingsAdmin(admin.ModelAdmin):
    list_display = (
        "library",
        "reminder_working_days",
        "escalation_working_days",
        "retention_days",
    )


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    """New versions only: a text that residents agreed to is never changed afterwards."""

    list_display = ("version", "library", "created_at")
    list_filter = ("library",)

    def get_readonly_fields(self, request, obj=None):
        return ("library", "version", "body_nl", "body_en") if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False

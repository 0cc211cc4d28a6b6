from django.contrib import admin

from plein.schedule.models import PresenceRule, Shift, ShiftChange


class ShiftChangeInline(admin.TabularInline):
    model = ShiftChange
    extra = 0
    autocomplete_fields = ["stand_in"]


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = ["person", "branch", "weekday", "starts_at", "ends_at", "kind", "valid_until"]
    list_filter = ["library", "branch", "kind", "weekday"]
    autocomplete_fields = ["person"]
    inlines = [ShiftChangeInline]


@admin.register(PresenceRule)
class PresenceRuleAdmin(admin.ModelAdmin):
    list_display = ["branch", "min_volunteers", "min_professionals"]
    list_filter = ["library"]

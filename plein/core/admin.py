from django.contrib import admin

from plein.core.models import AuditEvent, Branch, Library


class BranchInline(admin.TabularInline):
    model = Branch
    extra = 0
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "municipality")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [BranchInline]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "actor_label", "object_label", "library")
    list_filter = ("action", "library")
    search_fields = ("object_id", "object_label", "actor_label")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin

from plein.socialmap import models


class WithdrawNotDelete:
    """Services are withdrawn with status "opgeheven" (defunct), never deleted: that status is
    the tombstone every HSDS consumer sees in its modified_after listing. A deleted row would
    vanish from the API without a trace, so syncing copies would keep it forever."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Organization)
class OrganizationAdmin(WithdrawNotDelete, admin.ModelAdmin):
    list_display = ("name", "library", "is_partner")
    list_filter = ("library", "is_partner")
    search_fields = ("name", "alternate_name")


@admin.register(models.Service)
class ServiceAdmin(WithdrawNotDelete, admin.ModelAdmin):
    list_display = ("name", "organization", "status", "assured_date")
    list_filter = ("library", "status")
    search_fields = ("name", "alternate_name", "description")
    autocomplete_fields = ("organization",)
    raw_id_fields = ("program",)


@admin.register(models.Location)
class LocationAdmin(WithdrawNotDelete, admin.ModelAdmin):
    list_display = ("name", "location_type", "organization", "neighbourhood")
    list_filter = ("library", "location_type")
    search_fields = ("name",)


class TaxonomyTermInline(admin.TabularInline):
    model = models.TaxonomyTerm
    fk_name = "taxonomy_detail"
    fields = ("code", "name", "description", "parent")
    raw_id_fields = ("parent",)
    extra = 0


@admin.register(models.Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "library", "version")
    list_filter = ("kind", "library")
    inlines = [TaxonomyTermInline]


@admin.register(models.TaxonomyTerm)
class TaxonomyTermAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "taxonomy_detail")
    list_filter = ("taxonomy_detail",)
    search_fields = ("code", "name")


class PostcodeAreaInline(admin.TabularInline):
    model = models.PostcodeArea
    extra = 0


@admin.register(models.Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "cbs_code", "parent", "library")
    list_filter = ("library", "kind")
    inlines = [PostcodeAreaInline]


@admin.register(models.Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ("term", "alternatives", "library")
    list_filter = ("library",)
    search_fields = ("term", "alternatives")

from django.contrib import admin

from plein.core.admin import LibraryAdmin
from plein.core.models import Library
from plein.questions.services.options import options_install_defaults


class LibraryWithOptionsAdmin(LibraryAdmin):
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A new library, or a new branch, starts with Plein's default registration lists.
        options_install_defaults(library=form.instance)


# The library's page is core's; the questions app adds its default lists on saving.
admin.site.unregister(Library)
admin.site.register(Library, LibraryWithOptionsAdmin)

from django.db.models import QuerySet

from plein.core.models import Library


def library_list_public() -> QuerySet[Library]:
    return Library.objects.order_by("name")

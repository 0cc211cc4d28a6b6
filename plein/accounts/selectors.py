from django.db.models import QuerySet

from plein.core.models import Library


def library_list_funded_by(*, user) -> QuerySet[Library]:
    """The libraries whose reports a funder may see."""
    return user.funded_libraries.order_by("name")

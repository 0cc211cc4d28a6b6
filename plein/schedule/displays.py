"""Signed display links: a TV opens /scherm/<token>/ without an account. The token names the
display and its key; a coordinator who makes a new link bumps the key, so the old link stops."""

from django.core import signing
from django.urls import reverse

from plein.schedule.models import Display

SALT = "plein.schedule.display"


def display_token(display: Display) -> str:
    return signing.dumps({"d": display.pk, "k": display.key}, salt=SALT, compress=True)


def display_path(display: Display) -> str:
    return reverse("schedule:display", kwargs={"token": display_token(display)})


def display_from_token(token: str) -> Display | None:
    """The active display the token names with its current key, or None."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("d"), int):
        return None
    display = (
        Display.objects.filter(pk=data["d"], is_active=True)
        .select_related("branch__library", "room")
        .first()
    )
    if display is None or display.key != data.get("k"):
        return None
    return display

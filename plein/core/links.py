"""Links that Plein stores and shows: http, https, mailto and tel only.

A website field that holds `javascript:alert(1)` or `data:text/html,...` would run in the
browser of whoever clicks it, so every link field validates its scheme, and every page that
makes a link of stored data checks it again (for data stored before this rule).
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LINK_SCHEMES = ("http", "https", "mailto", "tel")
LINK_SCHEME_REFUSED = _(
    "Een link moet beginnen met http://, https://, mailto: of tel: (bijvoorbeeld "
    "https://www.voorbeeld.nl)."
)


def link_is_safe(value: str) -> bool:
    text = value.strip()
    if not text:
        return True
    # Control characters and spaces inside a scheme are how "java\tscript:" gets through.
    if any(ord(char) < 33 for char in text):
        return False
    scheme = urlsplit(text).scheme.lower()
    return scheme in LINK_SCHEMES and len(text) > len(scheme) + 1


def validate_link(value: str) -> None:
    """A model and form validator: only the link schemes above."""
    if not link_is_safe(value):
        raise ValidationError(LINK_SCHEME_REFUSED, code="link_scheme")

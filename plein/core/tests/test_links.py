"""Only http, https, mailto and tel links are stored and shown."""

import pytest
from django.core.exceptions import ValidationError

from plein.core.links import link_is_safe, validate_link


@pytest.mark.parametrize(
    "link",
    [
        "https://www.voorbeeld.nl",
        "http://voorbeeld.nl/pad?x=1",
        "mailto:info@voorbeeld.nl",
        "tel:+31201234567",
        "HTTPS://VOORBEELD.NL",
        "",
    ],
)
def test_ordinary_links_pass(link):
    validate_link(link)
    assert link_is_safe(link)


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://voorbeeld.nl",
        "//evil.example/pad",
        "www.voorbeeld.nl",
        "https:",
    ],
)
def test_other_schemes_are_refused_in_dutch(link):
    assert not link_is_safe(link)
    with pytest.raises(ValidationError) as error:
        validate_link(link)
    assert "moet beginnen met http://" in error.value.messages[0]

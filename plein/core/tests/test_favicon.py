"""/favicon.ico is a small committed icon, answered directly (no redirect, no login)."""

import pytest

pytestmark = pytest.mark.django_db


def test_favicon_is_served_without_a_redirect(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = response.content
    # An ICO header with one image, holding a PNG.
    assert body[:4] == b"\x00\x00\x01\x00" and b"\x89PNG" in body
    assert len(body) < 5000


def test_favicon_for_a_logged_in_user_too(client):
    from plein.accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get("/favicon.ico").status_code == 200

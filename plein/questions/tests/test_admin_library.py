import pytest

from plein.accounts.tests.factories import UserFactory, login_verified
from plein.core.models import Library
from plein.questions.models import Channel, Desk, TopicTile

pytestmark = pytest.mark.django_db


def test_a_library_added_in_the_admin_gets_the_default_registration_lists(client):
    login_verified(client, UserFactory(administrator=True))
    response = client.post(
        "/admin/core/library/add/",
        {
            "name": "Bibliotheek Nieuwdorp",
            "slug": "nieuwdorp",
            "municipality": "Nieuwdorp",
            "contact_email": "",
            "branches-TOTAL_FORMS": "1",
            "branches-INITIAL_FORMS": "0",
            "branches-0-name": "Nieuwdorp Centrum",
            "branches-0-slug": "centrum",
            "branches-0-is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    library = Library.objects.get(slug="nieuwdorp")
    assert Channel.objects.filter(library=library).exists()
    assert Desk.objects.filter(library=library, branch__slug="centrum").count() == 1
    assert TopicTile.objects.filter(branch__library=library).exists()


def test_a_taken_branch_slug_on_the_library_page_is_a_message_not_a_server_error(client):
    login_verified(client, UserFactory(administrator=True))
    library = Library.objects.create(name="Bibliotheek Oud", slug="oud", municipality="Oud")
    library.branches.create(name="Centrum", slug="centrum")
    response = client.post(
        f"/admin/core/library/{library.pk}/change/",
        {
            "name": library.name,
            "slug": library.slug,
            "municipality": library.municipality,
            "contact_email": "",
            "branches-TOTAL_FORMS": "1",
            "branches-INITIAL_FORMS": "0",
            "branches-0-name": "Nog een centrum",
            "branches-0-slug": "centrum",
            "branches-0-is_active": "on",
        },
    )
    assert response.status_code == 200
    assert library.branches.count() == 1
    assert "bestaat al" in response.content.decode()

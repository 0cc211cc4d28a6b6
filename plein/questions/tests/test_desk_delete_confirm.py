"""Issue 16 §3: deleting a registration asks first, on a page of its own (no JavaScript needed),
and the delete control is not beside "Wijzigen" in today's list."""

import pytest
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.questions.models import Registration, Visit

from .test_desk_views import _post, place, worker  # noqa: F401

pytestmark = pytest.mark.django_db


def _registered(client, place, worker) -> Registration:  # noqa: F811
    client.force_login(worker)
    client.post(reverse("questions:desk"), _post(place))
    return Registration.objects.get()


def test_delete_link_asks_first_and_deletes_nothing(client, place, worker):  # noqa: F811
    registration = _registered(client, place, worker)
    url = reverse("questions:desk_delete", args=[registration.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Registratie verwijderen?" in html and "Toeslagen" in html
    assert f'<form method="post" action="{url}">' in html and "Ja, verwijderen" in html
    assert reverse("questions:desk") in html
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_confirming_deletes_the_registration(client, place, worker):  # noqa: F811
    registration = _registered(client, place, worker)
    response = client.post(reverse("questions:desk_delete", args=[registration.pk]), follow=True)
    assert "De registratie is verwijderd." in response.content.decode()
    assert not Visit.objects.exists()


def test_todays_list_has_no_delete_button_beside_wijzigen(client, place, worker):  # noqa: F811
    registration = _registered(client, place, worker)
    html = client.get(reverse("questions:desk")).content.decode()
    today = html.split('id="desk-today"')[1]
    assert reverse("questions:desk_edit", args=[registration.pk]) in today
    assert reverse("questions:desk_delete", args=[registration.pk]) not in today
    # The way to delete is on the edit page, in a section of its own below saving.
    edit = client.get(reverse("questions:desk_edit", args=[registration.pk])).content.decode()
    after_save = edit.split("Wijziging opslaan")[1]
    assert reverse("questions:desk_delete", args=[registration.pk]) in after_save


def test_others_cannot_open_the_confirmation_page(client, place, worker):  # noqa: F811
    registration = _registered(client, place, worker)
    client.force_login(UserFactory(library=place["library"]))
    url = reverse("questions:desk_delete", args=[registration.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Registration.objects.exists()

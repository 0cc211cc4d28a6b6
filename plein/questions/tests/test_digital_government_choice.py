"""Issue 16 §3: the desk can register a digital-government question that no tile or listed topic
fits (it still counts for the KB), and DigiD suggestions name the municipality before the
library itself."""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.models import IdoCategory, Registration, Topic
from plein.questions.selectors.desk import referral_suggestions
from plein.questions.services.options import DIGITAL_GOVERNMENT_TOPIC, options_install_defaults
from plein.questions.tests.factories import TopicFactory, TopicTileFactory
from plein.socialmap.tests.factories import (
    AttributeFactory,
    LocationFactory,
    OrganizationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db


def _optgroups(html: str) -> dict[str, list[str]]:
    select = html.split('name="other_topic"')[1].split("</select>")[0]
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    return {label: re.findall(r">([^<]+)</option>", body) for label, body in groups}


def test_desk_offers_digitale_overheid_where_the_tiles_do_not(client):
    library = LibraryFactory()
    branch = BranchFactory(library=library)
    options_install_defaults(library=library)
    # This branch's tiles hold no digital-government topic at all.
    branch.topic_tiles.all().delete()
    TopicTileFactory(branch=branch, topic=Topic.objects.get(library=library, name="Bibliotheek"))
    generic = Topic.objects.get(library=library, name=DIGITAL_GOVERNMENT_TOPIC)
    assert generic.ido_category == IdoCategory.DIGITAL_GOVERNMENT
    worker = UserFactory(library=library)
    client.force_login(worker)
    html = client.get(reverse("questions:desk")).content.decode()
    assert DIGITAL_GOVERNMENT_TOPIC in _optgroups(html)["Digitale overheid"]
    desk = branch.desks.get()
    response = client.post(
        reverse("questions:desk"),
        {
            "branch": branch.pk,
            "desk": desk.pk,
            "channel": library_channel(library),
            "other_topic": generic.pk,
            "outcome": library_outcome(library),
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert list(registration.topics.all()) == [generic]


def library_channel(library) -> int:
    return apps.get_model("questions", "Channel").objects.filter(library=library)[0].pk


def library_outcome(library) -> int:
    return apps.get_model("questions", "Outcome").objects.filter(library=library)[0].pk


def test_migration_adds_the_topic_once_to_libraries_with_topics():
    migration = importlib.import_module("plein.questions.migrations.0009_digital_government_topic")
    with_topics, without = LibraryFactory(), LibraryFactory()
    TopicFactory(library=with_topics, name="DigiD", position=7)
    migration.add_topic(apps, None)
    migration.add_topic(apps, None)
    added = Topic.objects.get(library=with_topics, name=migration.NAME)
    assert added.ido_category == IdoCategory.DIGITAL_GOVERNMENT and added.position == 8
    assert not Topic.objects.filter(library=without).exists()
    assert migration.NAME == DIGITAL_GOVERNMENT_TOPIC


def test_digid_suggestions_name_the_municipality_before_the_library_itself():
    library = LibraryFactory()
    digid = TaxonomyTermFactory(name="DigiD")
    topic = TopicFactory(library=library, name="DigiD", term=digid)
    own = OrganizationFactory(library=library, name="Bibliotheek Hier")
    BranchFactory(library=library, location=LocationFactory(organization=own))
    municipality = OrganizationFactory(library=library, name="Gemeente Hier")
    # The library has more DigiD services than the municipality.
    for organization, count in ((own, 3), (municipality, 1)):
        for _ in range(count):
            service = ServiceFactory(library=library, organization=organization)
            AttributeFactory(service=service, taxonomy_term=digid)
    assert referral_suggestions(library=library, topics=[topic])[topic.pk] == [municipality, own]

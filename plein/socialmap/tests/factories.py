import datetime

import factory

from plein.core.tests.factories import LibraryFactory
from plein.socialmap import models


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organization

    library = factory.SubFactory(LibraryFactory)
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    description = "Een organisatie in Lindendal."


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Taxonomy

    library = factory.SubFactory(LibraryFactory)
    name = factory.Sequence(lambda n: f"Taxonomie {n}")
    description = "Een lijst met termen."
    kind = models.TaxonomyKind.TOPIC


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TaxonomyTerm

    taxonomy_detail = factory.SubFactory(TaxonomyFactory)
    library = factory.SelfAttribute("taxonomy_detail.library")
    code = factory.Sequence(lambda n: f"term{n}")
    name = factory.Sequence(lambda n: f"Term {n}")
    description = "Een term."


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Service

    organization = factory.SubFactory(OrganizationFactory)
    library = factory.SelfAttribute("organization.library")
    name = factory.Sequence(lambda n: f"Dienst {n}")
    description = "Hulp voor inwoners."
    status = models.ServiceStatus.ACTIVE
    assured_date = factory.LazyFunction(datetime.date.today)

    class Params:
        stale = factory.Trait(
            assured_date=factory.LazyFunction(
                lambda: datetime.date.today() - datetime.timedelta(days=400)
            )
        )


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Location

    organization = factory.SubFactory(OrganizationFactory)
    library = factory.SelfAttribute("organization.library")
    name = factory.Sequence(lambda n: f"Locatie {n}")
    location_type = models.LocationType.PHYSICAL


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Address

    location = factory.SubFactory(LocationFactory)
    address_1 = "Brinkstraat 12"
    city = "Lindendal"
    state_province = "Overijssel"
    postal_code = "7731 BK"
    country = "NL"


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(
        LocationFactory, organization=factory.SelfAttribute("..service.organization")
    )


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Schedule

    service = factory.SubFactory(ServiceFactory)
    freq = "WEEKLY"
    byday = "TU"
    opens_at = datetime.time(10, 0)
    closes_at = datetime.time(12, 0)


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Phone

    service = factory.SubFactory(ServiceFactory)
    number = "0570-760 000"
    type = "voice"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contact

    service = factory.SubFactory(ServiceFactory)
    name = "Koen Bouali"
    title = "Consulent"
    email = "k.bouali@lindendal.example"


class AttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Attribute

    taxonomy_term = factory.SubFactory(TaxonomyTermFactory)
    link_entity = "service"
    link_type = "topic"
    link_id = factory.LazyAttribute(lambda a: a.service.id)

    class Params:
        service = factory.SubFactory(ServiceFactory)


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Neighbourhood

    library = factory.SubFactory(LibraryFactory)
    name = factory.Sequence(lambda n: f"Wijk {n}")

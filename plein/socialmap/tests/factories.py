import datetime
import decimal
import uuid

import factory

from plein.core.models import Branch
from plein.core.tests.factories import LibraryFactory
from plein.socialmap import models


class OrganizationFactory(factory.django.DjangoModelFactory):
    """OrganizationFactory(is_partner=True) is a network partner with an agreement that it takes
    warm referrals; agreement=False leaves the agreement out, agreement__<field>=… sets it."""

    class Meta:
        model = models.Organization
        skip_postgeneration_save = True

    library = factory.SubFactory(LibraryFactory)
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    description = "Een organisatie in Lindendal."
    # A network partner has somewhere its warm referrals arrive (referrals.selectors.reach).
    is_partner = False
    referral_email = factory.LazyAttribute(
        lambda o: f"doorverwijzen{o.name.split()[-1]}@voorbeeld.nl" if o.is_partner else ""
    )

    @factory.post_generation
    def agreement(obj, create, extracted, **fields):
        if not (create and obj.is_partner) or extracted is False:
            return
        from plein.referrals.models import PartnerAgreement

        PartnerAgreement.objects.create(organization=obj, library=obj.library, **fields)


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


# -- HSDS detail objects (added for the HSDS serializer and read API) -------------------------


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Program

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Programma {n}")
    description = "Een programma."


class OrganizationIdentifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.OrganizationIdentifier

    organization = factory.SubFactory(OrganizationFactory)
    identifier_scheme = "NL-KVK"
    identifier_type = "KvK-nummer"
    identifier = factory.Sequence(lambda n: f"{10000000 + n}")


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ServiceArea

    service = factory.SubFactory(ServiceFactory)
    name = "Gemeente Lindendal"


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Language

    service = factory.SubFactory(ServiceFactory)
    name = "Nederlands"
    code = "nl"


class AccessibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Accessibility

    location = factory.SubFactory(LocationFactory)
    description = "Rolstoeltoegankelijk, met invalidentoilet."


class CostOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CostOption

    service = factory.SubFactory(ServiceFactory)
    option = "Eigen bijdrage"
    currency = "EUR"
    amount = decimal.Decimal("21.80")


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Funding

    service = factory.SubFactory(ServiceFactory)
    source = "Gemeente Lindendal"


class RequiredDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RequiredDocument

    service = factory.SubFactory(ServiceFactory)
    document = "Geldig identiteitsbewijs"


class MetadataFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Metadata

    resource_id = factory.LazyFunction(uuid.uuid4)
    resource_type = "service"
    last_action_date = datetime.date(2026, 1, 7)
    last_action_type = "update"
    field_name = "name"
    previous_value = "Oude naam"
    replacement_value = "Nieuwe naam"
    updated_by = "Plein"


class PostcodeAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PostcodeArea

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    library = factory.SelfAttribute("neighbourhood.library")
    postcode = "7731"


class BranchWithLocationFactory(factory.django.DjangoModelFactory):
    """A library branch on the social map: the location its consultation hours are held at."""

    class Meta:
        model = Branch

    library = factory.SubFactory(LibraryFactory)
    name = factory.Sequence(lambda n: f"Bibliotheek {n}")
    slug = factory.Sequence(lambda n: f"bieb-{n}")
    location = factory.SubFactory(
        LocationFactory,
        organization=None,
        library=factory.SelfAttribute("..library"),
        name=factory.SelfAttribute("..name"),
    )


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Room

    branch = factory.SubFactory(BranchWithLocationFactory)
    library = factory.SelfAttribute("branch.library")
    name = factory.Sequence(lambda n: f"Spreekkamer {n}")
    floor = 1
    route = "naast de leestafel"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Theme

    branch = factory.SubFactory(BranchWithLocationFactory)
    library = factory.SelfAttribute("branch.library")
    name = factory.Sequence(lambda n: f"Werk & inkomen {n}")
    weekday = 1
    starts_at = datetime.time(13, 0)
    ends_at = datetime.time(17, 0)


class ConsultationHourFactory(factory.django.DjangoModelFactory):
    """A weekly consultation hour of a partner's service in a library branch."""

    class Meta:
        model = models.Schedule

    class Params:
        branch = factory.SubFactory(BranchWithLocationFactory)
        service = factory.SubFactory(
            ServiceFactory,
            organization__library=factory.SelfAttribute("...branch.library"),
            organization__is_partner=True,
        )

    service_at_location = factory.SubFactory(
        ServiceAtLocationFactory,
        service=factory.SelfAttribute("..service"),
        location=factory.SelfAttribute("..branch.location"),
    )
    freq = "WEEKLY"
    byday = "TU"
    interval = 1
    dtstart = datetime.date(2026, 1, 6)
    opens_at = datetime.time(10, 0)
    closes_at = datetime.time(12, 0)


class ScheduleExceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ScheduleException

    schedule = factory.SubFactory(ConsultationHourFactory)
    kind = models.ExceptionKind.CANCELLED
    date = datetime.date(2026, 3, 10)

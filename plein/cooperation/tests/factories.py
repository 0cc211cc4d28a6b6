import datetime

import factory
from django.utils import timezone

from plein.cooperation.instrument import CURRENT_VERSION, instrument
from plein.cooperation.models import Answer, Assessment, Response
from plein.core.tests.factories import LibraryFactory
from plein.socialmap.tests.factories import OrganizationFactory


class AssessmentFactory(factory.django.DjangoModelFactory):
    """An open round by default; AssessmentFactory(closed=True) closed yesterday."""

    class Meta:
        model = Assessment

    library = factory.SubFactory(LibraryFactory)
    instrument_version = CURRENT_VERSION
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))

    class Params:
        closed = factory.Trait(
            closes_on=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=1)
            ),
            started_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30)),
        )


class ResponseFactory(factory.django.DjangoModelFactory):
    """A partner asked in a round; ResponseFactory(scores=4) answered every statement with 4
    (scores={code: score} for more control)."""

    class Meta:
        model = Response
        skip_postgeneration_save = True

    assessment = factory.SubFactory(AssessmentFactory)
    organization = factory.SubFactory(
        OrganizationFactory,
        is_partner=True,
        library=factory.SelfAttribute("..assessment.library"),
    )
    invited_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def scores(obj, create, extracted, **kwargs):
        if not create or extracted is None:
            return
        codes = instrument(obj.assessment.instrument_version).statements
        values = extracted if isinstance(extracted, dict) else {s.code: extracted for s in codes}
        Answer.objects.bulk_create(
            Answer(response=obj, statement=code, score=score) for code, score in values.items()
        )
        obj.submitted_at = obj.updated_at = timezone.now()
        obj.save(update_fields=["submitted_at", "updated_at"])

import factory

from plein.core.models import Branch, Library


class LibraryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Library
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Bibliotheek {n}")
    slug = factory.Sequence(lambda n: f"bibliotheek-{n}")
    municipality = "Lindendal"


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    library = factory.SubFactory(LibraryFactory)
    name = factory.Sequence(lambda n: f"Vestiging {n}")
    slug = factory.Sequence(lambda n: f"vestiging-{n}")

import factory

from plein.accounts.models import Role, User
from plein.core.tests.factories import LibraryFactory

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    """A desk worker by default; named states give the other roles."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Sam"
    role = Role.DESK
    library = factory.SubFactory(LibraryFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        coordinator = factory.Trait(role=Role.COORDINATOR)
        partner = factory.Trait(
            role=Role.PARTNER,
            library=None,
            organization=factory.SubFactory(
                "plein.socialmap.tests.factories.OrganizationFactory", is_partner=True
            ),
        )
        funder = factory.Trait(role=Role.FUNDER, library=None)
        administrator = factory.Trait(
            role=Role.ADMINISTRATOR, library=None, is_staff=True, is_superuser=True
        )

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


def login_verified(client, user) -> None:
    """Logged in and past the second factor (the admin and contact pages ask for both)."""
    from django.utils import timezone

    from plein.accounts import totp

    client.force_login(user)
    session = client.session
    session[totp.SESSION_KEY] = timezone.now().timestamp()
    session.save()

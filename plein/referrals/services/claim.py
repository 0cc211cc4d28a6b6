"""An organisation claims its Plein inbox: the first partner account, made from the link that
the referral e-mails carry while the organisation has none (issue 10: a referral must never go
nowhere). The account is for the organisation's referral address, which received the link."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from plein.accounts.models import Role, User
from plein.core import audit
from plein.referrals import audit_actions as actions
from plein.referrals.selectors.reach import organization_has_inbox
from plein.socialmap.models import Organization

ALREADY_CLAIMED = _(
    "Uw organisatie heeft al een account in Plein. Log in, of vraag een collega of de "
    "bibliotheek om een account voor u."
)
ADDRESS_TAKEN = _(
    "Er bestaat al een Plein-account met dit e-mailadres. Log in, of vraag de bibliotheek om hulp."
)


@transaction.atomic
def inbox_claim(*, organization: Organization, first_name: str, password: str) -> User:
    """Make the organisation's first partner account, for its referral address.

    Under a lock on the organisation, so that two clicks make one account; refused once the
    organisation has an inbox. The password must pass Django's validators."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization_has_inbox(organization=organization):
        raise ValidationError(ALREADY_CLAIMED)
    email = organization.referral_email
    if User.objects.filter(username__iexact=email).exists():
        raise ValidationError(ADDRESS_TAKEN)
    user = User(
        username=email,
        email=email,
        first_name=first_name.strip(),
        role=Role.PARTNER,
        organization=organization,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password1": error.error_list}) from None
    user.set_password(password)
    user.save()
    audit.log(organization, actions.INBOX_CLAIMED, user=user, library=organization.library)
    return user

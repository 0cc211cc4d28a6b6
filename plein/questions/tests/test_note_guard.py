"""A registration's note and the personal-data guard: personal data is refused, a likely name
needs the desk's "Toch opslaan" (counted, not kept), public places and names pass."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.core.pii import LIKELY_NAME_CODE
from plein.core.tests.factories import BranchFactory
from plein.questions import audit_actions as actions
from plein.questions.models import Registration, RegistrationSettings
from plein.questions.services import registration as services
from plein.questions.services.registration import QuestionInput, VisitInput
from plein.questions.tests.factories import ChannelFactory, DeskFactory, TopicFactory
from plein.socialmap.tests.factories import AddressFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

NAME_NOTE = "mevrouw Jansen belt terug over de huurtoeslag"


@pytest.fixture
def user():
    user = UserFactory()
    RegistrationSettings.objects.update_or_create(
        library=user.library, defaults={"allow_note": True}
    )
    return user


@pytest.fixture
def place(user):
    branch = BranchFactory(library=user.library)
    return {
        "branch": branch,
        "desk": DeskFactory(branch=branch),
        "channel": ChannelFactory(library=user.library),
        "topic": TopicFactory(library=user.library),
    }


def _visit(place, note: str, *, confirmed: bool = False) -> VisitInput:
    question = QuestionInput(topics=[place["topic"]], note=note, note_names_confirmed=confirmed)
    return VisitInput(
        branch=place["branch"], desk=place["desk"], channel=place["channel"], questions=[question]
    )


def _note_error(user, place, note: str) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        services.visit_register(data=_visit(place, note), user=user)
    return error.value.error_dict["note"][0]


def test_a_likely_name_asks_for_confirmation_and_names_the_words(user, place):
    error = _note_error(user, place, NAME_NOTE)
    assert error.code == LIKELY_NAME_CODE
    assert "“mevrouw Jansen”" in error.message % error.params
    assert not Registration.objects.exists()


def test_a_confirmed_likely_name_is_saved_and_counted_without_the_text(user, place):
    visit, created = services.visit_register(
        data=_visit(place, NAME_NOTE, confirmed=True), user=user
    )
    assert created
    event = AuditEvent.objects.get(action=actions.NOTE_NAME_CONFIRMED)
    assert event.object_id == str(visit.registrations.get().pk)
    assert "Jansen" not in str(event.changes)


def test_a_note_without_a_name_is_not_counted_even_when_confirmed(user, place):
    services.visit_register(data=_visit(place, "vraag over toeslag", confirmed=True), user=user)
    assert not AuditEvent.objects.filter(action=actions.NOTE_NAME_CONFIRMED).exists()


def test_confirming_does_not_let_hard_personal_data_through(user, place):
    with pytest.raises(ValidationError) as error:
        services.visit_register(
            data=_visit(place, "mevrouw Jansen, NL91ABNA0417164300", confirmed=True), user=user
        )
    assert error.value.error_dict["note"][0].code != LIKELY_NAME_CODE


def test_the_social_maps_own_addresses_are_no_personal_address(user, place):
    AddressFactory(
        location__library=user.library,
        location__organization__library=user.library,
        address_1="Molenweg 23",
    )
    services.visit_register(data=_visit(place, "vraag over Molenweg 23 uitgelegd"), user=user)
    # Another library's address is no public place of this one.
    error = _note_error(user, place, "vraag over Brinkstraat 9 uitgelegd")
    assert "adres" in error.message % error.params


def test_an_organisation_named_after_a_person_is_no_likely_name(user, place):
    OrganizationFactory(library=user.library, name="Stichting Henk van der Meer Fonds")
    services.visit_register(data=_visit(place, "Henk van der Meer Fonds gebeld"), user=user)
    assert _note_error(user, place, "Henk van der Meer belde").code == LIKELY_NAME_CODE


def test_a_repeat_of_a_confirmed_note_is_not_asked_again(user, place):
    services.visit_register(data=_visit(place, NAME_NOTE, confirmed=True), user=user)
    visit, created = services.visit_repeat(user=user)
    assert created and visit.registrations.get().note == NAME_NOTE


def _post(place, **extra) -> dict:
    return {
        "branch": place["branch"].pk,
        "desk": place["desk"].pk,
        "channel": place["channel"].pk,
        "topics": [place["topic"].pk],
        **extra,
    }


def test_the_desk_page_offers_toch_opslaan_and_keeps_the_note(client, user, place):
    client.force_login(user)
    response = client.post(reverse("questions:desk"), _post(place, note=NAME_NOTE))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'name="note_names_confirmed"' in page
    assert "mevrouw Jansen belt terug" in page
    response = client.post(
        reverse("questions:desk"), _post(place, note=NAME_NOTE, note_names_confirmed="on")
    )
    assert response.status_code == 302
    assert Registration.objects.get().note == NAME_NOTE


def test_the_desk_page_does_not_offer_toch_opslaan_for_other_errors(client, user, place):
    client.force_login(user)
    response = client.post(reverse("questions:desk"), _post(place, note="bel 06-12345678"))
    assert response.status_code == 400
    assert 'name="note_names_confirmed"' not in response.content.decode()


def test_the_json_answer_names_the_code_the_queue_may_confirm(client, user, place):
    client.force_login(user)
    response = client.post(
        reverse("questions:desk"), _post(place, note=NAME_NOTE), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert response.json()["codes"] == {"note": [LIKELY_NAME_CODE]}


def test_a_number_on_the_social_map_may_be_noted(user, place):
    from plein.socialmap.tests.factories import OrganizationFactory as Org

    organization = Org(library=user.library, name="Schuldhulp Lindendal")
    organization.phones.create(number="0570-612345")
    services.visit_register(data=_visit(place, "Schuldhulp gebeld op 0570 612345"), user=user)
    error = _note_error(user, place, "Bewoner bellen op 0570 654321")
    assert "telefoonnummer" in error.message % error.params

"""The desk's offline queue in a real browser (issue 11): nothing a desk worker enters is lost.

One queue per user and library, refused entries kept under "Niet opgeslagen", a device clock
that is off, double clicks, a stale CSRF token and a damaged queue.
"""

import datetime
import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.models import RegistrationSettings, Topic, Visit
from plein.questions.services.options import option_archive
from plein.questions.tests.factories import (
    ChannelFactory,
    DeskFactory,
    OutcomeFactory,
    TopicFactory,
    TopicTileFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every `new Date()` and `Date.now()` in the page runs ten minutes ahead of the real clock.
CLOCK_AHEAD = """
(() => {
  const offset = 10 * 60 * 1000;
  const RealDate = Date;
  class AheadDate extends RealDate {
    constructor(...args) { if (args.length) super(...args); else super(RealDate.now() + offset); }
    static now() { return RealDate.now() + offset; }
  }
  window.Date = AheadDate;
})();
"""


@pytest.fixture
def desk_setup():
    library = LibraryFactory()
    branch = BranchFactory(library=library, name="Hoogdonk")
    DeskFactory(branch=branch, name="Infopunt")
    ChannelFactory(library=library, name="Balie")
    debts = TopicFactory(library=library, name="Schulden")
    TopicTileFactory(branch=branch, topic=debts, position=1)
    TopicTileFactory(branch=branch, topic=TopicFactory(library=library, name="DigiD"), position=2)
    OutcomeFactory(library=library, name="Beantwoord", position=1)
    return {
        "library": library,
        "anna": UserFactory(library=library, username="anna"),
        "bert": UserFactory(library=library, username="bert"),
        "debts": debts,
    }


def queue_key(user) -> str:
    return f"plein-desk-queue:{user.library_id}:{user.pk}"


def enter(page, topic: str) -> None:
    page.get_by_role("checkbox", name=topic, exact=True).click()
    page.get_by_role("button", name="Opslaan").click()


def hold_registrations(page) -> None:
    """The desk's POSTs fail as on a broken connection; pages still load."""
    page.route("**/balie/", lambda route: route.abort() if route.request.method == "POST"
               else route.continue_())  # fmt: skip


def test_two_users_on_one_browser_keep_their_own_queues(page, login, assert_accessible, desk_setup):
    anna, bert = desk_setup["anna"], desk_setup["bert"]
    login(page, anna)
    page.goto("/balie/")
    hold_registrations(page)
    enter(page, "Schulden")
    expect(page.locator("#desk-queue")).to_have_text("1 wachten op verzending")
    logout = page.get_by_role("button", name=re.compile("Uitloggen"))
    expect(logout).to_contain_text("1 wachten op verzending")
    assert_accessible(page)

    # Logging out with an entry waiting: the screen says so; Anna logs out anyway.
    logout.click()
    expect(page.locator("#desk-logout")).to_contain_text(
        "Nog niet opgeslagen registraties op dit apparaat: 1"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Toch uitloggen").click()
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()
    assert_accessible(page)
    page.unroute("**/balie/")

    # Bert on the same browser: Anna's entry is neither shown nor sent with his session.
    login(page, bert)
    page.goto("/balie/")
    expect(page.locator("#desk-queue")).to_have_text("")
    assert_accessible(page)
    enter(page, "DigiD")
    expect(page.locator("#desk-live")).to_contain_text("Opgeslagen.")
    assert list(Visit.objects.values_list("registered_by__username", flat=True)) == ["bert"]
    assert len(json.loads(page.evaluate("k => localStorage.getItem(k)", queue_key(anna)))) == 1

    # Bert logs out (nothing waits: no question asked), Anna comes back: her entry goes, as hers.
    page.get_by_role("button", name=re.compile("Uitloggen")).click()
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()
    login(page, anna)
    page.goto("/balie/")
    expect(page.locator("#desk-queue")).to_have_text("")
    expect(page.locator("#desk-today")).to_contain_text("Schulden")
    assert_accessible(page)
    assert sorted(Visit.objects.values_list("registered_by__username", flat=True)) == [
        "anna",
        "bert",
    ]


def test_logout_offers_to_send_waiting_entries_first(page, login, assert_accessible, desk_setup):
    login(page, desk_setup["anna"])
    page.goto("/balie/")
    hold_registrations(page)
    enter(page, "Schulden")
    expect(page.locator("#desk-queue")).to_have_text("1 wachten op verzending")
    page.get_by_role("button", name=re.compile("Uitloggen")).click()
    assert_accessible(page)
    page.unroute("**/balie/")
    page.get_by_role("button", name="Eerst verzenden, dan uitloggen").click()
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()
    assert_accessible(page)
    assert Visit.objects.get().registered_by == desk_setup["anna"]


def test_entry_refused_after_waiting_offline_is_corrected_and_sent(
    page, login, assert_accessible, desk_setup
):
    anna = desk_setup["anna"]
    login(page, anna)
    page.goto("/balie/")
    page.context.set_offline(True)
    enter(page, "Schulden")
    enter(page, "DigiD")
    expect(page.locator("#desk-queue")).to_have_text("2 wachten op verzending")
    first_key = json.loads(page.evaluate("k => localStorage.getItem(k)", queue_key(anna)))[0]["key"]
    # Meanwhile the coordinator archives both topics.
    for topic in Topic.objects.all():
        option_archive(option=topic, user=anna)

    page.context.set_offline(False)
    refused = page.locator("#desk-refused")
    expect(refused.get_by_role("listitem")).to_have_count(2)
    expect(refused).to_contain_text("“Schulden” is gearchiveerd")
    expect(refused).to_contain_text("“DigiD” is gearchiveerd")
    expect(page.locator("#desk-queue")).to_have_text("")
    assert_accessible(page)
    assert not Visit.objects.exists()

    # Discarding is a choice, confirmed.
    page.once("dialog", lambda dialog: dialog.accept())
    refused.get_by_role("listitem").filter(has_text="DigiD").get_by_role(
        "button", name="Weggooien"
    ).click()
    expect(refused.get_by_role("listitem")).to_have_count(1)

    # Correcting loads it back into the form, with its key; the worker picks another topic.
    Topic.objects.filter(name="DigiD").update(archived_at=None)
    refused.get_by_role("button", name="Corrigeren").click()
    expect(refused).to_be_hidden()
    expect(page.get_by_role("checkbox", name="Schulden", exact=True)).to_be_checked()
    page.get_by_role("checkbox", name="Schulden", exact=True).click()
    page.get_by_role("checkbox", name="DigiD", exact=True).click()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#desk-live")).to_contain_text("Opgeslagen.")
    assert_accessible(page)
    visit = Visit.objects.get()
    assert str(visit.idempotency_key) == first_key
    assert [t.name for t in visit.registrations.get().topics.all()] == ["DigiD"]


def test_device_clock_ten_minutes_ahead_is_stored_with_server_time(
    page, login, assert_accessible, desk_setup
):
    page.add_init_script(CLOCK_AHEAD)
    login(page, desk_setup["anna"])
    page.goto("/balie/")
    assert_accessible(page)
    enter(page, "Schulden")
    expect(page.locator("#desk-live")).to_contain_text("Opgeslagen.")
    expect(page.locator("#desk-refused")).to_be_hidden()
    visit = Visit.objects.get()
    assert abs(timezone.now() - visit.started_at) < datetime.timedelta(seconds=30)
    assert 590 <= visit.clock_skew_seconds <= 610


def test_double_clicks_store_once_and_say_saved(page, login, assert_accessible, desk_setup):
    login(page, desk_setup["anna"])
    page.goto("/balie/")
    page.get_by_role("checkbox", name="Schulden", exact=True).click()
    page.get_by_role("button", name="Opslaan").dblclick()
    expect(page.locator("#desk-live")).to_have_text(re.compile("^Opgeslagen."))
    expect(page.locator("#desk-today")).to_contain_text("(1)")
    expect(page.locator("#desk-refused")).to_be_hidden()
    assert Visit.objects.count() == 1

    page.get_by_role("button", name=re.compile("Zelfde als vorige")).dblclick()
    expect(page.locator("#desk-today")).to_contain_text("(2)")
    expect(page.locator("#desk-live")).to_have_text(re.compile("^Opgeslagen."))
    page.wait_for_timeout(1000)  # a second visit, if any, would have arrived by now
    assert Visit.objects.count() == 2
    expect(page.locator("#desk-refused")).to_be_hidden()
    assert_accessible(page)


def test_stale_csrf_token_is_refreshed_and_the_entry_sent(
    page, login, live_url, assert_accessible, desk_setup
):
    login(page, desk_setup["anna"])
    page.goto("/balie/")
    assert_accessible(page)
    # Another tab signed in again: the browser's CSRF cookie no longer fits this page's token.
    page.context.add_cookies([{"name": "csrftoken", "value": "x" * 32, "url": live_url("/")}])
    enter(page, "Schulden")
    expect(page.locator("#desk-live")).to_contain_text("Opgeslagen.")
    expect(page.locator("#desk-queue")).to_have_text("")
    assert Visit.objects.count() == 1


def test_damaged_queue_is_set_aside_and_reported(page, login, assert_accessible, desk_setup):
    anna = desk_setup["anna"]
    login(page, anna)
    page.goto("/balie/")
    page.evaluate("k => localStorage.setItem(k, '[{kapot')", queue_key(anna))
    page.reload()
    warning = page.locator("#desk-warning")
    expect(warning).to_contain_text("beschadigd")
    assert_accessible(page)
    backups = page.evaluate(
        "k => Object.keys(localStorage).filter(name => name.startsWith(k + ':beschadigd:'))"
        " .map(name => localStorage.getItem(name))",
        queue_key(anna),
    )
    assert backups == ["[{kapot"]


def test_an_entry_naming_another_user_is_refused_and_kept(
    page, login, assert_accessible, desk_setup
):
    anna, bert = desk_setup["anna"], desk_setup["bert"]
    login(page, anna)
    page.goto("/balie/")
    # An entry in Anna's queue that says Bert made it (a session changed in another tab).
    entry = {
        "key": "6f1c1f9e-3c53-4b3a-9a57-2f7f0d1a0b11",
        "url": live_desk_url(page),
        "user": str(bert.pk),
        "fields": [
            ["branch", str(desk_setup["library"].branches.get().pk)],
            ["channel", page.locator("form[data-desk-main] input[name=channel]").input_value()],
            ["topics", str(desk_setup["debts"].pk)],
            ["idempotency_key", "6f1c1f9e-3c53-4b3a-9a57-2f7f0d1a0b11"],
            ["client_user", str(bert.pk)],
        ],
    }
    page.evaluate("([k, q]) => localStorage.setItem(k, q)", [queue_key(anna), json.dumps([entry])])
    page.reload()
    expect(page.locator("#desk-live")).to_contain_text("gemaakt door een andere gebruiker")
    expect(page.locator("#desk-queue")).to_have_text("1 wachten op verzending")
    assert_accessible(page)
    assert not Visit.objects.exists()


def live_desk_url(page) -> str:
    return page.evaluate("document.querySelector('form[data-desk-main]').action")


def test_entries_of_the_old_shared_queue_are_reported_not_sent(
    page, login, assert_accessible, desk_setup
):
    login(page, desk_setup["anna"])
    page.goto("/balie/")
    old = json.dumps([{"key": "k", "url": live_desk_url(page), "fields": [["topics", "1"]]}])
    page.evaluate("q => localStorage.setItem('plein-desk-queue', q)", old)
    page.reload()
    expect(page.locator("#desk-warning")).to_contain_text("eerdere versie van het scherm")
    assert_accessible(page)
    assert page.evaluate("localStorage.getItem('plein-desk-queue')") == old
    assert not Visit.objects.exists()


# The browser's storage is full: every write to a desk queue fails as Chromium's does.
STORAGE_FULL = """
(() => {
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (String(key).startsWith("plein-desk-")) {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    }
    return setItem.call(this, key, value);
  };
})();
"""


def test_full_storage_is_reported_and_the_entry_stays_in_the_form(
    page, login, assert_accessible, desk_setup
):
    page.add_init_script(STORAGE_FULL)
    login(page, desk_setup["anna"])
    page.goto("/balie/")
    enter(page, "Schulden")
    expect(page.locator("#desk-warning")).to_contain_text("De opslag van deze browser is vol")
    expect(page.get_by_role("checkbox", name="Schulden", exact=True)).to_be_checked()
    assert_accessible(page)
    assert not Visit.objects.exists()


def test_a_note_that_looks_like_a_name_is_kept_only_after_toch_opslaan(
    page, login, assert_accessible, desk_setup
):
    """The personal-data guard's soft level at the desk (issue 10): the entry waits under
    "Niet opgeslagen" with the words found, and "Toch opslaan" sends it with the confirmation."""
    RegistrationSettings.objects.update_or_create(
        library=desk_setup["library"], defaults={"allow_note": True}
    )
    login(page, desk_setup["anna"])
    page.goto("/balie/")
    page.locator("details.desk-details summary").click()
    page.get_by_label("Korte notitie (geen persoonsgegevens)").fill("mevrouw Jansen belt terug")
    enter(page, "Schulden")
    refused = page.locator("#desk-refused")
    expect(refused).to_contain_text("“mevrouw Jansen”")
    assert_accessible(page)
    assert not Visit.objects.exists()
    refused.get_by_role("button", name="Toch opslaan (geen naam van een persoon)").click()
    expect(refused).to_be_hidden()
    expect(page.locator("#desk-live")).to_contain_text("Opgeslagen.")
    assert Visit.objects.get().registrations.get().note == "mevrouw Jansen belt terug"
    assert AuditEvent.objects.filter(action="questions.registration.note_name_confirmed").exists()

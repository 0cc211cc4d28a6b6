"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Fixtures for every browser test:
- ``page``: a fresh browser context per test (Dutch locale, base URL = the live server). The test
  fails when the page requests anything from a host other than the live server (no third-party
  loads), when the browser reports a Content-Security-Policy violation, or when it visited an
  HTML page without calling ``assert_accessible`` on it.
- ``login(page, user)``: signs ``user`` in for ``page`` (session cookie, no form round trip).
- ``assert_accessible(page)``: runs axe-core with the WCAG 2.1 A and AA rules and fails with a
  list of every violation.
- ``live_url(path)``: the absolute URL of a path on the live server.
Every browser test also starts with the default taxonomies and an empty search index.

Mark browser tests with
``pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]``.
"""

import importlib
import os
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection
from django.test import Client
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Route, sync_playwright
from playwright.sync_api import Request as BrowserRequest
from playwright.sync_api import Response as BrowserResponse

from plein.socialmap.models import Taxonomy

# Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise refuse
# to run synchronous queries from the test function (Django reads this when a query runs).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PLEIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
DEFAULT_TIMEOUT_MS = 10_000
SEARCH_INDEX_TABLES = ("socialmap_search_document", "socialmap_search_word")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Remember whether the test body failed, so that the page fixture does not pile a second
    # error ("page not checked") on top of the real one.
    report = yield
    if report.when == "call":
        item.plein_call_failed = report.failed
    return report


@pytest.fixture(autouse=True)
def _clean_database(transactional_db) -> None:
    """Browser tests run in real transactions, each ending with a flush of every model table.

    The flush also removes the default taxonomies that a migration installed, so they are put
    back; and it does not empty the search index tables (made with SQL, not models), so they
    are emptied here, lest a test find services of an earlier test.
    """
    if not Taxonomy.objects.filter(library__isnull=True).exists():
        migration = importlib.import_module("plein.socialmap.migrations.0002_default_taxonomies")
        migration.install(django_apps, None)
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in SEARCH_INDEX_TABLES:
            if table in existing:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}. Install it with: sudo apt-get install chromium"
        )
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


class PageWatch:
    """What a page did during one test: foreign requests, CSP reports, pages seen and checked."""

    def __init__(self) -> None:
        self.foreign_requests: list[str] = []
        self.csp_violations: list[str] = []
        self.visited: list[str] = []
        self.checked: set[str] = set()
        # The `page` fixture's page; pages a test opens itself are not watched.
        self.page: Page | None = None

    def on_route(self, route: Route, request: BrowserRequest) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"data", "blob", "about"} or parts.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.foreign_requests.append(request.url)
            route.abort()

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def on_response(self, response: BrowserResponse) -> None:
        request = response.request
        content_type = response.headers.get("content-type", "")
        if (
            request.resource_type == "document"
            and request.frame.parent_frame is None
            and not 300 <= response.status < 400
            and content_type.startswith("text/html")
        ):
            self.visited.append(page_key(response.url))

    def problems(self) -> list[str]:
        problems = [f"request to a third party: {url}" for url in self.foreign_requests]
        problems += [f"Content-Security-Policy violation: {text}" for text in self.csp_violations]
        unchecked = sorted({url for url in self.visited if url not in self.checked})
        problems += [f"page visited without assert_accessible(page): {url}" for url in unchecked]
        return problems


def page_key(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def page_watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def page(browser: Browser, live_server, request, page_watch: PageWatch) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam"
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    watch = page_watch
    context.route("**/*", watch.on_route)
    page = context.new_page()
    page.on("console", watch.on_console)
    page.on("response", watch.on_response)
    watch.page = page
    yield page
    context.close()
    if not getattr(request.node, "plein_call_failed", False) and (problems := watch.problems()):
        pytest.fail("The browser test broke Plein's page rules:\n- " + "\n- ".join(problems))


@pytest.fixture
def live_url(live_server) -> Callable[[str], str]:
    return lambda path: live_server.url + path


@pytest.fixture
def login(live_server) -> Callable[[Page, object], None]:
    """Sign a user in for a page by handing the browser a real Django session cookie."""

    def sign_in(page: Page, user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": live_server.url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )

    return sign_in


@pytest.fixture
def assert_accessible(axe: Axe, page_watch: PageWatch) -> Callable[[Page], None]:
    """Check the page as it is now against WCAG 2.1 A/AA with axe-core."""

    def check(page: Page) -> None:
        page.wait_for_load_state("load")
        results = axe.run(page, options=AXE_OPTIONS)
        if page is page_watch.page:
            page_watch.checked.add(page_key(page.url))
        violations = results.response["violations"]
        if violations:
            lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
            for violation in violations:
                lines.append(
                    f"- {violation['id']} ({violation['impact']}): {violation['help']} "
                    f"[{violation['helpUrl']}]"
                )
                for node in violation["nodes"][:5]:
                    target = ", ".join(str(part) for part in node["target"])
                    lines.append(f"    at {target}: {node.get('failureSummary', '').strip()}")
            pytest.fail("\n".join(lines))

    return check

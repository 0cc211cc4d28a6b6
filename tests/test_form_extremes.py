"""Extreme numbers posted to every form on every page (issue 10): as the people who may use the
form (desk, coordinator, partner, administrator of the library, and the admin's add and change
pages), each number field of each form (a number input, or any field the page filled with a
number: an option's id, a radio's value, a hidden id) gets 99999999999999999999, its negative
and 1e400, the other fields keeping what the page filled in. No answer may be a server error."""

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.demo.load import demo_load
from tests.test_attacker_walk import Victim, fill, sign_in, url_names

pytestmark = pytest.mark.django_db

EXTREMES = ("99999999999999999999", "-99999999999999999999", "1e400")
# Views that end the session or send mail on any post; their forms hold no numbers.
SKIPPED = {"accounts:logout"}


class Form:
    def __init__(self, action: str) -> None:
        self.action = action
        self.fields: list[tuple[str, str]] = []
        self.numbers: list[str] = []


class FormParser(HTMLParser):
    """The POST forms of a page: their fields as the browser would send them untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.select_value: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.form = Form(a.get("action", ""))
            self.forms.append(self.form)
        if self.form is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            self._input(name, a)
        elif tag == "select":
            self.select, self.select_value = name, None
        elif tag == "option" and self.select and self.select_value is None and a.get("value"):
            self.select_value = a["value"]
        elif tag == "textarea":
            self.textarea = name

    def _input(self, name: str, a: dict[str, str]) -> None:
        assert self.form is not None
        kind = a.get("type", "text").lower()
        if kind in ("checkbox", "radio") and "checked" not in a:
            return
        if kind in ("submit", "button", "file", "image"):
            return
        value = a.get("value", "")
        if kind == "number" or a.get("inputmode") in ("numeric", "decimal") or _numeric(value):
            self._number(name)
        self.form.fields.append((name, value))

    def _number(self, name: str) -> None:
        assert self.form is not None
        if name not in self.form.numbers:
            self.form.numbers.append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select and self.form is not None:
            self.form.fields.append((self.select, self.select_value or ""))
            if _numeric(self.select_value or ""):
                self._number(self.select)  # an option's id: a number the form looks up
            self.select = None
        elif tag == "textarea" and self.textarea and self.form is not None:
            self.form.fields.append((self.textarea, "Extreme waarden"))
            self.textarea = None


def _numeric(value: str) -> bool:
    return value.lstrip("-").isdigit()


def forms_on(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return [form for form in parser.forms if form.numbers]


def _data(form: Form, number: str, value: str) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, default in form.fields:
        data.setdefault(name, []).append(value if name == number else default)
    return data


def post_extremes(client, url: str, user) -> tuple[int, list[str]]:
    """(number fields tried, problems) for every form with numbers on the page at url."""
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return 0, []
    tried, problems = 0, []
    for form in forms_on(response.content.decode()):
        target = urlsplit(urljoin(url, form.action or url))
        action = target.path + (f"?{target.query}" if target.query else "")
        for number in form.numbers:
            for value in EXTREMES:
                answer = client.post(action, _data(form, number, value))
                tried += 1
                if answer.status_code >= 500:
                    problems.append(f"POST {action} {number}={value}: {answer.status_code}")
                sign_in(client, user)  # a form may have ended the session
    return tried, problems


# The walk must reach the forms with numbers each role has (a walk that finds none proves
# nothing): the desk's options and effort, the coordinator's settings and report ranges. A
# partner's pages hold no number (still walked: no server error on any of them).
MINIMUM_TRIED = {"desk": 9, "coordinator": 30, "partner": 0, "administrator": 9}


def owners(victim: Victim) -> dict[str, Any]:
    library = victim.library
    return {
        "desk": UserFactory(library=library),
        "coordinator": UserFactory(coordinator=True, library=library),
        "partner": UserFactory(partner=True, organization=victim.organization),
        "administrator": UserFactory(is_staff=True, is_superuser=True, library=library),
    }


@pytest.mark.parametrize("role", ["desk", "coordinator", "partner", "administrator"])
def test_extreme_numbers_on_every_page_give_no_server_error(client, role):
    demo_load()
    victim = Victim()
    user = owners(victim)[role]
    sign_in(client, user)
    tried, problems = 0, []
    for name in sorted(set(url_names()) - SKIPPED):
        url = reverse(name, kwargs=fill(name, victim))
        count, found = post_extremes(client, url, user)
        tried, problems = tried + count, problems + found
    assert problems == []
    assert tried >= MINIMUM_TRIED[role]


def test_extreme_numbers_in_the_admin_give_no_server_error(client):
    demo_load()
    victim = Victim()
    user = owners(victim)["administrator"]
    sign_in(client, user)
    tried, problems = 0, []
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls = [reverse("admin:{}_{}_add".format(*info))]
        instance = model._default_manager.first()
        if isinstance(instance, models.Model):
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[instance.pk]))
        for url in urls:
            count, found = post_extremes(client, url, user)
            tried, problems = tried + count, problems + found
    assert problems == []
    assert tried >= 100

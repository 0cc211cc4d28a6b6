"""The main menu, which links to the pages of every app, and the landing page after login;
project level, like urls.py.

Each item is shown when the app's own permission function allows the page, so the rules stay
in the apps and `core` and `accounts` need not know the apps above them.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from plein.accounts.permissions import (
    is_administrator,
    is_coordinator,
    is_library_staff,
    is_partner,
)
from plein.activities.permissions import can_use_activities
from plein.appointments.permissions import can_follow_agenda
from plein.questions.permissions import can_manage_registration_lists
from plein.referrals.permissions import can_refer
from plein.reports.permissions import can_view_reports
from plein.schedule.permissions import can_read_roster
from plein.socialmap.permissions import can_read_directory

# The menu after the home item, in order: (who may use the page, label, URL name).
MENU: list[tuple[Callable[[Any], bool], StrOrPromise, str]] = [
    (is_partner, _("Onze gegevens"), "socialmap:partner_home"),
    (is_partner, _("Doorverwijzingen"), "referrals:partner_inbox"),
    (is_partner, _("Afspraak"), "referrals:partner_agreement"),
    (is_partner, _("Samenwerking"), "cooperation:partner_results"),
    (is_partner, _("Activiteiten"), "activities:partner_list"),
    (is_library_staff, _("Registreren"), "questions:desk"),
    (can_read_roster, _("Rooster"), "schedule:duty"),
    (can_refer, _("Doorverwijzingen"), "referrals:desk_list"),
    (can_read_directory, _("Partners"), "directory:list"),
    (can_follow_agenda, _("Afspraken"), "appointments:agenda"),
    (can_use_activities, _("Activiteiten"), "activities:list"),
    (can_view_reports, _("Rapportage"), "reports:dashboard"),
    (can_manage_registration_lists, _("Lijsten"), "questions:manage_home"),
    (is_coordinator, _("Organisaties"), "socialmap:manage_organizations"),
    (is_coordinator, _("Samenwerkingsafspraken"), "referrals:agreements"),
    (is_coordinator, _("Samenwerking meten"), "cooperation:list"),
    (is_coordinator, _("Mensen"), "accounts:people"),
    (is_coordinator, _("Actualiteit"), "socialmap:freshness"),
    (is_coordinator, _("Spreekuren"), "socialmap:hours_overview"),
    (is_coordinator, _("Schermen"), "schedule:displays"),
    (is_coordinator, _("Vraagwoordenboek"), "socialmap:dictionary"),
    (is_coordinator, _("Inzage doorverwijzing"), "referrals:coordinator_find"),
    (is_coordinator, _("Instellingen doorverwijzen"), "referrals:settings"),
    (is_coordinator, _("Geblokkeerde logins"), "accounts:lockouts"),
    (is_administrator, _("Beheer"), "admin:index"),
]


def navigation_for(user) -> list[tuple[StrOrPromise, str]]:
    """The main menu items (label, url) a signed-in user may use."""
    if not (user and user.is_authenticated):
        return []
    # Library staff start the day on "Vandaag"; their account page stays one link away.
    home = (
        (_("Vandaag"), reverse("schedule:today"))
        if can_read_roster(user)
        else (_("Overzicht"), reverse("accounts:dashboard"))
    )
    return [home] + [(label, reverse(name)) for allowed, label, name in MENU if allowed(user)]


def home_url_for(user) -> str:
    """Where a user lands after logging in: the first item of the menu."""
    items = navigation_for(user)
    return items[0][1] if items else reverse("accounts:login")


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The landing page after login (settings.LOGIN_REDIRECT_URL): the user's own home."""
    return redirect(home_url_for(request.user))


def nav_items(request: HttpRequest) -> dict:
    """Context processor: the menu of the signed-in user, for base.html."""
    user = getattr(request, "user", None)
    return {"nav_items": navigation_for(user) if user else []}

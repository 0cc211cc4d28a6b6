"""The main menu, which links to the pages of every app, and the landing page after login;
project level, like urls.py.

Each item is shown when the app's own permission function allows the page, so the rules stay
in the apps and `core` and `accounts` need not know the apps above them.
"""

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
from plein.questions.permissions import can_manage_registration_lists
from plein.referrals.permissions import can_refer
from plein.reports.permissions import can_view_reports
from plein.schedule.permissions import can_read_roster


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
    items: list[tuple[StrOrPromise, str]] = [home]
    if is_partner(user):
        items.append((_("Onze gegevens"), reverse("socialmap:partner_home")))
        items.append((_("Doorverwijzingen"), reverse("referrals:partner_inbox")))
        items.append((_("Afspraak"), reverse("referrals:partner_agreement")))
        items.append((_("Activiteiten"), reverse("activities:partner_list")))
    if is_library_staff(user):
        items.append((_("Registreren"), reverse("questions:desk")))
    if can_read_roster(user):
        items.append((_("Rooster"), reverse("schedule:duty")))
    if can_refer(user):
        items.append((_("Doorverwijzingen"), reverse("referrals:desk_list")))
    if can_use_activities(user):
        items.append((_("Activiteiten"), reverse("activities:list")))
    if can_view_reports(user):
        items.append((_("Rapportage"), reverse("reports:dashboard")))
    if can_manage_registration_lists(user):
        items.append((_("Lijsten"), reverse("questions:manage_home")))
    if is_coordinator(user):
        items.append((_("Organisaties"), reverse("socialmap:manage_organizations")))
        items.append((_("Samenwerkingsafspraken"), reverse("referrals:agreements")))
        items.append((_("Mensen"), reverse("accounts:people")))
        items.append((_("Actualiteit"), reverse("socialmap:freshness")))
        items.append((_("Spreekuren"), reverse("socialmap:hours_overview")))
        items.append((_("Schermen"), reverse("schedule:displays")))
        items.append((_("Vraagwoordenboek"), reverse("socialmap:dictionary")))
        items.append((_("Inzage doorverwijzing"), reverse("referrals:coordinator_find")))
        items.append((_("Instellingen doorverwijzen"), reverse("referrals:settings")))
        items.append((_("Geblokkeerde logins"), reverse("accounts:lockouts")))
    if is_administrator(user):
        items.append((_("Beheer"), reverse("admin:index")))
    return items


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

"""The main menu, which links to the pages of every app; project level, like urls.py.

Each item is shown when the app's own permission function allows the page, so the rules stay
in the apps and `core` and `accounts` need not know the apps above them.
"""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from plein.accounts.permissions import (
    is_administrator,
    is_coordinator,
    is_library_staff,
    is_partner,
)
from plein.questions.permissions import can_manage_registration_lists
from plein.referrals.permissions import can_refer
from plein.reports.permissions import can_view_reports


def navigation_for(user) -> list[tuple[StrOrPromise, str]]:
    """The main menu items (label, url) a signed-in user may use."""
    if not (user and user.is_authenticated):
        return []
    items: list[tuple[StrOrPromise, str]] = [(_("Overzicht"), reverse("accounts:dashboard"))]
    if is_partner(user):
        items.append((_("Onze gegevens"), reverse("socialmap:partner_home")))
        items.append((_("Doorverwijzingen"), reverse("referrals:partner_inbox")))
        items.append((_("Afspraak"), reverse("referrals:partner_agreement")))
    if is_library_staff(user):
        items.append((_("Registreren"), reverse("questions:desk")))
    if can_refer(user):
        items.append((_("Doorverwijzingen"), reverse("referrals:desk_list")))
    if can_view_reports(user):
        items.append((_("Rapportage"), reverse("reports:dashboard")))
    if can_manage_registration_lists(user):
        items.append((_("Lijsten"), reverse("questions:manage_home")))
    if is_coordinator(user):
        items.append((_("Organisaties"), reverse("socialmap:manage_organizations")))
        items.append((_("Samenwerkingsafspraken"), reverse("referrals:agreements")))
        items.append((_("Mensen"), reverse("accounts:people")))
        items.append((_("Actualiteit"), reverse("socialmap:freshness")))
        items.append((_("Inzage doorverwijzing"), reverse("referrals:coordinator_find")))
        items.append((_("Instellingen doorverwijzen"), reverse("referrals:settings")))
        items.append((_("Geblokkeerde logins"), reverse("accounts:lockouts")))
    if is_administrator(user):
        items.append((_("Beheer"), reverse("admin:index")))
    return items


def nav_items(request: HttpRequest) -> dict:
    """Context processor: the menu of the signed-in user, for base.html."""
    user = getattr(request, "user", None)
    return {"nav_items": navigation_for(user) if user else []}

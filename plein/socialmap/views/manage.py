"""Coordinators' pages for the social map."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from plein.accounts import selectors as account_selectors
from plein.accounts import services as account_services
from plein.accounts.forms import InvitationForm
from plein.accounts.http import AuthenticatedHttpRequest
from plein.accounts.models import Role
from plein.accounts.permissions import require_coordinator
from plein.core.forms import add_service_errors
from plein.socialmap import permissions, services
from plein.socialmap.forms import (
    FreshnessFilterForm,
    OrganizationFilterForm,
    OrganizationForm,
    ServiceNewForm,
    SynonymForm,
)
from plein.socialmap.models import Organization, Service, Synonym
from plein.socialmap.views.partner import freshness_state, history_of


@login_required
def freshness(request: HttpRequest) -> HttpResponse:
    """Which entries are stale: never or longest-ago confirmed first, per organisation."""
    library = require_coordinator(request.user)
    cutoff = services.freshness_cutoff()
    stale = Q(assured_date__isnull=True) | Q(assured_date__lt=cutoff)
    form = FreshnessFilterForm(request.GET or None, library=library)
    queryset = Service.objects.filter(library=library).select_related("organization")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            queryset = queryset.filter(name__icontains=data["q"])
        if data["organization"]:
            queryset = queryset.filter(organization=data["organization"])
        if data["state"] == "stale":
            queryset = queryset.filter(stale)
        elif data["state"] == "never":
            queryset = queryset.filter(assured_date__isnull=True)
        elif data["state"] == "fresh":
            queryset = queryset.filter(assured_date__gte=cutoff)
    queryset = queryset.order_by(F("assured_date").asc(nulls_first=True), "name")
    rows = [(service, freshness_state(service, cutoff=cutoff)) for service in queryset]

    organizations = list(
        Organization.objects.filter(library=library)
        .annotate(
            service_count=Count("services"),
            stale_count=Count("services", filter=Q(services__assured_date__isnull=True))
            + Count("services", filter=Q(services__assured_date__lt=cutoff)),
        )
        .filter(service_count__gt=0)
        .order_by("-stale_count", "name")
    )
    reminders = services.organization_last_reminders(
        organization_ids=[organization.pk for organization in organizations]
    )
    organization_rows = [
        (organization, reminders.get(str(organization.pk))) for organization in organizations
    ]

    totals = Service.objects.filter(library=library).aggregate(
        total=Count("pk"),
        stale=Count("pk", filter=stale),
        never=Count("pk", filter=Q(assured_date__isnull=True)),
    )
    context = {
        "form": form,
        "rows": rows,
        "organizations": organization_rows,
        "totals": totals,
        "cutoff": cutoff,
    }
    return render(request, "socialmap/freshness.html", context)


@login_required
def dictionary(request: HttpRequest) -> HttpResponse:
    """The library's own entries of the question dictionary: add one, remove one."""
    library = require_coordinator(request.user)
    form = SynonymForm(request.POST if "add" in request.POST else None)
    if request.method == "POST" and "remove" in request.POST:
        pk = request.POST.get("remove", "")
        if not pk.isdigit():
            raise Http404
        synonym = get_object_or_404(Synonym, pk=int(pk), library=library)
        services.synonym_remove(library=library, synonym=synonym, user=request.user)
        messages.success(request, _("Het woord is verwijderd."))
        return redirect("socialmap:dictionary")
    if request.method == "POST" and form.is_valid():
        services.synonym_add(library=library, user=request.user, **form.cleaned_data)
        messages.success(request, _("Het woord is toegevoegd. Het zoeken gebruikt het meteen."))
        return redirect("socialmap:dictionary")
    context = {
        "form": form,
        "own": Synonym.objects.filter(library=library).order_by("term"),
        "shared_count": Synonym.objects.filter(library__isnull=True).count(),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "socialmap/dictionary.html", context, status=status)


@login_required
def organizations(request: HttpRequest) -> HttpResponse:
    """The library's organisations: find one, add one, see which are partners or archived."""
    queryset = permissions.manageable_organizations(request.user)
    form = OrganizationFilterForm(request.GET or None)
    archived = False
    if form.is_valid():
        if form.cleaned_data["q"]:
            queryset = queryset.filter(name__icontains=form.cleaned_data["q"])
        archived = form.cleaned_data["archived"]
    if not archived:
        queryset = queryset.filter(archived_at__isnull=True)
    queryset = queryset.annotate(service_count=Count("services")).order_by("name")
    return render(
        request, "socialmap/manage/organizations.html", {"form": form, "organizations": queryset}
    )


@require_http_methods(["GET", "POST"])
@login_required
def organization_new(request: HttpRequest) -> HttpResponse:
    library = require_coordinator(request.user)
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(
                library=library, data=form.organization_data(), user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De organisatie is toegevoegd."))
            return redirect("socialmap:manage_organization", pk=organization.pk)
    status = 400 if form.errors else 200
    return render(request, "socialmap/manage/organization_new.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def organization_edit(request: HttpRequest, pk) -> HttpResponse:
    """An organisation's own page for the coordinator: its details, services and people."""
    organization = permissions.get_organization_for_user(request.user, pk)
    posted = request.POST if request.method == "POST" else None
    form = OrganizationForm(posted, organization=organization)
    if posted is not None and form.is_valid():
        try:
            changes = services.organization_update(
                organization=organization, data=form.organization_data(), user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if changes:
                messages.success(request, _("De wijzigingen zijn opgeslagen."))
            else:
                messages.info(request, _("Er was niets veranderd."))
            return redirect("socialmap:manage_organization", pk=organization.pk)
    return _organization_page(request, organization, form=form)


def _organization_page(request, organization, *, form=None, invite_form=None, service_form=None):
    context = {
        "organization": organization,
        "form": form or OrganizationForm(organization=organization),
        "invite_form": invite_form or InvitationForm(prefix="invite"),
        "invite_url": reverse(
            "socialmap:manage_organization_invite", kwargs={"pk": organization.pk}
        ),
        "service_form": service_form or ServiceNewForm(prefix="service"),
        "services": organization.services.order_by("name"),
        "people": account_selectors.partner_users(organization_id=organization.pk),
        "history": history_of(organization),
    }
    bound = [f for f in (form, invite_form, service_form) if f is not None and f.errors]
    status = 400 if bound else 200
    return render(request, "socialmap/manage/organization.html", context, status=status)


@require_POST
@login_required
def organization_archive(request: HttpRequest, pk) -> HttpResponse:
    organization = permissions.get_organization_for_user(request.user, pk)
    if request.POST.get("restore") == "1":
        services.organization_restore(organization=organization, user=request.user)
        messages.success(request, _("De organisatie is uit het archief gehaald."))
        return redirect("socialmap:manage_organization", pk=organization.pk)
    try:
        count = services.organization_archive(organization=organization, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "De organisatie is gearchiveerd; %(count)d dienst staat niet meer op de kaart.",
                "De organisatie is gearchiveerd; %(count)d diensten staan niet meer op de kaart.",
                count,
            )
            % {"count": count},
        )
    return redirect("socialmap:manage_organization", pk=organization.pk)


@require_POST
@login_required
def service_new(request: HttpRequest, pk) -> HttpResponse:
    organization = permissions.get_organization_for_user(request.user, pk)
    form = ServiceNewForm(request.POST, prefix="service")
    if form.is_valid():
        try:
            service = services.service_create(
                organization=organization, data=form.service_data(), user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De dienst is toegevoegd. Vul de gegevens verder aan."))
            return redirect("socialmap:service_edit", pk=service.pk)
    return _organization_page(request, organization, service_form=form)


@require_POST
@login_required
def organization_invite(request: AuthenticatedHttpRequest, pk) -> HttpResponse:
    """Invite a member of a partner's staff; the link makes a partner account for this
    organisation, with two-factor set up straight away."""
    organization = permissions.get_organization_for_user(request.user, pk)
    form = InvitationForm(request.POST, prefix="invite")
    if form.is_valid():
        try:
            account_services.invitation_create(
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                role=Role.PARTNER,
                organization=organization,
                invited_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De uitnodiging is verstuurd."))
            return redirect("socialmap:manage_organization", pk=organization.pk)
    return _organization_page(request, organization, invite_form=form)

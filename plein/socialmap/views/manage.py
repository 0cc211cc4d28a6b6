"""Coordinators' pages for the social map."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from plein.accounts.permissions import require_coordinator
from plein.socialmap import services
from plein.socialmap.forms import FreshnessFilterForm, SynonymForm
from plein.socialmap.models import Organization, Service, Synonym
from plein.socialmap.views.partner import freshness_state


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

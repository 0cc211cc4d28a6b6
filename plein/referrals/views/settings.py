from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plein.accounts import permissions
from plein.referrals.forms.settings import ReferralSettingsForm
from plein.referrals.services.lifecycle import referral_settings_get, referral_settings_update

FIELDS = ("reminder_working_days", "escalation_working_days", "retention_days")


@require_http_methods(["GET", "POST"])
@login_required
def referral_settings(request: HttpRequest) -> HttpResponse:
    library = permissions.require_coordinator(request.user)
    current = referral_settings_get(library=library)
    initial = {name: getattr(current, name) for name in FIELDS}
    form = ReferralSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        referral_settings_update(settings_row=current, values=form.cleaned_data, user=request.user)
        messages.success(request, _("De instellingen voor doorverwijzen zijn opgeslagen."))
        return redirect("referrals:settings")
    status = 400 if form.errors else 200
    context = {"form": form, "library": library}
    return render(request, "referrals/settings/edit.html", context, status=status)

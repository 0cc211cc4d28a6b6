"""The referral block on the public service page: "Warm doorverwijzen" for the library's staff,
"Bel mij terug" for residents when the organisation offers it."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from plein.referrals import permissions
from plein.referrals.selectors.desk import OFFERED
from plein.referrals.services.callback import callback_offered

register = template.Library()


@register.inclusion_tag("referrals/public/service_block.html", takes_context=True)
def referral_service_block(context) -> dict:
    from plein.referrals.views.public import callback_form_for

    service = context.get("service")
    request = context.get("request")
    if service is None or request is None or service.status not in OFFERED:
        return {}
    user = request.user
    if permissions.can_refer(user) and user.library_id == service.library_id:
        if not service.organization.is_partner:
            return {}
        query = urlencode({"service": service.pk})
        return {"refer_url": f"{reverse('referrals:desk_new')}?{query}"}
    if callback_offered(service=service):
        return {"request": request, **callback_form_for(service=service)}
    return {}


@register.filter
def offers_callback(service) -> bool:
    """Whether residents can ask this service to call them back ("Bel mij terug")."""
    return service is not None and callback_offered(service=service)

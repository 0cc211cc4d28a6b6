"""Who may do what with the self-assessment: coordinators run their library's rounds and see
who answered (never what); partners answer through their signed link and, like the partner
accounts of their organisation, see the network's results once a round is closed."""

from django.http import Http404

from plein.accounts.permissions import require_coordinator
from plein.cooperation.models import Assessment


def get_assessment_for_coordinator(user, pk: int) -> Assessment:
    """A round of the coordinator's own library; another library's is a 404, never a hint."""
    library = require_coordinator(user)
    assessment = (
        Assessment.objects.for_library(library).select_related("library").filter(pk=pk).first()
    )
    if assessment is None:
        raise Http404
    return assessment

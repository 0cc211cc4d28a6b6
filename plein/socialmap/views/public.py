from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from plein.core.models import Library


def search(request: HttpRequest, library_slug: str) -> HttpResponse:
    library = get_object_or_404(Library, slug=library_slug)
    return render(request, "socialmap/search.html", {"library": library})

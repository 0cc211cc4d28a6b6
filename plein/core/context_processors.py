from django.http import HttpRequest


def plein(request: HttpRequest) -> dict:
    from plein.accounts import permissions

    user = getattr(request, "user", None)
    return {"nav_items": permissions.navigation_for(user) if user else []}

from django.http import HttpResponse


def desk(request):  # placeholder until the desk work package lands
    return HttpResponse("desk")

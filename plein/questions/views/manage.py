from django.http import HttpResponse


def manage_home(request):  # placeholder until the options work package lands
    return HttpResponse("manage")

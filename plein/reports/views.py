from django.http import HttpResponse


def dashboard(request):  # placeholder until the reports work package lands
    return HttpResponse("reports")

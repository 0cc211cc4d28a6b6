from plein.questions.urls_desk import urlpatterns as desk_urlpatterns
from plein.questions.urls_manage import urlpatterns as manage_urlpatterns

app_name = "questions"

urlpatterns = desk_urlpatterns + manage_urlpatterns

from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from plein.accounts import urls_totp, views
from plein.accounts.forms import ThrottledPasswordResetForm

app_name = "accounts"

account_urlpatterns = [
    path(
        "inloggen/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "wachtwoord-vergeten/",
        auth_views.PasswordResetView.as_view(
            form_class=ThrottledPasswordResetForm,
            template_name="accounts/password_reset.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-instellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-instellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation_accept"),
    *urls_totp.urlpatterns,
]

urlpatterns = [
    path("overzicht/", views.dashboard, name="dashboard"),
    path("beheer/inloggen-geblokkeerd/", views.lockouts, name="lockouts"),
    path(
        "beheer/tweestapsverificatie-resetten/",
        views.two_factor_reset,
        name="two_factor_reset",
    ),
    path("beheer/mensen/", views.people, name="people"),
    path("beheer/mensen/uitnodigen/", views.invite_desk, name="invite_desk"),
    path("beheer/mensen/<int:pk>/actief/", views.person_active, name="person_active"),
    path(
        "beheer/uitnodigingen/<int:pk>/intrekken/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("account/", include(account_urlpatterns)),
]

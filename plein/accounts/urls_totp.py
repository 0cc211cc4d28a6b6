"""Two-factor authentication; included in plein/accounts/urls.py (namespace "accounts")."""

from django.urls import path

from plein.accounts import views_totp

urlpatterns = [
    path("tweestapsverificatie/", views_totp.verify, name="totp_verify"),
    path("tweestapsverificatie/instellen/", views_totp.setup, name="totp_setup"),
    path("tweestapsverificatie/uitzetten/", views_totp.remove, name="totp_remove"),
    path("tweestapsverificatie/reservecodes/", views_totp.backup_codes, name="totp_backup_codes"),
]

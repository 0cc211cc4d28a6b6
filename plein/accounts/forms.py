"""Account forms that differ from Django's own."""

from django.contrib.auth.forms import PasswordResetForm

from plein.accounts import services


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending at most a few mails per address per hour.

    The page answers the same whether a mail went out or not, so nobody learns from it which
    addresses have an account, or that the limit was reached."""

    def save(self, *args, **kwargs) -> None:
        if services.password_reset_mail_allowed(email=self.cleaned_data["email"]):
            super().save(*args, **kwargs)

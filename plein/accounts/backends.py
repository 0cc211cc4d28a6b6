"""Authentication: Django's model backend, loading the user's library with the user."""

from django.contrib.auth.backends import ModelBackend

from plein.accounts.models import User


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        # Nearly every page needs the library next: one query instead of two.
        try:
            user = User._default_manager.select_related("library").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

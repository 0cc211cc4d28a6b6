def outbox_may_read(user) -> bool:
    """The development outbox holds what partners and residents would receive: administrators
    (superusers) only."""
    return bool(user.is_active and user.is_superuser)

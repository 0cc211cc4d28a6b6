"""E-mail notifications about referrals. They never carry personal data: only that something
happened, the organisation's or library's name, and a link."""


def referral_created(*, referral) -> None:  # written by the PARTNER work package
    pass


def referral_status_changed(*, referral, from_status: str) -> None:  # PARTNER work package
    pass


def consent_withdrawn(*, referral) -> None:  # PARTNER work package
    pass

"""Every audit action the accounts app writes, in one place."""

TOTP_FAILED = "accounts.totp.failed"
TOTP_CONFIRMED = "accounts.totp.confirmed"
LOGIN_UNLOCKED = "accounts.login.unlocked"

"""Every audit action the accounts app writes, in one place."""

TOTP_FAILED = "accounts.totp.failed"
TOTP_CONFIRMED = "accounts.totp.confirmed"
TOTP_REMOVED = "accounts.totp.removed"
BACKUP_CODES_MADE = "accounts.totp.backup_codes_made"
BACKUP_CODE_USED = "accounts.totp.backup_code_used"
LOGIN_UNLOCKED = "accounts.login.unlocked"
INSTALLATION_SET_UP = "accounts.installation.set_up"

"""Every audit action the referrals app writes, in one place (written only by its services)."""

from plein.referrals.models import Status

SETTINGS_UPDATED = "referrals.settings.updated"
REFERRAL_CREATED = "referrals.referral.created"
REFERRAL_CONTACT_VIEWED = "referrals.referral.contact_viewed"
REFERRAL_PURGED = "referrals.referral.purged"
REFERRAL_REMINDED = "referrals.referral.reminded"
REFERRAL_ESCALATED = "referrals.referral.escalated"
CONSENT_WITHDRAWN = "referrals.consent.withdrawn"
INBOX_CLAIMED = "referrals.inbox.claimed"
# Text that looked like a name was kept on purpose ("Toch opslaan"): counted, not the text.
NAME_CONFIRMED = "referrals.referral.name_confirmed"

# A status change is logged under the status it moved to.
REFERRAL_STATUS_CHANGED = {
    Status.REQUESTED: "referrals.referral.requested",
    Status.RECEIVED: "referrals.referral.received",
    Status.ACCEPTED: "referrals.referral.accepted",
    Status.IN_PROGRESS: "referrals.referral.in_progress",
    Status.ON_HOLD: "referrals.referral.on_hold",
    Status.COMPLETED: "referrals.referral.completed",
    Status.REJECTED: "referrals.referral.rejected",
    Status.CANCELLED: "referrals.referral.cancelled",
    Status.FAILED: "referrals.referral.failed",
    Status.ENTERED_IN_ERROR: "referrals.referral.entered_in_error",
}
AGREEMENT_CREATED = "referrals.agreement.created"
AGREEMENT_UPDATED = "referrals.agreement.updated"
REFERRAL_TRANSFERRED = "referrals.referral.transferred"

"""Every audit action the cooperation app writes, in one place (written only by its services)."""

ASSESSMENT_STARTED = "cooperation.assessment.started"
ASSESSMENT_REMINDED = "cooperation.assessment.reminded"
RESPONSE_SUBMITTED = "cooperation.response.submitted"
RESPONSE_CHANGED = "cooperation.response.changed"

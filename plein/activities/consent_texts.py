# ruff: noqa: E501  (prose: one paragraph per line)
"""The consent text for an activity sign-up, by version, in plain Dutch (B1) and English.

A sign-up records the version the resident agreed to; a version once used is never changed:
add a new one and raise CURRENT_VERSION. Placeholder: {retention_days}.
"""

CURRENT_VERSION = 1

TEXTS = {
    1: {
        "nl": "Wij bewaren uw naam en uw telefoonnummer of e-mailadres om u aan te melden, u een bevestiging en een herinnering te sturen en u te bellen als er een plaats vrijkomt. Alleen de bibliotheek ziet ze. Ze staan versleuteld opgeslagen en worden {retention_days} dagen na de activiteit gewist. U kunt zich altijd afmelden.",
        "en": "We keep your name and your phone number or e-mail address to sign you up, to send you a confirmation and a reminder and to call you when a seat becomes free. Only the library sees them. They are stored encrypted and deleted {retention_days} days after the activity. You can always cancel.",
    }
}


def consent_text(*, version: int = CURRENT_VERSION, language: str, retention_days: int) -> str:
    body = TEXTS[version]["en" if language == "en" else "nl"]
    return body.replace("{retention_days}", str(retention_days))

# ruff: noqa: E501  (prose: one paragraph per line)
"""The consent texts for an appointment, by version, in plain Dutch (B1) and English.

A booking records the version it was given under; a version once used is never changed: add a
new one and raise CURRENT_VERSION. Placeholders: {organization}, {retention_days}.
"""

CURRENT_VERSION = 1

TEXTS = {
    1: {
        "nl": """Mogen wij uw gegevens bewaren voor deze afspraak?

Wij bewaren uw naam en uw telefoonnummer of e-mailadres, en uw korte vraag als u die geeft.

Wie ziet ze? {organization}, die het spreekuur houdt, en de bibliotheek die de afspraak maakt.
Waarvoor? Om de afspraak te maken, u te herinneren, en u te bereiken als de afspraak niet doorgaat.
Hoe lang? Tot {retention_days} dagen na de afspraak. Dan worden ze gewist.

U mag altijd nee zeggen. Dan kunt u gewoon langskomen op het spreekuur, zonder afspraak als dat kan. U kunt de afspraak altijd afzeggen.

De gegevens staan versleuteld opgeslagen.""",
        "en": """May we keep your details for this appointment?

We keep your name and your phone number or e-mail address, and your short question if you give one.

Who sees them? {organization}, who hold the consultation hour, and the library that makes the appointment.
What for? To make the appointment, to remind you, and to reach you if the appointment cannot go ahead.
For how long? Until {retention_days} days after the appointment. Then they are deleted.

You may always say no. You can then simply come to the consultation hour, without an appointment where possible. You can always cancel the appointment.

Your details are stored encrypted.""",
    },
}


def consent_text(*, version: int, language: str, organization: str, retention_days: int) -> str:
    body = TEXTS[version]["en" if language == "en" else "nl"]
    return body.format(organization=organization, retention_days=retention_days)

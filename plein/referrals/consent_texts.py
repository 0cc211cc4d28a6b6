# ruff: noqa: E501  (prose: one paragraph per line)
"""The installation's default consent text (version 1), in plain Dutch (B1) and English.

Placeholders: {organization}, {service}, {data}, {purpose}, {retention_days}.
A library may add newer versions; a version once used is never changed.
"""

BODY_NL = """Mogen wij uw gegevens doorgeven?

Wij geven uw gegevens alleen door als u dat goed vindt.

Wie krijgt uw gegevens? {organization} ({service}).
Welke gegevens? {data}.
Waarvoor? {purpose}
Hoe lang? Tot uw vraag klaar is. Daarna bewaren wij uw gegevens nog {retention_days} dagen. Dan worden ze gewist.

U mag altijd nee zeggen. U kunt ook later nog zeggen dat u het niet meer wilt. Dat heet toestemming intrekken. Zeg het tegen de bibliotheek of tegen {organization}. Wij wissen uw gegevens dan meteen.

De gegevens staan versleuteld opgeslagen. Alleen {organization} kan ze zien."""

BODY_EN = """May we pass on your details?

We only pass on your details if you agree.

Who receives your details? {organization} ({service}).
Which details? {data}.
What for? {purpose}
For how long? Until your question has been dealt with. After that we keep your details for {retention_days} more days. Then they are deleted.

You may always say no. You can also change your mind later. This is called withdrawing consent. Tell the library or {organization}. We will then delete your details at once.

Your details are stored encrypted. Only {organization} can see them."""

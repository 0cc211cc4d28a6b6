"""A guard against personal data in short free texts (registration notes, referral summaries).

personal_data_problems(text) returns a Dutch reason per kind of personal data found:
e-mail addresses, phone numbers, a BSN that passes the 11-check, a postcode with a house
number, a date of birth. An empty list means nothing was found.
"""


def personal_data_problems(text: str) -> list[str]:
    raise NotImplementedError("written by the options/guard work package")

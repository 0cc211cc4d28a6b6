"""Log records never carry the secret of a signed link.

A partner's "ontvangen" link, a resident's withdrawal link, a reminder's confirmation link and a
password-reset link each hold a token that is the permission itself. The server log (runserver,
django.request) writes the request path, so the token part of those paths is replaced before a
record is written. The prefixes are settings.PLEIN_LOG_TOKEN_PATHS.
"""

import logging
import re
from functools import lru_cache

from django.conf import settings

HIDDEN = "[verborgen]"


@lru_cache(maxsize=4)
def _pattern(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(prefix) for prefix in prefixes)
    return re.compile(f"({alternatives})[^\\s\"'?#]*[^\\s\"'?#/]")


def token_paths_hidden(text: str) -> str:
    prefixes = tuple(getattr(settings, "PLEIN_LOG_TOKEN_PATHS", ()))
    return _pattern(prefixes).sub(rf"\g<1>{HIDDEN}", text) if prefixes else text


class HideTokens(logging.Filter):
    """A logging filter: the record's message with the tokens of signed links hidden."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = token_paths_hidden(message)
        if hidden != message:
            record.msg, record.args = hidden, ()
        return True


class OneLineForbidden(logging.Filter):
    """A refused request (403) is logged as one line, without the traceback of the
    PermissionDenied that refused it: it is an expected answer, not an error in Plein."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info, record.exc_text = None, None
        return True

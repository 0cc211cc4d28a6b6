"""The server log never shows the token of a signed link."""

import logging

from django.test import Client

from plein.core.logging import HIDDEN, token_paths_hidden

TOKEN = "eyJyIjoiMTIzIn0:1tAbCd:Zx9yQwErTy-uIoP_asdfGhjkl"


def test_the_token_part_of_a_signed_link_is_hidden():
    line = f'"GET /ontvangen/{TOKEN}/ HTTP/1.1" 200 1234'
    assert token_paths_hidden(line) == f'"GET /ontvangen/{HIDDEN}/ HTTP/1.1" 200 1234'
    reset = "/account/wachtwoord-instellen/MQ/cdx1-0123456789abcdef0123456789abcdef/"
    assert "0123456789abcdef" not in token_paths_hidden(reset)
    assert token_paths_hidden("/sociale-kaart/beekveld/") == "/sociale-kaart/beekveld/"


def test_a_request_to_a_signed_link_is_logged_without_its_token(db, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        for prefix in ("/ontvangen/", "/doorverwijzingen/intrekken/", "/bevestigen/"):
            client.get(f"{prefix}{TOKEN}/")
    (console,) = [h for h in logging.getLogger().handlers if h.filters]
    handler_filter = console.filters[0]
    written = []
    for record in caplog.records:
        handler_filter.filter(record)
        written.append(record.getMessage())
    assert written, "the bad links were not logged, so this test would prove nothing"
    assert all(TOKEN not in line and TOKEN[:12] not in line for line in written)


def test_runserver_s_request_log_goes_through_the_filter():
    server = logging.getLogger("django.server")
    assert [type(f).__name__ for h in server.handlers for f in h.filters] == ["HideTokens"]

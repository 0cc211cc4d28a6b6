"""The development outbox: e-mails written to files and listed on a page, not sent.

In development (PLEIN_DEV or PLEIN_DEBUG) Plein's e-mail backend is `OutboxBackend`: every
message is stored as an .eml file in settings.PLEIN_OUTBOX_DIR and one line on the console says
so; /ontwikkeling/e-mails/ lists them for an administrator. Production sends through SMTP and
has no such page.
"""

import email
import email.policy
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage as ParsedMessage
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

OUTBOX_SHOWN = 200


def outbox_dir() -> Path:
    return Path(settings.PLEIN_OUTBOX_DIR)


def outbox_enabled() -> bool:
    return bool(settings.DEBUG or settings.PLEIN_DEV)


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = outbox_dir()
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{uuid.uuid4().hex[:8]}.eml"
            (folder / name).write_bytes(message.message().as_bytes())
            recipients = ", ".join(message.recipients())
            sys.stdout.write(f"E-mail in de outbox: {message.subject!r} aan {recipients}\n")
        return len(email_messages)


@dataclass(frozen=True)
class OutboxMessage:
    name: str
    sent_at: datetime
    sender: str
    to: str
    subject: str
    body: str


def _body(parsed: ParsedMessage) -> str:
    part = parsed.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""


def _sent_at(parsed: ParsedMessage, path: Path) -> datetime:
    header = parsed["Date"]
    if header is not None and getattr(header, "datetime", None):
        return header.datetime
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.get_default_timezone())


def outbox_messages(*, limit: int = OUTBOX_SHOWN) -> list[OutboxMessage]:
    """The newest messages first."""
    folder = outbox_dir()
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.eml"), reverse=True)[:limit]
    messages = []
    for path in files:
        parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(parsed, ParsedMessage)
        messages.append(
            OutboxMessage(
                name=path.stem,
                sent_at=_sent_at(parsed, path),
                sender=str(parsed["From"] or ""),
                to=str(parsed["To"] or ""),
                subject=str(parsed["Subject"] or ""),
                body=_body(parsed),
            )
        )
    return messages

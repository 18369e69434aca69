"""What a notifier plugin implements: deliver one message somewhere (a webhook, e-mail, ...).

The core decides what is worth telling (the rules of ``notifications.yaml``) and builds a
:class:`Message`; a notifier only delivers it. ``send`` runs on the runner's event loop
but never inside a bot's turn: the core queues messages and a failed or slow delivery
only costs that notifier, never a bot. Credentials in ``Params`` are typed
:data:`~runner.api.connection.Secret` and arrive resolved (``SecretStr``), so a repr or
a log line shows ``**********``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from runner.api.base import P, Plugin, PluginKind

__all__ = ["Attachment", "Message", "Notifier", "NotifierError"]


class NotifierError(Exception):
    """A delivery that failed for good (after the notifier's own retries); the core logs
    it with the notifier's name and counts it."""


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str  # "image/png"
    data: bytes


@dataclass(frozen=True, slots=True)
class Message:
    """One notification: a subject line, a plain-text body and, for an event, the event.

    ``kind`` is the event's kind (``fill``, ``order_rejected``, ...) or ``daily_report``;
    ``event`` is the event's JSON payload with ``bot`` and ``ts`` (empty for a report).
    """

    kind: str
    subject: str
    text: str
    bot: str = ""
    ts: int = 0
    event: dict[str, Any] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The JSON a webhook posts (attachments by name and size only)."""
        return {
            "kind": self.kind,
            "bot": self.bot,
            "ts": self.ts,
            "subject": self.subject,
            "text": self.text,
            "event": self.event,
            "attachments": [
                {"filename": a.filename, "content_type": a.content_type, "bytes": len(a.data)}
                for a in self.attachments
            ],
        }


class Notifier(Plugin[P]):
    """Base of every notifier: ``name`` is what ``notifications.yaml`` writes after ``use:``."""

    kind: ClassVar[PluginKind] = PluginKind.NOTIFIER
    takes_attachments: ClassVar[bool] = True
    """False for a channel that cannot carry files: the daily report is sent as text."""

    async def send(self, message: Message) -> None:
        """Deliver ``message``; raise :class:`NotifierError` (or any exception) on failure."""
        raise NotImplementedError

    async def close(self) -> None:
        """Release connections at shutdown (after the last ``send``)."""

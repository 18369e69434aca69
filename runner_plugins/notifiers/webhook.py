"""``webhook``: each message POSTed as JSON to a URL, retried with the project's backoff.

The request runs in a worker thread (``urllib``) so a slow receiver never holds the event
loop; each attempt has its own timeout, and the pauses between attempts come from
:class:`~runner.api.Backoff`. A header value may be a secret (``Authorization``), kept
masked like every credential.
"""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import Field, SecretStr, field_validator

from runner.api import Backoff, Message, Notifier, NotifierError, Params
from runner.api.connection import Secret


class WebhookParams(Params):
    url: str = Field(description="http:// or https:// address the JSON is POSTed to.")
    headers: dict[str, Secret] = Field(
        default_factory=dict,
        description="Extra request headers; values may be {env: VAR} or {credentials: KEY}.",
    )
    timeout: float = Field(10.0, gt=0, le=300, description="Seconds per attempt.")
    retries: int = Field(3, ge=0, le=20, description="Attempts after the first one.")
    backoff: float = Field(1.0, gt=0, le=600, description="First pause between attempts (s).")
    max_backoff: float = Field(60.0, gt=0, le=3600, description="Longest pause (s).")

    @field_validator("url")
    @classmethod
    def _http(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("expected an http:// or https:// URL")
        return v


class WebhookNotifier(Notifier[WebhookParams]):
    """POST each notification as JSON to a URL (chat bridges, incident tools, your own)."""

    name = "webhook"
    Params = WebhookParams
    takes_attachments = False

    def __init__(self, params: WebhookParams) -> None:
        super().__init__(params)
        self.sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep
        self.pauses = Backoff(min(params.backoff, params.max_backoff), params.max_backoff)

    async def send(self, message: Message) -> None:
        body = json.dumps(message.to_json(), default=str).encode()
        last = ""
        for attempt in range(self.params.retries + 1):
            if attempt:
                await self.sleep(self.pauses.delay(attempt - 1))
            try:
                await asyncio.to_thread(self._post, body)
                return
            except urllib.error.HTTPError as exc:
                last = f"HTTP {exc.code} {exc.reason}"
                if 400 <= exc.code < 500 and exc.code not in (408, 429):
                    break  # the receiver refuses this request: asking again will not help
            except (OSError, ValueError) as exc:
                last = f"{type(exc).__name__}: {exc}"
        raise NotifierError(f"POST {self.params.url} failed after {attempt + 1} attempt(s): {last}")

    def _post(self, body: bytes) -> None:
        headers = {"Content-Type": "application/json", "User-Agent": "runner-notifier"}
        for key, value in self.params.headers.items():
            headers[key] = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
        req = urllib.request.Request(self.params.url, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(req, timeout=self.params.timeout) as resp:
            resp.read()

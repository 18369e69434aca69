"""``email``: each message sent over SMTP, upgraded with STARTTLS before any login.

``smtplib`` runs in a worker thread so the event loop never waits on a mail server. The
password is a :data:`~runner.api.connection.Secret`: it reaches ``login`` and nothing
else (smtplib's debug output stays off).
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from pydantic import Field, SecretStr, model_validator

from runner.api import Message, Notifier, NotifierError, Params
from runner.api.connection import Secret


class EmailParams(Params):
    host: str = Field(min_length=1, description="SMTP server.")
    port: int = Field(587, ge=1, le=65535, description="SMTP port (587: submission).")
    sender: str = Field(alias="from", min_length=3, description="The From address.")
    to: list[str] = Field(min_length=1, description="Recipients.")
    username: Secret | None = Field(None, description="Login; {env: VAR} or {credentials: KEY}.")
    password: Secret | None = Field(None, description="{env: VAR} or {credentials: KEY}.")
    starttls: bool = Field(True, description="Upgrade to TLS before login (refuse if refused).")
    ca_file: str | None = Field(
        None, description="CA bundle trusted for the server's certificate (default: system's)."
    )
    timeout: float = Field(20.0, gt=0, le=300, description="Seconds for the whole exchange.")
    subject_prefix: str = Field("[runner] ", description="Put before every subject.")

    @model_validator(mode="after")
    def _login_over_tls(self) -> EmailParams:
        if self.password is not None and not self.starttls:
            raise ValueError("a password is only sent after STARTTLS: set starttls: true")
        if (self.username is None) != (self.password is None):
            raise ValueError("give both username and password, or neither")
        return self


class EmailNotifier(Notifier[EmailParams]):
    """E-mail over SMTP with STARTTLS; the daily report carries the equity PNG."""

    name = "email"
    Params = EmailParams

    async def send(self, message: Message) -> None:
        mail = self.compose(message)
        try:
            await asyncio.to_thread(self._deliver, mail)
        except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
            raise NotifierError(
                f"SMTP {self.params.host}:{self.params.port}: {type(exc).__name__}: {exc}"
            ) from None

    def compose(self, message: Message) -> EmailMessage:
        p = self.params
        mail = EmailMessage()
        mail["Subject"] = f"{p.subject_prefix}{message.subject}"
        mail["From"] = p.sender
        mail["To"] = ", ".join(p.to)
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = make_msgid(domain=p.sender.rpartition("@")[2] or None)
        mail.set_content(message.text)
        for a in message.attachments:
            main, _, sub = a.content_type.partition("/")
            mail.add_attachment(a.data, maintype=main, subtype=sub, filename=a.filename)
        return mail

    def _context(self) -> ssl.SSLContext:
        ca = self.params.ca_file
        return ssl.create_default_context(cafile=str(Path(ca).expanduser()) if ca else None)

    def _deliver(self, mail: EmailMessage) -> None:
        p = self.params
        with smtplib.SMTP(p.host, p.port, timeout=p.timeout) as smtp:
            smtp.ehlo()
            if p.starttls:
                if not smtp.has_extn("starttls"):
                    raise NotifierError(f"{p.host}:{p.port} does not offer STARTTLS")
                smtp.starttls(context=self._context())
                smtp.ehlo()
            if p.username is not None and p.password is not None:
                smtp.login(_plain(p.username), _plain(p.password))
            smtp.send_message(mail)


def _plain(value: object) -> str:
    return value.get_secret_value() if isinstance(value, SecretStr) else str(value)

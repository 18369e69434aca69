"""Built-in notifiers: a JSON webhook and e-mail over SMTP with STARTTLS."""

from __future__ import annotations

from runner.api import Notifier, hookimpl
from runner_plugins.notifiers.email import EmailNotifier
from runner_plugins.notifiers.webhook import WebhookNotifier


@hookimpl
def register_notifiers() -> list[type[Notifier]]:
    return [WebhookNotifier, EmailNotifier]

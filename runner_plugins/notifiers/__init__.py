"""Built-in notifiers: a JSON webhook and e-mail over SMTP with STARTTLS."""

from runner.api import hookimpl
from runner.api.registry import deferred, lazy_exports

REFS = (
    deferred("notifier", "webhook", "runner_plugins.notifiers.webhook:WebhookNotifier"),
    deferred("notifier", "email", "runner_plugins.notifiers.email:EmailNotifier"),
)
"""Registered by name: a module is imported when a notification target uses its notifier."""

__getattr__ = lazy_exports(REFS, __name__)


@hookimpl
def register_notifiers() -> list:
    return list(REFS)

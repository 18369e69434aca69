"""The e-mail notifier against a real SMTP server (STARTTLS, login), its failures, and when
the daily report is due on an injected clock."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest
from notify_support import PASSWORD, USER, SmtpServer, free_port
from pydantic import SecretStr

from runner.api import Attachment, Message
from runner.config.notifications import DailyReport, Notifications
from runner.events import Event
from runner.runtime.daily_report import DailySchedule
from runner.runtime.notify import NotificationService
from runner_plugins.notifiers.email import EmailNotifier, EmailParams
from tests.waiting import until

NY = zoneinfo.ZoneInfo("America/New_York")


def params(smtp: SmtpServer, password: str = PASSWORD, **kw: object) -> EmailParams:
    return EmailParams.model_validate(
        {
            "host": "127.0.0.1",
            "port": smtp.port,
            "from": "runner@example.test",
            "to": ["desk@example.test"],
            "username": USER,
            "password": password,
            "ca_file": str(smtp.certs.ca_file),
            **kw,
        }
    )


async def test_a_message_with_an_attachment_arrives_over_starttls(tmp_path: Path) -> None:
    with SmtpServer(tmp_path) as smtp:
        notifier = EmailNotifier(params(smtp))
        png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
        await notifier.send(
            Message(
                kind="risk_limit",
                subject="gc: risk_limit",
                text="limit: max_daily_loss\n",
                attachments=(Attachment("equity.png", "image/png", png),),
            )
        )
    (got,) = smtp.handler.received
    assert got.tls and got.login == USER
    assert got.message["Subject"] == "[runner] gc: risk_limit"
    body = got.message.get_body(preferencelist=("plain",))
    assert body is not None and body.get_content().splitlines() == ["limit: max_daily_loss"]
    (att,) = list(got.message.iter_attachments())
    assert att.get_filename() == "equity.png" and att.get_content() == png
    assert isinstance(notifier.params.password, SecretStr)
    assert PASSWORD not in repr(notifier.params)


async def test_a_wrong_password_is_a_logged_failure_without_the_password(tmp_path: Path) -> None:
    wrong = "not-the-password-4410"
    with SmtpServer(tmp_path) as smtp:
        config = Notifications(
            "notifications.yaml",
            "UTC",
            notifiers={"mail": (EmailNotifier, params(smtp, wrong))},
        )
        logged: list[Event] = []
        svc = NotificationService(config, logged.append, lambda: 0)
        svc.start()
        svc.post(Message(kind="fill", subject="s", text="t"), ["mail"])
        await until(lambda: svc.tally["mail"].failed == 1, 60)
        await svc.stop()
    assert not smtp.handler.received
    (warning,) = logged
    text = warning.payload()["message"]
    assert "notifier 'mail'" in text and "SMTPAuthenticationError" in text
    assert wrong not in text and PASSWORD not in text


async def test_an_untrusted_certificate_is_refused(tmp_path: Path) -> None:
    with SmtpServer(tmp_path) as smtp:
        notifier = EmailNotifier(params(smtp, ca_file=None))  # the system's CAs only
        with pytest.raises(Exception, match="CERTIFICATE_VERIFY_FAILED"):
            await notifier.send(Message(kind="fill", subject="s", text="t"))
    assert not smtp.handler.received


async def test_no_server_is_a_failure_not_a_hang() -> None:
    notifier = EmailNotifier(
        EmailParams.model_validate(
            {"host": "127.0.0.1", "port": free_port(), "from": "a@b.c", "to": ["d@e.f"]}
        )
    )
    with pytest.raises(Exception, match="SMTP 127.0.0.1"):
        await notifier.send(Message(kind="fill", subject="s", text="t"))


def test_a_password_needs_starttls() -> None:
    with pytest.raises(ValueError, match="only sent after STARTTLS"):
        EmailParams.model_validate(
            {
                "host": "h",
                "from": "a@b.c",
                "to": ["d@e.f"],
                "username": "u",
                "password": "p",
                "starttls": False,
            }
        )


class Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.ns = int(at.timestamp() * 1e9)

    def set(self, at: dt.datetime) -> None:
        self.ns = int(at.timestamp() * 1e9)

    def __call__(self) -> int:
        return self.ns


def test_the_report_is_due_at_its_local_time_on_weekdays() -> None:
    clock = Clock(dt.datetime(2026, 3, 6, 12, 0, tzinfo=NY))  # a Friday
    sched = DailySchedule(DailyReport(at="17:15", to=["m"]), "America/New_York", clock)
    assert sched.due() is None
    clock.set(dt.datetime(2026, 3, 6, 17, 14, 59, tzinfo=NY))
    assert sched.due() is None
    clock.set(dt.datetime(2026, 3, 6, 17, 15, 1, tzinfo=NY))
    fired = sched.due()
    assert fired == dt.datetime(2026, 3, 6, 17, 15, tzinfo=NY)
    assert sched.due() is None  # once
    # the weekend is skipped; Monday 9 March is after the change to daylight time
    assert sched.next_at == dt.datetime(2026, 3, 9, 17, 15, tzinfo=NY)
    assert sched.next_at is not None and sched.next_at.utcoffset() == dt.timedelta(hours=-4)


def test_a_report_missed_for_days_is_sent_once() -> None:
    clock = Clock(dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC))
    sched = DailySchedule(
        DailyReport(at="09:00", to=["m"], days="every", timezone="Europe/London"), "UTC", clock
    )
    clock.set(dt.datetime(2026, 6, 4, 12, 0, tzinfo=dt.UTC))  # the machine slept three days
    assert sched.due() is not None
    assert sched.due() is None
    london = zoneinfo.ZoneInfo("Europe/London")
    assert sched.next_at == dt.datetime(2026, 6, 5, 9, 0, tzinfo=london)

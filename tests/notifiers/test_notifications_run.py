"""A replay run with a project notifications.yaml: fills reach a real webhook receiver, the
daily report (fired by moving the run's injected clock) reaches a real SMTP server over
STARTTLS with a login, with the metrics table and the equity PNG; the password is in no log.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import zoneinfo
from pathlib import Path

import pytest
from notify_support import PASSWORD, USER, HttpReceiver, SmtpServer

from runner.config.project import load_project
from runner.plugins import registry
from runner.runtime.runtime import Runtime, StartOptions
from tests.waiting import until

REPO = Path(__file__).resolve().parents[2]
NY = zoneinfo.ZoneInfo("America/New_York")

BOT = """\
schema_version: 1
name: gc_cross
mode: paper
instruments:
  main: {root: GC}
bar_size: 1m
timezone: America/New_York
feed: replay
broker: paper
indicators:
  fast: {use: sma, period: 3}
  slow: {use: sma, period: 8}
signals:
  - use: rule
    long: "cross_above(fast, slow)"
    short: "cross_below(fast, slow)"
exits:
  - {use: stop_target, stop: {ticks: 30}, target: {ticks: 60}}
"""

NOTIFICATIONS = """\
schema_version: 1
notifications:
  timezone: America/New_York
  notifiers:
    desk_mail:
      use: email
      host: 127.0.0.1
      port: {smtp_port}
      from: runner@example.test
      to: [desk@example.test, risk@example.test]
      username: {{env: NOTIFY_TEST_USER}}
      password: {{env: NOTIFY_TEST_PASSWORD}}
      ca_file: {ca_file}
    chat:
      use: webhook
      url: {hook_url}
      retries: 2
      backoff: 0.05
  rules:
    - events: [fills]
      to: [chat]
    - events: [risk_halts, rejects, disconnects]
      to: [chat, desk_mail]
      bots: [gc_cross]
  daily_report:
    at: "17:00"
    days: every
    to: [desk_mail]
"""


class Clock:
    """The run's injected "now"; the test moves it."""

    def __init__(self, at: dt.datetime) -> None:
        self.ns = int(at.timestamp() * 1e9)

    def __call__(self) -> int:
        return self.ns


@pytest.mark.slow
def test_fills_to_webhook_and_daily_report_by_mail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NOTIFY_TEST_USER", USER)
    monkeypatch.setenv("NOTIFY_TEST_PASSWORD", PASSWORD)
    shutil.copytree(REPO / "schedules", tmp_path / "schedules")
    (tmp_path / "strategies.d").mkdir()
    (tmp_path / "strategies.d" / "gc_cross.yaml").write_text(BOT)
    logs = tmp_path / "logs"
    clock = Clock(dt.datetime(2026, 12, 7, 16, 58, tzinfo=NY))

    with SmtpServer(tmp_path) as smtp:

        async def main() -> tuple[int, Runtime, HttpReceiver]:
            hook = await HttpReceiver().start()
            (tmp_path / "notifications.yaml").write_text(
                NOTIFICATIONS.format(
                    smtp_port=smtp.port, ca_file=smtp.certs.ca_file, hook_url=hook.url
                )
            )
            project = load_project(
                [tmp_path / "strategies.d", tmp_path / "schedules"], base=tmp_path
            )
            assert not project.errors, [str(e) for e in project.errors]
            assert project.notifications is not None
            opts = StartOptions(log_dir=logs, speed=1200, check_interval=0.5, clock=clock)
            runtime = Runtime(project, opts, registry())
            run = asyncio.create_task(runtime.run())
            try:
                await until(lambda: hook.posts, 240, "a fill posted to the webhook")
                assert not smtp.handler.received  # 16:58: no report yet
                clock.ns = int(dt.datetime(2026, 12, 7, 17, 0, 30, tzinfo=NY).timestamp() * 1e9)
                await until(lambda: smtp.handler.received, 120, "the daily report by mail")
            finally:
                runtime.request_stop("test done")
                code = await run
                await hook.close()
            return code, runtime, hook

        code, runtime, hook = asyncio.run(main())

    assert code == 0
    fill = hook.posts[0]
    assert fill["kind"] == "fill" and fill["bot"] == "gc_cross"
    assert fill["event"]["symbol"] == "GCV3" and fill["event"]["qty"] >= 1
    assert fill["event"]["side"] in ("BUY", "SELL") and fill["event"]["price"] > 0
    assert fill["subject"].startswith("gc_cross: fill")
    assert hook.headers[0]["content-type"] == "application/json"

    (mail,) = smtp.handler.received
    assert mail.tls and mail.login == USER
    assert mail.mail_from == "runner@example.test"
    assert mail.rcpt_tos == ["desk@example.test", "risk@example.test"]
    msg = mail.message
    assert msg["Subject"].startswith("[runner] daily report 2026-12-07: 1 bot(s), PnL ")
    body = msg.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert "Daily report 2026-12-07 17:00 EST" in text
    assert "gc_cross" in text and "PORTFOLIO" in text
    (png,) = list(msg.iter_attachments())
    assert png.get_filename() == "equity.png" and png.get_content_type() == "image/png"
    data = png.get_content()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000

    tally = runtime.notifications.tally if runtime.notifications else {}
    assert tally["desk_mail"].sent == 1 and tally["desk_mail"].failed == 0
    assert tally["chat"].sent == len(hook.posts) >= 1
    # the password reached the SMTP login and nothing else
    printed = capsys.readouterr()
    assert PASSWORD not in printed.out + printed.err
    for path in logs.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path
    assert PASSWORD not in repr(runtime.notifications.notifiers["desk_mail"].params)
    # a server echoing it in an error would still not put it in a log line
    assert PASSWORD not in runtime.redactor(f"535 bad login {USER} {PASSWORD}")

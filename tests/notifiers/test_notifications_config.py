"""notifications.yaml: found next to strategies.d/, checked field by field, every mistake
reported with file and line (also by ``runner validate``), no literal password in a file
git may publish."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from runner.config.project import load_project

REPO = Path(__file__).resolve().parents[2]

BOT = (REPO / "strategies.d" / "gold_rsi_bb.yaml").read_text()

GOOD = """\
schema_version: 1
notifications:
  timezone: Europe/London
  notifiers:
    mail:
      use: email
      host: smtp.example.test
      from: runner@example.test
      to: [desk@example.test]
      username: {env: SMTP_USER}
      password: {credentials: smtp_password}
    chat: {use: webhook, url: "https://chat.example.test/hook"}
  rules:
    - {events: [fills, risk_halts], to: [chat]}
    - {events: [order_rejected, reconcile], to: [mail, chat], bots: [gold_rsi_bb]}
  daily_report: {at: "17:15", to: [mail]}
"""

BAD = """\
schema_version: 1
notifications:
  notifiers:
    mail:
      use: email
      host: smtp.example.test
      from: runner@example.test
      to: []
    chat: {use: webhok, url: "https://chat.example.test/hook"}
    hook: {use: webhook, url: "ftp://nope"}
  rules:
    - events: [fills, order_rejectd]
      to: [chat, pager]
  daily_report: {at: "25:00", to: [mail]}
"""


def project_dir(tmp_path: Path, notifications: str) -> Path:
    shutil.copytree(REPO / "schedules", tmp_path / "schedules")
    (tmp_path / "strategies.d").mkdir()
    (tmp_path / "strategies.d" / "gold_rsi_bb.yaml").write_text(BOT)
    (tmp_path / "notifications.yaml").write_text(notifications)
    return tmp_path


def test_a_good_file_is_found_next_to_the_bots_and_read(tmp_path: Path) -> None:
    base = project_dir(tmp_path, GOOD)
    project = load_project([base / "strategies.d"], base=base)
    assert not project.errors, [str(e) for e in project.errors]
    n = project.notifications
    assert n is not None and n.timezone == "Europe/London"
    assert sorted(n.notifiers) == ["chat", "mail"]
    assert n.targets("fill", "any_bot") == ["chat"]
    assert n.targets("risk_limit", "x") == ["chat"]
    assert n.targets("order_rejected", "gold_rsi_bb") == ["mail", "chat"]
    assert n.targets("difference", "gold_rsi_bb") == ["mail", "chat"]
    assert n.targets("order_rejected", "other") == []
    assert n.targets("signal", "gold_rsi_bb") == []
    assert n.daily_report is not None and n.daily_report.at == "17:15"
    report = next(f for f in project.files if f.path.name == "notifications.yaml")
    assert report.kind == "notifications" and report.ok
    assert report.summary == "2 notifiers, 2 rule(s), daily report at 17:15"


def test_every_mistake_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    base = project_dir(tmp_path, BAD)
    project = load_project([base / "strategies.d"], base=base)
    got = sorted(str(e) for e in project.errors)
    assert all(e.file.endswith("notifications.yaml") for e in project.errors), got
    want = [
        (8, "notifications.notifiers.mail.to", "at least 1"),
        (9, "notifications.notifiers.chat.use", "unknown notifier plugin 'webhok'; did you mean"),
        (10, "notifications.notifiers.hook.url", "http:// or https://"),
        (12, "notifications.rules[0].events[1]", "unknown event kind or group 'order_rejectd'"),
        (13, "notifications.rules[0].to[1]", "unknown notifier 'pager'"),
    ]
    for line, field, words in want:
        assert any(f"notifications.yaml:{line}:" in g and field in g and words in g for g in got), (
            line,
            field,
            got,
        )


def test_a_bad_timezone_and_a_bad_time_are_both_reported(tmp_path: Path) -> None:
    text = GOOD.replace('at: "17:15"', 'at: "25:00"').replace("Europe/London", "Europe/Londn")
    base = project_dir(tmp_path, text)
    project = load_project([base / "strategies.d"], base=base)
    got = [str(e) for e in project.errors]
    assert any(":3:" in g and "notifications.timezone" in g and "Europe/London" in g for g in got)
    assert any(":16:" in g and "daily_report.at" in g and "HH:MM" in g for g in got), got
    assert project.notifications is None


def test_a_literal_password_in_a_tracked_file_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("{credentials: smtp_password}", "hunter2-literal")
    base = project_dir(tmp_path, text)  # not in a git repository: treated as tracked
    project = load_project([base / "strategies.d"], base=base)
    (err,) = project.errors
    assert "notifications.yaml:11:" in str(err)
    assert "a credential written in a tracked file" in str(err)
    assert "hunter2" not in str(err)


def test_runner_validate_reports_the_file(tmp_path: Path) -> None:
    base = project_dir(tmp_path, BAD)
    r = subprocess.run(
        [sys.executable, "-m", "runner", "validate"],
        cwd=base,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 1
    out = r.stdout + r.stderr
    assert "notifications.yaml:9:" in out and "webhok" in out
    assert "Traceback" not in out
    good = project_dir(tmp_path / "good", GOOD)
    r = subprocess.run(
        [sys.executable, "-m", "runner", "validate"],
        cwd=good,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "notifications.yaml" in r.stdout


def test_an_unset_credential_refuses_the_start_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from runner.plugins import registry
    from runner.runtime.runtime import Runtime, StartError, StartOptions

    monkeypatch.delenv("SMTP_USER", raising=False)
    text = GOOD.replace("{credentials: smtp_password}", "{env: SMTP_PASSWORD_UNSET}")
    base = project_dir(tmp_path, text)
    project = load_project([base / "strategies.d"], base=base)
    assert not project.errors  # validate passes on a machine without the secrets
    runtime = Runtime(project, StartOptions(log_dir=tmp_path / "logs", speed=0), registry())
    with pytest.raises(StartError) as err:
        asyncio.run(runtime.run())
    assert "notifications.yaml: notifier 'mail': environment variable SMTP_USER is not set" in str(
        err.value
    )
    assert not runtime.supervisor.slots

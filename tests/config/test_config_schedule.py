"""Schedule files: cron fields checked by building the real APScheduler triggers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger

from runner.config.project import load_project
from runner.config.schedule import CronFields

SCHED = """\
schedules:
  rth:
    timezone: America/New_York
    calendar: CMES
    windows:
      - name: day
        open: {day_of_week: mon-fri, hour: 9, minute: 30}
        close: {day_of_week: mon-fri, time: 16:00}
    events:
      - name: eia
        at: "30 10 * * thu"
"""


def errors(project_dir: Path, text: str) -> list[str]:
    path = project_dir / "schedules" / "s.yaml"
    path.write_text(text)
    return [str(e) for e in load_project([path]).errors]


def test_valid_schedule_builds_the_triggers(project_dir: Path) -> None:
    (project_dir / "schedules" / "s.yaml").write_text(SCHED)
    project = load_project([project_dir / "schedules"])
    assert project.errors == []
    rth = project.schedules["rth"]
    tz = ZoneInfo(rth.timezone)
    assert rth.events[0].holiday == "next_business_day"
    start = datetime(2026, 3, 2, 12, 0, tzinfo=tz)  # a Monday
    assert rth.windows[0].open.trigger(tz).get_next_fire_time(None, start) == datetime(
        2026, 3, 3, 9, 30, tzinfo=tz
    )
    assert rth.windows[0].close.trigger(tz).get_next_fire_time(None, start) == datetime(
        2026, 3, 2, 16, 0, tzinfo=tz
    )
    assert rth.events[0].at.trigger(tz).get_next_fire_time(None, start) == datetime(
        2026, 3, 5, 10, 30, tzinfo=tz
    )
    assert set(project.schedules) == {"rth", "comex_day", "eia"}


def test_crontab_string_equals_the_mapping() -> None:
    a = CronFields.model_validate("30 10 * * thu").trigger("UTC")
    b = CronTrigger(day_of_week="thu", hour=10, minute=30, timezone="UTC")
    start = datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC"))
    assert a.get_next_fire_time(None, start) == b.get_next_fire_time(None, start)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("America/New_York", "America/NewYork"),
            "schedules/s.yaml:3:15: schedules.rth.timezone: unknown time zone "
            "'America/NewYork'; did you mean 'America/New_York'?",
        ),
        (
            ("America/New_York", "Europe"),
            "schedules/s.yaml:3:15: schedules.rth.timezone: unknown time zone "
            "'Europe' (a region; name a zone in it such as 'Europe/London')",
        ),
        (
            ("America/New_York", "x" * 300),
            "schedules/s.yaml:3:15: schedules.rth.timezone: unknown time zone "
            f"'{'x' * 57}...' (for example America/New_York)",
        ),
        (
            ("calendar: CMES", "calendar: cmes"),
            "schedules/s.yaml:4:15: schedules.rth.calendar: unknown exchange calendar 'cmes'; "
            "did you mean 'CMES'?",
        ),
        (
            ("hour: 9,", "hour: 25,"),
            "schedules/s.yaml:7:44: schedules.rth.windows[0].open.hour: Error validating "
            "expression '25': the last value (25) is higher than the maximum value (23)",
        ),
        (
            ("day_of_week: mon-fri, hour: 9", "day_of_week: mon-fry, hour: 9"),
            "schedules/s.yaml:7:29: schedules.rth.windows[0].open.day_of_week: "
            'Invalid weekday name "fry"',
        ),
        (
            ('"30 10 * * thu"', '"30 10 * * 4"'),
            "schedules/s.yaml:11:13: schedules.rth.events[0].at: write days of the week by name "
            "(mon, tue, ... or mon-fri), not '4': cron counts from Sunday, APScheduler from "
            "Monday",
        ),
        (
            ('"30 10 * * thu"', '"30 10 * thu"'),
            "schedules/s.yaml:11:13: schedules.rth.events[0].at: a crontab string has 5 fields "
            "(minute hour day month day_of_week), found 4 in '30 10 * thu'",
        ),
        (
            ("hour: 9,", "hour: true,"),
            "schedules/s.yaml:7:44: schedules.rth.windows[0].open.hour: expected a number, "
            "not the boolean true; or Input should be a valid string",
        ),
        (
            ("calendar: CMES\n", "calendar: CMES\n    flatten_before_close_minutes: .inf\n"),
            "schedules/s.yaml:5:35: schedules.rth.flatten_before_close_minutes: "
            "expected a finite number, not infinity or NaN",
        ),
        (
            ("time: 16:00}", "time: 16:00, minute: 5}"),
            "schedules/s.yaml:8:9: schedules.rth.windows[0].close: 'time' already sets the "
            "hour and minute; remove 'minute'",
        ),
        (
            ("time: 16:00}", "time: 25:00}"),
            "schedules/s.yaml:8:45: schedules.rth.windows[0].close.time: '25:00' is not a time "
            "of day HH:MM or HH:MM:SS (24-hour): the hour runs from 00 to 23",
        ),
        (
            ("time: 16:00}", "time: 9:30}"),
            "schedules/s.yaml:8:45: schedules.rth.windows[0].close.time: '9:30' is not a time "
            "of day HH:MM or HH:MM:SS (24-hour): write the hour with two digits, '09:30'",
        ),
        (
            ("minute: 30}", "minut: 30}"),
            "schedules/s.yaml:7:47: schedules.rth.windows[0].open.minut: unknown field "
            "'minut'; did you mean 'minute'?",
        ),
        (
            ("      - name: eia\n", "      - name: eia\n        holiday: later\n"),
            "schedules/s.yaml:11:18: schedules.rth.events[0].holiday: Input should be 'skip', "
            "'next_business_day' or 'previous_business_day'",
        ),
        (
            (
                "      - name: eia\n",
                "      - name: day\n        at: {hour: 1}\n      - name: day\n",
            ),
            "schedules/s.yaml:2:3: schedules.rth: two events are named 'day'",
        ),
    ],
)
def test_schedule_errors(project_dir: Path, change: tuple[str, str], expected: str) -> None:
    assert change[0] in SCHED
    assert errors(project_dir, SCHED.replace(*change)) == [expected]


def test_duplicate_schedule_names_across_files(project_dir: Path) -> None:
    text = SCHED.replace("  rth:", "  comex_day:")
    (project_dir / "schedules" / "s.yaml").write_text(text)
    project = load_project([project_dir / "schedules"])
    assert [str(e) for e in project.errors] == [
        "schedules/s.yaml:2:3: schedules.comex_day: schedule 'comex_day' is already defined "
        "in schedules/comex.yaml"
    ]


def test_repository_schedule_files_validate(registry, tmp_path: Path, monkeypatch) -> None:
    root = Path(__file__).resolve().parents[2] / "schedules"
    monkeypatch.chdir(tmp_path)  # no connections.yaml here: only the schedules are checked
    if not any(root.glob("*.yaml")):
        pytest.skip("no schedule files in the repository yet")
    project = load_project([root])
    assert [str(e) for e in project.errors] == []
    assert project.schedules

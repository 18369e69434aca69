"""The tests that touch contracts, calendars, schedules and the local servers, run again in
a process whose system clock is moved to dates that break date-dependent code.

libfaketime (preloaded into a child pytest) moves every clock the child and its own
children read: ``time.time``, ``datetime.now``, ``date.today``, the certificates a server
makes, ``date`` in a shell. A test that still read the wall clock for a market decision
(which contract is the front month, whether a session is open, what "today" is) would
fail on one of these dates; the tests pin their own clocks instead, so all pass.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# When, and why that moment is hard.
HARD_DATES = [
    ("2026-12-11 14:30:00", "quarterly roll day: ES, 6E and 6J move from Z6 to H7"),
    ("2026-12-18 20:55:00", "quarterly expiry Friday, minutes before the close"),
    ("2027-01-27 16:00:00", "GC rolls from G7 two business days before first notice"),
    ("2026-11-26 15:00:00", "Thanksgiving: NYSE shut, CME halts early, EIA moved"),
    ("2027-01-02 12:00:00", "a Saturday: every market closed"),
    ("2026-12-31 23:59:00", "year end: the clock crosses into 2027 while the tests run"),
    ("2027-06-18 13:00:00", "Juneteenth observed on a third Friday: expiry moves a day"),
    ("2032-02-29 09:00:00", "leap day of a new decade: GCZ6 means 2036 from here on"),
]

# The tests whose subject is a date or that talk to a local server with a clock: rolls,
# calendars, schedules and windows, session filters, the EIA event, the servers' front
# months and order desk, and the commands that print dates. (Once, the whole suite was run
# on each hard date by hand; the note of the change that added this file lists the runs.)
CLOCK_TOUCHING = [
    "tests/contracts",
    "tests/schedule",
    "tests/filters",
    "tests/signals/test_signal_event_window.py",
    "tests/cli/test_cli_config_commands.py",
    "tests/runtime/test_runtime_schedule.py",
    "tests/runtime/test_runtime_rithmic_paper.py",
    "tests/rithmic/test_rithmic_contracts.py",
    "tests/rithmic/test_rithmic_desk.py",
    "tests/rithmic/test_rithmic_feed.py",
    "tests/rithmic/test_rithmic_cli.py::test_place_order_runs_in_turn_show_only_their_own_order",
    "tests/ib/test_ib_feed.py",
    "tests/ib/test_ib_units.py",
    "tests/ib/test_sim_cli.py",
    "tests/bots/test_shipped_bots.py::test_schedule_command_lists_the_coming_windows_whole",
]


def faketime_env(when: str) -> dict[str, str]:
    """The environment that starts a process's clock at ``when`` (UTC), ticking on from
    there; monotonic clocks stay real so that every timeout still means what it says."""
    import libfaketime

    _, env = libfaketime.get_reload_information()
    out = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    out.update(env)
    out.update(FAKETIME=f"@{when}", DONT_FAKE_MONOTONIC="1", TZ="UTC")
    return out


def test_the_shifted_clock_reaches_a_child_and_its_children() -> None:
    env = faketime_env("2027-01-02 12:00:00")
    code = (
        "import datetime, subprocess, sys;"
        "print(datetime.datetime.now(datetime.UTC).isoformat());"
        "print(subprocess.run([sys.executable, '-c', 'import time; print(time.time())'],"
        " capture_output=True, text=True).stdout.strip())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    first, second = out.stdout.split()
    start = datetime(2027, 1, 2, 12, tzinfo=UTC)
    assert start <= datetime.fromisoformat(first) < start + timedelta(minutes=5)
    grandchild = datetime.fromtimestamp(float(second), tz=UTC)
    assert start <= grandchild < start + timedelta(minutes=5)


def _run_on(when: str, base: Path) -> tuple[int, str]:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--basetemp",
            str(base),
            *CLOCK_TOUCHING,
        ],
        cwd=ROOT,
        env=faketime_env(when),
        capture_output=True,
        text=True,
        timeout=1500,
    )
    return run.returncode, "\n".join((run.stdout + run.stderr).splitlines()[-30:])


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_clock_touching_tests_pass_on_every_hard_date(tmp_path: Path) -> None:
    """Three dates at a time: the runs wait on sockets and subprocesses more than they
    compute, and the load they put on each other is part of the test."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        runs = {
            when: pool.submit(_run_on, when, tmp_path / f"run{i}")
            for i, (when, _) in enumerate(HARD_DATES)
        }
        results = {when: job.result() for when, job in runs.items()}
    failed = [
        f"--- on {when} ({why}):\n{results[when][1]}"
        for when, why in HARD_DATES
        if results[when][0] != 0
    ]
    assert not failed, "\n".join(failed)
    for when, (_, tail) in results.items():
        assert " passed" in tail and " failed" not in tail, f"{when}: {tail}"

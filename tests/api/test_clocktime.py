"""One clock-time rule (HH:MM or HH:MM:SS, 24-hour, two digits each) for every field that
takes a time of day, each kind of mistake with its own fix in the message; and the seconds
a field accepts are the seconds it keeps."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from runner.api import ClockTime, check_clock_time, parse_clock_time
from runner.api.clocktime import PATTERN
from runner.config.bot import BotConfig
from runner.config.schedule import CronFields
from runner_plugins.exits.flatten_at import FlattenAt
from runner_plugins.exits.time_exit import TimeExit
from runner_plugins.filters.session import Session, SessionParams
from runner_plugins.indicators.vwap import VWAP
from runner_plugins.signals import clock
from runner_plugins.signals.opening_range import OpeningRange

FORM = "is not a time of day HH:MM or HH:MM:SS (24-hour)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("00:00", time(0, 0)),
        ("09:30", time(9, 30)),
        ("23:59", time(23, 59)),
        ("15:55:30", time(15, 55, 30)),
        ("23:59:59", time(23, 59, 59)),
    ],
)
def test_clock_times_that_follow_the_rule(text: str, expected: time) -> None:
    assert parse_clock_time(text) == expected
    assert check_clock_time(text) == text


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("9:30", ": write the hour with two digits, '09:30'"),
        ("9:30:15", ": write the hour with two digits, '09:30:15'"),
        ("09:5", ": every part has two digits"),
        ("009:30", ": every part has two digits"),
        ("24:00", ": the hour runs from 00 to 23"),
        ("09:60", ": the minutes run from 00 to 59"),
        ("09:30:60", ": the seconds run from 00 to 59"),
        (" 09:30", ": remove the white space around it"),
        ("09:30\n", ": remove the white space around it"),
        ("0930", ", for example 15:55 or 15:55:30"),
        ("3pm", ", for example 15:55 or 15:55:30"),
        ("09:30:00:00", ", for example 15:55 or 15:55:30"),
        ("09.30", ", for example 15:55 or 15:55:30"),
        ("\u0661\u0668:\u0660\u0660", ", for example 15:55 or 15:55:30"),  # Arabic-Indic digits
        ("", ", for example 15:55 or 15:55:30"),
        (930, '; write it as text, for example "15:55"'),
        (None, '; write it as text, for example "15:55"'),
    ],
)
def test_each_mistake_names_its_fix(value: object, why: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_clock_time(value)
    assert str(caught.value) == f"{value!r} {FORM}{why}"


def test_a_huge_value_is_quoted_short() -> None:
    with pytest.raises(ValueError, match=r"^'9{35}\.\.\.' is not a time of day"):
        parse_clock_time("9" * 5000 + ":00")


@given(st.text(alphabet="0123456789: \n", max_size=9))
def test_the_json_schema_pattern_is_the_same_rule(text: str) -> None:
    try:
        parse_clock_time(text)
        valid = True
    except ValueError:
        valid = False
    # "$" in the (ECMA) JSON Schema pattern is the end of the text; Python's \Z says that
    assert valid == bool(re.match(PATTERN.replace("$", r"\Z"), text))


def test_every_field_that_takes_a_time_of_day_uses_the_rule() -> None:
    """The fields that used to take one-digit hours and those that took no seconds agree."""
    fields = [
        lambda t: CronFields(time=t),
        lambda t: BotConfig.model_validate(
            {"name": "b", "instruments": {"gc": {"symbol": "GCZ3"}}, "signals": [{"use": "x"}]}
            | {"session_open": t}
        ),
        lambda t: VWAP.Params(session_start=t),
        lambda t: SessionParams(start=t, end="23:00:01"),
        lambda t: FlattenAt.Params(time=t),
        lambda t: TimeExit.Params(at=t),
        lambda t: OpeningRange.Params(open=t),
        lambda t: OpeningRange.Params(last_entry=t),
    ]
    for build in fields:
        build("08:20")
        build("08:20:30")
        for bad in ("8:20", "24:00", " 08:20"):
            with pytest.raises(ValidationError, match=re.escape(f"{bad!r} {FORM}")):
                build(bad)
    schema = VWAP.Params.model_json_schema()["properties"]["session_start"]
    assert schema["pattern"] == PATTERN


def test_a_clock_time_field_keeps_the_text_as_written() -> None:
    from pydantic import BaseModel

    class Model(BaseModel):
        at: ClockTime

    assert Model(at="15:55").at == "15:55"
    assert Model.model_json_schema()["properties"]["at"] == {
        "pattern": PATTERN,
        "title": "At",
        "type": "string",
    }


def ns(*parts: int) -> int:
    return int(datetime(*parts, tzinfo=UTC).timestamp()) * 1_000_000_000  # type: ignore[misc]


def test_seconds_are_kept_by_schedules_and_daily_triggers() -> None:
    assert CronFields(time="10:30:15").fields() == {"hour": 10, "minute": 30, "second": 15}
    assert CronFields(time="10:30").fields() == {"hour": 10, "minute": 30, "second": 0}
    trigger = clock.daily_trigger(parse_clock_time("15:55:30"), clock.zone("UTC"))
    assert clock.next_fire(trigger, ns(2026, 3, 9, 15, 55)) == ns(2026, 3, 9, 15, 55, 30)


def test_a_session_window_opens_and_closes_on_the_second(make_session_ctx) -> None:
    flt = Session(SessionParams(start="09:30:30", end="16:00:15", timezone="UTC"))
    ctx = make_session_ctx()
    flt.bind(ctx)
    for when, inside in [
        ((2026, 3, 9, 9, 30, 29), False),
        ((2026, 3, 9, 9, 30, 30), True),
        ((2026, 3, 9, 16, 0, 14), True),
        ((2026, 3, 9, 16, 0, 15), False),
    ]:
        ctx.now = ns(*when)
        assert flt.allows(ctx) is inside, when


def test_a_session_of_the_same_time_written_two_ways_is_empty() -> None:
    with pytest.raises(ValidationError, match=r"start and end are both 09:30 \(09:30:00\)"):
        SessionParams(start="09:30", end="09:30:00")


@pytest.fixture
def make_session_ctx():
    from runner.api.context import BotContext, InstrumentState
    from runner.contracts.table import get_spec

    def make() -> BotContext:
        spec = get_spec("ES")
        assert spec is not None
        inst = InstrumentState("es", "ES", spec, True)
        return BotContext("test", {inst.key: inst}, {}, 100_000.0, "UTC")

    return make

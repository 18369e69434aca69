"""Session VWAP: volume-weighted average price since the session opened."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, ClassVar
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator

from runner.api import NS, ClockTime, from_datetime, parse_clock_time
from runner.api.indicator import IndicatorParams, Source
from runner.api.zones import zone_name
from runner_plugins.indicators._common import NAN
from runner_plugins.indicators._price import PriceIndicator

if TYPE_CHECKING:
    from runner.api import Bar


class VwapParams(IndicatorParams):
    source: Source = "hlc3"
    """Price weighted by volume; the typical price (high + low + close) / 3 by default."""
    session_start: ClockTime = Field("18:00", description="HH:MM or HH:MM:SS")
    """Wall-clock time at which the average restarts (18:00 New York: the CME Globex day)."""
    timezone: str = "America/New_York"
    """IANA time zone of ``session_start``; daylight saving is followed."""

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return zone_name(value)


def next_session_start(ts: int, start: time, zone: ZoneInfo) -> int:
    """The first session start strictly after ``ts`` (ns UTC), as ns UTC.

    Built from the local calendar date so that daylight-saving changes move the boundary
    with the wall clock, as exchange sessions do.
    """
    local = datetime.fromtimestamp(ts // NS, zone)
    day = local.date()
    for offset in (0, 1, 2):
        candidate = from_datetime(datetime.combine(day + timedelta(days=offset), start, zone))
        if candidate > ts:
            return candidate
    raise AssertionError("a session starts within two days")  # pragma: no cover


class VWAP(PriceIndicator[VwapParams]):
    """Session VWAP: the average price paid today, weighted by volume.

    Cumulative ``sum(price * volume) / sum(volume)`` since the last ``session_start`` in
    ``timezone``; nan until the session has traded any volume. The next reset time is
    computed once per session in ns, so a bar costs two additions and one comparison.
    Bars are assigned to sessions by their start time.
    """

    name: ClassVar[str] = "vwap"
    Params: ClassVar[type[VwapParams]] = VwapParams
    __slots__ = ("_pv", "_reset_at", "_start", "_v", "_zone", "value")

    def __init__(self, params: VwapParams) -> None:
        super().__init__(params)
        self._start = parse_clock_time(params.session_start)
        self._zone = ZoneInfo(params.timezone)
        self._reset_at = -1  # before any bar: the first bar opens a session
        self._pv = 0.0
        self._v = 0.0
        self.value = NAN

    def update(self, bar: Bar) -> None:
        x = bar.close if self._on_close else self._get(bar)
        if bar.ts >= self._reset_at:
            self._reset_at = next_session_start(bar.ts, self._start, self._zone)
            self._pv = 0.0
            self._v = 0.0
        volume = bar.volume
        pv = self._pv + x * volume
        v = self._v + volume
        self._pv = pv
        self._v = v
        self.value = pv / v if v != 0.0 else NAN

"""Any TA-Lib function, run over a bounded window of the most recent bars."""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field, field_validator, model_validator

from runner.api.indicator import Indicator, IndicatorParams
from runner.api.lazy import lazy_import
from runner_plugins.indicators._common import NAN, source_getter

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    import talib
    from talib import abstract

    from runner.api import Bar
else:  # imported when the indicator is built or its function checked, not when listed
    np = lazy_import("numpy")
    talib = lazy_import("talib")
    abstract = lazy_import("talib.abstract")

BAR_FIELDS = ("open", "high", "low", "close", "volume")
MAX_WINDOW = 100_000


@dataclass(frozen=True)
class FunctionInfo:
    """What the runner needs to know about one TA-Lib function."""

    name: str
    inputs: tuple[str, ...]  # bar fields in call order; "price" means the ``source`` parameter
    outputs: tuple[str, ...]
    parameters: tuple[str, ...]


def _abstract_function(name: str, **params: Any) -> Any:
    """``talib.abstract.Function``, which TA-Lib's own abstract.pyi does not declare."""
    return abstract.Function(name, **params)  # type: ignore[attr-defined]


@functools.cache
def function_names() -> tuple[str, ...]:
    return tuple(talib.get_functions())


@functools.cache
def function_info(name: str) -> FunctionInfo:
    fn = _abstract_function(name)
    inputs: list[str] = []
    for key, value in fn.input_names.items():
        fields = value if isinstance(value, list) else [value]
        for field in fields:
            if key == "price" and field == "close":
                inputs.append("price")
            elif field in BAR_FIELDS:
                inputs.append(field)
            else:
                raise ValueError(
                    f"TA-Lib function {name} needs the input {key!r} ({field}), "
                    "which bars do not provide"
                )
    return FunctionInfo(name, tuple(inputs), tuple(fn.output_names), tuple(fn.parameters))


def _suggest(name: str) -> str:
    close = difflib.get_close_matches(name, function_names(), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    return "see talib.get_functions() for the list"


class TalibParams(IndicatorParams):
    function: str
    """TA-Lib function name, e.g. KAMA, MACD, WMA, CDLENGULFING (case-insensitive)."""
    params: dict[str, int | float] = Field(default_factory=dict)
    """The function's own parameters by TA-Lib name, e.g. {timeperiod: 10}; defaults otherwise."""
    window: int = Field(200, gt=0, le=MAX_WINDOW)
    """Most recent bars passed to the function on every update; must exceed its lookback."""

    @field_validator("function")
    @classmethod
    def _known(cls, value: str) -> str:
        name = value.upper()
        if name not in function_names():
            raise ValueError(f"unknown TA-Lib function {value!r}; {_suggest(name)}")
        function_info(name)  # raises for inputs bars cannot supply
        return name

    @model_validator(mode="after")
    def _runnable(self) -> TalibParams:
        info = function_info(self.function)
        unknown = sorted(set(self.params) - set(info.parameters))
        if unknown:
            valid = ", ".join(info.parameters) or "none"
            raise ValueError(
                f"TA-Lib {self.function} has no parameter {', '.join(map(repr, unknown))}; "
                f"its parameters: {valid}"
            )
        try:
            lookback = _abstract_function(self.function, **self.params).lookback
            # A tiny trial run: TA-Lib itself checks each parameter's range.
            probe = np.linspace(100.0, 101.0, lookback + 2)
            getattr(talib, self.function)(*([probe] * len(info.inputs)), **self.params)
        except Exception as exc:  # TA-Lib reports bad values as TypeError or its own Exception
            raise ValueError(
                f"TA-Lib {self.function} rejects params {self.params}: {exc}"
            ) from None
        if self.window <= lookback:
            raise ValueError(
                f"window {self.window} is too short for {self.function} with these params: "
                f"it needs more than its lookback of {lookback} bars"
            )
        return self


class TalibFunction(Indicator[TalibParams]):
    """Any TA-Lib function by name (KAMA, MACD, WMA, ...), on the last ``window`` bars.

    Each update appends the bar to fixed ring buffers (written twice, so the last ``window``
    bars are always one contiguous numpy view: no copying) and calls the TA-Lib function on
    that view; the outputs are the function's own output names (MACD: ``macd``,
    ``macdsignal``, ``macdhist``) holding the newest value. Cost per update is
    O(window), unlike the O(1) built-ins, so prefer those where one exists.

    Values equal TA-Lib on the full history whenever the function looks back a bounded
    number of bars (SMA, WMA, MAX, BBANDS, CORREL, candlestick patterns, ...) and the window
    exceeds that lookback. Recursive functions (EMA, MACD, KAMA, RSI, ATR, ...) remember all
    history: over a window they equal TA-Lib only for the first ``window`` bars, and after
    that differ by roughly ``(1 - 2 / (period + 1)) ** (window - lookback)`` of the seed's
    error, so give them a window of at least ten times the period. Outputs are nan until
    the function's lookback has passed (candlestick patterns, which TA-Lib reports as 0
    there, included). A single ``price`` input reads the ``source`` parameter; others
    read the bar fields TA-Lib names (high, low, close, volume ...).
    """

    name: ClassVar[str] = "talib"
    Params: ClassVar[type[TalibParams]] = TalibParams

    def __init__(self, params: TalibParams) -> None:
        super().__init__(params)
        info = function_info(params.function)
        self._func: Callable[..., Any] = getattr(talib, params.function)
        self._kwargs = dict(params.params)
        self._lookback = _abstract_function(params.function, **params.params).lookback
        self._window = params.window
        self._getters = [
            source_getter(params.source if field == "price" else field) for field in info.inputs
        ]
        self._buffers = [np.zeros(2 * params.window) for _ in info.inputs]
        self._outputs = info.outputs
        self._single = len(info.outputs) == 1
        self._count = 0
        for output in info.outputs:
            setattr(self, output, NAN)

    @classmethod
    def output_names(cls, params: TalibParams) -> tuple[str, ...]:
        return function_info(params.function).outputs

    @classmethod
    def lookback(cls, params: TalibParams) -> int:
        return _abstract_function(params.function, **params.params).lookback

    def update(self, bar: Bar) -> None:
        w = self._window
        n = self._count
        pos = n % w
        for buf, get in zip(self._buffers, self._getters, strict=True):
            value = get(bar)
            buf[pos] = value
            buf[pos + w] = value
        n += 1
        self._count = n
        if n <= self._lookback:
            return
        end = pos + w + 1
        start = end - (n if n < w else w)
        result = self._func(*[buf[start:end] for buf in self._buffers], **self._kwargs)
        if self._single:
            setattr(self, self._outputs[0], float(result[-1]))
        else:
            for output, values in zip(self._outputs, result, strict=True):
                setattr(self, output, float(values[-1]))

"""The sweep file: which bot, which parameters over which spaces, how to search and score.

Read through the project's YAML loader, so every mistake names the sweep file's line.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from runner.config.locate import from_validation
from runner.config.yamlload import Document, load_file
from runner.errors import ConfigError, display_path

Scalar = bool | int | float | str
_Int = int  # the space models have fields named int and float
_Float = float

MetricName = Literal[
    "sharpe",
    "profit_factor",
    "return_over_max_drawdown",
    "total_pnl",
    "return_pct",
    "expectancy",
    "win_rate",
    "trades",
    "max_drawdown",
    "max_drawdown_pct",
]
METRICS: tuple[str, ...] = get_args(MetricName)

_DURATION = re.compile(r"^([1-9][0-9]*)([dw])$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IntSpace(_Strict):
    """Whole numbers from low to high, both included."""

    int: tuple[_Int, _Int]
    step: Annotated[_Int, Field(ge=1)] = 1
    log: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> IntSpace:
        if self.int[1] < self.int[0]:
            raise ValueError(f"int: [{self.int[0]}, {self.int[1]}]: the high end is below the low")
        return self


class FloatSpace(_Strict):
    """Numbers from low to high; with ``step``, only low + k * step (grids need a step)."""

    float: tuple[_Float, _Float]
    step: Annotated[_Float, Field(gt=0)] | None = None
    log: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> FloatSpace:
        if self.float[1] < self.float[0]:
            raise ValueError(
                f"float: [{self.float[0]}, {self.float[1]}]: the high end is below the low"
            )
        if self.log and self.step is not None:
            raise ValueError("log and step cannot be combined")
        return self


class ChoiceSpace(_Strict):
    """One of the values listed."""

    choice: Annotated[list[Scalar], Field(min_length=1)]


Space = IntSpace | FloatSpace | ChoiceSpace


class Objective(_Strict):
    """What a trial maximises; trials with fewer trades than ``min_trades`` are pruned."""

    metric: MetricName = "sharpe"
    min_trades: Annotated[int, Field(ge=0)] = 0


class Constraint(_Strict):
    """A bound a trial's metric must keep, or the trial is pruned and says why."""

    metric: MetricName
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _bounded(self) -> Constraint:
        if self.min is None and self.max is None:
            raise ValueError("a constraint needs min, max or both")
        return self


class DataRange(_Strict):
    """The history the sweep replays (default: the bot's own feed settings)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: date | None = Field(None, alias="from")
    end: date | None = Field(None, alias="to")
    dir: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> DataRange:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"to {self.end} is before from {self.start}")
        return self


def parse_days(text: str) -> int:
    m = _DURATION.match(text.strip())
    if m is None:
        raise ValueError(f"{text!r} is not a duration: write days or weeks, such as 3d or 2w")
    return int(m.group(1)) * (7 if m.group(2) == "w" else 1)


class WalkForward(_Strict):
    """Windows in whole days: optimise on ``train`` days, score on the ``test`` days after.

    Rolling windows keep ``train`` days; anchored ones grow from the first day."""

    train: str
    test: str
    step: str | None = None
    anchored: bool = False

    @field_validator("train", "test", "step")
    @classmethod
    def _duration(cls, value: str | None) -> str | None:
        if value is not None:
            parse_days(value)
        return value

    def windows(self, first: date, last: date) -> list[tuple[date, date, date, date]]:
        """(train from, train to, test from, test to), all inclusive, inside first..last."""
        train, test = parse_days(self.train), parse_days(self.test)
        step = parse_days(self.step) if self.step else test
        out = []
        begin = first
        while True:
            train_end = begin + timedelta(days=train - 1)
            test_start = train_end + timedelta(days=1)
            test_end = test_start + timedelta(days=test - 1)
            if test_end > last:
                break
            out.append((first if self.anchored else begin, train_end, test_start, test_end))
            begin += timedelta(days=step)
        return out


class SweepFile(_Strict):
    """A sweep: one YAML document."""

    schema_version: Literal[1] = 1
    bot: str = Field(description="Path of the bot file to tune, relative to the sweep file.")
    parameters: Annotated[dict[str, Space], Field(min_length=1)]
    method: Literal["grid", "random", "tpe"] = "tpe"
    trials: Annotated[int, Field(ge=1)] | None = None
    seed: int = 0
    batch: Annotated[int, Field(ge=1)] = 8
    objective: Objective = Objective()
    constraints: list[Constraint] = Field(default_factory=list)
    data: DataRange = Field(default_factory=lambda: DataRange.model_validate({}))
    walk_forward: WalkForward | None = None

    @model_validator(mode="after")
    def _complete(self) -> SweepFile:
        if self.walk_forward is not None and (self.data.start is None or self.data.end is None):
            raise ValueError("walk_forward needs data.from and data.to (the days it divides)")
        if self.method == "grid":
            for name, space in self.parameters.items():
                if isinstance(space, FloatSpace) and space.step is None:
                    raise ValueError(f"grid: parameter {name} is a float range without a step")
        return self


class LoadedSweep:
    """A valid sweep file, where it is, and the bot text it tunes."""

    def __init__(self, path: Path, doc: Document, config: SweepFile, bot_path: Path) -> None:
        self.path = path
        self.doc = doc
        self.config = config
        self.bot_path = bot_path
        self.bot_text = bot_path.read_text(encoding="utf-8")

    @property
    def name(self) -> str:
        return self.path.stem

    def data_dir(self) -> Path | None:
        d = self.config.data.dir
        return None if d is None else (self.path.parent / d)


def load_sweep(path: Path) -> tuple[LoadedSweep | None, list[ConfigError]]:
    """The sweep file checked: its fields, its bot file, and each parameter path in it."""
    from runner.sweep.space import check_paths

    name = display_path(path)
    docs, errors = load_file(path)
    if errors:
        return None, errors
    if len(docs) != 1:
        return None, [ConfigError(name, 1, 1, "", "expected one sweep document")]
    doc = docs[0]
    if not isinstance(doc.data, dict):
        return None, [doc.error((), "expected a mapping with bot:, parameters: and method:")]
    try:
        config = SweepFile.model_validate(doc.data)
    except ValidationError as exc:
        return None, from_validation(doc, (), exc, SweepFile)
    bot_path = path.parent / config.bot
    if not bot_path.is_file():
        return None, [doc.error(("bot",), f"bot file {display_path(bot_path)} not found")]
    errs = check_paths(doc, config, bot_path)
    if errs:
        return None, errs
    wf, first, last = config.walk_forward, config.data.start, config.data.end
    if wf is not None and first and last and not wf.windows(first, last):
        return None, [
            doc.error(
                ("walk_forward",),
                f"no window of {wf.train} + {wf.test} fits in {first} .. {last}",
                key=True,
            )
        ]
    data = config.data.dir
    if data is not None and not (path.parent / data).is_dir():
        return None, [doc.error(("data", "dir"), f"{data} is not a folder")]
    return LoadedSweep(path, doc, config, bot_path), []

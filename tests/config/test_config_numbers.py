"""Numbers in config files are strict and finite, and every limit has an upper bound."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from runner.api.base import Model
from runner.config.project import load_project

BOT = """\
name: t
instruments:
  gc: {root: GC}
signals:
  - use: rule
    long: close > open
"""


def errors(text: str) -> list[str]:
    (Path("strategies.d") / "t.yaml").write_text(text)
    return [str(e) for e in load_project().errors if e.file == "strategies.d/t.yaml"]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "capital: .inf\n",
            "strategies.d/t.yaml:7:10: capital: expected a finite number, not infinity or NaN",
        ),
        (
            "capital: .nan\n",
            "strategies.d/t.yaml:7:10: capital: expected a finite number, not infinity or NaN",
        ),
        (
            "capital: inf\n",
            "strategies.d/t.yaml:7:10: capital: expected a finite number, not infinity or NaN",
        ),
        (
            "capital: true\n",
            "strategies.d/t.yaml:7:10: capital: expected a number, not the boolean true",
        ),
        (
            "capital: 1e13\n",
            "strategies.d/t.yaml:7:10: capital: Input should be less than or equal to "
            "1000000000000",
        ),
        (
            "bar_size: 99999999999999999999999m\n",
            "strategies.d/t.yaml:7:11: bar_size: bar size '99999999999999999999999m' is longer "
            "than the longest allowed, 1d",
        ),
        (
            "bar_size: 25h\n",
            "strategies.d/t.yaml:7:11: bar_size: bar size '25h' is longer than the longest "
            "allowed, 1d",
        ),
        (
            "risk: {max_daily_loss: .inf}\n",
            "strategies.d/t.yaml:7:24: risk.max_daily_loss: expected a finite number, "
            "not infinity or NaN",
        ),
        (
            "risk: {max_position: true}\n",
            "strategies.d/t.yaml:7:22: risk.max_position: expected a number, not the boolean true",
        ),
        (
            "risk: {max_position: 1e40}\n",
            "strategies.d/t.yaml:7:22: risk.max_position: number too large",
        ),
        (
            "risk: {max_position: 10001}\n",
            "strategies.d/t.yaml:7:22: risk.max_position: Input should be less than or equal "
            "to 10000",
        ),
        (
            "risk: {max_orders_per_minute: 4294967296}\n",
            "strategies.d/t.yaml:7:31: risk.max_orders_per_minute: Input should be less than "
            "or equal to 1000",
        ),
        (
            "risk: {allocation: .nan}\n",
            "strategies.d/t.yaml:7:20: risk.allocation: expected a finite number, "
            "not infinity or NaN",
        ),
    ],
)
def test_numbers_are_strict_finite_and_bounded(
    project_dir: Path, extra: str, expected: str
) -> None:
    assert errors(BOT + extra) == [expected]


def test_booleans_still_work_where_a_boolean_is_asked(project_dir: Path) -> None:
    two = BOT.replace("gc: {root: GC}", "gc: {root: GC}\n  mgc: {root: MGC, trade: false}")
    assert errors(two) == []


def _message(model: type[BaseModel], **params: Any) -> str:
    with pytest.raises(ValidationError) as info:
        model(**params)
    (error,) = info.value.errors(include_url=False)
    return f"{'.'.join(map(str, error['loc'][:1]))}: {error['msg']}"


def test_plugin_params_are_strict_finite_and_bounded() -> None:
    from runner_plugins.exits.distance import Distance
    from runner_plugins.exits.trailing import TrailingParams
    from runner_plugins.sizers.fixed import FixedParams
    from runner_plugins.sizers.risk import RiskParams

    assert (
        _message(RiskParams, max_leverage=math.inf)
        == "max_leverage: Input should be a finite number"
    )
    assert _message(RiskParams, max_leverage=1000) == (
        "max_leverage: Input should be less than or equal to 100"
    )
    assert _message(RiskParams, max_contracts=True) == (
        "max_contracts: expected a number, not the boolean true"
    )
    assert _message(RiskParams, max_contracts=10**40) == (
        "max_contracts: Input should be less than or equal to 10000"
    )
    assert _message(FixedParams, contracts=20_000) == (
        "contracts: Input should be less than or equal to 10000"
    )
    assert _message(Distance, points=math.nan) == "points: Input should be a finite number"
    assert _message(Distance, ticks=False) == "ticks: expected a number, not the boolean false"
    assert _message(TrailingParams, ticks=10**6) == (
        "ticks: Input should be less than or equal to 100000"
    )
    assert RiskParams(max_contracts=3, max_leverage=2).max_contracts == 3


def test_every_builtin_plugin_model_inherits_the_rules() -> None:
    import importlib
    import pkgutil

    import runner_plugins

    for kind in ("exits", "filters", "indicators", "signals", "sizers"):
        package = importlib.import_module(f"runner_plugins.{kind}")
        for module in pkgutil.walk_packages(package.__path__, f"runner_plugins.{kind}."):
            importlib.import_module(module.name)
    seen = []
    for module_name, module in list(__import__("sys").modules.items()):
        if not module_name.startswith("runner_plugins.") or module_name.split(".")[1] in (
            "brokers",
            "feeds",
        ):
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, BaseModel)
                and value.__module__ == module_name
            ):
                seen.append(value)
                assert issubclass(value, Model), value
                assert value.model_config.get("allow_inf_nan") is False, value
    assert len(seen) > 20
    assert runner_plugins

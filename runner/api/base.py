"""The common shape of every plugin."""

from __future__ import annotations

import enum
from typing import Any, ClassVar, Generic

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema
from typing_extensions import TypeVar


class PluginKind(enum.StrEnum):
    INDICATOR = "indicator"
    SIGNAL = "signal"
    FILTER = "filter"
    EXIT = "exit"
    SIZER = "sizer"
    FEED = "feed"
    BROKER = "broker"
    NOTIFIER = "notifier"


MAX_CONTRACTS = 10_000
"""Upper bound of every contract count a file may give (position limits, sizes)."""
MAX_TICKS = 100_000
"""Upper bound of every distance given in ticks."""
MAX_POINTS = 1e7
"""Upper bound of every distance given in price points."""
MAX_ATR = 1_000.0
"""Upper bound of every distance given as a multiple of an ATR."""
MAX_DOLLARS = 1e12
"""Upper bound of every money amount (capital, loss limits), in dollars."""


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError(
            "bool_not_number",
            "expected a number, not the boolean {value}",
            {"value": str(value).lower()},
        )
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _refuse_bools(schema: Any) -> Any:
    """``schema`` with a check in front of every int and float: pydantic takes True as 1."""
    if isinstance(schema, list):
        return [_refuse_bools(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: v if k == "metadata" else _refuse_bools(v) for k, v in schema.items()}
    if out.get("type") in ("int", "float") and isinstance(out.get("type"), str):
        return core_schema.no_info_before_validator_function(_no_bool, out)
    if out.get("type") == "literal" and any(_is_int(v) for v in out.get("expected", ())):
        # True == 1, so Literal[1] (schema_version) would take ``true`` too
        return core_schema.no_info_before_validator_function(_no_bool, out)
    return out


class Model(BaseModel):
    """Base of every model read from a file: numbers are finite and never booleans.

    YAML's ``.inf`` and ``.nan`` are floats, and pydantic would otherwise take ``true`` as
    the number 1; a limit written ``max_contracts: true`` or ``capital: .inf`` is a mistake,
    never a value.
    """

    model_config = ConfigDict(allow_inf_nan=False, defer_build=True)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler, /
    ) -> core_schema.CoreSchema:
        return _refuse_bools(handler(source))


class Params(Model):
    """Base of every plugin's parameters: a typo in YAML must be an error, never ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# Inside ``Plugin`` the class attribute ``Params`` shadows the model, so annotations there use
# this second name for it.
_Params = Params

P = TypeVar("P", bound=Params, default=Params)
"""A plugin's own parameter model: ``class RSI(Indicator[RSIParams])`` types ``self.params``."""


class Plugin(Generic[P]):
    """Base of every plugin class.

    ``name`` is what a bot file writes after ``use:``; ``Params`` validates the other keys
    of that YAML mapping. Class docstrings are shown by ``runner plugins`` and in the
    JSON Schema, so they should tell a trader what the plugin does.
    """

    kind: ClassVar[PluginKind]
    name: ClassVar[str]
    Params: ClassVar[type[_Params]] = _Params

    params: P

    def __init__(self, params: P) -> None:
        self.params = params

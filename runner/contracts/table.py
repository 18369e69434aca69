"""The contract table: :class:`ContractSpec` facts read once from contracts.yaml.

Facts live in data so adding a product is an edit of one YAML file. The file is checked
as strictly as a bot file: a wrong field names the file, the line and the field.
"""

from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict, Field, ValidationError, field_validator
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from runner.api.base import Model
from runner.api.zones import zone_name
from runner.contracts.calendar import check_calendar_name
from runner.contracts.rules import parse_rule
from runner.contracts.symbols import MONTH_CODES, parse_symbol
from runner.model.instrument import ContractSpec

DATA_FILE = Path(__file__).with_name("contracts.yaml")
_ROOT = re.compile(r"^[A-Z0-9]{1,5}$")


class ContractTableError(ValueError):
    """The contract table file is unreadable or holds a wrong value."""


class _Entry(Model):
    model_config = ConfigDict(extra="forbid")

    description: str
    exchange: str = Field(min_length=1)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    tick_size: float = Field(gt=0, le=1e6)
    """Smallest price step, more than 0 and at most 10^6."""
    point_value: float = Field(gt=0, le=1e9)
    """Currency units per full point of price, more than 0 and at most 10^9 (6J: 12,500,000)."""
    calendar: str
    business_calendar: str = ""
    timezone: str
    sec_type: Literal["FUT", "STK", "IND"] = "FUT"
    months: str = "FGHJKMNQUVXZ"
    last_trade_rule: str = ""
    first_notice_rule: str = ""

    @field_validator("calendar", "business_calendar")
    @classmethod
    def _calendar(cls, v: str) -> str:
        return check_calendar_name(v) if v else v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        return zone_name(v)

    @field_validator("months")
    @classmethod
    def _months(cls, v: str) -> str:
        bad = [c for c in v if c not in MONTH_CODES]
        if bad or len(set(v)) != len(v):
            raise ValueError(f"months must be distinct month codes from {MONTH_CODES}, got {v!r}")
        return "".join(sorted(v, key=MONTH_CODES.index))

    @field_validator("last_trade_rule", "first_notice_rule")
    @classmethod
    def _rule(cls, v: str) -> str:
        if v:
            parse_rule(v)
        return v


def load_table(path: Path = DATA_FILE) -> dict[str, ContractSpec]:
    """Read and check a contract table file; errors name file, line and field."""
    try:
        doc = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError) as exc:
        raise ContractTableError(f"{path}: cannot read contract table: {exc}") from None
    if not isinstance(doc, dict):
        raise ContractTableError(f"{path}: expected a mapping of roots to contract facts")
    table: dict[str, ContractSpec] = {}
    for root, body in doc.items():
        line = _line(doc, root)
        if not isinstance(root, str) or not _ROOT.match(root):
            raise ContractTableError(f"{path}:{line}: {root!r} is not a root (A-Z, 0-9, 1-5)")
        if not isinstance(body, dict):
            raise ContractTableError(f"{path}:{line}: {root}: expected a mapping of fields")
        try:
            entry = _Entry.model_validate({k: _plain(v) for k, v in body.items()})
        except ValidationError as exc:
            err = exc.errors()[0]
            field = str(err["loc"][0]) if err["loc"] else ""
            fline = _line(body, field) if field in body else line
            msg = err["msg"].removeprefix("Value error, ")
            raise ContractTableError(f"{path}:{fline}: {root}.{field}: {msg}") from None
        if entry.sec_type == "FUT" and not (entry.months and entry.last_trade_rule):
            raise ContractTableError(
                f"{path}:{line}: {root}: a future needs 'months' and 'last_trade_rule'"
            )
        table[root] = ContractSpec(root=root, **entry.model_dump())
    return table


def _plain(value: Any) -> Any:
    """Drop ruamel's scalar subclasses so specs hold plain floats and strings."""
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind(value)
    return value


def _line(mapping: Any, key: Any) -> int:
    try:
        return int(mapping.lc.key(key)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return 0


@functools.cache
def _table() -> dict[str, ContractSpec]:
    return load_table()


def get_spec(root: str) -> ContractSpec | None:
    """The facts of a root (GC, ES, USO ...), or None if the table does not know it."""
    return _table().get(root)


def roots() -> list[str]:
    return sorted(_table())


def spec_for_symbol(symbol: str) -> ContractSpec:
    """The spec of a root or of a contract symbol (GCZ6 -> GC, USO -> USO).

    Raises ValueError naming the known roots when the symbol's root is not in the table.
    """
    spec = get_spec(symbol)
    if spec is not None:
        return spec
    try:
        root, _, _ = parse_symbol(symbol)
    except ValueError:
        root = symbol
    spec = get_spec(root)
    if spec is None:
        close = difflib.get_close_matches(root, roots(), n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else f"; known roots: {', '.join(roots())}"
        raise ValueError(f"no contract facts for {symbol!r}{hint}")
    return spec

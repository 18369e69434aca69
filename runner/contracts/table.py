"""The contract table: :class:`ContractSpec` facts read once from contracts.yaml.

Facts live in data so adding a product is an edit of one YAML file. The file is checked
as strictly as a bot file: a wrong field names the file, the line and the field.

Beside runner's own table a project may describe contracts of its own (its
``contracts.yaml``, or a ``spec:`` on one instrument of a bot); those are *defined* into
this process's table when the project is loaded or the bot is built, so that every part
that looks a symbol up (the engine, the paper broker, reports) sees the same facts.
"""

from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from runner.config.yamlload import Document, load_file
from runner.contracts.spec import ContractFields
from runner.contracts.symbols import parse_symbol
from runner.model.instrument import ContractSpec

DATA_FILE = Path(__file__).with_name("contracts.yaml")
_ROOT = re.compile(r"^[A-Z0-9]{1,6}$")


class ContractTableError(ValueError):
    """The contract table file is unreadable or holds a wrong value."""


def load_table(path: Path = DATA_FILE) -> dict[str, ContractSpec]:
    """Read and check a contract table file; errors name file, line and field."""
    docs, errors = load_file(path, display=str(path))
    if errors:
        raise ContractTableError(f"{path}: cannot read contract table: {errors[0]}")
    if len(docs) != 1 or not isinstance(docs[0].data, dict):
        raise ContractTableError(f"{path}: expected a mapping of roots to contract facts")
    doc = docs[0]
    table: dict[str, ContractSpec] = {}
    for root, body in doc.data.items():
        line = _line(doc, root)
        if not isinstance(root, str) or not _ROOT.match(root):
            raise ContractTableError(
                f"{path}:{line}: {root!r} is not a root or symbol (A-Z, 0-9, 1-6)"
            )
        if not isinstance(body, dict):
            raise ContractTableError(f"{path}:{line}: {root}: expected a mapping of fields")
        try:
            entry = ContractFields.model_validate(body)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = str(err["loc"][0]) if err["loc"] else ""
            fline = _line(doc, root, field) if field in body else line
            msg = err["msg"].removeprefix("Value error, ")
            where = f"{root}.{field}" if field else root
            raise ContractTableError(f"{path}:{fline}: {where}: {msg}") from None
        table[root] = entry.to_spec(root)
    return table


def _line(doc: Document, *path: Any) -> int:
    return doc.key_pos(path)[0]


@functools.cache
def _table() -> dict[str, ContractSpec]:
    return load_table()


_defined: dict[str, tuple[ContractSpec, str]] = {}
"""Contracts a project described, by symbol: (spec, where it was described)."""


def builtin_spec(root: str) -> ContractSpec | None:
    """The facts runner ships for a root or symbol, or None."""
    return _table().get(root)


def define(symbol: str, spec: ContractSpec, origin: str) -> None:
    """Make a project's contract known to every lookup in this process.

    A later definition of the same symbol replaces an earlier one: the project checks
    (``runner validate``) are where two disagreeing descriptions are refused.
    """
    if builtin_spec(symbol) is not None:
        raise ValueError(f"{symbol} is one of runner's own contracts; it cannot be redefined")
    old = _defined.get(symbol)
    _defined[symbol] = (spec, origin)
    if old is not None and old[0] != spec:
        _forget_expiries()


def forget_defined() -> None:
    """Drop every project-defined contract (a new project is about to be loaded)."""
    if _defined:
        _defined.clear()
        _forget_expiries()


def _forget_expiries() -> None:
    """Expiry dates are cached by root: a root described anew must be computed anew."""
    from runner.contracts import roll  # roll reads this table: imported when needed

    roll.last_trade_date.cache_clear()
    roll.first_notice_date.cache_clear()


def defined_origin(symbol: str) -> str | None:
    """Where a project described ``symbol`` (a file, or file and instrument), or None."""
    got = _defined.get(symbol)
    return got[1] if got else None


def get_spec(root: str) -> ContractSpec | None:
    """The facts of a root or symbol (GC, ES, USO, SPY, a project's own), or None."""
    spec = _table().get(root)
    if spec is not None:
        return spec
    got = _defined.get(root)
    return got[0] if got else None


def roots() -> list[str]:
    return sorted({*_table(), *_defined})


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
        raise ValueError(
            f"no contract facts for {symbol!r}{hint} (describe it in the project's "
            "contracts.yaml or with 'spec:' on the instrument)"
        )
    return spec

"""A project's own contracts: its ``contracts.yaml`` and the ``spec:`` of an instrument.

runner ships the facts of the futures and ETFs its bots use; a project that trades
anything else describes it once, in ``contracts.yaml`` at the project's root (next to
``strategies.d/``)::

    schema_version: 1
    contracts:
      XLE: {sec_type: STK, tick: 0.01, currency: USD, exchange: ARCA, calendar: XNYS}

``runner validate`` checks the file like every other (file, line, column and field of
each mistake) and every bot then reads the symbol as it reads SPY. A symbol may be
described only once: a second description that disagrees (in this file, in a bot's
``spec:``, or with runner's own table) is an error naming both places.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints, ValidationError

from runner.api.base import Model
from runner.config.locate import from_validation, located, suggest
from runner.config.yamlload import Document
from runner.contracts import table
from runner.contracts.spec import ContractFields, differences
from runner.errors import ConfigError

if TYPE_CHECKING:
    from runner.config.project import Project

CONTRACTS_FILE = "contracts.yaml"
SYMBOL = re.compile(r"^[A-Z0-9]{1,6}$")


class ContractsFile(Model):
    """A project's contracts.yaml: contract facts by symbol (or futures root)."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = 1
    contracts: dict[Annotated[str, StringConstraints(pattern=SYMBOL.pattern)], ContractFields] = (
        Field(min_length=1)
    )
    """Facts by symbol (an ETF: XLE) or futures root (a future rolled by its rules)."""


def read_contracts(project: Project, path: Path, docs: list[Document]) -> None:
    """Check a project's contracts file and define its contracts for this process."""
    report = next(r for r in project.files if r.path == path)
    report.kind = "contracts"
    if report.errors:
        return
    if len(docs) != 1:
        what = "file is empty" if not docs else f"found {len(docs)} documents"
        err = ConfigError(report.file, 1, 1, "", f"{what}; expected one contracts document")
        _fail(project, report, [err])
        return
    doc = docs[0]
    errors = _check_top(doc)
    raw = doc.get(("contracts",))
    entries = raw if isinstance(raw, dict) else {}
    for symbol, body in entries.items():
        where = ("contracts", symbol)
        if not isinstance(symbol, str) or not SYMBOL.match(symbol):
            msg = f"{symbol!r} is not a symbol or root: capitals and digits, 1 to 6 of them"
            errors.append(located(doc, where, msg, key=True))
            continue
        try:
            spec = ContractFields.model_validate(body).to_spec(symbol)
        except ValidationError as exc:
            errors += from_validation(doc, where, exc, ContractFields)
            continue
        problem = clash(symbol, spec)
        if problem:
            errors.append(located(doc, where, problem, key=True))
            continue
        table.define(symbol, spec, report.file)
    if errors:
        _fail(project, report, errors)
        return
    n = len(entries)
    report.summary = f"{n} contract{'' if n == 1 else 's'}: {', '.join(entries)}"


def _check_top(doc: Document) -> list[ConfigError]:
    """The file's own keys; each contract is checked on its own, so that every mistake of
    every contract is reported at once."""
    if not isinstance(doc.data, dict):
        return [located(doc, (), "expected a mapping with 'contracts:'")]
    try:
        _Top.model_validate(doc.data)
    except ValidationError as exc:
        return from_validation(doc, (), exc, _Top)
    return []


class _Top(Model):
    model_config = ConfigDict(extra="forbid")
    schema_version: Literal[1] = 1
    contracts: dict[str, Any] = Field(min_length=1)


def clash(symbol: str, spec: Any) -> str | None:
    """Why ``spec`` cannot describe ``symbol`` here, or None: runner's own table already
    has it, or the project described it elsewhere with other facts."""
    own = table.builtin_spec(symbol)
    if own is not None:
        diff = differences(own, spec)
        if diff:
            return (
                f"{symbol} is one of runner's own contracts and its facts differ "
                f"({'; '.join(diff)}); drop this description or trade another symbol"
            )
        return f"{symbol} is one of runner's own contracts; drop this description"
    origin = table.defined_origin(symbol)
    if origin is not None:
        other = table.get_spec(symbol)
        diff = differences(other, spec) if other is not None else []
        if diff:
            return f"{symbol} is already described in {origin} with other facts ({'; '.join(diff)})"
    return None


def inline_contract(symbol: str, raw: Any, origin: str) -> str | None:
    """Check and define the ``spec:`` of a bot's instrument; the problem, or None.

    An invalid ``spec`` is left alone: the bot's model reports its fields.
    """
    try:
        spec = ContractFields.model_validate(raw).to_spec(symbol)
    except ValueError:
        return None
    own = table.builtin_spec(symbol)
    if own is not None:
        diff = differences(own, spec)
        if diff:
            return (
                f"{symbol} is one of runner's own contracts and this spec differs "
                f"({'; '.join(diff)}); drop 'spec' or trade another symbol"
            )
        return None  # the same facts, said twice: harmless
    problem = clash(symbol, spec)
    if problem:
        return problem
    if table.defined_origin(symbol) is None:
        table.define(symbol, spec, origin)
    return None


def unknown_symbol(symbol: str, known: list[str]) -> str:
    """The error for a symbol that is neither a known contract nor a futures month symbol."""
    hint = suggest(symbol, known)
    guess = f"; did you mean {hint!r}?" if hint else "."
    return (
        f"unknown symbol {symbol!r}{guess} Neither runner's contract table nor the "
        f"project's {CONTRACTS_FILE} describes it, and it is not a futures contract (root, "
        "month code and year, such as GCZ6): describe it in contracts.yaml or with 'spec:' "
        "on this instrument"
    )


def _fail(project: Project, report: Any, errors: list[ConfigError]) -> None:
    report.errors += len(errors)
    project.errors += errors

"""The best trial's run as a sweep leaves it in its results folder, and reading it back.

``sweep.json`` says that the folder is a sweep's, which bot it tuned, its best trial and
the file that trial was written to; beside it the best trial's equity curve and closed
trades over the sweep's whole data range (Parquet), with the fingerprint of what that run
rests on. ``runner allocate --from-sweep`` takes the run from here instead of backtesting
the best bot again, when the fingerprint says that its own backtest would be the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from runner.errors import display_path
from runner.portfolio.trades import ClosedTrade
from runner.sweep.botfile import TUNED, original_name, tuned_file

if TYPE_CHECKING:
    from runner.sweep.model import LoadedSweep

MANIFEST = "sweep.json"
EQUITY = "best_equity.parquet"
TRADES = "best_trades.parquet"
FORMAT = 1
_HEADER = re.compile(
    r"^# Tuned by `(?P<command>runner sweep [^`]+)` on .*\n"
    r"# trial (?P<trial>[0-9]+) of study '(?P<study>[^']+)'",
    re.MULTILINE,
)
"""What the best bot file's header says of its sweep (runner.sweep.botfile)."""


class SweepFolderError(ValueError):
    """A folder that cannot be read as a sweep's results; the message is one line."""


@dataclass(frozen=True)
class StoredRun:
    """The best trial's backtest over the sweep's data range."""

    ts: np.ndarray  # int64 ns, the equity curve's times
    equity: np.ndarray  # float64
    trades: list[ClosedTrade]
    capital: float


@dataclass(frozen=True)
class SweepResults:
    """A sweep's results folder as ``runner allocate`` reads it."""

    folder: Path
    name: str  # the study's name
    bot: str  # the bot the sweep tuned
    tuned: str  # the best bot's name (``<bot>_tuned``)
    tuned_file: Path
    trial: int | None  # None: a folder written before sweep.json was
    start: str | None = None  # the sweep's data range (None: the bot's own)
    end: str | None = None
    replay: dict[str, str] | None = None
    capital: float | None = None
    missing: str = ""
    """Why no stored run can be read (empty: it can)."""
    sweep_file: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    def where(self) -> str:
        trial = f"trial {self.trial} of " if self.trial is not None else "the best trial of "
        return f"{trial}sweep {self.name} ({display_path(self.folder)})"

    def run(self) -> StoredRun:
        """The stored run; raises SweepFolderError when its files cannot be read."""
        import pyarrow.parquet as pq

        if self.missing or self.capital is None:
            raise SweepFolderError(self.missing or "no stored run")
        try:
            curve = pq.read_table(self.folder / EQUITY)
            table = pq.read_table(self.folder / TRADES).to_pylist()
        except (OSError, ValueError) as exc:
            raise SweepFolderError(f"its stored run cannot be read: {_line(exc)}") from None
        ts = curve.column("ts").to_numpy().astype(np.int64)
        equity = curve.column("equity").to_numpy().astype(np.float64)
        from runner.model import Side

        trades = [ClosedTrade(**{**row, "side": Side(row["side"])}) for row in table]
        return StoredRun(ts, equity, trades, float(self.capital))


def _line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _trades_table(trades: Sequence[ClosedTrade]) -> Any:
    import pyarrow as pa

    types = {
        "bot": pa.string(),
        "symbol": pa.string(),
        "side": pa.int8(),
        "qty": pa.int64(),
        "entry_ts": pa.int64(),
        "exit_ts": pa.int64(),
        "entry_price": pa.float64(),
        "exit_price": pa.float64(),
        "pnl": pa.float64(),
        "commission": pa.float64(),
        "gross_pnl": pa.float64(),
        "bars": pa.int64(),
        "exit_reason": pa.string(),
        "entry_reason": pa.string(),
    }
    assert set(types) == {f.name for f in fields(ClosedTrade)}
    columns = {
        name: pa.array(
            [int(getattr(t, name)) if name == "side" else getattr(t, name) for t in trades], kind
        )
        for name, kind in types.items()
    }
    return pa.table(columns)


def write_results(
    folder: Path,
    sweep: LoadedSweep,
    best: dict[str, Any] | None,
    run: Any | None,
) -> list[Path]:
    """``sweep.json``, and the best trial's run when ``run`` (a TrialOutcome with its curve,
    trades and fingerprint) holds one. ``best``: trial, objective and params, or None when no
    trial completed."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    cfg = sweep.config
    written: list[Path] = []
    for stale in (EQUITY, TRADES):  # a run of an earlier sweep in this folder
        (folder / stale).unlink(missing_ok=True)
    entry: dict[str, Any] | None = None
    if best is not None:
        entry = {
            **best,
            "bot": original_name(sweep) + TUNED,
            "file": tuned_file(sweep),
            "from": cfg.data.start.isoformat() if cfg.data.start else None,
            "to": cfg.data.end.isoformat() if cfg.data.end else None,
            "run": None,
        }
        if run is not None and run.error is None and run.replay is not None:
            ts = np.fromiter((p[0] for p in run.curve), dtype=np.int64, count=len(run.curve))
            eq = np.fromiter((p[1] for p in run.curve), dtype=np.float64, count=len(run.curve))
            pq.write_table(pa.table({"ts": ts, "equity": eq}), folder / EQUITY)
            pq.write_table(_trades_table(run.trades), folder / TRADES)
            written += [folder / EQUITY, folder / TRADES]
            entry["run"] = {
                "capital": run.capital,
                "trades": len(run.trades),
                "replay": run.replay,
                "equity": EQUITY,
                "closed_trades": TRADES,
            }
    doc = {
        "format": FORMAT,
        "sweep": sweep.name,
        "sweep_file": str(sweep.path.resolve()),
        "bot": original_name(sweep),
        "bot_file": str(sweep.bot_path.resolve()),
        "metric": cfg.objective.metric,
        "best": entry,
    }
    path = folder / MANIFEST
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return [path, *written]


def read_results(folder: Path) -> SweepResults:
    """The sweep whose results are in ``folder``; SweepFolderError (one line) when there is
    none, or no best bot."""
    where = display_path(folder)
    if not folder.exists():
        raise SweepFolderError(f"{where}: no such folder")
    if not folder.is_dir():
        raise SweepFolderError(f"{where}: not a folder")
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return _older(folder)
    try:
        doc = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SweepFolderError(f"{display_path(manifest)}: not readable: {_line(exc)}") from None
    try:
        if doc.get("format") != FORMAT:
            raise SweepFolderError(
                f"{display_path(manifest)}: format {doc.get('format')!r}, this runner reads "
                f"{FORMAT}: run the sweep again with this runner"
            )
        best = doc["best"]
        if best is None:
            raise SweepFolderError(
                f"{where}: sweep {doc['sweep']} has no best bot (no trial completed)"
            )
        tuned = folder / best["file"]
        if not tuned.is_file():
            raise SweepFolderError(f"{where}: its best bot file {best['file']} is missing")
        run = best.get("run")
        missing = ""
        if run is None:
            missing = "the sweep kept no run of it (its replay failed)"
        else:
            absent = [
                f for f in (run["equity"], run["closed_trades"]) if not (folder / f).is_file()
            ]
            if absent:
                missing = f"its stored run is missing ({', '.join(absent)})"
        return SweepResults(
            folder=folder,
            name=str(doc["sweep"]),
            bot=str(doc["bot"]),
            tuned=str(best["bot"]),
            tuned_file=tuned,
            trial=int(best["trial"]),
            start=best.get("from"),
            end=best.get("to"),
            replay=None if run is None else dict(run["replay"]),
            capital=None if run is None else float(run["capital"]),
            missing=missing,
            sweep_file=str(doc.get("sweep_file", "")),
            params=dict(best.get("params") or {}),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, SweepFolderError):
            raise
        raise SweepFolderError(f"{display_path(manifest)}: malformed ({_line(exc)})") from None


def _older(folder: Path) -> SweepResults:
    """A results folder written before sweeps kept ``sweep.json``: its best bot file, and no
    stored run (the bot is backtested)."""
    where = display_path(folder)
    if not any((folder / f).is_file() for f in ("trials.csv", "trials.parquet")):
        raise SweepFolderError(
            f"{where}: not a sweep's results folder (no {MANIFEST} or trials.csv in it)"
        )
    tuned = sorted(folder.glob("*.tuned.yaml"))
    if not tuned:
        raise SweepFolderError(f"{where}: the sweep has no best bot file (*.tuned.yaml)")
    if len(tuned) > 1:
        names = ", ".join(p.name for p in tuned)
        raise SweepFolderError(f"{where}: more than one best bot file ({names})")
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        text = tuned[0].read_text(encoding="utf-8")
        doc = YAML(typ="safe").load(text)
        name = str(doc["name"])
    except (OSError, YAMLError, KeyError, TypeError) as exc:
        raise SweepFolderError(f"{display_path(tuned[0])}: no bot name ({_line(exc)})") from None
    header = _HEADER.search(text)
    trial, study, command = None, folder.name, "runner sweep SWEEP_FILE"
    if header is not None:
        command, trial, study = header["command"], int(header["trial"]), header["study"]
    return SweepResults(
        folder=folder,
        name=study,
        bot=name.removesuffix(TUNED),
        tuned=name,
        tuned_file=tuned[0],
        trial=trial,
        missing=(
            f"the sweep kept no run of it (an older runner wrote {where}; "
            f"`{command} --resume -o {where}` adds it)"
        ),
    )

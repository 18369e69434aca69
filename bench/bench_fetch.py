"""``runner data fetch`` speed: rows per second from each local server into a catalog.

The servers run in a child process (the other core), holding the bundled GC week as their
newest history on a pinned date (2026-11-04), so the range asked for is synthetic history
(``runner_sims/history.py``). The client side is exactly what the command runs after
planning: the source (``runner_plugins/rithmic/history.py``, ``runner_plugins/ib/history.py``)
and the catalog writes of ``runner.commands.data.fetch_run``. Reported: sessions, rows (bars,
or trades for ``--bars tick``), wall time, rows/s, requests, and the client process's peak RSS.

IB's pacing rules for small bars and trades (at most 60 requests per 10 minutes) would make a
fetch of ``1s`` or ``tick`` wait minutes of real time per session, which measures IB's rules,
not the code: for those kinds the IB source is run with its pacing off (the local TWS does
not pace unless told), and the table shows the wall time the 60-per-10-minutes rule alone
would impose on the same requests.

    python bench/bench_fetch.py [--from 2026-01-02] [--to 2026-06-30] [--source rithmic|ib|both]
                                [--bars 1m|1s|tick]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from runner.api.history import SourceOptions
from runner.catalog.store import Catalog
from runner.commands.data.fetch_run import FetchTally, fetch_days, pending, plan

SIM_START = "2026-11-04T15:00:00Z"


def _serve(queue: mp.Queue, cert_dir: str) -> None:
    from runner.engine.clock import start_clock
    from runner_plugins.feeds.replay import load_bars
    from runner_sims.ib.server import TwsServer
    from runner_sims.rithmic.server import RithmicServer

    async def main() -> None:
        bars = load_bars("GC", symbol="GC")[:600]
        rithmic = RithmicServer({"GC": bars}, clock=start_clock(SIM_START), cert_dir=Path(cert_dir))
        tws = TwsServer({"GC": bars}, clock=start_clock(SIM_START))
        await rithmic.start()
        await tws.start()
        queue.put((rithmic.uri, str(rithmic.ca_file), tws.host, tws.port))
        await asyncio.Event().wait()

    asyncio.run(main())


IB_PACED_PER_10_MIN = 60


def _source(kind: str, where: tuple, bars: str) -> object:
    uri, ca, host, port = where
    if kind == "rithmic":
        from runner_plugins.rithmic.history import RithmicHistory

        params = {
            "uri": uri, "ca_file": ca, "user": "bench", "password": "bench-pw",
            "system_name": "Rithmic Test",
        }  # fmt: skip
        return RithmicHistory(None, SourceOptions(extra={"params": params}))
    from runner_plugins.ib.history import IBHistory
    from runner_plugins.ib.pacing import PacingRules

    params = {"host": host, "port": port, "client_id": 77}
    extra: dict = {"params": params}
    if bars != "1m":  # see the module's docstring: the rule's cost is shown apart
        extra["pacing"] = PacingRules(same_contract_count=10**6, max_requests=10**6)
    return IBHistory(None, SourceOptions(extra=extra))


async def _fetch(kind: str, where: tuple, first: date, last: date, root: Path, bars: str) -> tuple:
    jobs = plan("GC", first, last, basis="first_notice", days_before=2)
    catalog = Catalog(root)
    tally = FetchTally()
    todo = pending(catalog, jobs, bars, time.time_ns(), tally)
    source = _source(kind, where, bars)
    await source.connect()  # type: ignore[attr-defined]
    began = time.perf_counter()
    try:
        await fetch_days(source, catalog, todo, bars, source_name=kind, tally=tally)  # type: ignore[arg-type]
    finally:
        await source.close()  # type: ignore[attr-defined]
    wall = time.perf_counter() - began
    return tally, wall, getattr(source, "requests", 0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--from", dest="first", default="2026-01-02")
    ap.add_argument("--to", dest="last", default="2026-06-30")
    ap.add_argument("--source", choices=("rithmic", "ib", "both"), default="both")
    ap.add_argument("--bars", choices=("1m", "1s", "tick"), default="1m")
    args = ap.parse_args()
    rows = "trades" if args.bars == "tick" else "bars"
    first, last = date.fromisoformat(args.first), date.fromisoformat(args.last)
    kinds = ("rithmic", "ib") if args.source == "both" else (args.source,)
    with tempfile.TemporaryDirectory() as tmp:
        queue: mp.Queue = mp.get_context("spawn").Queue()
        server = mp.get_context("spawn").Process(target=_serve, args=(queue, tmp), daemon=True)
        server.start()
        try:
            where = queue.get(timeout=120)
            print(
                f"| source | kind | sessions | {rows} | wall | {rows}/s | requests | "
                "client peak RSS | IB pacing alone |"
            )
            print("|---|---|---|---|---|---|---|---|---|")
            for kind in kinds:
                tally, wall, requests = asyncio.run(
                    _fetch(kind, where, first, last, Path(tmp) / f"catalog-{kind}", args.bars)
                )
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                paced = "-"
                if kind == "ib" and args.bars != "1m":
                    paced = f"{requests / IB_PACED_PER_10_MIN * 600:,.0f} s"
                print(
                    f"| {kind} | {args.bars} | {tally.days} | {tally.bars:,} | {wall:.1f} s | "
                    f"{tally.bars / wall:,.0f} | {requests} | {rss:.0f} MB | {paced} |"
                )
        finally:
            server.terminate()
            server.join(10)


if __name__ == "__main__":
    main()

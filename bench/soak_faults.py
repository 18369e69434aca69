"""Soak: a live bot under repeated faults on each simulator, then the counts.

Per simulator and round: a gateway restart that keeps the account, a drop right after an
order reached the broker, a plain drop of every connection, (IB) a drop as an execution
goes out and a link flap (1101 data lost / 1102 kept, alternating), a check, then a kill -9
of the runner at a random (seeded) moment, a start on the same log folder and another
check. Every fourth round adds the harder cases: a gateway restart right after an order
reached the broker (its answer lost, the numbering restarted), a kill -9 right after an
order reached the broker, and a kill -9 while the gateway is down (the runner starts
against a broker it cannot reach). The bot trades both sides; on Rithmic it trades 3
contracts and the server fills at most a fifth of each trade's size (partial fills). A check waits (bounded) for the journal's positions and working orders to equal the
account the simulator holds, then samples whether each broker position has a stop working
at the broker. At the end the runner is stopped with SIGTERM and every broker execution is
looked up in the journal.

    python bench/soak_faults.py --rounds 20 --venue rithmic --venue ib --seed 1

Figures and the machine: bench/README.md ("Fault soak").
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.faults.harness import Harness, IBVenue, RithmicVenue, Tally


async def soak(kind: str, rounds: int, seed: int, folder: Path) -> tuple[Tally, int, float]:
    venue = RithmicVenue(partial=0.2, contracts=3) if kind == "rithmic" else IBVenue(seed)
    started = time.monotonic()
    async with Harness(venue, folder, seed) as h:
        await h.trading(2, 120)
        for i in range(rounds):
            await h.gateway_restart(h.rng.uniform(0.2, 1.5))
            await h.trading(2, 120)
            await h.drop_mid_fill(120)
            await h.trading(2, 120)
            h.drop()
            await h.trading(1, 120)
            if kind == "ib":
                await h.drop_at_next_execution(120)
                await h.trading(1, 120)
                h.flap(data_lost=i % 2 == 0)
                await h.trading(1, 120)
            await h.check(120)
            await h.kill9()
            await h.trading(2, 120)
            await h.check(120)
            if i % 4 == 3:
                await h.restart_after_next_order(h.rng.uniform(0.2, 1.0), 120)
                await h.trading(2, 120)
                await h.kill9_after_next_order(120)
                await h.trading(2, 120)
                await h.kill9_while_down(3.0)
                await h.trading(2, 120)
                await h.check(120)
            t = h.tally
            print(
                f"{kind} round {i + 1}/{rounds}: fills {h.fills()}, checks {t.checks},"
                f" mismatches {len(t.mismatches)}, unprotected {len(t.unprotected)},"
                f" exposed {len(t.exposed)}"
                f" ({time.monotonic() - started:.0f} s)",
                flush=True,
            )
        code = await h.settle_stop()
    return h.tally, code, time.monotonic() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--venue", action="append", choices=["rithmic", "ib"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="a folder to keep the logs in")
    args = ap.parse_args()
    print(f"machine: {platform.platform()}, {platform.processor() or platform.machine()}")
    for kind in args.venue or ["rithmic", "ib"]:
        base = args.keep or Path(tempfile.mkdtemp(prefix="soak-faults-"))
        tally, code, took = asyncio.run(soak(kind, args.rounds, args.seed, base / kind))
        print(f"== {kind}: {args.rounds} rounds, seed {args.seed}, {took:.0f} s, exit {code}")
        for line in tally.lines():
            print("  " + line)
        for what, items in (
            ("mismatch", tally.mismatches),
            ("unprotected", tally.unprotected),
            ("exposed", tally.exposed),
            ("lost fill", tally.lost_fills),
            ("duplicate fill", tally.duplicate_fills),
            ("duplicate order", tally.duplicate_orders),
            ("no disconnect event after", tally.unlogged_faults),
        ):
            for item in items[:10]:
                print(f"  {what}: {item}")
        print(f"  logs: {base / kind}", flush=True)


if __name__ == "__main__":
    main()

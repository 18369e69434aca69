"""A one-off fuzz campaign over the shipped configuration files (issue 12 item 8).

    python -m tests.fuzz.campaign --seed 12 --mutants 10000

Copies the repository's strategies.d/, schedules/ and connections.yaml to a scratch folder,
then mutates one file at a time (a shipped bot most of the time; schedule and connection
files too) with ``tests.fuzz.mutants`` and judges each mutant with ``tests.fuzz.judge``.
Mutant ``i`` is built from ``random.Random(f"{seed}:{i}")``, so any one is reproduced with
``--only i``. Prints the counts per class and outcome and every problem found; exits 1 when
there is any.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.fuzz.judge import Judge
from tests.fuzz.mutants import mutant

REPO = Path(__file__).resolve().parents[2]


def targets(root: Path) -> list[str]:
    bots = sorted(f"strategies.d/{p.name}" for p in (root / "strategies.d").glob("*.yaml"))
    others = sorted(f"schedules/{p.name}" for p in (root / "schedules").glob("*.yaml"))
    return bots * 4 + [*others, "connections.yaml"]  # bots are what issue 12 is about


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--mutants", type=int, default=10_000)
    ap.add_argument("--only", type=int, default=None, help="run mutant number ONLY and show it")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="runner-fuzz-") as scratch:
        root = Path(scratch)
        for folder in ("strategies.d", "schedules"):
            shutil.copytree(REPO / folder, root / folder)
        shutil.copy(REPO / "connections.yaml", root / "connections.yaml")
        judge = Judge(root)
        names = targets(root)
        texts = {n: (root / n).read_text() for n in set(names)}
        numbers = [args.only] if args.only is not None else range(args.mutants)
        outcome: Counter[str] = Counter()
        by_class: Counter[str] = Counter()
        problems: Counter[str] = Counter()
        began = time.monotonic()
        for i in numbers:
            rng = random.Random(f"{args.seed}:{i}")
            name = rng.choice(names)
            kind, content = mutant(texts[name], rng)
            verdict = judge(name, content)
            outcome["accepted" if verdict.accepted else "refused"] += 1
            by_class[kind.split("+")[0]] += 1
            for p in verdict.problems:
                problems[p.split(":", 1)[0]] += 1
                print(f"mutant {i} ({name}, {kind}): {p}", file=sys.stderr)
            if (i + 1) % 1000 == 0:
                print(f"{i + 1} mutants, {sum(problems.values())} problems", file=sys.stderr)
            if args.only is not None:
                print(content.decode(errors="replace"))
                print(verdict)
        took = time.monotonic() - began
    n = sum(outcome.values())
    print(f"seed {args.seed}: {n} mutants in {took:.0f} s")
    print(f"  accepted {outcome['accepted']}, refused {outcome['refused']}")
    print("  first mistake class: " + ", ".join(f"{k} {v}" for k, v in sorted(by_class.items())))
    for kind in ("traceback", "exit", "unlocated", "dangerous", "changed", "silent"):
        print(f"  {kind}: {problems[kind]}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

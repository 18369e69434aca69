"""Start-up of the ``runner`` command: wall time, CPU time and peak memory per command.

Run: python bench/bench_startup.py [--runs 15] [--compare OTHER_TREE] [--no-bytecode-cache]

Each command runs ``--runs`` times in a fresh process from the project folder (the
shipped bots in strategies.d/); printed are the median and best wall time, the median
CPU time (user + system: less sensitive than wall time to other work on the machine)
and the peak resident memory. Warm-up runs first write the bytecode caches, as any
installed copy has them; ``--no-bytecode-cache`` measures with PYTHONDONTWRITEBYTECODE=1
and no caches instead (every project module compiled on every start).

``--compare`` takes another checkout of the project (say ``git archive`` of an older
commit unpacked in /tmp) and runs it from there with the same interpreter, interleaved
run by run with this tree, so both see the same load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

COMMANDS: tuple[tuple[str, ...], ...] = (
    ("--help",),
    ("validate", "strategies.d"),
    ("plugins",),
)


@dataclass(frozen=True, slots=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds
    rss_mib: float  # peak resident set size


@dataclass(frozen=True, slots=True)
class Tree:
    label: str
    root: Path
    env: dict[str, str]


def run_once(python: str, args: list[str], tree: Tree) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen([python, *args], cwd=tree.root, env=tree.env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(args)} in {tree.root} exited {code}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # KiB on Linux


def clear_bytecode(root: Path) -> None:
    for folder in ("runner", "runner_plugins", "runner_sims"):
        for cache in (root / folder).rglob("__pycache__"):
            shutil.rmtree(cache, ignore_errors=True)


def make_tree(label: str, root: Path, no_cache: bool) -> Tree:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root)  # ahead of the editable install of this tree
    if no_cache:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        clear_bytecode(root)
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    return Tree(label, root, env)


def row(label: str, runs: list[Run]) -> str:
    return (
        f"{label:<52}{statistics.median(r.wall for r in runs):>11.3f}s"
        f"{min(r.wall for r in runs):>10.3f}s"
        f"{statistics.median(r.cpu for r in runs):>11.3f}s"
        f"{max(r.rss_mib for r in runs):>7.0f} MiB"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--compare", type=Path, help="another checkout to time beside this one")
    ap.add_argument("--no-bytecode-cache", action="store_true")
    opts = ap.parse_args()

    trees = [make_tree("", ROOT, opts.no_bytecode_cache)]
    if opts.compare:
        trees.insert(
            0, make_tree(f" [{opts.compare}]", opts.compare.resolve(), opts.no_bytecode_cache)
        )
    cases = [(["-c", "pass"], "python -c pass", trees[-1])]
    cases += [
        (["-m", "runner", *args], "runner " + " ".join(args) + tree.label, tree)
        for args in COMMANDS
        for tree in trees
    ]
    for args, _, tree in cases * 2:  # warm-up: bytecode caches, page cache
        run_once(opts.python, args, tree)
    results: dict[str, list[Run]] = {label: [] for _, label, _ in cases}
    for _ in range(opts.runs):  # interleaved: every case sees the same load
        for args, label, tree in cases:
            results[label].append(run_once(opts.python, args, tree))

    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at the end, {opts.runs} runs each, bytecode caches "
        f"{'off' if opts.no_bytecode_cache else 'on'}"
    )
    print(f"{'command':<52}{'wall median':>12}{'wall best':>10}{'CPU median':>12}{'peak RSS':>11}")
    for label, runs in results.items():
        print(row(label, runs))


if __name__ == "__main__":
    main()

"""The files a trial reads (bar data, schedules, contracts) as one value for a cluster.

On a Ray cluster the workers may sit on machines without the project folder: the files
are read once, put into the object store once, and each worker process writes them to a
private folder the first time it meets them.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from runner.sweep.trial import CONTRACTS, SCHEDULES, TrialTask


@dataclass(frozen=True)
class Bundle:
    key: str  # digest of the contents: a worker materialises each bundle once
    files: dict[str, bytes]  # "root/schedules/x.yaml", "data/GC.csv.gz"
    has_data: bool


def _add(files: dict[str, bytes], prefix: str, folder: Path) -> None:
    for f in sorted(folder.iterdir()):
        if f.is_file() and not f.name.startswith("."):
            files[f"{prefix}/{f.name}"] = f.read_bytes()


def make_bundle(root: Path | None, data: Path) -> Bundle:
    files: dict[str, bytes] = {}
    if root is not None:
        if (root / SCHEDULES).is_dir():
            _add(files, f"root/{SCHEDULES}", root / SCHEDULES)
        if (root / CONTRACTS).is_file():
            files[f"root/{CONTRACTS}"] = (root / CONTRACTS).read_bytes()
    _add(files, "data", data)
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return Bundle(digest.hexdigest()[:16], files, True)


_placed: dict[str, Path] = {}
_holders: list[tempfile.TemporaryDirectory[str]] = []


def materialise(bundle: Bundle) -> Path:
    """The bundle's files in a folder of this process (written on first use)."""
    where = _placed.get(bundle.key)
    if where is None:
        holder = tempfile.TemporaryDirectory(prefix=f"runner-bundle-{bundle.key}-")
        _holders.append(holder)
        where = Path(holder.name)
        for name, blob in bundle.files.items():
            target = where / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(blob)
        (where / "root").mkdir(exist_ok=True)
        _placed[bundle.key] = where
    return where


def localise(bundle: Bundle, task: TrialTask) -> TrialTask:
    """The task with its project and data paths pointing at this machine's copy."""
    where = materialise(bundle)
    return replace(task, root=str(where / "root"), data=str(where / "data"))

"""The files a trial reads (bar data, schedules, contracts) as one value for a cluster.

On a Ray cluster the workers may sit on machines without the project folder: the files
are read once, put into the object store once, and written once per machine, into a folder
of that machine's temporary folder named after the bundle's contents and its sweep.

Nothing in a worker process removes that folder: Ray kills its workers when the job ends,
so their exit hooks and finalizers do not run. The folder belongs to the sweep instead. Its
name is known to the driver, which removes it through a last task on every node when the
sweep ends (``runner.sweep.rayexec``), and directly on its own machine, which covers a
local cluster already gone after Ctrl-C. The trials' scratch folders are made inside it,
so a trial killed halfway leaves nothing once the sweep's folder is gone.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from runner.sweep.trial import CONTRACTS, SCHEDULES, TrialTask

PREFIX = "runner-bundle-"
TRIALS = "trials"


@dataclass(frozen=True)
class Bundle:
    key: str  # digest of the contents: a worker materialises each bundle once
    files: dict[str, bytes]  # "root/schedules/x.yaml", "data/GC.csv.gz"
    has_data: bool
    run: str = field(default_factory=lambda: secrets.token_hex(4))
    """Tells this sweep's copies from another sweep's copies of the same files, so that
    the end of one sweep never removes a folder another running sweep reads."""

    @property
    def folder_name(self) -> str:
        return folder_name(self.key, self.run)


def folder_name(key: str, run: str) -> str:
    return f"{PREFIX}{key}-{run}"


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


def place(name: str) -> Path:
    """Where the bundle folder ``name`` is on this machine."""
    return Path(tempfile.gettempdir()) / name


def remove(name: str) -> None:
    """Remove this machine's copy of the bundle folder ``name``, and the partial copies of
    workers killed while writing it."""
    where = place(name)
    for partial in where.parent.glob(f"{name}.part-*"):
        shutil.rmtree(partial, ignore_errors=True)
    shutil.rmtree(where, ignore_errors=True)


def materialise(bundle: Bundle) -> Path:
    """The bundle's files in this machine's folder of the sweep (written on first use).

    Workers of one machine share the folder: each writes its copy under a name of its own
    and renames it into place; a worker that loses the race drops its copy."""
    where = place(bundle.folder_name)
    if where.is_dir():  # only ever renamed into place whole
        return where
    part = Path(tempfile.mkdtemp(prefix=f"{bundle.folder_name}.part-", dir=where.parent))
    try:
        for name, blob in bundle.files.items():
            target = part / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(blob)
        (part / TRIALS).mkdir()
        (part / "root").mkdir(exist_ok=True)
        try:
            os.rename(part, where)
        except OSError:
            if not where.is_dir():
                raise
    finally:
        shutil.rmtree(part, ignore_errors=True)
    return where


def localise(bundle: Bundle, task: TrialTask) -> TrialTask:
    """The task with its project, data and scratch paths pointing at this machine's copy."""
    where = materialise(bundle)
    return replace(
        task, root=str(where / "root"), data=str(where / "data"), scratch=str(where / TRIALS)
    )

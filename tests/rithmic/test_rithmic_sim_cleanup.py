"""The local server removes the certificate folder it made itself, and only that one."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
import tempfile
from pathlib import Path

import pytest
from rithmic_support import gc_bars, sim_clock

from runner_sims.rithmic.server import RithmicServer

RUNNER = Path(sys.executable).with_name("runner")


@pytest.fixture
def own_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private temp root, so that what the server leaves behind can be listed."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


async def test_stop_removes_the_folder_the_server_made(own_tmp: Path) -> None:
    server = RithmicServer({"GC": gc_bars()}, clock=sim_clock())
    await server.start()
    made = [p.name for p in own_tmp.iterdir()]
    assert len(made) == 1 and made[0].startswith("rithmic-sim-")
    assert server.ca_file is not None and server.ca_file.is_file()
    await server.stop()
    assert list(own_tmp.iterdir()) == []
    await server.start()  # a restart makes a fresh folder rather than reusing the removed one
    assert server.ca_file.is_file()
    await server.stop()
    assert list(own_tmp.iterdir()) == []


async def test_stop_keeps_a_folder_the_user_named(own_tmp: Path, tmp_path: Path) -> None:
    mine = tmp_path / "certs"
    server = RithmicServer({"GC": gc_bars()}, clock=sim_clock(), cert_dir=mine)
    await server.start()
    await server.stop()
    assert (mine / "ca.pem").is_file()
    assert list(own_tmp.iterdir()) == []


async def test_a_failed_start_removes_its_folder(own_tmp: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = RithmicServer({"GC": gc_bars()}, clock=sim_clock(), port=taken.getsockname()[1])
        with pytest.raises(OSError):
            await server.start()
    assert list(own_tmp.iterdir()) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
async def test_sim_command_removes_its_folder_when_stopped(tmp_path: Path, sig: int) -> None:
    root = tmp_path / "tmp"
    root.mkdir()
    proc = await asyncio.create_subprocess_exec(
        str(RUNNER),
        "sim",
        "rithmic",
        "--symbols",
        "GC",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={"PATH": str(RUNNER.parent), "TMPDIR": str(root)},
    )
    try:
        first = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode().split()
        if len(first) != 2:
            await proc.wait()
            raise AssertionError(f"the server did not start: {(await proc.stderr.read())!r}")
        _, ca_file = first
        assert Path(ca_file).parent.parent == root and Path(ca_file).is_file()
        proc.send_signal(sig)
        await asyncio.wait_for(proc.wait(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, (await proc.stderr.read()).decode()
    assert list(root.iterdir()) == []

"""Regenerate the R|Protocol ``*_pb2.py`` modules and their ``*_pb2.pyi`` stubs from our
``.proto`` files.

The generated modules are checked in so that installing the project never needs protoc;
this script is how they are kept in step with the ``.proto`` sources after an edit. The
stubs are what lets mypy check the fields the plugin reads and writes.

    python scripts/gen_protos.py            # rewrite runner_plugins/rithmic/protocol/proto/*_pb2.py(i)
    python scripts/gen_protos.py --out DIR  # write elsewhere (the tests compare the result)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

PROTO_DIR = (
    Path(__file__).resolve().parents[1] / "runner_plugins" / "rithmic" / "protocol" / "proto"
)


def generate(out: Path, proto_dir: Path = PROTO_DIR) -> list[Path]:
    """Compile every ``.proto`` in ``proto_dir`` into ``out`` (modules and stubs); return the
    modules written."""
    sources = sorted(p.name for p in proto_dir.glob("*.proto"))
    if not sources:
        raise SystemExit(f"no .proto files in {proto_dir}")
    out.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "grpc_tools.protoc",
        f"--proto_path={proto_dir}",
        f"--python_out={out}",
        f"--pyi_out={out}",
        *sources,
    ]
    done = subprocess.run(cmd, cwd=proto_dir, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"protoc failed:\n{done.stderr}")
    return sorted(out.glob("*_pb2.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROTO_DIR, help="output directory")
    args = parser.parse_args(argv)
    written = generate(args.out)
    print(f"wrote {len(written)} modules to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

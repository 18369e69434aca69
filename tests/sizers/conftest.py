import sys
from pathlib import Path

# the context/bar helpers are shared with the signal tests
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "signals"))

"""``python -m runner`` is the ``runner`` command (used for one process per bot)."""

from runner.cli import main

main()

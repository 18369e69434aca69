"""A catalog of three synthetic gold contracts over six months, shared by the catalog tests.

GCJ6, GCM6 and GCQ6 are one seeded walk plus premiums 0, 10 and 20, held with a week of
overlap around each roll (first notice minus two business days: 2026-03-27, 2026-05-27),
an hour of minute bars (14:00-14:59 UTC) per weekday. Clearly synthetic prices.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import typer

from runner.catalog import Catalog
from tests.catalog.synth import write_contracts

CONTRACTS = {
    "GCJ6": (date(2026, 2, 2), date(2026, 3, 31), 0.0),
    "GCM6": (date(2026, 3, 20), date(2026, 5, 29), 10.0),
    "GCQ6": (date(2026, 5, 20), date(2026, 7, 31), 20.0),
}


@pytest.fixture(scope="session")
def gold_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gold") / "catalog"
    write_contracts(Catalog(root), CONTRACTS)
    return root


def data_app() -> typer.Typer:
    """The data and backtest commands on a fresh app."""
    from runner.commands import backtest, data

    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    @app.callback()
    def _root() -> None:
        """runner"""

    data.register(app)
    backtest.register(app)
    return app

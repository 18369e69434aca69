"""What ``runner sim ib`` serves by default: every product a shipped bot reads, with bars,
including the read-only VIX index (quoted, never traded)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from runner.config.project import load_project
from runner_plugins.ib.catalog import parse_listing, product
from runner_sims.ib.server import TwsServer, default_roots
from tests.ib.conftest import sim_clock, wait_until

ROOT = Path(__file__).resolve().parents[2]


def shipped_products() -> set[str]:
    project = load_project([ROOT / "strategies.d"], base=ROOT)
    assert not project.errors, [str(e) for e in project.errors]
    roots: set[str] = set()
    for bot in project.bots:
        for inst in bot.config.instruments.values():
            name = inst.root or inst.symbol
            listing = parse_listing(name)
            p = listing.product if listing is not None else product(name)
            assert p is not None, f"{bot.config.name}: IB has no product for {name}"
            roots.add(p.root)
    return roots


def test_every_product_a_shipped_bot_reads_is_served_with_bars_by_default():
    wanted = shipped_products()
    assert {"GC", "ZN", "ES", "VIX", "CL", "NG", "6E", "6J", "MCL", "USO"} <= wanted
    assert wanted <= set(default_roots())
    server = TwsServer.from_data(clock=sim_clock())
    missing = {root for root in wanted if not server.market.series.get(root)}
    assert not missing, f"no bundled bars served for {sorted(missing)}"


async def test_vix_is_quoted_as_an_index_and_refuses_orders(
    server: TwsServer, ib_lib: ModuleType, client_id: int
):
    c = await ib_lib.IB().connectAsync("127.0.0.1", server.port, clientId=client_id, timeout=30)
    try:
        [vix] = await c.qualifyContractsAsync(ib_lib.Index("VIX", "CBOE", "USD"))
        assert vix.secType == "IND" and vix.conId > 0
        ticker = c.reqMktData(vix)
        server.push_trade("VIX", 17.25, 1)
        await wait_until(lambda: ticker.last == 17.25)
        trade = c.placeOrder(vix, ib_lib.MarketOrder("BUY", 1))
        await wait_until(lambda: trade.orderStatus.status == "Cancelled")
        assert trade.log[-1].errorCode == 201 and "index" in trade.log[-1].message
    finally:
        c.disconnect()

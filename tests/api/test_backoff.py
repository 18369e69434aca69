"""The shared backoff: first delay, doubling, the cap, and refused nonsense."""

import itertools

import pytest

from runner.api import Backoff


def test_doubles_from_the_first_delay_up_to_the_cap() -> None:
    b = Backoff(initial=0.2, maximum=30.0)
    assert [b.delay(n) for n in range(10)] == [0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30.0, 30.0]
    assert list(itertools.islice(b.delays(), 3)) == [0.2, 0.4, 0.8]


def test_a_very_long_outage_stays_at_the_cap() -> None:
    assert Backoff(1.0, 60.0).delay(10_000) == 60.0


@pytest.mark.parametrize("args", [(0.0, 1.0), (2.0, 1.0), (1.0, 2.0, 0.5)])
def test_refuses_a_backoff_that_never_waits_or_shrinks(args: tuple[float, ...]) -> None:
    with pytest.raises(ValueError):
        Backoff(*args)

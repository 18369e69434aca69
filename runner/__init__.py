"""runner: a declarative, config-driven strategy runner for futures."""

__version__ = "0.1.0"

"""Events, clock, bar building and the bot pipeline: one engine for backtest, paper and live."""

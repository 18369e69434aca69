"""Capital allocation across bots: ``runner allocate``.

The bots are backtested as they are, each bot's equity curve becomes daily returns
(:mod:`.returns`), a stated method turns those into weights (:mod:`.methods`), the bots are
backtested again with the weights as their ``risk.allocation`` to show the portfolio before
and after (:mod:`.plan`), the result is printed (:mod:`.report`) and, on request, written
back into the bot files with their comments kept (:mod:`.writer`).
"""

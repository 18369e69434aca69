"""Parameter sweeps and walk-forward tests of one bot file (``runner sweep``)."""

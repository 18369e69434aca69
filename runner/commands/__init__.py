"""One module per ``runner`` sub-command, each with ``register(app)``."""

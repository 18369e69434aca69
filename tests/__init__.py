"""The project's test suite (a regular package, so that a dependency shipping its own
top-level ``tests`` package, as eventkit does, cannot shadow it)."""

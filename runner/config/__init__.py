"""Pydantic models of bot, schedule and connection files, and YAML loading with line marks."""

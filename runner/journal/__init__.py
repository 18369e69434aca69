"""The append-only event logs and the SQLite state journal used for recovery."""

"""Security and accountability events: one table, also written to the structured log."""

"""Routes of hearings (filled in by the feature)."""

from . import bp  # noqa: F401

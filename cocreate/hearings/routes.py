"""Routes of hearings (filled in by the feature)."""

from . import bp  # noqa: F401
from . import assess_routes  # noqa: E402,F401

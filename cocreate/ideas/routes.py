from . import bp  # noqa: F401 - views are added by the ideas feature

"""The departments page of a municipality (administrators) and the assignment of inputs."""

from . import bp  # noqa: F401

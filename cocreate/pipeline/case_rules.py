"""What the pipeline asks of the cases feature, which sits above it (features.LAYERS): whether a
case officer handles an input (answers, corrects, updates and moves it), and the name of the
department an answer comes from. cocreate/cases registers both when it is imported (create_app
imports every feature); without it only staff answer, and answers name the municipality."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..ideas.models import Idea


def _nobody(_user: Any, _idea: Idea) -> bool:
    return False


def _no_name(_department_id: int) -> str | None:
    return None


@dataclass
class CaseRules:
    handles: Callable[[Any, Idea], bool] = _nobody
    department_name: Callable[[int], str | None] = _no_name


RULES = CaseRules()


def register(
    *, handles: Callable[[Any, Idea], bool], department_name: Callable[[int], str | None]
) -> None:
    """Called once by cocreate/cases/permissions.py."""
    RULES.handles = handles
    RULES.department_name = department_name

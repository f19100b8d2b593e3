"""The text an answer form opens with: a feature higher up (answer templates) offers a start for
the answer from the page's query string, without the pipeline importing it."""

from collections.abc import Callable, Mapping

from ..ideas.models import Idea

Starter = Callable[[Idea, Mapping[str, str]], str | None]
_starters: list[Starter] = []


def register(starter: Starter) -> None:
    if starter not in _starters:
        _starters.append(starter)


def starting_answer(idea: Idea, args: Mapping[str, str]) -> str | None:
    """The first start a registered feature offers for this input and query, if any."""
    for starter in _starters:
        if (text := starter(idea, args)) is not None:
            return text
    return None

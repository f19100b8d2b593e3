"""Refusals: a rule said no. Every service error is one, and carries the reason the person is
told, already in their language; routes show that reason and never write their own."""


class Refusal(ValueError):
    """A rule was broken; `reason` is shown to the person, `status` is the HTTP answer."""

    status = 400

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = str(reason)


class NotAllowed(Refusal):
    """The person may not do this (here, now); the reason says why in plain words."""

    status = 403


def require(reason: str | None) -> None:
    """Raise NotAllowed with the reason a why_not_<action>() gave, if it gave one."""
    if reason is not None:
        raise NotAllowed(reason)

"""The RQ worker the CLI runs (and the tests): jobs in this process, inside this app context.

A burst run (`--burst`: work until the queue is empty, then stop; cron and the tests) takes no
commands on rq's pub/sub channel: it has nothing to be told, and rq's listener thread waits up to
60 s between reads, which a burst run would otherwise sometimes sit out at its end before its
connection closes (seen as 60-second test runs on a busy machine).
"""

from typing import Any


def simple_worker(queues: list[Any], *, burst: bool) -> Any:
    """An rq SimpleWorker for these queues (no fork, no new app); one without the command
    channel for a burst run."""
    from rq import SimpleWorker

    class BurstWorker(SimpleWorker):
        def subscribe(self) -> None:
            """A burst run takes no commands (module docstring)."""

        def unsubscribe(self) -> None:
            """Nothing was subscribed."""

    worker_class = BurstWorker if burst else SimpleWorker
    return worker_class(queues, connection=queues[0].connection)

"""The background sender thread of a process (worker.py says when one runs and what it does)."""

import logging
import os
import threading
from collections.abc import Callable

from flask import Flask, current_app

from ..extensions import db

log = logging.getLogger("cocreate.outbox")
DEFAULT_SWEEP_SECONDS = 60.0


class Sender:
    """The background sender of one process: waits for a wake-up or the sweep interval."""

    def __init__(self, app: Flask, work: Callable[[], object]) -> None:
        self.app = app
        self.work = work
        self.pid = os.getpid()
        self.wake_up = threading.Event()
        self.stopping = False
        self.sweeps = 0
        self.thread = threading.Thread(target=self._run, name="samskap-outbox", daemon=True)

    @property
    def alive(self) -> bool:
        return self.pid == os.getpid() and self.thread.is_alive()

    def wake(self) -> None:
        self.wake_up.set()

    def stop(self, timeout: float = 10) -> None:
        self.stopping = True
        self.wake_up.set()
        if self.thread.is_alive() and self.thread is not threading.current_thread():
            self.thread.join(timeout)

    def _run(self) -> None:
        interval = float(self.app.config.get("OUTBOX_SWEEP_SECONDS", DEFAULT_SWEEP_SECONDS))
        while not self.stopping:
            with self.app.app_context():
                try:
                    self.work()
                except Exception:  # the next sweep tries again; the rows wait in the database
                    log.exception("outbox sweep failed")
                    db.session.rollback()
                finally:
                    db.session.remove()
            self.sweeps += 1
            self.wake_up.wait(interval)
            self.wake_up.clear()


_lock = threading.Lock()
_senders: dict[int, Sender] = {}  # per app object, in this process


def running_sender(app: Flask) -> Sender | None:
    sender = _senders.get(id(app))
    return sender if sender is not None and sender.alive else None


def start_thread(app: Flask, work: Callable[[], object]) -> Sender:
    """This process's sender for `app`, started if it is not running (idempotent)."""
    with _lock:
        sender = running_sender(app)
        if sender is None:
            sender = Sender(app, work)
            _senders[id(app)] = sender
            sender.thread.start()
            log.info("outbox sender thread started in process %s", sender.pid)
        return sender


def stop_sender(app: Flask) -> None:
    with _lock:
        sender = _senders.pop(id(app), None)
    if sender is not None:
        sender.stop()


def wake_sender() -> bool:
    """Wake this process's sender; False when it has none (the sweep of another will send)."""
    sender = running_sender(current_app._get_current_object())  # type: ignore[attr-defined]
    if sender is None:
        return False
    sender.wake()
    return True

"""The live Samskap server the browser tests drive (conftest.py starts the shared one).

It runs in a thread of the test process (werkzeug's make_server on 127.0.0.1 and a free port)
against its own temporary SQLite database, with CSRF on and rate limits off, so the forms are the
real ones. A test module that needs other settings (e.g. mail through a real SMTP server and the
outbox sender thread) starts its own with serve(), once per module.
"""

import logging
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import got_request_exception
from sqlalchemy import insert
from werkzeug.serving import make_server

from cocreate import create_app, mail, page_generations
from cocreate.database import commit
from cocreate.extensions import db
from cocreate.models import create_all
from cocreate.notifications.thread import stop_sender
from cocreate.reference.data import GOALS, PRINCIPLES, TARGET_IMAGES
from cocreate.reference.models import Goal, Principle, TargetImage
from tests.conftest import make_config


class LiveServer:
    """The running app: its base URL, the app for database reads, and the mail it sent."""

    def __init__(self, app, url: str) -> None:
        self.app = app
        self.url = url
        self.errors: list[BaseException] = []
        self.world: Any = None

    def __call__(self, path: str) -> str:
        return self.url + path

    @contextmanager
    def db(self):
        """A short app context for reading or changing data beside the browser; commits as a
        request does (database.commit: the declared page generations move, so what the app
        keeps per generation is drawn again, as after any real write)."""
        with self.app.app_context():
            try:
                yield db.session
                page_generations.site_changed()  # a side door may change anything a page shows
                commit()
            finally:
                db.session.remove()

    def mails_to(self, address: str) -> list:
        return [m for m in mail.outbox if m["To"] == address]

    def last_mail_to(self, address: str):
        mails = self.mails_to(address)
        assert mails, f"no e-mail was sent to {address}"
        return mails[-1]


@contextmanager
def serve(seed: Callable[[], Any], **config: Any) -> Iterator[LiveServer]:
    """Start a live server on a fresh database, seeded by `seed()` (its result is `world`);
    `config` overrides the test configuration. Stops it, and its outbox sender, on exit."""
    folder = Path(tempfile.mkdtemp(prefix="cocreate-browser-"))
    settings = {
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": False,
        "MAIL_BACKEND": "memory",
        "PROPAGATE_UNEXPECTED": False,
        **config,
    }
    app = create_app(make_config(f"sqlite:///{folder / 'live.sqlite'}", **settings))
    with app.app_context():
        create_all()
        db.session.execute(insert(Principle), PRINCIPLES)
        db.session.execute(insert(TargetImage), TARGET_IMAGES)
        db.session.execute(insert(Goal), GOALS)
        db.session.commit()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request is noise
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = url
    live_server = LiveServer(app, url)

    def record(sender, exception, **extra):
        live_server.errors.append(exception)

    got_request_exception.connect(record, app, weak=False)
    with app.app_context():
        live_server.world = seed()
        db.session.commit()
        db.session.remove()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield live_server
    finally:
        server.shutdown()
        thread.join(timeout=10)
        stop_sender(app)
        got_request_exception.disconnect(record, app)
        with app.app_context():
            db.engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)

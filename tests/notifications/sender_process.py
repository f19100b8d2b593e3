"""One sender process for the race test: `python -m tests.notifications.sender_process URL PORT
START`. It waits until the clock reaches START (so the processes begin together), sends the
outbox until nothing is due, and prints how many messages it sent.

Each write to outbox_messages waits a little before it runs, as on a busy database: the two
processes then read the same due row before either has claimed it, which is the race the claim
must win once only."""

import sys
import time

from sqlalchemy import event

from cocreate import create_app
from cocreate.extensions import db
from cocreate.notifications.outbox import send_pending


def main(url: str, port: int, start: float) -> None:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": url,
            "MAIL_BACKEND": "smtp",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "MAIL_TIMEOUT": 5,
            "OUTBOX_THREAD": False,
        }
    )
    with app.app_context():

        @event.listens_for(db.engine, "before_cursor_execute")
        def _slow_writes(conn, cursor, statement, parameters, context, executemany):
            if statement.lstrip().upper().startswith("UPDATE OUTBOX_MESSAGES"):
                time.sleep(0.05)

        db.session.execute(db.select(1))  # connect before the start line
        db.session.rollback()
        time.sleep(max(0.0, start - time.time()))
        sent = 0
        while True:
            result = send_pending(limit=1)  # one at a time: the other process gets its turns
            if result.sent == 0 and result.failed == 0:
                break
            sent += result.sent
        print(sent)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))

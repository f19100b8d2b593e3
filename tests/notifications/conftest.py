"""A real SMTP server (aiosmtpd) that the app sends through, for the delivery tests."""

import pytest

from tests.smtp import SMTPServer


@pytest.fixture
def real_smtp(app):
    server = SMTPServer().start()
    old = dict(app.config)
    app.config.update(
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=server.port,
        MAIL_TIMEOUT=3,
    )
    yield server
    server.stop()
    app.config.clear()
    app.config.update(old)

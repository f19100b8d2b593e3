"""A challenge in Heimby with inputs by the world's author, for the notes, templates and bulk
tests."""

import pytest

ANSWER = "Vi har vurdert innspillet og tar det med i planarbeidet."


@pytest.fixture
def challenge(world, create_challenge_f):
    return create_challenge_f(world.municipality)


@pytest.fixture
def idea(world, challenge, create_idea_f):
    return create_idea_f(challenge, world.author)


def login(auth, world, role):
    user = world.roles()[role]
    if user is not None:
        auth.login(user.email, "riktig-hest-batteri")


@pytest.fixture
def real_smtp(app):
    """A real SMTP server (aiosmtpd) that the app sends through."""
    from tests.smtp import SMTPServer

    server = SMTPServer().start()
    old = dict(app.config)
    app.config.update(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=3
    )
    yield server
    server.stop()
    app.config.clear()
    app.config.update(old)

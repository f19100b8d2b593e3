"""The mail module delivers through a real SMTP server."""

from cocreate.mail import Mail, MailError, send_mail
from tests.smtp import SMTPServer, free_port


def test_mail_goes_through_real_smtp(app):
    server = SMTPServer().start()
    old = dict(app.config)
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    try:
        with app.app_context():
            send_mail(
                Mail(to="kari@example.no", subject="Hei fra Samskap", text="Æ, ø og å virker.")
            )
    finally:
        server.stop()
        app.config.update(old)
    assert len(server.messages) == 1
    message = server.messages[0]
    assert message["To"] == "kari@example.no"
    assert message["Subject"] == "Hei fra Samskap"
    assert "Æ, ø og å virker." in message.get_payload(decode=True).decode()


def test_smtp_down_raises_mail_error(app):
    old = dict(app.config)
    app.config.update(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2
    )
    try:
        with app.app_context():
            try:
                send_mail(Mail(to="kari@example.no", subject="x", text="y"))
            except MailError:
                pass
            else:
                raise AssertionError("expected MailError")
    finally:
        app.config.update(old)

"""The one way Samskap sends e-mail: file (development), memory (tests) or SMTP (production)."""

import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app

from .database import utcnow

# Messages "sent" with the memory backend, for tests that do not run an SMTP server.
outbox: list[EmailMessage] = []


class MailError(Exception):
    """Delivery failed; the caller decides whether to retry."""


@dataclass(frozen=True)
class Attachment:
    """A text file sent with the message, e.g. an .ics calendar file (text/calendar)."""

    filename: str
    content_type: str  # "text/<subtype>"
    text: str

    def as_json(self) -> dict[str, str]:
        return {"filename": self.filename, "content_type": self.content_type, "text": self.text}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> "Attachment":
        return cls(data["filename"], data["content_type"], data["text"])


@dataclass
class Mail:
    to: str
    subject: str
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    html: str | None = None  # with it, the message is multipart/alternative (text and HTML)
    # With them, the message is multipart/mixed: the text (and HTML), then each file.
    attachments: list[Attachment] = field(default_factory=list)


def build_message(mail: Mail) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain="samskap.no")
    for name, value in mail.headers.items():
        message[name] = value
    message.set_content(mail.text)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    for attachment in mail.attachments:
        maintype, _slash, subtype = attachment.content_type.partition("/")
        if maintype != "text" or not subtype:
            raise ValueError("only text attachments are supported")
        message.add_attachment(attachment.text, subtype=subtype, filename=attachment.filename)
    return message


def send_mail(mail: Mail) -> None:
    """Deliver now with the configured backend; raises MailError when delivery fails."""
    message = build_message(mail)
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "memory":
        outbox.append(message)
    elif backend == "file":
        _write_file(message)
    else:
        _send_smtp(message)


def _write_file(message: EmailMessage) -> None:
    folder = Path(current_app.instance_path) / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    (folder / f"{stamp}.eml").write_bytes(bytes(message))
    current_app.logger.info("mail written to %s/%s.eml: %s", folder, stamp, message["Subject"])


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    try:
        if config["MAIL_USE_SSL"]:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                host, port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        with smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(str(error)) from error

"""A real SMTP server (aiosmtpd) on 127.0.0.1 for tests that read delivered mail."""

import asyncio
import socket
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Collector:
    def __init__(self, delay: float = 0) -> None:
        self.messages: list[Message] = []
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        if self.delay:  # a slow server, so parallel senders overlap
            await asyncio.sleep(self.delay)
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"


class SMTPServer:
    """Start/stop a real SMTP server; `messages` holds what it received."""

    def __init__(self, port: int | None = None, delay: float = 0) -> None:
        self.port = port or free_port()
        self._collector = _Collector(delay)
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[Message]:
        return self._collector.messages

    def start(self) -> "SMTPServer":
        self._controller = Controller(self._collector, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def part(message: Message, content_type: str = "text/plain") -> str:
    """The decoded body part of that type (the whole body of a single-part message)."""
    for piece in message.walk():
        if piece.get_content_type() == content_type:
            payload = piece.get_payload(decode=True)
            return payload.decode(piece.get_content_charset() or "utf-8").replace("\r\n", "\n")
    raise AssertionError(f"no {content_type} part in {message.get_content_type()}")


def subject(message: Message) -> str:
    """The Subject header, decoded from its encoded words."""
    return str(make_header(decode_header(message["Subject"])))

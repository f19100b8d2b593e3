"""The real SMTP server fixture of the notification tests, for the follow tests' mail."""

from tests.notifications.conftest import real_smtp

__all__ = ["real_smtp"]

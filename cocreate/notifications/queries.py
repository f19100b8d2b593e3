"""Reads for notifications."""

from sqlalchemy import Select, select

from ..accounts.models import User
from .models import Notification


def notifications_for(user: User) -> Select:
    """The person's notifications, newest first."""
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )

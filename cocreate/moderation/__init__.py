"""Moderation: reports from citizens, the staff's queue, and the moderation audit log."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)

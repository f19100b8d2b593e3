"""record_event(): an audit row in the caller's transaction and a JSON log line."""

import logging
from typing import Any

from flask import has_request_context, request

from ..extensions import db
from .models import AuditEvent

log = logging.getLogger("cocreate.audit")


def record_event(
    event: str,
    *,
    actor: Any = None,
    municipality: Any = None,
    subject: Any = None,
    **data: Any,
) -> AuditEvent:
    """Append an audit event; never stores passwords or tokens (callers pass only safe data)."""
    row = AuditEvent(
        event=event,
        actor_id=getattr(actor, "id", None),
        municipality_id=getattr(municipality, "id", None),
        subject_type=type(subject).__name__ if subject is not None else None,
        subject_id=getattr(subject, "id", None),
        ip=request.remote_addr if has_request_context() else None,
        data=data,
    )
    db.session.add(row)
    db.session.flush()
    log.info(
        event,
        extra={
            "event": event,
            "actor_id": row.actor_id,
            "municipality_id": row.municipality_id,
            "subject_type": row.subject_type,
            "subject_id": row.subject_id,
            **{f"data_{k}": v for k, v in data.items()},
        },
    )
    return row

"""Reads of translations for the staff's page."""

from sqlalchemy import Select, case, select

from .models import ContentTranslation


def translations(municipality_id: int, limit: int = 200) -> Select:
    """The municipality's translations, those that want a look first (a checked one replaced
    after its source changed, then machine ones), newest first."""
    return (
        select(ContentTranslation)
        .where(ContentTranslation.municipality_id == municipality_id)
        .order_by(
            case((ContentTranslation.replaced_checked.is_(True), 0), else_=1),
            ContentTranslation.checked,
            ContentTranslation.updated_at.desc(),
            ContentTranslation.id.desc(),
        )
        .limit(limit)
    )

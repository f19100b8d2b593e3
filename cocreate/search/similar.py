"""Ideas like a given text in the same challenge: offered while a citizen writes ("Kanskje du vil
støtte denne i stedet?") and shown to facilitators as merge candidates. The same search as the
site's, limited to the challenge's published ideas."""

from sqlalchemy import select

from ..extensions import db
from ..ideas.models import Idea
from .queries import SearchFilter, search

SUGGESTIONS = 3


def similar_ideas(
    challenge_id: int, text: str, *, exclude_id: int | None = None, limit: int = SUGGESTIONS
) -> list[Idea]:
    """The published ideas of the challenge most like `text`, best first."""
    wanted = SearchFilter(text, kind="idea", challenge_id=challenge_id, any_word=True)
    hits = search(wanted, per_page=limit + 1).hits
    ids = [hit.id for hit in hits if hit.id != exclude_id][:limit]
    if not ids:
        return []
    ideas = {i.id: i for i in db.session.scalars(select(Idea).where(Idea.id.in_(ids)))}
    return [ideas[i] for i in ids if i in ideas]

"""Ideas like a given text in the same challenge: offered while a citizen writes ("Kanskje du vil
støtte denne i stedet?") and shown to facilitators as merge candidates. The same search as the
site's, limited to the challenge's published ideas."""

from collections.abc import Sequence

from sqlalchemy import func, literal, select, union_all

from ..extensions import db
from ..ideas.models import Idea
from .queries import SearchFilter, any_word_parts, search

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


def similar_for_many(ideas: Sequence[Idea], limit: int = SUGGESTIONS) -> dict[int, list[Idea]]:
    """For each idea, the published ideas of its challenge most like its title, in a fixed
    number of statements however many ideas (the moderation queue)."""
    parts = []
    for idea in ideas:
        wanted = SearchFilter(idea.title, kind="idea", challenge_id=idea.challenge_id)
        for part in any_word_parts(wanted):
            parts.append(part.add_columns(literal(idea.id).label("source")))
    if not parts:
        return {}
    hits = union_all(*parts).subquery("hits")
    place = (
        func.row_number()
        .over(partition_by=hits.c.source, order_by=(hits.c.rank.desc(), hits.c.item_id))
        .label("place")
    )
    ranked = (
        select(hits.c.source, hits.c.item_id, place)
        .where(hits.c.item_id != hits.c.source)
        .subquery("ranked")
    )
    rows = db.session.execute(
        select(ranked.c.source, ranked.c.item_id)
        .where(ranked.c.place <= limit)
        .order_by(ranked.c.source, ranked.c.place)
    ).all()
    found = {
        i.id: i
        for i in db.session.scalars(select(Idea).where(Idea.id.in_({r.item_id for r in rows})))
    }
    result: dict[int, list[Idea]] = {}
    for row in rows:
        result.setdefault(row.source, []).append(found[row.item_id])
    return result

"""Ideas like a given text in the same challenge: offered while a citizen writes ("Kanskje du vil
støtte denne i stedet?") and shown to facilitators as merge candidates. The same search as the
site's, limited to the challenge's published ideas."""

from collections.abc import Sequence

from sqlalchemy import func, literal, select, union_all

from ..extensions import db
from ..ideas.models import Idea
from . import terms
from .queries import SearchFilter, any_word_parts, search

SUGGESTIONS = 3
CANDIDATES = 10  # best hits looked at before the likeness check


def similar_ideas(
    challenge_id: int, text: str, *, exclude_id: int | None = None, limit: int = SUGGESTIONS
) -> list[Idea]:
    """The published ideas of the challenge most like `text`, best first."""
    wanted = SearchFilter(text, kind="idea", challenge_id=challenge_id, any_word=True)
    found = search(wanted, per_page=CANDIDATES)
    ids = [hit.id for hit in found.hits if hit.id != exclude_id]
    if not ids:
        return []
    ideas = {i.id: i for i in db.session.scalars(select(Idea).where(Idea.id.in_(ids)))}
    alike = [ideas[i] for i in ids if i in ideas and is_alike(text, ideas[i].title, found.also)]
    return alike[:limit]


def is_alike(text: str, title: str, also: Sequence[str] = ()) -> bool:
    """At least half of the text's content words are in the title (a word counts when a title
    word starts with its stem, or with the stem of a correction of it): one shared word of five
    is a topic, not a duplicate."""
    wanted = terms.content_words(terms.words(text))
    if not wanted:
        return False
    title_words = terms.words(title)
    stems = [terms.stem(w) for w in also]
    shared = sum(
        1
        for word in wanted
        if any(t.startswith(terms.stem(word)) for t in title_words)
        or any(t.startswith(s) for t in title_words for s in stems if s[:1] == word[:1])
    )
    return shared * 2 >= len(wanted)


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
        .where(ranked.c.place <= CANDIDATES)
        .order_by(ranked.c.source, ranked.c.place)
    ).all()
    found = {
        i.id: i
        for i in db.session.scalars(select(Idea).where(Idea.id.in_({r.item_id for r in rows})))
    }
    titles = {idea.id: idea.title for idea in ideas}
    result: dict[int, list[Idea]] = {}
    for row in rows:
        similar = result.setdefault(row.source, [])
        if len(similar) < limit and is_alike(titles[row.source], found[row.item_id].title):
            similar.append(found[row.item_id])
    return {source: similar for source, similar in result.items() if similar}

"""The site search: challenges, ideas, public answers and workshops, public only, ranked and
highlighted. One query per kind over its own index, joined into one ranked page (UNION ALL).

Visibility is the listings' own: public challenges are those of challenges.queries.PUBLIC_PHASES,
ideas must be published (ideas.models.Visibility), answers belong to a published idea of a public
challenge, workshops to a public challenge. Checked at query time, so the index never decides
what a visitor sees.
"""

from dataclasses import dataclass, field, replace
from typing import Any

from markupsafe import Markup
from sqlalchemy import (
    Float,
    Integer,
    Select,
    String,
    column,
    func,
    literal,
    literal_column,
    null,
    select,
    table,
    text,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import joinedload

from ..challenges.models import Challenge, challenge_principles
from ..challenges.queries import PUBLIC_PHASES
from ..database import is_postgres
from ..extensions import db
from ..ideas.models import Idea, Visibility
from ..ideas.stages import Stage
from ..pipeline.models import StageChange
from ..workshops.models import Workshop
from . import terms
from .index import FTS_TABLES, VOCABULARIES

KINDS = ("challenge", "idea", "answer", "workshop")
STAGED_KINDS = ("idea", "answer")  # the only kinds a stage filter keeps
PER_PAGE = 20
TRIGRAM_THRESHOLD = 0.5  # word_similarity for a typo in a title (PostgreSQL)


@dataclass(frozen=True)
class SearchFilter:
    """What a visitor asked for; the routes and the API validate before building one."""

    query: str
    municipality_id: int | None = None
    principle_id: int | None = None
    stage: Stage | None = None
    kind: str | None = None
    challenge_id: int | None = None
    any_word: bool = False  # rank items with any of the words (similar ideas), not all of them


@dataclass
class Hit:
    kind: str
    id: int
    title: Markup
    snippet: Markup
    rank: float
    challenge: Challenge
    idea_id: int | None
    stage: Stage | None


@dataclass
class SearchPage:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    also: list[str] = field(default_factory=list)  # words read for typos (SQLite)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def search(wanted: SearchFilter, page: int = 1, per_page: int = PER_PAGE) -> SearchPage:
    """One page of public hits for the query, best first."""
    wanted = replace(wanted, query=terms.printable(wanted.query)[: terms.QUERY.max])
    words = terms.words(wanted.query)
    if wanted.any_word:
        words = terms.content_words(words)
    if not words:
        return SearchPage([], 0, page, per_page)
    postgres = is_postgres(db.engine)
    also: list[str] = []
    if postgres:
        parts = _postgres_parts(wanted, " or ".join(words) if wanted.any_word else None)
    else:
        match, also = _sqlite_match(words, " OR " if wanted.any_word else " AND ")
        parts = _sqlite_parts(wanted, match)
    # PostgreSQL's ts_headline does not mark a word found through a typo: mark those here.
    marked = words if postgres else []
    found = _run(parts, page, per_page, marked)
    if found.total == 0 and len(words) > 1 and not wanted.any_word:
        # No item has every word: fall back to any of them, still ranked.
        if postgres:
            parts = _postgres_parts(wanted, " or ".join(words))
        else:
            match, also = _sqlite_match(words, " OR ")
            parts = _sqlite_parts(wanted, match)
        found = _run(parts, page, per_page, marked)
    found.also = also
    return found


def _kinds(wanted: SearchFilter) -> list[str]:
    kinds = [wanted.kind] if wanted.kind in KINDS else list(KINDS)
    if wanted.stage is not None:
        kinds = [k for k in kinds if k in STAGED_KINDS]
    return kinds


ENTITIES: dict[str, Any] = {
    "challenge": Challenge,
    "idea": Idea,
    "answer": StageChange,
    "workshop": Workshop,
}
# Each kind's title and text columns (an answer's title is its idea's, not searched there).
TEXTS: dict[str, tuple[Any, Any]] = {
    "challenge": (Challenge.title, Challenge.description),
    "idea": (Idea.title, Idea.body),
    "answer": (Idea.title, StageChange.answer),
    "workshop": (Workshop.title, Workshop.description),
}


def _kind_query(kind: str, query: Select, wanted: SearchFilter) -> Select:
    """Join a kind's rows to their challenge and keep only what the listings show publicly."""
    if kind == "idea":
        query = query.join(Challenge, Challenge.id == Idea.challenge_id)
    elif kind == "answer":
        query = query.join(Idea, Idea.id == StageChange.idea_id).join(
            Challenge, Challenge.id == Idea.challenge_id
        )
    elif kind == "workshop":
        query = query.join(Challenge, Challenge.id == Workshop.challenge_id)
    query = query.where(Challenge.phase.in_(PUBLIC_PHASES))
    if kind in STAGED_KINDS:
        query = query.where(Idea.visibility == Visibility.published)
    if wanted.stage is not None:
        staged = Idea.stage if kind == "idea" else StageChange.to_stage
        query = query.where(staged == wanted.stage)
    if wanted.municipality_id is not None:
        query = query.where(Challenge.municipality_id == wanted.municipality_id)
    if wanted.challenge_id is not None:
        query = query.where(Challenge.id == wanted.challenge_id)
    if wanted.principle_id is not None:
        query = query.where(
            Challenge.id.in_(
                select(challenge_principles.c.challenge_id).where(
                    challenge_principles.c.principle_id == wanted.principle_id
                )
            )
        )
    return query


_FACTS: dict[str, tuple[Any, Any, Any]] = {  # idea id, stage, date
    "challenge": (null(), null(), Challenge.published_at),
    "idea": (Idea.id, Idea.stage, Idea.created_at),
    "answer": (StageChange.idea_id, StageChange.to_stage, StageChange.created_at),
    "workshop": (null(), null(), Workshop.starts_at),
}


def _columns(kind: str, rank: Any, title: Any, snippet: Any) -> list[Any]:
    idea_id, stage, created = _FACTS[kind]
    return [
        literal(kind, String).label("kind"),
        type_coerce(ENTITIES[kind].id, Integer).label("item_id"),
        type_coerce(rank, Float).label("rank"),
        type_coerce(title, String).label("title"),
        type_coerce(snippet, String).label("snippet"),
        Challenge.id.label("challenge_id"),
        type_coerce(idea_id, Integer).label("idea_id"),
        type_coerce(stage, String).label("stage"),
        type_coerce(created, String).label("created_at"),
    ]


# SQLite: FTS5 --------------------------------------------------------------------------------


def _vocabulary(first: str) -> list[str]:
    """The indexed words that start with this letter, of every kind."""
    union = " UNION ".join(
        f"SELECT term FROM {vocabulary} WHERE substr(term, 1, 1) = :first"  # noqa: S608
        for vocabulary in VOCABULARIES.values()
    )
    return list(db.session.scalars(text(union), {"first": first}))


def _sqlite_match(words: list[str], joiner: str, typos: bool = True) -> tuple[str, list[str]]:
    """An FTS5 query: each word's stem as a prefix, and for a word nothing starts with, the
    indexed words closest to it (a typo)."""
    groups, also = [], []
    for word in words:
        base = terms.stem(word)
        options = [f'"{base}"*']
        if typos and len(word) >= 4:
            vocabulary = _vocabulary(word[0])
            if not any(term.startswith(base) for term in vocabulary):
                close = terms.close_words(word, vocabulary)
                also += close
                # As prefixes of their stems: "sykkelveier" also finds "sykkelvei".
                options += sorted({f'"{terms.stem(c)}"*' for c in close})
        groups.append("(" + " OR ".join(options) + ")")
    return joiner.join(groups), also


def _sqlite_parts(wanted: SearchFilter, match: str) -> list[Select]:
    parts = []
    for kind in _kinds(wanted):
        name = FTS_TABLES[kind]
        fts = table(name, column("rowid"))
        ref: Any = literal_column(name)
        text_column = 0 if kind == "answer" else 1
        title = Idea.title if kind == "answer" else func.highlight(ref, 0, terms.OPEN, terms.CLOSE)
        snippet = func.snippet(ref, text_column, terms.OPEN, terms.CLOSE, "…", 24)
        entity = ENTITIES[kind]
        query = (
            select(*_columns(kind, -func.bm25(ref), title, snippet))  # bm25: lower is better
            .select_from(fts)
            .join(entity, entity.id == fts.c.rowid)
            .where(ref.op("MATCH")(match))
        )
        parts.append(_kind_query(kind, query, wanted))
    return parts


# PostgreSQL: the norwegian configuration and pg_trgm ----------------------------------------

_NB: Any = literal_column("'norwegian'")
_MARKS = f'StartSel="{terms.OPEN}", StopSel="{terms.CLOSE}"'
TITLE_OPTIONS = f"HighlightAll=true, {_MARKS}"
SNIPPET_OPTIONS = f'MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … ", {_MARKS}'


def _document(kind: str) -> Any:
    """The same expression as the kind's GIN index (index.PG_DOCUMENTS, SEARCH_VECTOR_PG)."""
    title, body = TEXTS[kind]
    if kind == "answer":
        return func.to_tsvector(_NB, body)
    return func.to_tsvector(_NB, title.concat(literal_column("' '")).concat(body))


def _postgres_parts(wanted: SearchFilter, query_text: str | None = None) -> list[Select]:
    """`query_text` in websearch syntax (default: what the visitor typed, every word)."""
    query_text = query_text or wanted.query
    tsquery = func.websearch_to_tsquery(_NB, query_text)
    parts = []
    for kind in _kinds(wanted):
        title, body = TEXTS[kind]
        document = _document(kind)
        matches = document.bool_op("@@")(tsquery)
        # A typo: the words of a title (or an answer) close to the query's (pg_trgm).
        typo_target = body if kind == "answer" else title
        similarity = func.word_similarity(query_text, typo_target)
        rank = func.ts_rank(document, tsquery) + similarity * 0.1
        shown_title = (
            title if kind == "answer" else func.ts_headline(_NB, title, tsquery, TITLE_OPTIONS)
        )
        snippet = func.ts_headline(_NB, body, tsquery, SNIPPET_OPTIONS)
        entity = ENTITIES[kind]
        query = (
            select(*_columns(kind, rank, shown_title, snippet))
            .select_from(entity)
            .where(matches | (similarity >= TRIGRAM_THRESHOLD))
        )
        parts.append(_kind_query(kind, query, wanted))
    return parts


def any_word_parts(wanted: SearchFilter) -> list[Select]:
    """The parts of a search for items with any of the query's content words, without the
    look-ups for typos: for many searches in one statement (similar.similar_for_many)."""
    found = terms.content_words(terms.words(terms.printable(wanted.query)))
    if not found:
        return []
    if is_postgres(db.engine):
        return _postgres_parts(wanted, " or ".join(found))
    return _sqlite_parts(wanted, _sqlite_match(found, " OR ", typos=False)[0])


# Running ---------------------------------------------------------------------------------------


def _shown(text: str | None, marked: list[str]) -> Markup:
    return terms.highlighted(terms.mark_similar(text or "", marked))


def _run(parts: list[Select], page: int, per_page: int, marked: list[str]) -> SearchPage:
    if not parts:
        return SearchPage([], 0, page, per_page)
    hits = union_all(*parts).subquery("hits")
    total = db.session.scalar(select(func.count()).select_from(hits)) or 0
    rows = db.session.execute(
        select(hits)
        .order_by(hits.c.rank.desc(), hits.c.created_at.desc(), hits.c.kind, hits.c.item_id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    challenges = {
        c.id: c
        for c in db.session.scalars(
            select(Challenge)
            .where(Challenge.id.in_({row.challenge_id for row in rows}))
            .options(joinedload(Challenge.municipality))
        )
    }
    found = [
        Hit(
            kind=row.kind,
            id=row.item_id,
            title=_shown(row.title, marked),
            snippet=_shown(row.snippet, marked),
            rank=row.rank or 0.0,
            challenge=challenges[row.challenge_id],
            idea_id=row.idea_id,
            stage=Stage(row.stage) if row.stage else None,
        )
        for row in rows
    ]
    return SearchPage(found, total, page, per_page)

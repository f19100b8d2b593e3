"""Page generations: how the page cache knows a stored page is older than a committed write.

One row per scope: SITE (0) for what any page may show (people's names, the municipalities'
names, the roadmap's principles), and one per municipality. A service that changes what a
municipality's public pages show says so with `changed(municipality_id)` (or `site_changed()`
for what every page may show); database.commit() then bumps those generations in the same
transaction, as its last statement before COMMIT (so the row lock is held for no longer than
the commit itself), and once committed announces the municipalities (signals.
municipalities_written: the metrics ask for a fresh snapshot). A rollback drops the lot.
A write that is its transaction's last statement may bump its scope itself, in the same
statement (bump_after(), then bumped(): the support on PostgreSQL); the commit then bumps only
the other scopes.
A stored page carries the generation read before it was rendered; a page under /k/<slug>/
depends on SITE and that municipality, any other page on every scope.

Kept in the database, not in Redis: a Redis restarted from an older dump, a failover to a
replica that lags, or a process without REDIS_URL (the CLI, cron) can never make an old page
look current, since the generation moves with the data itself.

A forgotten call would leave pages stale: the test suite's page net (tests/pages_net.py) fails
any test whose committed write changed public rows of a scope nobody declared.
"""

import functools
from collections.abc import Iterable
from typing import Any

from sqlalchemy import BigInteger, Connection, bindparam, func, literal, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Mapped, mapped_column

from .database import after_commit, before_commit, conflict_insert, pending
from .extensions import Model, db
from .municipalities.models import Municipality
from .signals import municipalities_written

SITE = 0
_SCOPES = "cocreate.page_scopes"  # the scopes declared in this transaction
_TEXT_SCOPES = "cocreate.page_scopes_text"  # those of them declared with text (changed())
_BUMPED = "cocreate.page_scopes_bumped"  # bumped already by a statement of the transaction


class PageGeneration(Model):
    """A counter per scope (0 = the whole site, otherwise a municipality's id), bumped by every
    transaction that declares a change there; no foreign key, so scope 0 can be a row like the
    others."""

    __tablename__ = "page_generations"

    scope: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(BigInteger, default=0)


def changed(*municipality_ids: int | None, text: bool = True) -> None:
    """What these municipalities' public pages show changes in this transaction: their cached
    pages (and the site-wide ones, such as the front page) are drawn again after the commit,
    and their figures are asked to be computed again. None stands for the whole site.
    text=False: the change brings no text to translate (a support, its withdrawal), so the
    translations are not asked for (signals.municipalities_written's `with_text`)."""
    _declare({SITE if value is None else int(value) for value in municipality_ids}, text=text)


def site_changed() -> None:
    """What any page may show changes (a person's name, a municipality's name or slug, the
    reference data): every cached page is drawn again after the commit."""
    _declare({SITE})


def declared() -> set[int]:
    """The scopes declared in the session's current transaction so far (SITE included)."""
    return set(_declared())


def _declared() -> set[int]:
    scopes: set[int] = pending(_SCOPES, set)
    return scopes


def _declare(scopes: set[int], *, text: bool = True) -> None:
    if not scopes:
        return
    _declared().update(scopes)
    with_text: set[int] = pending(_TEXT_SCOPES, set)
    if text:
        with_text.update(scopes)
    before_commit(_SCOPES, _bump_declared)
    after_commit(_SCOPES, functools.partial(_announce, _declared(), with_text))


def _bump_declared() -> None:
    already: set[int] = pending(_BUMPED, set)
    bump(db.session.connection(), _declared() - already)


def bumped(*municipality_ids: int) -> None:
    """A statement of this transaction has bumped these scopes itself (bump_after()): the
    commit bumps only the other declared scopes. changed() is still needed (it announces)."""
    scopes: set[int] = pending(_BUMPED, set)
    scopes.update(int(value) for value in municipality_ids)


def _announce(scopes: set[int], with_text: set[int]) -> None:
    municipalities = {scope for scope in scopes if scope != SITE}
    if municipalities:
        municipalities_written.send(
            None, municipality_ids=municipalities, with_text=with_text & municipalities
        )


def current_generation(connection: Connection, slug: str | None) -> int:
    """The generation a page depends on: SITE plus the municipality of `slug`, or every scope
    (slug None). One query on the primary key (a handful of rows for the whole site)."""
    if slug is None:
        return int(connection.execute(_generation_query(False)).scalar_one())
    return int(connection.execute(_generation_query(True), {"slug": slug}).scalar_one())


def generation_column(of_municipality: bool) -> Any:
    """current_generation as a column of another statement (the log-in check's), the slug a
    bound parameter `slug`."""
    return _generation_query(of_municipality).scalar_subquery()


@functools.cache
def _generation_query(of_municipality: bool) -> Any:
    """Built once (every request runs it), the slug a bound parameter."""
    table = PageGeneration.__table__
    query = select(func.coalesce(func.sum(table.c.generation), 0))
    if of_municipality:
        slug: Any = bindparam("slug")
        place = select(Municipality.id).where(Municipality.slug == slug).scalar_subquery()
        query = query.where(or_(table.c.scope == SITE, table.c.scope == place))
    return query


def bump(connection: Connection, scopes: Iterable[int]) -> None:
    """Add one to each scope's generation (rows made on first use), in scope order so two
    transactions never wait for each other crosswise."""
    rows = [{"scope": scope} for scope in sorted(set(scopes))]
    if rows:
        connection.execute(_bump_statement(connection.dialect.name), rows)


def bump_after(scopes: Any) -> Any:
    """bump() as a PostgreSQL INSERT … SELECT: each scope that `scopes` (a SELECT of one scope
    column, at most one row per scope) yields moves by one; returns the scopes bumped. Its
    SELECT reads the rows of a data-modifying WITH, so a write and its bump are one round trip,
    and the bump runs after the write it reads from: row locks are taken as in every other
    transaction, the written rows first and the generation last (no crosswise wait). The
    caller then says bumped(), so the commit does not bump the scope again."""
    table = PageGeneration.__table__
    insert = pg_insert(table).from_select(
        [table.c.scope, table.c.generation], scopes.add_columns(literal(1))
    )
    return _or_add_one(insert).returning(table.c.scope)


@functools.cache
def _bump_statement(dialect: str) -> Any:
    return _or_add_one(conflict_insert(PageGeneration.__table__, dialect).values(generation=1))


def _or_add_one(insert: Any) -> Any:
    """A scope's row made at generation 1, or its generation plus one if it is there."""
    table = PageGeneration.__table__
    return insert.on_conflict_do_update(
        index_elements=[table.c.scope], set_={"generation": table.c.generation + 1}
    )

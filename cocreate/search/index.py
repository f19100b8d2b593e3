"""The search index: hand-written DDL that autogenerate cannot see, run by the migration 0023 and
by cocreate.models.create_all() alike (docs/search.md).

Nothing here is a table of its own: every searchable item is searched where it lives, so a write
is indexed in the same transaction by the database itself, whichever service made it.

- SQLite: an FTS5 index per kind over the source table (external content), kept in step by
  triggers, and an fts5vocab table over each for correcting typos. Ideas reuse `ideas_fts` (0003).
- PostgreSQL: a GIN index over the `norwegian` tsvector of each kind (ideas reuse
  ix_ideas_search_nb) and pg_trgm GIN indexes over titles for typos.
"""

# ruff: noqa: S608 - every name below is a constant of this module, never input

from sqlalchemy.engine import Connection

# kind -> (FTS table, source table, indexed columns)
SQLITE_SOURCES = {
    "challenge": ("search_challenges_fts", "challenges", ("title", "description")),
    "workshop": ("search_workshops_fts", "workshops", ("title", "description")),
    "answer": ("search_answers_fts", "stage_changes", ("answer",)),
}
VOCABULARIES = {
    "idea": "search_ideas_vocab",
    "challenge": "search_challenges_vocab",
    "workshop": "search_workshops_vocab",
    "answer": "search_answers_vocab",
}
FTS_TABLES = {"idea": "ideas_fts"} | {kind: src[0] for kind, src in SQLITE_SOURCES.items()}
TOKENIZE = "unicode61 remove_diacritics 0"  # the same as ideas_fts: æ, ø and å stay letters

# The documents searched on PostgreSQL: the queries must use these exact expressions, or the GIN
# indexes are not used. Ideas use ideas.models.SEARCH_VECTOR_PG (ix_ideas_search_nb).
PG_DOCUMENTS = {
    "challenge": "title || ' ' || description",
    "workshop": "title || ' ' || description",
    "answer": "answer",
}
PG_TABLES = {"challenge": "challenges", "workshop": "workshops", "answer": "stage_changes"}
PG_TRIGRAM_TABLES = ("ideas", "challenges", "workshops")


def _sqlite_ddl() -> list[str]:
    statements = []
    for fts, source, columns in SQLITE_SOURCES.values():
        names = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        statements += [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({names}, "
            f"content='{source}', content_rowid='id', tokenize='{TOKENIZE}')",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {source} BEGIN "
            f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {source} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {names} ON {source} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END",
        ]
    for kind, vocabulary in VOCABULARIES.items():
        statements.append(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {vocabulary} "
            f"USING fts5vocab({FTS_TABLES[kind]}, 'row')"
        )
    return statements


def _postgres_ddl() -> list[str]:
    statements = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
    for kind, document in PG_DOCUMENTS.items():
        statements.append(
            f"CREATE INDEX IF NOT EXISTS ix_search_{kind}_nb ON {PG_TABLES[kind]} "
            f"USING gin ((to_tsvector('norwegian', {document})))"
        )
    for table in PG_TRIGRAM_TABLES:
        statements.append(
            f"CREATE INDEX IF NOT EXISTS ix_search_{table}_title_trgm ON {table} "
            "USING gin (title gin_trgm_ops)"
        )
    return statements


def create_search_index(connection: Connection) -> None:
    """Make the index structures (idempotent) and fill SQLite's from the rows already there."""
    if connection.dialect.name == "sqlite":
        for statement in _sqlite_ddl():
            connection.exec_driver_sql(statement)
        rebuild_search_index(connection)
    elif connection.dialect.name == "postgresql":
        for statement in _postgres_ddl():
            connection.exec_driver_sql(statement)


def rebuild_search_index(connection: Connection) -> None:
    """Rebuild every index from its source rows (`flask search reindex`)."""
    if connection.dialect.name == "sqlite":
        for fts in FTS_TABLES.values():
            connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    elif connection.dialect.name == "postgresql":
        names = [f"ix_search_{kind}_nb" for kind in PG_DOCUMENTS] + [
            f"ix_search_{table}_title_trgm" for table in PG_TRIGRAM_TABLES
        ]
        for name in ["ix_ideas_search_nb", *names]:
            connection.exec_driver_sql(f"REINDEX INDEX {name}")


def drop_search_index(connection: Connection) -> None:
    """Remove what create_search_index made (ideas' own index stays: 0003 owns it)."""
    if connection.dialect.name == "sqlite":
        for vocabulary in VOCABULARIES.values():
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {vocabulary}")
        for fts, _source, _columns in SQLITE_SOURCES.values():
            for suffix in ("ai", "ad", "au"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {fts}")
    elif connection.dialect.name == "postgresql":
        for kind in PG_DOCUMENTS:
            connection.exec_driver_sql(f"DROP INDEX IF EXISTS ix_search_{kind}_nb")
        for table in PG_TRIGRAM_TABLES:
            connection.exec_driver_sql(f"DROP INDEX IF EXISTS ix_search_{table}_title_trgm")

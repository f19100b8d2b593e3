"""The migration 0023 makes the search structures and fills them with the rows already there;
`flask search reindex` rebuilds them."""

from flask_migrate import upgrade
from sqlalchemy import select, text
from sqlalchemy.orm import load_only

from cocreate import create_app
from cocreate.extensions import db
from tests.conftest import make_config
from tests.site.test_migrations import empty_database_url  # noqa: F401 - a fixture


def test_0023_indexes_what_was_there_before(empty_database_url):  # noqa: F811
    from cocreate.challenges.services import (
        create_challenge,
        principles_by_numbers,
        publish_challenge,
    )
    from cocreate.municipalities.models import Municipality
    from cocreate.search.queries import SearchFilter, search

    app = create_app(make_config(empty_database_url))
    with app.app_context():
        upgrade(revision="0020")
        # Written as of 0020: today's model has columns the table gets only later (0026, 0031).
        db.session.execute(
            text(
                "INSERT INTO municipalities (name, slug, number, kind, language, population, "
                "intro, is_demo, created_at) VALUES ('Migrby kommune', 'migrby', '9111', "
                "'kommune', 'nb', 900, '', false, CURRENT_TIMESTAMP)"
            )
        )
        place = db.session.scalar(
            select(Municipality)
            .where(Municipality.slug == "migrby")
            .options(load_only(Municipality.id, Municipality.slug, Municipality.name))
        )
        challenge = create_challenge(
            place,
            title="Sykkelparkering ved stasjonen",
            description="Hvor skal syklene stå?",
            principles=principles_by_numbers([1]),
            actor=None,
        )
        publish_challenge(challenge, actor=None)
        db.session.commit()
        upgrade()
        with db.engine.connect() as conn:
            if db.engine.dialect.name == "postgresql":
                names = set(
                    conn.execute(
                        text("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_search_%'")
                    ).scalars()
                )
                assert {"ix_search_challenge_nb", "ix_search_ideas_title_trgm"} <= names
                assert conn.execute(
                    text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
                ).scalar()
            else:
                names = set(
                    conn.execute(
                        text("SELECT name FROM sqlite_master WHERE name LIKE 'search_%'")
                    ).scalars()
                )
                assert {"search_challenges_fts", "search_answers_fts_ai"} <= names
        found = search(SearchFilter("sykkelparkering"))
        assert [hit.challenge.title for hit in found.hits] == ["Sykkelparkering ved stasjonen"]
        db.session.remove()  # the command runs alone, as from a shell (REINDEX locks)
        result = app.test_cli_runner().invoke(args=["search", "reindex"])
        assert result.exit_code == 0, result.output
        assert search(SearchFilter("stasjonen")).total == 1
        db.session.remove()
        db.engine.dispose()

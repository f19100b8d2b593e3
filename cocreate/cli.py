"""`flask --app cocreate …` commands; each feature contributes its own group."""

from flask import Flask

from .accounts.cli import users_cli
from .archive.cli import archive_cli
from .cases.cli import cases_cli
from .demo.cli import seed_cli
from .meetings.cli import meetings_cli
from .members.cli import members_cli
from .metrics.cli import metrics_cli, population_cli
from .municipalities.cli import municipality_cli
from .notifications.cli import outbox_cli, worker_main
from .ops.cli import backup_command
from .privacy.cli import privacy_cli
from .proposals.cli import proposals_cli
from .search.cli import search_cli
from .translation.cli import translation_cli


def init_app(app: Flask) -> None:
    for group in (
        municipality_cli,
        users_cli,
        members_cli,
        seed_cli,
        outbox_cli,
        worker_main,
        privacy_cli,
        backup_command,
        population_cli,
        metrics_cli,
        archive_cli,
        cases_cli,
        proposals_cli,
        meetings_cli,
        search_cli,
        translation_cli,
    ):
        app.cli.add_command(group)

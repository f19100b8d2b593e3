"""A second app process for the freshness tests: what another gunicorn worker, the CLI or the
job worker does, in a real process of its own on the test database."""

import os
from pathlib import Path

from tests.conftest import database_url
from tests.python_process import run_python

SCRIPT = """
import json, sys
from cocreate import create_app
from cocreate.database import commit
from cocreate.extensions import db
from tests.conftest import make_config

url, folder, action, *args = sys.argv[1:]
options = {"PAGE_CACHE_SECONDS": 60, "PAGE_CACHE_DIR": folder, "REDIS_URL": None} if folder else {}
app = create_app(make_config(url, **options))
if action == "get":
    response = app.test_client().get(args[0])
    print(json.dumps({"cache": response.headers.get("X-Page-Cache"), "text": response.text}))
    sys.exit(0)
from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.ideas.models import Idea
with app.app_context():
    if action == "support":
        from cocreate.ideas.services import support_idea
        support_idea(db.session.get(Idea, int(args[0])), db.session.get(User, int(args[1])))
    elif action == "submit":
        from cocreate.ideas.services import submit_idea
        challenge = db.session.get(Challenge, int(args[0]))
        author = db.session.get(User, int(args[1]))
        submit_idea(challenge, title=args[2], body="Fra en annen prosess.", author=author)
    elif action == "case-number":
        from cocreate.archive.services import set_case_number
        challenge = db.session.get(Challenge, int(args[0]))
        set_case_number(challenge, args[1], actor=db.session.get(User, int(args[2])))
    commit()
print(json.dumps({"done": True}))
"""


def run_worker(db_dir: Path, action: str, *args: object, cache_dir: Path | None = None) -> dict:
    """Run one action in a new Python process on this test run's database; its JSON answer."""
    env = dict(os.environ)
    env.pop("PYTEST_XDIST_WORKER", None)  # database_url() below already names this worker's
    arguments = [database_url(db_dir), str(cache_dir or ""), action, *map(str, args)]
    return run_python(SCRIPT, *arguments, env=env)

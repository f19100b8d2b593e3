"""A worker starts without the libraries only a rare action needs: pabutools and numpy (closing
a participatory budget's vote), Authlib's client (signing in through ID-porten or Entra ID) and
zxcvbn's password lists (setting a password). Together some 58 MB in each gunicorn worker; the
1,000,000-row export's peak (bench/export_memory.py) is the process's size plus its own."""

import os

from tests.python_process import run_python

HEAVY = ("pabutools", "numpy", "authlib.integrations.flask_client", "zxcvbn")
SCRIPT = f"""
import json, sys
from cocreate import create_app
create_app()
print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))
"""


def test_a_new_worker_loads_none_of_the_rarely_needed_libraries():
    env = {**os.environ, "COCREATE_ENV": "development"}
    env.pop("DATABASE_URL", None)
    assert run_python(SCRIPT, env=env) == []

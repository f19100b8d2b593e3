"""A worker starts without the libraries only a rare action needs: pabutools and numpy (closing
a participatory budget's vote), Authlib's client (signing in through ID-porten or Entra ID) and
zxcvbn's password lists (setting a password). Together some 58 MB in each gunicorn worker; the
1,000,000-row export's peak (bench/export_memory.py) is the process's size plus its own."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pabutools", "numpy", "authlib.integrations.flask_client", "zxcvbn")
SCRIPT = f"""
import json, sys
from cocreate import create_app
create_app()
print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))
"""


def test_a_new_worker_loads_none_of_the_rarely_needed_libraries():
    env = {**os.environ, "COCREATE_ENV": "development", "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []

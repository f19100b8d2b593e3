"""A script in a Python process of its own, at the project's root: what a new gunicorn worker,
the CLI or the job worker would see, with nothing of the test process in it."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def run_python(script: str, *args: str, env: dict[str, str] | None = None) -> Any:
    """Run `script` with `args` (sys.argv[1:]) in a new process; the last line it printed, read
    as JSON. `env`: the environment (this one by default), with PYTHONPATH set to the root."""
    environment = {**(os.environ if env is None else env), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])

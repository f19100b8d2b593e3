"""gunicorn.conf.py's worker hook, run as gunicorn runs it: once the worker has built the app."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import gc, json, runpy
from cocreate import create_app
settings = runpy.run_path("gunicorn.conf.py")
app = create_app()
tracked = len(gc.get_objects())
settings["post_worker_init"](None)
print(json.dumps({"tracked": tracked, "frozen": gc.get_freeze_count(),
                  "after": len(gc.get_objects())}))
"""


def test_a_worker_hides_what_it_built_at_start_from_the_garbage_collector():
    """A full collection in a worker scanned every object of the app (some 280,000), about
    0.1 s of CPU that stalled the request it fell in (docs/performance.md, «2026-12-07, late
    night»)."""
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
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    assert counts["tracked"] > 100_000
    assert counts["frozen"] >= counts["tracked"]
    assert counts["after"] < counts["tracked"] // 100

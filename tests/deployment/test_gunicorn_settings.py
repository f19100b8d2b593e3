"""gunicorn.conf.py's worker hook, run as gunicorn runs it: once the worker has built the app."""

import os

from tests.python_process import run_python

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
    env = {**os.environ, "COCREATE_ENV": "development"}
    env.pop("DATABASE_URL", None)
    counts = run_python(SCRIPT, env=env)
    assert counts["tracked"] > 100_000
    assert counts["frozen"] >= counts["tracked"]
    assert counts["after"] < counts["tracked"] // 100

"""bench/export_memory.py measures its own process: started by a large parent (as bench/run.py
starts it), the peak it reports is not the parent's."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PARENT_MB = 400
CHILD = "from bench.export_memory import peak_rss_mb; print(peak_rss_mb())"


def test_the_peak_is_the_export_process_own_not_its_parent():
    ballast = bytearray(PARENT_MB * 2**20)
    for offset in range(0, len(ballast), 4096):  # touched, so resident
        ballast[offset] = 1
    output = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    del ballast
    peak = float(output.strip().splitlines()[-1])
    # The app alone is some 140 MB; ru_maxrss would have said at least the parent's 400 MB.
    assert 20 < peak < PARENT_MB - 100

"""Peak memory of the supports CSV export (1,000,000 rows at city scale), in a process of its own.

    python bench/export_memory.py --database-url URL

Runs exactly what the download route streams (cocreate.exports: stream_rows + csv_chunks) and
throws the text away. Prints one JSON object: rows, bytes, seconds, the process's peak resident
memory (VmHWM, which includes Python and the whole app) and tracemalloc's peak of what the
export itself allocated.
"""

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import SLUG, make_app  # noqa: E402
from cocreate.exports.datasets import DATASETS, stream_rows  # noqa: E402
from cocreate.exports.writers import csv_chunks  # noqa: E402
from cocreate.municipalities.services import get_by_slug  # noqa: E402


def current_rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_rss_mb() -> float:
    """This process's own high-water mark. Not ru_maxrss: started by bench/run.py, a child's
    ru_maxrss begins at the parent's (Linux keeps the larger across fork and exec), so it gave
    the benchmark's own size (about 180 MB) instead of the export's."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--dataset", default="supports")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace Python allocations (2-3x slower)"
    )
    args = parser.parse_args()
    app = make_app(args.database_url)
    dataset = DATASETS[args.dataset]
    with app.app_context():
        municipality = get_by_slug(SLUG)
        before = current_rss_mb()
        if args.tracemalloc:
            tracemalloc.start()
        started = time.perf_counter()
        lines = size = 0
        for chunk in csv_chunks(dataset.columns, stream_rows(dataset, municipality)):
            size += len(chunk.encode())
            lines += chunk.count("\n")
        seconds = time.perf_counter() - started
        traced_peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
        tracemalloc.stop()
    peak = peak_rss_mb()
    print(
        json.dumps(
            {
                "dataset": args.dataset,
                "rows": lines - 1,  # less the header
                "bytes": size,
                "seconds": round(seconds, 1),
                "rss_before_mb": round(before, 1),
                "peak_rss_mb": round(peak, 1),
                "tracemalloc_peak_mb": round(traced_peak / 2**20, 1) if traced_peak else None,
            }
        )
    )


if __name__ == "__main__":
    main()

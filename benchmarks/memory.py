"""Peak memory of digestlint on generated blogs of several sizes (issue 16: flat memory).

Usage::

    python benchmarks/memory.py [--posts 1000,5000,20000] [--jobs 2] [--runs no-cache,cold,warm]
                                [--work DIR] [--json FILE]

For every size a blog is generated with ``benchmarks/generate.py`` (fixed seed; kept in
``--work``), then each run is one fresh ``digestlint -q`` process tree:

- ``no-cache``: ``--no-cache -j N`` (cold, nothing stored);
- ``cold``: an empty cache folder, the cache is written;
- ``warm``: again, every result read from the cache.

Two peaks are reported for each run:

- ``largest MB``: the peak resident memory of the largest process of the tree, as
  ``/usr/bin/time -v`` reports it (``getrusage(RUSAGE_CHILDREN).ru_maxrss``: the main process or
  a worker, whichever was largest);
- ``tree MB``: the largest sum over every process of the tree at one instant of its
  proportional set size (``Pss`` in ``/proc/PID/smaps_rollup`` of the command and its
  descendants, sampled every 50 ms: a page a forked worker shares with the main process counts
  once in the sum); the wrapper process itself is left out.

Run it with ``nice`` on a shared machine; the wall times are only for orientation. The
measuring code is ``benchmarks/_measure.py`` (shared with ``run.py``, which reports these
figures too with ``--memory-posts``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _measure import corpus, digestlint_cmd, measure  # noqa: E402


def run_memory(dl: list[str], work: Path, sizes, runs, jobs: int, seed: int, echo=print) -> list[dict]:
    """Each run of each size once; a row per run: posts, run, wall_s, cpu_s, largest_mb, tree_mb."""
    rows = []
    for n in sizes:
        blog = corpus(work, n, seed)
        for run in runs:
            if run == "no-cache":
                argv = [*dl, "--no-cache", "-q", "-j", str(jobs), "_posts"]
            else:
                if run == "cold":
                    shutil.rmtree(blog / ".digestlint_cache", ignore_errors=True)
                argv = [*dl, "-q", "-j", str(jobs), "_posts"]
            m = measure(argv, blog, tree=True)
            row = {"posts": n, "run": run, "wall_s": round(m["wall"], 2), "cpu_s": round(m["cpu"], 2),
                   "largest_mb": round(m["maxrss_kb"] / 1024, 1), "tree_mb": round(m.get("tree_kb", 0) / 1024, 1)}
            rows.append(row)
            echo(f"{n:>7} {run:10} {row['wall_s']:>8.1f} {row['cpu_s']:>8.1f} {row['largest_mb']:>11.1f} {row['tree_mb']:>8.1f}")
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", default="1000,5000,20000", help="comma-separated blog sizes")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--runs", default="no-cache,cold,warm")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", type=Path, default=Path("/tmp/digestlint-memory"))
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"{'posts':>7} {'run':10} {'wall s':>8} {'cpu s':>8} {'largest MB':>11} {'tree MB':>8}", flush=True)
    rows = run_memory(digestlint_cmd(), args.work, [int(p) for p in args.posts.split(",")], args.runs.split(","),
                      args.jobs, args.seed, echo=lambda line: print(line, flush=True))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

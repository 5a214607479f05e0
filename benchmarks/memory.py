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

Run it with ``nice`` on a shared machine; the wall times are only for orientation.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

_WRAPPER = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": time.perf_counter() - t, "maxrss_kb": ru.ru_maxrss, "cpu": ru.ru_utime + ru.ru_stime,
                  "rc": p.returncode, "stderr": p.stderr.decode("utf-8", "replace")[-500:]}))
"""


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def _rss_kb(pid: int) -> int:
    """The proportional set size of ``pid`` (``Pss`` of ``/proc/PID/smaps_rollup``: a page
    shared by n processes counts 1/n in each, so the sum over a tree is its real footprint)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_kb(root: int) -> int:
    tree = _children()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _rss_kb(pid)
        stack.extend(tree.get(pid, ()))
    return total


def measure(argv: list[str], cwd: Path) -> dict:
    """One run of ``argv`` in a wrapper process: wall, CPU, the largest process's peak and the
    sampled peak of the whole tree (the wrapper's own memory left out)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "GITHUB_ACTIONS")}
    proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, *argv], cwd=cwd, stdout=subprocess.PIPE, text=True, env=env)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        wrapper = 0
        while not done.is_set():
            if not wrapper:
                wrapper = _rss_kb(proc.pid)
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid) - wrapper)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    done.set()
    sampler.join()
    res = json.loads(out)
    if res["rc"] not in (0, 1):
        raise SystemExit(f"memory: {' '.join(argv)} exited {res['rc']}: {res['stderr']}")
    return {"wall_s": round(res["wall"], 2), "cpu_s": round(res["cpu"], 2), "largest_mb": round(res["maxrss_kb"] / 1024, 1),
            "tree_mb": round(peak[0] / 1024, 1)}


def _corpus(work: Path, n: int, seed: int) -> Path:
    blog = work / f"blog-{n}-{seed}"
    posts = blog / "_posts"
    if not (posts.is_dir() and len(list(posts.glob("*.md"))) == n):
        shutil.rmtree(blog, ignore_errors=True)
        generate.generate(n, blog, seed)
    return blog


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", default="1000,5000,20000", help="comma-separated blog sizes")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--runs", default="no-cache,cold,warm")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", type=Path, default=Path("/tmp/digestlint-memory"))
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    exe = shutil.which("digestlint")
    dl = [exe] if exe else [sys.executable, "-m", "digestlint"]
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    print(f"{'posts':>7} {'run':10} {'wall s':>8} {'cpu s':>8} {'largest MB':>11} {'tree MB':>8}", flush=True)
    for n in (int(p) for p in args.posts.split(",")):
        blog = _corpus(args.work, n, args.seed)
        for run in args.runs.split(","):
            if run == "no-cache":
                argv = [*dl, "--no-cache", "-q", "-j", str(args.jobs), "_posts"]
            else:
                if run == "cold":
                    shutil.rmtree(blog / ".digestlint_cache", ignore_errors=True)
                argv = [*dl, "-q", "-j", str(args.jobs), "_posts"]
            m = measure(argv, blog)
            rows.append({"posts": n, "run": run, **m})
            print(f"{n:>7} {run:10} {m['wall_s']:>8.1f} {m['cpu_s']:>8.1f} {m['largest_mb']:>11.1f} {m['tree_mb']:>8.1f}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

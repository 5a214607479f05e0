"""Benchmark digestlint against the parsing floor and markdownlint-cli2 on a generated blog.

Usage::

    python benchmarks/run.py [--posts 2000] [--repeats 3] [--jobs N] [--work DIR] [--snapshot]
                             [--memory-posts 10000] [--no-markdownlint] [--json FILE]

1. Generates ``--posts`` posts of realistic shape with defects (``benchmarks/generate.py``,
   fixed seed) in ``--work`` (default: a temporary folder).
2. Installs markdownlint-cli2 with npm into ``WORK/node`` when it is not on PATH and npm is
   available (skipped, with a note, otherwise or with ``--no-markdownlint``).
3. Runs, alternating, ``--repeats`` times each (the median is reported):

   - ``floor-1`` / ``floor-N``: read every file, split the front matter, tokenize the body with
     markdown-it-py (what any tool built on these parts must do), on 1 and on N processes;
   - ``no-cache``: ``digestlint --no-cache`` (cold, nothing stored);
   - ``cold``: ``digestlint`` with an empty cache folder (cold, the cache is written);
   - ``warm``: ``digestlint`` again (nothing changed);
   - ``one-file``: ``digestlint`` on the newest post, warm (the editor, an unchanged file);
     ``one-file-changed``: the post edited before each run (pre-commit: its result is a miss, the
     blog's DL306 index comes from the cache); ``one-file-cold`` with ``--no-cache`` (DL306
     reads the whole blog);
   - ``markdownlint-cli2``: default rules, on the same files.

4. Prints wall time, posts/s, the peak resident memory of the largest process
   (``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` around each run) and the ratios.
   ``--memory-posts N`` adds one ``no-cache`` run over a corpus of N posts (memory growth).

Every command runs in a fresh subprocess (start-up included, as a user sees it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

_WRAPPER = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "maxrss_kb": ru.ru_maxrss, "cpu": ru.ru_utime + ru.ru_stime,
                  "rc": p.returncode, "stderr": p.stderr.decode("utf-8", "replace")[-500:]}))
"""


ENV: dict = {}  # extra environment of the measured commands (PYTHONPATH of a --snapshot)


def measure(argv: list[str], cwd: Path, ok=(0, 1)) -> dict:
    """Run ``argv`` in a fresh wrapper process; wall time, CPU time and peak RSS of its children."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: with .pyc
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *argv], cwd=cwd, capture_output=True, text=True, check=True,
                         env={**env, **ENV})
    res = json.loads(out.stdout)
    if res["rc"] not in ok:
        raise SystemExit(f"benchmark: {' '.join(argv)} exited {res['rc']}: {res['stderr']}")
    return res


# ---------------------------------------------------------------------------- the parsing floor
def _floor_chunk(paths: list[str]) -> int:
    from markdown_it import MarkdownIt

    md = _floor_chunk.md = getattr(_floor_chunk, "md", None) or MarkdownIt("commonmark", {"html": True}).enable("table")
    tokens = 0
    for p in paths:
        with open(p, "rb") as fh:
            text = fh.read().decode("utf-8")
        text = text.replace("\r\n", "\n")
        body = text
        if text.startswith("---\n"):
            end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.M)
            if end:
                body = "\n" * text.count("\n", 0, end.end() + 4) + text[4 + end.end():]
        tokens += len(md.parse(body))
    return tokens


def floor_main(folder: str, jobs: int) -> None:
    paths = sorted(str(p) for p in Path(folder).rglob("*.md"))
    if jobs <= 1:
        _floor_chunk(paths)
        return
    import multiprocessing

    size = max(1, min(64, len(paths) // (jobs * 8) or 1))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    with multiprocessing.get_context("fork" if sys.platform == "linux" else None).Pool(jobs) as pool:
        sum(pool.map(_floor_chunk, chunks))


# ---------------------------------------------------------------------------- tools
def digestlint_cmd(work: Path, snapshot: bool) -> list[str]:
    if snapshot:
        # a frozen copy of this checkout's package and data: in a tree that is being edited the
        # cache (keyed by the package's source files) would otherwise be invalidated between runs
        snap = work / "snapshot"
        shutil.rmtree(snap, ignore_errors=True)
        shutil.copytree(HERE.parent / "src", snap / "src", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(HERE.parent / "rules", snap / "rules")
        ENV["PYTHONPATH"] = str(snap / "src")
        return [sys.executable, "-m", "digestlint"]
    exe = shutil.which("digestlint")
    return [exe] if exe else [sys.executable, "-m", "digestlint"]


def markdownlint_cmd(work: Path, allowed: bool) -> tuple[list[str] | None, str]:
    if not allowed:
        return None, "skipped (--no-markdownlint)"
    exe = shutil.which("markdownlint-cli2")
    if exe:
        return [exe], "on PATH"
    local = work / "node" / "node_modules" / ".bin" / "markdownlint-cli2"
    if not local.exists():
        npm = shutil.which("npm")
        if npm is None or shutil.which("node") is None:
            return None, "skipped (npm/node not available)"
        print("installing markdownlint-cli2 with npm into", work / "node", file=sys.stderr)
        res = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix",
                              str(work / "node"), "markdownlint-cli2"], capture_output=True, text=True)
        if res.returncode != 0 or not local.exists():
            return None, f"skipped (npm install failed: {res.stderr.strip()[-200:]})"
    version = subprocess.run([str(local), "--help"], capture_output=True, text=True).stdout.splitlines()[:1]
    return [str(local)], (version[0] if version else "installed")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=None, help="digestlint --jobs and floor processes [default: CPU count]")
    ap.add_argument("--work", type=Path, default=None, help="folder for corpora and npm (kept); default: temporary")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--memory-posts", type=int, default=0, help="also measure memory on a corpus of this many posts")
    ap.add_argument("--no-markdownlint", action="store_true")
    ap.add_argument("--snapshot", action="store_true", help="benchmark a frozen copy of this checkout's src/ and rules/")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    ap.add_argument("--floor", metavar="FOLDER", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    jobs = args.jobs or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    if args.floor:
        floor_main(args.floor, jobs)
        return 0

    tmp = None
    if args.work is None:
        tmp = tempfile.TemporaryDirectory(prefix="digestlint-bench-")
        work = Path(tmp.name)
    else:
        work = args.work.resolve()
        work.mkdir(parents=True, exist_ok=True)
    try:
        return _bench(args, work, jobs)
    finally:
        if tmp is not None:
            tmp.cleanup()


def _corpus(work: Path, n: int, seed: int) -> Path:
    blog = work / f"blog-{n}-{seed}"
    posts = blog / "_posts"
    if not (posts.is_dir() and len(list(posts.glob("*.md"))) == n):
        shutil.rmtree(blog, ignore_errors=True)
        generate.generate(n, blog, seed)
    return blog


def _bench(args, work: Path, jobs: int) -> int:
    n = args.posts
    blog = _corpus(work, n, args.seed)
    newest = sorted((blog / "_posts").glob("*.md"))[-1]
    dl = digestlint_cmd(work, args.snapshot)
    mdl, mdl_note = markdownlint_cmd(work, not args.no_markdownlint)
    cache_dir = blog / ".digestlint_cache"
    runs: dict[str, list[dict]] = {}

    def record(name, argv, before=None, ok=(0, 1)):
        if before:
            before()
        runs.setdefault(name, []).append(measure(argv, blog, ok))

    def fresh_cache():
        shutil.rmtree(cache_dir, ignore_errors=True)

    edits = [0]

    def touch_newest():
        # pre-commit's case: the linted post changed (a miss), the rest of the blog did not
        edits[0] += 1
        text = newest.read_text(encoding="utf-8").split("\n<!-- edit ")[0]
        newest.write_text(text + f"\n<!-- edit {edits[0]} -->\n", encoding="utf-8")

    floor = [sys.executable, str(Path(__file__).resolve()), "--floor", "_posts"]
    one = ["_posts/" + newest.name]
    # one untimed run of each, to warm the OS page cache and npm's module cache
    measure([*dl, "--no-cache", "-q", "_posts"], blog)
    if mdl:
        measure([*mdl, "_posts/**/*.md"], blog)
    for _ in range(args.repeats):
        record("floor-1", [*floor, "--jobs", "1"])
        record(f"floor-{jobs}", [*floor, "--jobs", str(jobs)])
        record("no-cache", [*dl, "--no-cache", "-q", "-j", str(jobs), "_posts"])
        if mdl:
            record("markdownlint-cli2", [*mdl, "_posts/**/*.md"])
        record("cold", [*dl, "-q", "-j", str(jobs), "_posts"], before=fresh_cache)
        record("warm", [*dl, "-q", "-j", str(jobs), "_posts"])
        record("one-file", [*dl, "-q", *one])
        record("one-file-changed", [*dl, "-q", *one], before=touch_newest)
        record("one-file-cold", [*dl, "-q", "--no-cache", *one])

    rows = {}
    for name, samples in runs.items():
        wall = statistics.median(s["wall"] for s in samples)
        files = 1 if name.startswith("one-file") else n
        rows[name] = {
            "wall_s": round(wall, 4),
            "posts_per_s": round(files / wall, 1),
            "cpu_s": round(statistics.median(s["cpu"] for s in samples), 3),
            "peak_rss_mb": round(max(s["maxrss_kb"] for s in samples) / 1024, 1),
            "runs": len(samples),
        }
    if args.memory_posts:
        big = _corpus(work, args.memory_posts, args.seed)
        m = measure([*dl, "--no-cache", "-q", "-j", str(jobs), "_posts"], big)
        rows[f"no-cache {args.memory_posts} posts"] = {
            "wall_s": round(m["wall"], 3), "posts_per_s": round(args.memory_posts / m["wall"], 1),
            "cpu_s": round(m["cpu"], 3), "peak_rss_mb": round(m["maxrss_kb"] / 1024, 1), "runs": 1,
        }

    print(f"corpus: {n} posts ({sum(p.stat().st_size for p in (blog / '_posts').glob('*.md')) / 1e6:.1f} MB), "
          f"seed {args.seed}; {jobs} jobs; {args.repeats} alternating runs each (median); "
          f"python {sys.version.split()[0]}; markdownlint-cli2: {mdl_note}")
    print(f"{'run':36} {'wall s':>8} {'posts/s':>9} {'cpu s':>8} {'peak MB':>8}")
    for name, r in rows.items():
        print(f"{name:36} {r['wall_s']:>8.3f} {r['posts_per_s']:>9.1f} {r['cpu_s']:>8.2f} {r['peak_rss_mb']:>8.1f}")
    ratios = {}
    cold = rows["no-cache"]["wall_s"]
    if "markdownlint-cli2" in rows:
        ratios["no-cache vs markdownlint-cli2 (x faster)"] = rows["markdownlint-cli2"]["wall_s"] / cold
    ratios["warm vs cold (x faster)"] = rows["cold"]["wall_s"] / rows["warm"]["wall_s"]
    ratios[f"no-cache vs floor-{jobs} (share of floor speed)"] = rows[f"floor-{jobs}"]["wall_s"] / cold
    ratios["floor-1 vs floor-N (x)"] = rows["floor-1"]["wall_s"] / rows[f"floor-{jobs}"]["wall_s"]
    for k, v in ratios.items():
        print(f"{k:52} {v:6.2f}")
    if args.json:
        args.json.write_text(json.dumps({"posts": n, "jobs": jobs, "markdownlint": mdl_note, "rows": rows,
                                         "ratios": ratios}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

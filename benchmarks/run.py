"""Benchmark digestlint against the parsing floor and markdownlint-cli2 on a generated blog.

Usage::

    python benchmarks/run.py [--posts 2000] [--repeats 3] [--one-file-repeats 10] [--jobs N]
                             [--work DIR] [--snapshot | --src DIR] [--memory-posts 1000,5000,20000]
                             [--no-markdownlint] [--json FILE]

``--snapshot`` benchmarks a frozen copy of this checkout's ``src/`` and ``rules/`` (a tree being
edited would invalidate the cache between runs); ``--src DIR`` another checkout's ``src/`` (its
``rules/`` beside it), e.g. the commit before a change, for before/after figures.

1. Generates ``--posts`` posts of realistic shape with defects (``benchmarks/generate.py``,
   fixed seed) in ``--work`` (default: a temporary folder).
2. Installs markdownlint-cli2 with npm into ``WORK/node`` when it is not on PATH and npm is
   available (skipped, with a note, otherwise or with ``--no-markdownlint``; never in the
   repository).
3. Runs, alternating, ``--repeats`` times each (the median is reported):

   - ``floor-1`` / ``floor-N``: the parsing floor, on 1 and on N processes: read every file,
     parse its front matter with PyYAML (libyaml's C loader when PyYAML has it), tokenize the
     body with markdown-it-py (what any tool built on these parts must do);
   - ``no-cache``: ``digestlint --no-cache`` (cold, nothing stored);
   - ``cold``: ``digestlint`` with an empty cache folder (cold, the cache is written);
   - ``warm``: ``digestlint`` again (nothing changed);
   - ``markdownlint-cli2``: default rules, on the same files.

4. The one-file runs, ``--one-file-repeats`` times each (median, the pre-commit hook's and the
   editor's case, on the newest post): ``one-file warm`` (replayed from its record),
   ``one-file edited`` (the post edited before each run: its result is a miss, the blog's DL306
   table comes from the cache) and ``one-file no-cache`` (``--no-cache``: DL306 reads the blog).
5. ``--memory-posts`` (default ``1000,5000,20000``; ``0``: none): the peak memory of a
   ``--no-cache`` run over a blog of each size (the largest process and the sampled sum over the
   process tree, as ``benchmarks/memory.py`` reports them).

Prints wall time, posts/s, CPU time (user+sys of the process and its workers) and the peak
resident memory of the largest process of every run, the ratios (warm vs cold, digestlint vs
the floor, vs markdownlint-cli2) and the machine's load average before and after. Every
command runs in a fresh process (start-up included, as a user sees it); the measuring code is
``benchmarks/_measure.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _measure  # noqa: E402
from _measure import corpus, machine_load, measure  # noqa: E402
from memory import run_memory  # noqa: E402


# ---------------------------------------------------------------------------- the parsing floor
def _floor_chunk(paths: list[str]) -> int:
    import re

    import yaml
    from markdown_it import MarkdownIt

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    md = _floor_chunk.md = getattr(_floor_chunk, "md", None) or MarkdownIt("commonmark", {"html": True}).enable("table")
    end_re = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
    tokens = 0
    for p in paths:
        with open(p, "rb") as fh:
            text = fh.read().decode("utf-8")
        text = text.replace("\r\n", "\n")
        body = text
        if text.startswith("---\n"):
            end = end_re.search(text, 4)
            if end:
                try:
                    yaml.load(text[4:end.start()], Loader=loader)
                except yaml.YAMLError:
                    pass
                body = "\n" * text.count("\n", 0, end.end()) + text[end.end():]
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
def digestlint_cmd(work: Path, snapshot: bool, src: Path | None = None) -> list[str]:
    if src is not None:
        _measure.ENV["PYTHONPATH"] = str(src.resolve())
    elif snapshot:
        # a frozen copy of this checkout's package and data: in a tree that is being edited the
        # cache (keyed by the package's source files) would otherwise be invalidated between runs
        snap = work / "snapshot"
        shutil.rmtree(snap, ignore_errors=True)
        shutil.copytree(HERE.parent / "src", snap / "src", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(HERE.parent / "rules", snap / "rules")
        _measure.ENV["PYTHONPATH"] = str(snap / "src")
    return _measure.digestlint_cmd()


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
        try:
            res = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix",
                                  str(work / "node"), "markdownlint-cli2"], capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return None, f"skipped (npm install failed: {exc})"
        if res.returncode != 0 or not local.exists():
            return None, f"skipped (npm install failed: {res.stderr.strip()[-200:]})"
    version = subprocess.run([str(local), "--help"], capture_output=True, text=True).stdout.splitlines()[:1]
    return [str(local)], (version[0] if version else "installed")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--one-file-repeats", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=None, help="digestlint --jobs and floor processes [default: CPU count]")
    ap.add_argument("--work", type=Path, default=None, help="folder for corpora and npm (kept); default: temporary")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--memory-posts", default="1000,5000,20000",
                    help="comma-separated blog sizes whose peak memory is measured (0: none)")
    ap.add_argument("--no-markdownlint", action="store_true")
    ap.add_argument("--snapshot", action="store_true", help="benchmark a frozen copy of this checkout's src/ and rules/")
    ap.add_argument("--src", type=Path, help="benchmark the package in this src/ folder (another checkout)")
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


def _row(samples: list[dict], files: int) -> dict:
    wall = statistics.median(s["wall"] for s in samples)
    return {
        "wall_s": round(wall, 4),
        "wall_min_s": round(min(s["wall"] for s in samples), 4),
        "posts_per_s": round(files / wall, 1),
        "cpu_s": round(statistics.median(s["cpu"] for s in samples), 4),
        "peak_rss_mb": round(max(s["maxrss_kb"] for s in samples) / 1024, 1),
        "runs": len(samples),
    }


def _bench(args, work: Path, jobs: int) -> int:
    n = args.posts
    load_before = machine_load()
    blog = corpus(work, n, args.seed)
    newest = sorted((blog / "_posts").glob("*.md"))[-1]
    dl = digestlint_cmd(work, args.snapshot, args.src)
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
    original = newest.read_text(encoding="utf-8")

    def edit_newest():
        # pre-commit's case: the linted post changed (a miss), the rest of the blog did not
        edits[0] += 1
        newest.write_text(original + f"\n<!-- edit {edits[0]} -->\n", encoding="utf-8")

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
    # the one-file runs: the blog's cache is warm (the last "warm" run); an edit and its first run
    # (the record a later unchanged run replays is written once the post's stamp is 2 s old)
    try:
        edit_newest()
        measure([*dl, "-q", *one], blog)  # untimed: the first miss of this environment
        for _ in range(args.one_file_repeats):
            record("one-file edited", [*dl, "-q", *one], before=edit_newest)
            time.sleep(2.1)
            measure([*dl, "-q", *one], blog)  # records the unchanged post
            record("one-file warm", [*dl, "-q", *one])
            record("one-file no-cache", [*dl, "-q", "--no-cache", *one])
    finally:
        newest.write_text(original, encoding="utf-8")

    rows = {name: _row(samples, 1 if name.startswith("one-file") else n) for name, samples in runs.items()}
    memory_rows = []
    sizes = [int(s) for s in str(args.memory_posts).split(",") if s.strip() and int(s) > 0]
    if sizes:
        print(f"memory: {', '.join(map(str, sizes))} posts, --no-cache -j {jobs}", file=sys.stderr)
        memory_rows = run_memory(dl, work, sizes, ["no-cache"], jobs, args.seed,
                                 echo=lambda line: print(line, file=sys.stderr, flush=True))
    load_after = machine_load()

    print(f"corpus: {n} posts ({sum(p.stat().st_size for p in (blog / '_posts').glob('*.md')) / 1e6:.1f} MB), "
          f"seed {args.seed}; {jobs} jobs; {args.repeats} alternating runs each, one-file runs "
          f"{args.one_file_repeats} each (median); python {sys.version.split()[0]}; markdownlint-cli2: {mdl_note}")
    print(f"machine: before {load_before}; after {load_after}; package: {_measure.ENV.get('PYTHONPATH') or dl[0]}")
    print(f"{'run':28} {'wall s':>8} {'min s':>8} {'posts/s':>9} {'cpu s':>8} {'peak MB':>8}")
    for name, r in rows.items():
        rate = "" if name.startswith("one-file") else f"{r['posts_per_s']:.1f}"
        print(f"{name:28} {r['wall_s']:>8.3f} {r['wall_min_s']:>8.3f} {rate:>9} {r['cpu_s']:>8.3f} {r['peak_rss_mb']:>8.1f}")
    if memory_rows:
        print(f"{'memory, --no-cache':28} {'posts':>8} {'wall s':>8} {'cpu s':>8} {'largest MB':>11} {'tree MB':>8}")
        for m in memory_rows:
            print(f"{'':28} {m['posts']:>8} {m['wall_s']:>8.1f} {m['cpu_s']:>8.1f} {m['largest_mb']:>11.1f} {m['tree_mb']:>8.1f}")
    ratios = {}
    floor_n = rows[f"floor-{jobs}"]["wall_s"]
    ratios["warm vs cold (x faster)"] = rows["cold"]["wall_s"] / rows["warm"]["wall_s"]
    ratios[f"no-cache vs floor-{jobs} (x the floor's time; goal <= 2)"] = rows["no-cache"]["wall_s"] / floor_n
    ratios[f"cold vs floor-{jobs} (x the floor's time)"] = rows["cold"]["wall_s"] / floor_n
    if "markdownlint-cli2" in rows:
        ratios["no-cache vs markdownlint-cli2 (x faster)"] = rows["markdownlint-cli2"]["wall_s"] / rows["no-cache"]["wall_s"]
    ratios["floor-1 vs floor-N (x)"] = rows["floor-1"]["wall_s"] / floor_n
    for k, v in ratios.items():
        print(f"{k:60} {v:6.2f}")
    if args.json:
        args.json.write_text(json.dumps({"posts": n, "jobs": jobs, "markdownlint": mdl_note, "rows": rows,
                                         "memory": memory_rows, "ratios": ratios,
                                         "load": {"before": load_before, "after": load_after}}, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measuring one command as a fresh process tree, shared by ``run.py`` and ``memory.py``.

:func:`measure` runs the command in a small wrapper process and returns its wall time, the CPU
time (user + system) of the command and every process it waited for, the peak resident memory
of the largest process of the tree (``getrusage(RUSAGE_CHILDREN).ru_maxrss``, what
``/usr/bin/time -v`` reports) and, with ``tree=True``, the largest sum over the tree at one
instant of the proportional set size (``Pss`` of ``/proc/PID/smaps_rollup``, sampled every
50 ms: a page a forked worker shares with the main process counts once in the sum; the wrapper
itself is left out). Commands run with ``.pyc`` files written, as after ``pip install`` (this
sandbox sets ``PYTHONDONTWRITEBYTECODE``, which would add ~150 ms of compilation to every start).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
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

#: extra environment of the measured commands (the PYTHONPATH of a ``--snapshot``)
ENV: dict = {}
#: environment variables never passed on (bytecode writing off; CI annotations)
DROPPED = ("PYTHONDONTWRITEBYTECODE", "GITHUB_ACTIONS")


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


def _pss_kb(pid: int) -> int:
    """The proportional set size of ``pid`` (a page shared by n processes counts 1/n in each)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_pss_kb(root: int) -> int:
    tree = _children()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _pss_kb(pid)
        stack.extend(tree.get(pid, ()))
    return total


def measure(argv: list[str], cwd: Path, ok=(0, 1), tree: bool = False) -> dict:
    """One run of ``argv`` (a fresh process tree): ``wall``, ``cpu`` (seconds), ``maxrss_kb``
    (largest process) and, with ``tree``, ``tree_kb`` (the sampled peak of the tree's PSS)."""
    env = {k: v for k, v in os.environ.items() if k not in DROPPED}
    proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, *argv], cwd=cwd, stdout=subprocess.PIPE, text=True,
                            env={**env, **ENV})
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        wrapper = 0
        while not done.is_set():
            if not wrapper:
                wrapper = _pss_kb(proc.pid)
            peak[0] = max(peak[0], _tree_pss_kb(proc.pid) - wrapper)
            time.sleep(0.05)

    sampler = None
    if tree and os.path.exists("/proc/self/smaps_rollup"):
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    out, _ = proc.communicate()
    done.set()
    if sampler is not None:
        sampler.join()
    res = json.loads(out)
    if res["rc"] not in ok:
        raise SystemExit(f"benchmark: {' '.join(map(str, argv))} exited {res['rc']}: {res['stderr']}")
    if sampler is not None:
        res["tree_kb"] = peak[0]
    return res


def corpus(work: Path, n: int, seed: int) -> Path:
    """A generated blog of ``n`` posts in ``work`` (kept: generated once per size and seed)."""
    blog = work / f"blog-{n}-{seed}"
    posts = blog / "_posts"
    if not (posts.is_dir() and len(list(posts.glob("*.md"))) == n):
        shutil.rmtree(blog, ignore_errors=True)
        generate.generate(n, blog, seed)
    return blog


def digestlint_cmd() -> list[str]:
    """The installed command (as a user runs it), else ``python -m digestlint``."""
    exe = shutil.which("digestlint")
    return [exe] if exe and not ENV.get("PYTHONPATH") else [sys.executable, "-m", "digestlint"]


def machine_load() -> str:
    """The load averages and the CPU count, for the report."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load unknown"
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} on {os.cpu_count()} CPUs"

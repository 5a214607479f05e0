"""Instructions a post costs, counted by valgrind's callgrind: a figure that does not depend on
what else the machine is doing (two runs of the same code give the same count to ~0.1%).

Usage::

    python benchmarks/instructions.py [--posts 60] [--src DIR ...]

Generates a blog of ``--posts`` posts (``benchmarks/generate.py``, its default seed) and a blog of its first
5 posts, runs ``python -m digestlint --isolated --no-cache -j 1`` on each under callgrind, and prints
``(instructions on the big blog - instructions on the small one) / (posts - 5)``: the cost of one
more post, start-up and imports subtracted. ``--src`` (repeatable) names the ``src`` folder of
another checkout (``git worktree add /tmp/old COMMIT``) to compare with, run with this interpreter
(same dependencies) through ``PYTHONPATH``. Needs valgrind; takes about a minute per checkout.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"


def instructions(src: Path, blog: Path, out: Path) -> int:
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0")
    cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, "-m", "digestlint",
           "--isolated", "--no-cache", "-j", "1", "--quiet", "--fail-on", "never", "_posts"]
    proc = subprocess.run(cmd, cwd=blog, env=env, capture_output=True, text=True)
    m = re.search(r"Collected : (\d+)", proc.stderr)
    if proc.returncode != 0 or not m:
        sys.exit(f"callgrind run failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return int(m.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--posts", type=int, default=60)
    ap.add_argument("--src", action="append", type=Path, default=[], help="another checkout's src folder")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed")
    if args.posts < 10:
        sys.exit("--posts must be at least 10")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(args.posts), str(work / "big")],
                       check=True, capture_output=True)
        small = work / "small" / "_posts"
        small.mkdir(parents=True)
        for f in sorted((work / "big" / "_posts").iterdir())[:5]:
            shutil.copyfile(f, small / f.name)
        for src in [SRC, *args.src]:
            a = instructions(src.resolve(), work / "small", work / "cg.small")
            b = instructions(src.resolve(), work / "big", work / "cg.big")
            per = (b - a) / (args.posts - 5)
            print(f"{src}: {per / 1e6:.1f} M instructions a post (start-up and 5 posts: {a / 1e6:.0f} M)")


if __name__ == "__main__":
    main()

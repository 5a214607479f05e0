"""Flat memory: a run's peak memory does not grow with the number of findings it reports.

Two blogs, one four times the other, whose posts each carry a few hundred findings: a run that
keeps every finding (and every cache entry) until the end needs ~15 MB more for the larger one;
a streamed run (findings spooled to a temporary file, cache entries spooled and written shard by
shard, a warm run reading one shard at a time) needs about the same for both. The peak resident
memory of the command is read with ``getrusage(RUSAGE_CHILDREN)`` in a wrapper process. The
figures at 1,000-20,000 real-shaped posts are in docs/performance.md (benchmarks/memory.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import GOOD, digestlint_exe

pytestmark = pytest.mark.slow  # see docs/DEVELOPING.md, "Test tiers"

FINDINGS_PER_POST = 200
SMALL, LARGE = 8, 32
#: what the larger blog may need beyond the smaller one (24 posts, ~4,800 findings more)
ALLOWED_GROWTH_MB = 2.5

_WRAPPER = r"""
import json, resource, subprocess, sys
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
print(json.dumps({"rc": p.returncode, "kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "stderr": p.stderr.decode("utf-8", "replace")[-300:]}))
"""


def _blog(root, n):
    head = (GOOD / "2025-10-29-daily-papers-20251029.md").read_text(encoding="utf-8").split("\n# 2.")[0]
    posts = root / "_posts"
    posts.mkdir(parents=True)
    for i in range(n):
        day = f"2025-{1 + i // 28:02d}-{1 + i % 28:02d}"
        notes = "\n\n".join("정보 부족." for _ in range(FINDINGS_PER_POST))
        (posts / f"{day}-daily-papers.md").write_text(head.replace("2025-10-29", day) + "\n## Results\n\n" + notes + "\n",
                                                     encoding="utf-8")
    return root


def _peak_mb(cwd, *args):
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *digestlint_exe(), *args], cwd=cwd, capture_output=True,
                         text=True, env=env, timeout=300, check=True)
    res = json.loads(out.stdout)
    assert res["rc"] == 1, res["stderr"]
    return res["kb"] / 1024


def test_peak_memory_is_flat_in_the_number_of_findings(tmp_path):
    small, large = _blog(tmp_path / "small", SMALL), _blog(tmp_path / "large", LARGE)
    figures = {}
    for name, blog in (("small", small), ("large", large)):
        figures[name] = {
            "no-cache": _peak_mb(blog, "--no-cache", "-j", "1", "--format", "json", "_posts"),
            "cold": _peak_mb(blog, "-j", "1", "_posts"),  # the cache is written
            "warm": _peak_mb(blog, "-j", "1", "_posts"),  # every result read from the cache
        }
    for run in ("no-cache", "cold", "warm"):
        growth = figures["large"][run] - figures["small"][run]
        assert growth < ALLOWED_GROWTH_MB, (run, figures)

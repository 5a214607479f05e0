"""The progress bar moves on parallel runs (it used to stay at 0/N until the end), end to end:
the real command with its stderr on a pseudo-terminal."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys

import pytest

from conftest import FRONT_MATTER, digestlint_exe

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


def _run_on_a_tty(args, cwd) -> tuple[int, str]:
    import pty

    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    env.update(TERM="xterm", COLUMNS="100", NO_COLOR="1")
    proc = subprocess.Popen([*digestlint_exe(), *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=120)
    os.close(master)
    return proc.returncode, out.decode("utf-8", "replace")


def test_progress_moves_on_a_parallel_run(tmp_path):
    for i in range(120):
        day = 1 + i % 28
        text = FRONT_MATTER + f"\n# 1. [Paper {i}](https://arxiv.org/abs/2510.{10000 + i})\n\n## Results\n결과가 좋다.\n"
        (tmp_path / f"2025-10-{day:02d}-post-{i:03d}.md").write_text(text, encoding="utf-8")
    status, err = _run_on_a_tty([".", "--no-cache", "--jobs", "2", "--isolated", "--select", "DL501"], tmp_path)
    assert status == 0, err
    counts = [int(n) for n in re.findall(r"(\d+)/120", err)]
    assert counts and counts[-1] == 120, err
    intermediate = sorted({n for n in counts if 0 < n < 120})
    assert len(intermediate) >= 5, err  # drawn as results arrive, not only at 0 and at the end
    assert counts == sorted(counts)


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    for i in range(30):
        (tmp_path / f"2025-10-{1 + i % 28:02d}-p{i}.md").write_text(FRONT_MATTER, encoding="utf-8")
    res = subprocess.run([*digestlint_exe(), ".", "--no-cache", "--isolated", "--select", "DL501"], cwd=tmp_path,
                         capture_output=True, env={**os.environ, "NO_COLOR": "1"})
    assert b"Linting" not in res.stderr and b"/30" not in res.stderr

"""Internal errors (a bug in digestlint, not in the post): exit status 2, one line on stderr, the
traceback only with --verbose or DIGESTLINT_DEBUG=1, and no half-written --output-file.

The bugs are injected with a ``sitecustomize`` module on PYTHONPATH, which the real command
imports at start-up: the runs below are the installed command, end to end."""

from __future__ import annotations

import os

import pytest

from conftest import FRONT_MATTER, run_cli

pytestmark = pytest.mark.slow  # see docs/DEVELOPING.md, "Test tiers"

POST = FRONT_MATTER + "\n# 1. [Paper](https://arxiv.org/abs/2510.26794)\n\n## Results\n정보 부족.\n"

RENDER_CRASH = """
import digestlint.formats as f
def render(name, findings, report):
    raise RuntimeError("boom\\nsecond line")
f.render = render
f.stream = render  # the command writes the report through formats.stream
"""

RULE_CRASH = """
from digestlint.rules import dl501_placeholder_text as m
for obj in vars(m).values():
    if isinstance(obj, type) and getattr(obj, "id", "") == "DL501":
        obj.check = lambda self, doc, ctx: [1 / 0]
"""


def _inject(tmp_path, code: str) -> dict:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(code, encoding="utf-8")
    return {"PYTHONPATH": str(site) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _post(tmp_path):
    post = tmp_path / "2025-10-31-daily.md"
    post.write_text(POST, encoding="utf-8")
    return post


def test_uncaught_exception_is_exit_2_and_one_line(tmp_path):
    env = _inject(tmp_path, RENDER_CRASH)
    post = _post(tmp_path)
    res = run_cli(str(post), "--isolated", "--no-cache", env=env)
    err = res.stderr.decode()
    assert res.returncode == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("digestlint: internal error: RuntimeError: boom second line")
    assert lines[0].endswith("; please report it")


def test_traceback_with_verbose_or_environment(tmp_path):
    env = _inject(tmp_path, RENDER_CRASH)
    post = _post(tmp_path)
    res = run_cli(str(post), "--isolated", "--no-cache", "--verbose", env=env)
    assert res.returncode == 2
    err = res.stderr.decode()
    assert err.startswith("digestlint: internal error: RuntimeError: boom")
    assert "Traceback (most recent call last)" in err and "sitecustomize.py" in err
    res = run_cli(str(post), "--isolated", "--no-cache", env={**env, "DIGESTLINT_DEBUG": "1"})
    assert res.returncode == 2 and "Traceback (most recent call last)" in res.stderr.decode()


def test_no_output_file_on_internal_error(tmp_path):
    env = _inject(tmp_path, RENDER_CRASH)
    post = _post(tmp_path)
    out = tmp_path / "report.json"
    res = run_cli(str(post), "--isolated", "--no-cache", "--format", "json", "-o", str(out), env=env)
    assert res.returncode == 2
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".digestlint-")] == []


def test_output_file_written_whole(tmp_path):
    post = _post(tmp_path)
    out = tmp_path / "report.json"
    out.write_text("old", encoding="utf-8")
    res = run_cli(str(post), "--isolated", "--no-cache", "--format", "json", "-o", str(out), "--select", "DL501")
    assert res.returncode == 1, res.stderr
    assert out.read_text(encoding="utf-8").startswith("[")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025-10-31-daily.md", "report.json"]


def test_rule_crash_other_findings_reported_exit_2(tmp_path):
    env = _inject(tmp_path, RULE_CRASH)
    post = _post(tmp_path)
    res = run_cli(str(post), "--isolated", "--no-cache", "--select", "DL501,DL003", env=env)
    err = res.stderr.decode()
    assert res.returncode == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert "rule DL501 (placeholder-text) crashed: ZeroDivisionError" in lines[0]
    assert lines[0].startswith("digestlint: internal error: ") and lines[0].endswith("; please report it")
    res = run_cli(str(post), "--isolated", "--no-cache", "--select", "DL501", "--verbose", env=env)
    err = res.stderr.decode()
    assert res.returncode == 2 and "Traceback (most recent call last)" in err and "ZeroDivisionError" in err

"""Helpers of the hostile-input suite (tests/hostile).

Every CLI case runs the real ``digestlint`` command in a subprocess with a timeout, in a folder
that holds the hostile file *and* a canary post with one known finding, so a case proves three
things at once: no traceback, bounded time, and the other files are still linted.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from conftest import GOOD, run_cli  # noqa: E402

GOOD_POST_PATH = GOOD / "2025-10-31-daily-papers-20251031.md"
GOOD_POST = GOOD_POST_PATH.read_text(encoding="utf-8")
FRONT_MATTER, _, BODY = GOOD_POST.partition("\n---\n")
FRONT_MATTER += "\n---\n"

# A post with one certain core finding: the front matter's `tags` list is never closed (DL004).
CANARY_NAME = "2025-10-31-daily-papers-canary.md"
CANARY = GOOD_POST.replace("tags: [papers, hugginface]", "tags: [papers, hugginface", 1)
assert CANARY != GOOD_POST

# Seconds a single CLI case may take (the promise is "a few seconds"; the margin absorbs a slow CI box).
CLI_TIMEOUT = 30


@dataclass
class Run:
    rc: int
    stdout: str
    stderr: str
    seconds: float
    findings: list  # parsed JSON findings (when --format json) or []

    @staticmethod
    def _is(path: str, name: str) -> bool:
        return path == name or path.endswith("/" + name)

    def rules_for(self, name: str) -> list[str]:
        return [f["rule"] for f in self.findings if self._is(f["path"], name)]

    def at(self, name: str, rule: str) -> list[tuple[int, int]]:
        return [(f["line"], f["column"]) for f in self.findings if self._is(f["path"], name) and f["rule"] == rule]


def write_canary(folder: Path) -> Path:
    path = folder / CANARY_NAME
    path.write_text(CANARY, encoding="utf-8")
    return path


def lint_cli(*args, cwd: Path, json_output: bool = True, timeout: float = CLI_TIMEOUT, input=None, env=None) -> Run:
    """Run ``digestlint --isolated [--format json] args`` and check the universal promises."""
    argv = ["--isolated"] if "--config" not in args else []
    if json_output:
        argv += ["--format", "json"]
    t0 = time.monotonic()
    proc = run_cli(*argv, *args, cwd=cwd, timeout=timeout, input=input, env=env)
    seconds = time.monotonic() - t0
    stdout = proc.stdout.decode("utf-8", "replace")
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert "internal error" not in stderr, stderr
    findings = []
    if json_output and proc.returncode in (0, 1):
        findings = json.loads(stdout)
    return Run(proc.returncode, stdout, stderr, seconds, findings)


def assert_canary_linted(run: Run) -> None:
    assert run.rc == 1, (run.rc, run.stderr)
    assert run.at(CANARY_NAME, "DL004"), run.findings


def assert_one_line_error(run: Run, *needles: str) -> None:
    """Exit 2 with exactly one line on stderr that names what is wrong."""
    assert run.rc == 2, (run.rc, run.stdout, run.stderr)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("digestlint: error: "), lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]


def lint_bytes(data: bytes, path: str = "2025-10-31-daily-papers-20251031.md", select=None, max_file_size=None):
    """In-process lint of raw bytes with every rule (or ``select``); returns (FileResult, findings)."""
    from digestlint import config as cfg
    from digestlint import engine

    table = {}
    if select is not None:
        table["select"] = list(select)
    if max_file_size is not None:
        table["max-file-size"] = max_file_size
    cfg.validate_table(table, "test")
    conf = cfg.Config(source="test", root=Path.cwd(), table=table)
    settings = cfg.settings_for(conf, cfg.Overrides(), None)
    result = engine.lint_bytes(data, path, None, settings)
    corpus, errors = engine.run_corpus([result], {path: settings})
    assert not result.errors, result.errors
    assert not errors, errors
    return result, engine.sort_findings(result.findings + corpus)


def assert_in_bounds(text: str, findings) -> None:
    """Every finding lies inside the file: line <= lines, column <= line length + 1, end >= start."""
    from digestlint.document import Document

    lines = Document(text).lines if text is not None else [""]
    for f in findings:
        assert 1 <= f.line <= len(lines), (f.rule, f.line, len(lines))
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1, (f.rule, f.line, f.column)
        assert 1 <= f.end_line <= len(lines), (f.rule, f.end_line)
        assert 1 <= f.end_column <= len(lines[f.end_line - 1]) + 1, (f.rule, f.end_line, f.end_column)
        assert (f.end_line, f.end_column) >= (f.line, f.column), (f.rule, f.line, f.column, f.end_line, f.end_column)


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0

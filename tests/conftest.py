"""Shared test helpers.

- ``lint_text(text, select=..., path=..., options=...)``: in-process lint of a string, returns findings.
- ``run_cli(*args, cwd=..., input=...)``: a real subprocess run of the installed ``digestlint``.
- ``SAMPLES``: ``../shared/samples`` (the real posts); ``GOOD``: well-formed posts in tests/fixtures/good.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = (ROOT.parent / "shared" / "samples").resolve()
FIXTURES = ROOT / "tests" / "fixtures"
GOOD = FIXTURES / "good"
#: a valid front matter block (the start of most hand-written test posts)
FRONT_MATTER = '---\nlayout: post\ntitle: "Daily Papers — 2025-10-31"\ndate: 2025-10-31 08:15:00\ntags: [papers]\ncategories: []\n---\n'


def _settings(select=None, options=None, language="ko", severity=None):
    from digestlint import config as cfg

    table = {}
    if select is not None:
        table["select"] = list(select)
    if options:
        table["rules"] = options
    if severity:
        table["severity"] = severity
    if language != "ko":
        table["language"] = language
    cfg.validate_table(table, "test")
    conf = cfg.Config(source="test", root=Path.cwd(), table=table)
    return cfg.settings_for(conf, cfg.Overrides(), None)


def lint_text(text: str, select=None, path: str = "2025-10-31-daily-papers-20251031.md", options=None, **kw):
    """Lint ``text`` in-process with the given rule selection; returns sorted findings."""
    from digestlint import engine

    settings = _settings(select, options, **kw)
    result = engine.lint_bytes(text.encode("utf-8"), path, None, settings)
    corpus, _ = engine.run_corpus([result], {path: settings})
    assert not result.errors, result.errors
    return engine.sort_findings(result.findings + corpus)


def digestlint_exe() -> list[str]:
    exe = shutil.which("digestlint")
    return [exe] if exe else [sys.executable, "-m", "digestlint"]


def run_cli(*args, cwd=None, input=None, env=None, timeout=60):
    full_env = dict(os.environ)
    full_env.pop("GITHUB_ACTIONS", None)
    full_env.setdefault("NO_COLOR", "1")
    if env:
        full_env.update(env)
    return subprocess.run(
        [*digestlint_exe(), *map(str, args)],
        cwd=cwd,
        input=input,
        capture_output=True,
        env=full_env,
        timeout=timeout,
    )


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is not beside the repository")
    return SAMPLES

"""The pre-commit hook with the real pre-commit: `pre-commit try-repo` and a real `git commit`.

Slow (pre-commit builds the hook's virtual environment once per test session: it installs
digestlint and its dependencies, from PyPI when they are not cached): marked ``slow``; run
``python -m pytest -m "not slow"`` to leave it out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import pytest

from conftest import GOOD, ROOT

pytestmark = pytest.mark.slow

NETWORK_TROUBLE = ("Temporary failure in name resolution", "Failed to establish a new connection",
                   "No matching distribution found", "Network is unreachable", "ProxyError")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_AUTHOR_DATE": "2025-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2025-01-01T00:00:00Z", "GIT_CONFIG_NOSYSTEM": "1",
}


def _run(args, cwd, env, timeout=600):
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _pre_commit():
    exe = shutil.which("pre-commit")
    return [exe] if exe else [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if _run([*_pre_commit(), "--version"], ROOT, dict(os.environ)).returncode != 0:
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    base = tmp_path_factory.mktemp("precommit")
    # An empty file of our own, not os.devnull: on some CI machines /dev/null is not a device, and git
    # reads whatever was written to it as its global configuration.
    gitconfig = base / "gitconfig"
    gitconfig.write_bytes(b"")
    e = dict(os.environ, **GIT_ENV, GIT_CONFIG_GLOBAL=str(gitconfig), PRE_COMMIT_HOME=str(base / "cache"))
    e.pop("GITHUB_ACTIONS", None)
    return base, e


@pytest.fixture(scope="module")
def hook_repo(env):
    """A snapshot of this repository's tracked files as they are in the working tree, committed."""
    base, e = env
    snap = base / "digestlint"
    snap.mkdir()
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, files):
        src = ROOT / os.fsdecode(name)
        if src.is_file():
            dst = snap / os.fsdecode(name)
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    for args in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "snapshot"]):
        assert _run(args, snap, e).returncode == 0
    rev = _run(["git", "rev-parse", "HEAD"], snap, e).stdout.strip()
    return snap, rev


@pytest.fixture
def blog(env, tmp_path):
    _, e = env
    repo = tmp_path / "blog"
    repo.mkdir()
    assert _run(["git", "init", "-q"], repo, e).returncode == 0
    (repo / "_posts").mkdir()
    (repo / GOOD_NAME).write_text((GOOD / "2025-10-31-daily-papers-20251031.md").read_text(encoding="utf-8"), encoding="utf-8")
    (repo / BAD_NAME).write_text("no front matter, no papers\n", encoding="utf-8")
    (repo / "notes.txt").write_text("not markdown: the hook ignores it\n", encoding="utf-8")
    # markdown, but not a post (the default include): the hook leaves it alone
    (repo / "README.md").write_text("# my blog\n\nno front matter, no papers\n", encoding="utf-8")
    return repo


GOOD_NAME = "_posts/2025-10-31-daily-papers-20251031.md"
BAD_NAME = "_posts/2025-11-01-daily-papers-20251101.md"


def _check_network(res):
    out = res.stdout + res.stderr
    if any(s in out for s in NETWORK_TROUBLE):
        pytest.skip("pre-commit could not install the hook's dependencies (no network?)")
    return out


def test_try_repo_bad_post_fails_good_post_passes(env, hook_repo, blog):
    _, e = env
    snap, rev = hook_repo
    for name in (GOOD_NAME, BAD_NAME, "notes.txt", "README.md"):
        assert _run(["git", "add", name], blog, e).returncode == 0
    bad = _run([*_pre_commit(), "try-repo", str(snap), "digestlint", "--ref", rev, "--files", BAD_NAME], blog, e)
    out = _check_network(bad)
    assert bad.returncode == 1, out
    assert "digestlint" in out and "Failed" in out
    assert f"{BAD_NAME}:1:1: DL003" in out
    good = _run([*_pre_commit(), "try-repo", str(snap), "digestlint", "--ref", rev, "--files", GOOD_NAME, "notes.txt", "README.md"],
                blog, e)
    out = _check_network(good)
    assert good.returncode == 0, out
    assert "Passed" in out


def test_installed_hook_blocks_the_bad_commit(env, hook_repo, blog):
    _, e = env
    snap, rev = hook_repo
    (blog / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snap.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: digestlint\n", encoding="utf-8")
    assert _run([*_pre_commit(), "install"], blog, e).returncode == 0
    assert _run(["git", "add", ".pre-commit-config.yaml", GOOD_NAME, "notes.txt", "README.md"], blog, e).returncode == 0
    ok = _run(["git", "commit", "-q", "-m", "a good post"], blog, e)
    _check_network(ok)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert _run(["git", "add", BAD_NAME], blog, e).returncode == 0
    refused = _run(["git", "commit", "-q", "-m", "a bad post"], blog, e)
    out = _check_network(refused)
    assert refused.returncode != 0, out
    assert "DL003" in out
    log = _run(["git", "log", "--format=%s"], blog, e).stdout.split("\n")
    assert log[0] == "a good post"

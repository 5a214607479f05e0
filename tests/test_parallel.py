"""--jobs: processes give exactly the single-process result, in order; a dying worker loses no file."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402

from digestlint import config as cfg  # noqa: E402
from digestlint import engine, parallel  # noqa: E402

N = 60  # above parallel.MIN_PARALLEL_FILES: a cold run uses processes

needs_fork = pytest.mark.skipif(parallel._mp_context() is None, reason="workers inherit test patches only with fork")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("blog")
    generate.generate(N, base, seed=11)
    return base


def _run(blog: Path, jobs: int, select=("DL1", "DL2", "DL3", "DL501")):
    resolver = cfg.ConfigResolver(None, True)
    overrides = cfg.Overrides(select=select)
    cwd = os.getcwd()
    os.chdir(blog)
    try:
        result = engine.run(["_posts"], resolver, overrides, jobs=jobs, cache=False)
    finally:
        os.chdir(cwd)
    return [(f.to_json(), f.extra) for f in result.findings], result.errors, result.files


def test_chunks_cover_every_item_in_order():
    items = list(range(1003))
    for jobs in (1, 2, 8):
        chunks = parallel._chunks(items, jobs)
        assert [x for c in chunks for x in c] == items
        assert max(len(c) for c in chunks) <= parallel.MAX_CHUNK


def test_small_runs_stay_in_one_process(corpus, monkeypatch):
    def boom(*a, **kw):
        raise AssertionError("no pool for a handful of files")

    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", boom)
    settings = cfg.settings_for(cfg.Config(None, corpus), cfg.Overrides(select=("DL2",)), None)
    paths = sorted((corpus / "_posts").iterdir())[:3]
    items = [(engine.Target(p.name, str(p)), settings, None) for p in paths]
    out = parallel.lint_many(items, 8)
    assert [r.path for r, _ in out] == [p.name for p in paths]


@pytest.fixture(scope="module")
def expected(corpus):
    return _run(corpus, 1)[0]


@pytest.mark.slow
def test_jobs_2_identical_to_jobs_1(corpus, expected):
    one = expected
    two, errors2, files2 = _run(corpus, 2)
    assert files2 == N
    assert not errors2
    assert one == two
    assert one, "the generated corpus has defects"


@pytest.mark.slow
def test_cli_jobs_identical_output_all_rules(corpus, tmp_path):
    shutil.copytree(corpus / "_posts", tmp_path / "_posts")
    a = run_cli("--no-cache", "-j", "1", "--format", "json", "_posts", cwd=tmp_path, timeout=300)
    b = run_cli("--no-cache", "--jobs", "2", "--format", "json", "_posts", cwd=tmp_path, timeout=300)
    assert a.returncode == b.returncode == 1, (a.stderr, b.stderr)
    assert a.stdout == b.stdout
    assert b.stderr == a.stderr == b""


@needs_fork
def test_a_dying_worker_loses_no_file(corpus, expected, monkeypatch):
    parent = os.getpid()
    in_parent: list[str] = []
    victim = sorted(os.listdir(corpus / "_posts"))[N // 2]
    real = parallel.lint_one

    def dying(target, settings, data=None):
        if os.getpid() != parent and target.display.endswith(victim):
            os._exit(7)  # a worker killed mid-chunk (OOM killer, segfault in a C extension)
        if os.getpid() == parent:
            in_parent.append(target.display)
        return real(target, settings, data)

    monkeypatch.setattr(parallel, "lint_one", dying)
    got, errors, files = _run(corpus, 2)
    assert files == N
    assert not errors
    assert got == expected
    assert any(p.endswith(victim) for p in in_parent), "the victim's chunk was linted again here"


def test_a_pool_that_cannot_start_falls_back_to_one_process(corpus, expected, monkeypatch):

    class NoPool:
        def __init__(self, *a, **kw):
            raise OSError("cannot fork")

    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoPool)
    got, errors, files = _run(corpus, 4)
    assert files == N and not errors
    assert got == expected


def test_progress_counts_every_file(corpus, monkeypatch):
    class P:
        done = 0

        def advance(self, n=1):
            P.done += n

    items = [(engine.Target(str(p), str(p)), None, None) for p in sorted((corpus / "_posts").iterdir())]
    settings = cfg.settings_for(cfg.Config(None, corpus), cfg.Overrides(select=("DL2",)), None)
    items = [(t, settings, None) for t, _, _ in items]
    out = parallel.lint_many(items, 2, P())
    assert P.done == N
    assert [r.path for r, _ in out] == [t.display for t, _, _ in items]
    assert all(d is not None and len(d) == 64 for _, d in out)


def test_default_jobs_is_the_cpu_count():
    assert parallel.default_jobs() >= 1
    if hasattr(os, "sched_getaffinity"):
        assert parallel.default_jobs() == len(os.sched_getaffinity(0))

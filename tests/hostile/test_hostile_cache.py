"""Threat: a hostile `.digestlint_cache` committed to a repository (or planted by another user).

The cache key of a file is the same on every machine for a tool version and configuration, so a
repository can ship cache files that every clone reads. digestlint must treat the cache folder as
untrusted: a cache file that is a symbolic link (to `/dev/zero`, to a secret), a FIFO, or larger
than the bound is a miss (never a hang, never unbounded memory); a cache folder (or `v1`, or the
environment folder) that is a symbolic link is neither read nor written through; the marker files
(`.gitignore`, `CACHEDIR.TAG`, validated-config markers) are never created through a link.
Real CLI runs with a canary post beside the hostile files.
"""

from __future__ import annotations

import os

import pytest

from hostile_helpers import CANARY_NAME, GOOD_POST, assert_canary_linted, lint_cli, write_canary

posix_only = pytest.mark.skipif(os.name != "posix", reason="symbolic links and FIFOs")


def _blog(tmp_path):
    (tmp_path / "2025-10-31-daily-papers-20251031.md").write_text(GOOD_POST, encoding="utf-8")
    write_canary(tmp_path)
    return tmp_path


def _cache_files(root, pattern="results-*.json"):
    return sorted((root / ".digestlint_cache").glob(f"v1/*/{pattern}"))


def _cold_then(tmp_path, damage):
    """A cold run fills the cache; ``damage(path)`` replaces each stored shard; the warm run must
    finish quickly with the same findings."""
    _blog(tmp_path)
    cold = lint_cli(".", cwd=tmp_path)
    assert_canary_linted(cold)
    shards = _cache_files(tmp_path)
    assert shards, "the cold run wrote no cache"
    for shard in shards:
        shard.unlink()
        damage(shard)
    warm = lint_cli(".", cwd=tmp_path, timeout=20)
    assert_canary_linted(warm)
    assert warm.findings == cold.findings
    return shards


@pytest.mark.slow
@posix_only
def test_cache_shard_symlinked_to_dev_zero_is_a_miss(tmp_path):
    shards = _cold_then(tmp_path, lambda p: os.symlink("/dev/zero", p))
    # the run wrote its results again: the link was replaced by a regular file, /dev/zero untouched
    assert all(p.is_file() and not p.is_symlink() for p in shards)


@pytest.mark.slow
@posix_only
def test_cache_shard_symlinked_to_a_file_outside_is_not_written_through(tmp_path):
    outside = tmp_path.parent / (tmp_path.name + "-victim.txt")
    outside.write_text("precious\n", encoding="utf-8")
    try:
        _cold_then(tmp_path, lambda p: os.symlink(outside, p))
        assert outside.read_text(encoding="utf-8") == "precious\n"
    finally:
        outside.unlink()


@pytest.mark.slow
@posix_only
def test_cache_shard_that_is_a_fifo_does_not_block(tmp_path):
    _cold_then(tmp_path, lambda p: os.mkfifo(p))


@pytest.mark.slow
@posix_only
def test_dl306_table_symlinked_to_dev_zero_is_a_miss(tmp_path):
    _blog(tmp_path)
    cold = lint_cli(".", "--extend-select", "DL306", cwd=tmp_path)
    tables = _cache_files(tmp_path, "dl306-*.json")
    assert tables
    for t in tables:
        t.unlink()
        os.symlink("/dev/zero", t)
    warm = lint_cli(CANARY_NAME, "--extend-select", "DL306", cwd=tmp_path, timeout=20)
    assert_canary_linted(warm)
    assert warm.findings == [f for f in cold.findings if f["path"].endswith(CANARY_NAME)]


def test_oversized_cache_file_is_a_miss(tmp_path, monkeypatch):
    from digestlint import cache

    path = tmp_path / "results-00.json"
    path.write_text('{"format": 1, "entries": {}, "pad": "' + "x" * 5000 + '"}', encoding="utf-8")
    assert cache._read_json(path) is not None
    monkeypatch.setattr(cache, "MAX_FILE_BYTES", 4096)
    assert cache._read_json(path) is None


@posix_only
def test_cache_folder_that_is_a_symlink_is_not_written_through(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    _blog(repo)
    os.symlink(outside, repo / ".digestlint_cache")
    run = lint_cli(".", cwd=repo)
    assert_canary_linted(run)
    assert list(outside.iterdir()) == [], "the cache was written through the link"
    assert os.path.islink(repo / ".digestlint_cache")


@pytest.mark.slow
@posix_only
def test_cache_subfolder_that_is_a_symlink_is_not_written_through(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    _blog(repo)
    (repo / ".digestlint_cache").mkdir()
    os.symlink(outside, repo / ".digestlint_cache" / "v1")
    run = lint_cli(".", cwd=repo)
    assert_canary_linted(run)
    assert list(outside.iterdir()) == []


@pytest.mark.slow
@posix_only
def test_cache_markers_are_not_created_through_links(tmp_path):
    _blog(tmp_path)
    cache_dir = tmp_path / ".digestlint_cache"
    cache_dir.mkdir()
    victim = tmp_path.parent / (tmp_path.name + "-marker-victim")
    os.symlink(victim, cache_dir / ".gitignore")
    os.symlink(victim, cache_dir / "CACHEDIR.TAG")
    try:
        run = lint_cli(".", cwd=tmp_path)
        assert_canary_linted(run)
        assert not os.path.lexists(victim), "a marker was written through a link"
        assert _cache_files(tmp_path)  # the cache itself still works
    finally:
        if os.path.lexists(victim):
            os.unlink(victim)


@posix_only
def test_rule_pack_fingerprint_does_not_block_on_a_fifo(tmp_path):
    import threading

    from digestlint import cache

    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "a.yaml").write_text("rules: {}\n", encoding="utf-8")
    os.mkfifo(tmp_path / "packs" / "b.yaml")
    out = []
    t = threading.Thread(target=lambda: out.append(cache.packs_fingerprint((str(tmp_path / "packs"),))), daemon=True)
    t.start()
    t.join(10)
    if not out:  # unblock the reader so the test process can end
        fd = os.open(tmp_path / "packs" / "b.yaml", os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
    assert out and len(out[0]) == 16

"""Hostile file systems: symlink loops, FIFOs, folders named x.md, unreadable and vanishing files,
non-UTF-8 file names. Real CLI runs; every case keeps a canary post beside the hostile one."""

from __future__ import annotations

import json
import os
import stat
import sys
import threading

import pytest

from hostile_helpers import (
    CANARY_NAME,
    GOOD_POST,
    assert_canary_linted,
    is_root,
    lint_bytes,
    lint_cli,
    write_canary,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file system features")


@pytest.mark.slow
@posix_only
def test_symlink_loops(tmp_path):
    os.symlink("loop-b.md", tmp_path / "loop-a.md")
    os.symlink("loop-a.md", tmp_path / "loop-b.md")
    os.symlink("self.md", tmp_path / "self.md")
    os.symlink("missing.md", tmp_path / "dangling.md")
    (tmp_path / "sub").mkdir()
    os.symlink("..", tmp_path / "sub" / "up")  # a folder loop
    os.symlink(".", tmp_path / "sub" / "here.md")  # a folder loop named like a post
    write_canary(tmp_path)
    run = lint_cli(".", cwd=tmp_path)  # walking the folder skips links that lead nowhere
    assert_canary_linted(run)
    assert run.seconds < 10
    run = lint_cli("loop-a.md", "self.md", "dangling.md", CANARY_NAME, cwd=tmp_path)  # named explicitly
    assert_canary_linted(run)
    for name in ("loop-a.md", "self.md", "dangling.md"):
        assert run.rules_for(name) == ["DL001"], (name, run.findings)


@pytest.mark.slow
@posix_only
def test_fifo_never_hangs(tmp_path):
    os.mkfifo(tmp_path / "2025-01-01-post.md")
    write_canary(tmp_path)
    for args in ((".",), ("2025-01-01-post.md", CANARY_NAME)):
        run = lint_cli(*args, cwd=tmp_path, timeout=20)
        assert_canary_linted(run)
        assert run.rules_for("2025-01-01-post.md") == ["DL001"]
        assert "FIFO" in next(f["message"] for f in run.findings if f["path"].endswith("2025-01-01-post.md"))


@pytest.mark.slow
def test_folder_named_like_a_post(tmp_path):
    (tmp_path / "x.md").mkdir()
    (tmp_path / "x.md" / "2025-01-01-inner.md").write_text(GOOD_POST, encoding="utf-8")
    write_canary(tmp_path)
    run = lint_cli(".", cwd=tmp_path)
    assert_canary_linted(run)
    assert not run.rules_for("x.md")
    run = lint_cli("x.md", CANARY_NAME, cwd=tmp_path)  # a folder given explicitly is searched
    assert_canary_linted(run)


@pytest.mark.slow
@posix_only
def test_device_file_is_not_read(tmp_path):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    write_canary(tmp_path)
    run = lint_cli("/dev/zero", "/dev/urandom", CANARY_NAME, cwd=tmp_path, timeout=20)
    assert_canary_linted(run)
    assert run.rules_for("/dev/zero") == ["DL001"]


@posix_only
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.md"
    path.write_text(GOOD_POST, encoding="utf-8")
    write_canary(tmp_path)
    path.chmod(0)
    try:
        if is_root():
            # root reads a mode-000 file anyway; a file whose read fails is simulated in-process below
            pytest.skip("running as root: chmod 000 does not make a file unreadable (see test_read_error_is_dl001)")
        run = lint_cli(".", cwd=tmp_path)
        assert_canary_linted(run)
        assert run.rules_for("secret.md") == ["DL001"]
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_read_error_is_dl001(tmp_path, monkeypatch):
    """An I/O error while reading (EACCES, EIO) is a DL001 finding; works as root too."""
    from digestlint import config as cfg
    from digestlint import engine, source

    (tmp_path / "2025-01-01-a.md").write_text(GOOD_POST, encoding="utf-8")
    (tmp_path / CANARY_NAME).write_text(GOOD_POST, encoding="utf-8")
    real_open = os.open

    def failing_open(path, flags, *args, **kwargs):
        if str(path).endswith("2025-01-01-a.md"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(source.os, "open", failing_open)
    resolver = cfg.ConfigResolver(None, isolated=True)
    result = engine.run([str(tmp_path)], resolver, cfg.Overrides(), jobs=1, cache=False)
    assert not result.errors
    by_file = {}
    for f in result.findings:
        by_file.setdefault(os.path.basename(f.path), []).append(f)
    assert [f.rule for f in by_file["2025-01-01-a.md"]] == ["DL001"]
    assert "Permission denied" in by_file["2025-01-01-a.md"][0].message
    assert result.files == 2

    def failing_read(fd, n):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(source.os, "open", real_open)
    monkeypatch.setattr(source.os, "read", failing_read)
    data, problem = source.read_file(str(tmp_path / "2025-01-01-a.md"), 1 << 20)
    assert data is None and problem.rule == "DL001" and "Input/output error" in problem.message


def test_files_deleted_during_the_run(tmp_path, monkeypatch):
    """A file found by the walk and gone when read is DL001; the other files are still linted."""
    from digestlint import config as cfg
    from digestlint import engine, source

    for i in range(20):
        (tmp_path / f"2025-01-01-p{i:02d}.md").write_text(GOOD_POST, encoding="utf-8")
    real_read_file = source.read_file
    deleted = []

    def read_then_delete(path, max_size):
        # every even file deletes the next one just before that one is read
        name = os.path.basename(path)
        nxt = tmp_path / f"2025-01-01-p{int(name[12:14]) + 1:02d}.md"
        if int(name[12:14]) % 2 == 0 and nxt.exists():
            nxt.unlink()
            deleted.append(nxt.name)
        return real_read_file(path, max_size)

    monkeypatch.setattr(source, "read_file", read_then_delete)
    result = engine.run([str(tmp_path)], cfg.ConfigResolver(None, isolated=True), cfg.Overrides(), jobs=1, cache=False)
    assert not result.errors
    gone = sorted(os.path.basename(f.path) for f in result.findings if f.rule == "DL001")
    assert gone == sorted(deleted) and len(deleted) == 10
    assert result.files == 20


@pytest.mark.slow
@posix_only
def test_files_deleted_and_replaced_concurrently_cli(tmp_path):
    """A real race: a thread keeps deleting, recreating and swapping files while the CLI walks."""
    posts = tmp_path / "_posts"  # every file under _posts/ is a post
    posts.mkdir()
    for i in range(200):
        (posts / f"p{i:03d}.md").write_text(GOOD_POST, encoding="utf-8")
    write_canary(tmp_path)
    stop = threading.Event()

    def churn():
        i = 0
        while not stop.is_set():
            p = posts / f"p{i % 200:03d}.md"
            try:
                p.unlink()
                if i % 3 == 0:
                    p.mkdir()
                    p.rmdir()
                elif i % 3 == 1:
                    os.symlink(p.name, p)
                    p.unlink()
                p.write_text(GOOD_POST[: (i * 37) % len(GOOD_POST)], encoding="utf-8")
            except OSError:
                pass
            i += 1

    t = threading.Thread(target=churn, daemon=True)
    t.start()
    try:
        run = lint_cli(".", cwd=tmp_path, timeout=60)
    finally:
        stop.set()
        t.join()
    assert_canary_linted(run)


NON_UTF8_NAMES = [b"2025-01-01-" + name for name in (b"caf\xe9.md", b"\xff\xfe.md", b"ok-\xed\xa0\x80.md", b"new\nline.md", b"esc\x1b[31m.md")]


@pytest.mark.slow
@posix_only
@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems reject non-UTF-8 names")
@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("env", [{}, {"LC_ALL": "C", "LANG": "C"}, {"PYTHONIOENCODING": "ascii"}], ids=["utf8", "C-locale", "ascii-io"])
def test_non_utf8_file_names(tmp_path, fmt, env):
    base = os.fsencode(str(tmp_path))
    for name in NON_UTF8_NAMES:
        with open(os.path.join(base, name), "wb") as fh:
            fh.write(b"")  # an empty post: one DL003 each
    write_canary(tmp_path)
    run = lint_cli(".", "--format", fmt, cwd=tmp_path, json_output=False, env=env)
    assert run.rc == 1, run.stderr
    assert CANARY_NAME in run.stdout
    if fmt == "json":
        findings = json.loads(run.stdout)
        assert sum(1 for f in findings if f["rule"] == "DL003") == len(NON_UTF8_NAMES)
    else:
        assert run.stdout.count("DL003") == len(NON_UTF8_NAMES)
        # a name cannot forge a finding line or colour the terminal
        assert "\x1b[" not in run.stdout
        assert all(line.startswith(("./", "2025-01-01-", CANARY_NAME, "Found", "All good")) or not line
                   for line in run.stdout.splitlines()), run.stdout


@pytest.mark.slow
@posix_only
@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems reject non-UTF-8 names")
def test_non_utf8_file_name_output_file(tmp_path):
    with open(os.path.join(os.fsencode(str(tmp_path)), b"2025-01-01-caf\xe9.md"), "wb") as fh:
        fh.write(b"")
    write_canary(tmp_path)
    for fmt in ("text", "json"):
        run = lint_cli(".", "--format", fmt, "-o", f"out.{fmt}", cwd=tmp_path, json_output=False, env={"LC_ALL": "C"})
        assert run.rc == 1, run.stderr
        out = (tmp_path / f"out.{fmt}").read_bytes().decode("utf-8")  # the output file is valid UTF-8
        if fmt == "json":
            assert len(json.loads(out)) >= 2


@pytest.mark.slow
def test_output_file_in_missing_folder_is_one_line_error(tmp_path):
    write_canary(tmp_path)
    run = lint_cli(".", "-o", "no/such/dir/out.txt", cwd=tmp_path, json_output=False)
    assert run.rc == 2 and len(run.stderr.strip().splitlines()) == 1, run.stderr


def test_path_that_is_not_text_in_process():
    _, findings = lint_bytes(b"", path="caf\udce9.md")
    assert [f.rule for f in findings] == ["DL003"]

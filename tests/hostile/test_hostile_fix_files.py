"""Threat: `--fix` writing outside the linted tree or changing what a file *is*.

The semantics (README "Security and limits"):
- a post that is a symbolic link is written through (the link kept) only when its target lies
  inside the linted tree: the folder walked, or the working directory for a named file; a link
  out of the tree (`blog/p.md -> ../secret.md`) is linted but never written; the walk never
  enters a linked folder;
- a read-only file (`0444`, even for root) is not replaced;
- mode, owner and group are kept; when the owner cannot be kept the file is not fixed;
- a file with several hard links is not fixed (replacing it atomically would split the links);
- an edit made while the file was being fixed wins: the file is re-checked right before the
  rename, and reported "changed on disk; not fixed".
"""

from __future__ import annotations

import os
import stat

import pytest

from conftest import run_cli
from hostile_helpers import GOOD_POST, is_root

FIXABLE = GOOD_POST.replace("The Quest for", "The  Quest   for", 1)
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX links, modes and owners")


def _fix(*args, cwd):
    proc = run_cli("--isolated", "--fix", "--no-cache", *args, cwd=cwd, timeout=60)
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert proc.returncode in (0, 1), err
    return err


@pytest.mark.slow
@posix_only
def test_symlinked_post_pointing_outside_the_walked_folder_is_not_written(tmp_path):
    blog = tmp_path / "blog"
    blog.mkdir()
    secret = tmp_path / "secret.md"
    secret.write_text(FIXABLE, encoding="utf-8")
    os.symlink("../secret.md", blog / "2025-01-01-p.md")
    err = _fix("blog", cwd=tmp_path)
    assert secret.read_text(encoding="utf-8") == FIXABLE, "written outside the tree"
    assert "outside the linted tree" in err and "not fixed" in err
    assert os.path.islink(blog / "2025-01-01-p.md")


@pytest.mark.slow
@posix_only
def test_named_symlink_to_a_file_outside_the_working_directory_is_not_written(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    secret = tmp_path / "home-bashrc.md"
    secret.write_text(FIXABLE, encoding="utf-8")
    os.symlink(secret, repo / "2025-01-01-p.md")
    err = _fix("2025-01-01-p.md", cwd=repo)  # as pre-commit names files
    assert secret.read_text(encoding="utf-8") == FIXABLE
    assert "outside the linted tree" in err


@pytest.mark.slow
@posix_only
def test_symlinked_post_inside_the_tree_is_written_through_and_stays_a_link(tmp_path):
    (tmp_path / "drafts").mkdir()
    real = tmp_path / "drafts" / "real.md"
    real.write_text(FIXABLE, encoding="utf-8")
    os.symlink("drafts/real.md", tmp_path / "2025-01-01-p.md")
    _fix(".", cwd=tmp_path)
    assert real.read_text(encoding="utf-8") == GOOD_POST
    assert os.path.islink(tmp_path / "2025-01-01-p.md")


@posix_only
def test_linked_folder_out_of_the_walked_tree_is_not_entered(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "2025-01-01-p.md").write_text(FIXABLE, encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    os.symlink(outside, repo / "linked")
    os.symlink(outside, repo / "linked.md")  # a linked folder named like a post
    _fix(".", cwd=repo)
    assert (outside / "2025-01-01-p.md").read_text(encoding="utf-8") == FIXABLE


@posix_only
def test_read_only_file_is_not_replaced(tmp_path):
    post = tmp_path / "2025-01-01-p.md"
    post.write_text(FIXABLE, encoding="utf-8")
    os.chmod(post, 0o444)
    err = _fix(".", cwd=tmp_path)
    assert post.read_text(encoding="utf-8") == FIXABLE
    assert stat.S_IMODE(os.stat(post).st_mode) == 0o444
    assert "read-only" in err


@pytest.mark.slow
@posix_only
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o755])
def test_mode_is_kept(tmp_path, mode):
    post = tmp_path / "2025-01-01-p.md"
    post.write_text(FIXABLE, encoding="utf-8")
    os.chmod(post, mode)
    _fix(".", cwd=tmp_path)
    assert post.read_text(encoding="utf-8") == GOOD_POST
    assert stat.S_IMODE(os.stat(post).st_mode) == mode


@pytest.mark.slow
@posix_only
@pytest.mark.skipif(not is_root(), reason="giving a file to another user needs root")
def test_owner_and_group_are_kept_when_root_fixes_another_users_file(tmp_path):
    post = tmp_path / "2025-01-01-p.md"
    post.write_text(FIXABLE, encoding="utf-8")
    os.chown(post, 12345, 23456)
    _fix(".", cwd=tmp_path)
    assert post.read_text(encoding="utf-8") == GOOD_POST
    st = os.stat(post)
    assert (st.st_uid, st.st_gid) == (12345, 23456)


@posix_only
def test_owner_that_cannot_be_kept_means_not_fixed(tmp_path, monkeypatch):
    from digestlint import autofix
    from digestlint import config as cfg

    post = tmp_path / "2025-01-01-p.md"
    post.write_text(FIXABLE, encoding="utf-8")
    real_lstat = os.lstat

    class Foreign:  # the file as another user's (uid 4242) would look
        def __init__(self, st):
            self._st = st

        def __getattr__(self, name):
            return 4242 if name == "st_uid" else getattr(self._st, name)

    monkeypatch.setattr(autofix.os, "lstat", lambda p, *a, **k: Foreign(real_lstat(p, *a, **k)) if str(p) == str(post) else real_lstat(p, *a, **k))

    def no_chown(fd, uid, gid):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(autofix.os, "fchown", no_chown)
    conf = cfg.Config(source="test", root=tmp_path, table={})
    settings = cfg.settings_for(conf, cfg.Overrides(), post)
    out = autofix.fix_file(str(post), str(post), settings)
    assert not out.written and "uid 4242" in out.skipped and "not fixed" in out.skipped
    assert post.read_text(encoding="utf-8") == FIXABLE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025-01-01-p.md"]  # no temporary file left


@pytest.mark.slow
@posix_only
def test_hard_linked_file_is_not_split(tmp_path):
    post = tmp_path / "2025-01-01-p.md"
    post.write_text(FIXABLE, encoding="utf-8")
    os.link(post, tmp_path / "other-name.txt")
    err = _fix("2025-01-01-p.md", cwd=tmp_path)
    assert "hard links" in err and "not fixed" in err
    assert os.stat(post).st_nlink == 2
    assert os.path.samefile(post, tmp_path / "other-name.txt")
    assert post.read_text(encoding="utf-8") == FIXABLE


def test_concurrent_edit_during_the_write_wins(tmp_path, monkeypatch):
    """An edit that lands while the fixed text is written and synced (the slow part) is kept."""
    from digestlint import autofix
    from digestlint import config as cfg

    post = tmp_path / "2025-01-01-p.md"
    post.write_text(FIXABLE, encoding="utf-8")
    edited = FIXABLE + "\nAn edit made in the editor meanwhile.\n"
    real_fsync = os.fsync
    calls = []

    def fsync_then_someone_edits(fd):
        real_fsync(fd)
        if not calls:
            calls.append(fd)
            with open(post, "w", encoding="utf-8") as fh:  # the user's editor saves in place
                fh.write(edited)

    monkeypatch.setattr(autofix.os, "fsync", fsync_then_someone_edits)
    conf = cfg.Config(source="test", root=tmp_path, table={})
    settings = cfg.settings_for(conf, cfg.Overrides(), post)
    out = autofix.fix_file(str(post), str(post), settings)
    assert calls, "the write path did not sync"
    assert post.read_text(encoding="utf-8") == edited, "the concurrent edit was lost"
    assert not out.written and out.skipped == "changed on disk; not fixed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025-01-01-p.md"]


def test_concurrent_replace_by_an_editor_wins(tmp_path, monkeypatch):
    """An editor that saves by renaming a new file over the post (a new inode) also wins."""
    from digestlint import autofix
    from digestlint import config as cfg

    post = tmp_path / "2025-01-01-p.md"
    post.write_text(FIXABLE, encoding="utf-8")
    real_fsync = os.fsync
    done = []

    def fsync_then_editor_renames(fd):
        real_fsync(fd)
        if not done:
            done.append(1)
            tmp = tmp_path / "editor.swp"
            tmp.write_text(FIXABLE, encoding="utf-8")  # same bytes, new file
            os.replace(tmp, post)

    monkeypatch.setattr(autofix.os, "fsync", fsync_then_editor_renames)
    conf = cfg.Config(source="test", root=tmp_path, table={})
    out = autofix.fix_file(str(post), str(post), cfg.settings_for(conf, cfg.Overrides(), post))
    assert not out.written and out.skipped == "changed on disk; not fixed"

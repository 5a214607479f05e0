"""Threat: DL306's blog index walking out of the blog.

DL306 reads the blog's other posts (the `post-roots`, or the linted file's folder). A symbolic
link in the posts folder (`_posts/root -> /`, `_posts/old.md -> ../../elsewhere/x.md`) must not
take the walk outside the configured root: otherwise one run walks the whole file system and
the annotations name other processes' files under `/proc`. `post-roots = ["/"]` is refused
(exit 2) instead of indexing the file system; every walk is bounded in files and folders.
"""

from __future__ import annotations

import os
import time

import pytest

from hostile_helpers import GOOD_POST, assert_one_line_error, lint_cli

posix_only = pytest.mark.skipif(os.name != "posix", reason="symbolic links")
LATER = "2025-10-31-daily-papers-20251031.md"
EARLIER = "2025-10-01-daily-papers-20251001.md"  # the same papers, a month earlier


def _blog(tmp_path):
    posts = tmp_path / "blog" / "_posts"
    posts.mkdir(parents=True)
    (posts / LATER).write_text(GOOD_POST, encoding="utf-8")
    (tmp_path / "blog" / ".digestlint.toml").write_text('post-roots = ["_posts"]\n', encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / EARLIER).write_text(GOOD_POST.replace("2025-10-31", "2025-10-01"), encoding="utf-8")
    return tmp_path / "blog", posts, outside


def _lint_one(blog):
    return lint_cli("--config", ".digestlint.toml", "--select", "DL306", "--no-cache", f"_posts/{LATER}", cwd=blog)


@posix_only
def test_index_control_the_earlier_post_inside_is_found(tmp_path):
    blog, posts, outside = _blog(tmp_path)
    os.replace(outside / EARLIER, posts / EARLIER)
    run = _lint_one(blog)
    assert run.rc == 1 and run.rules_for(LATER) and set(run.rules_for(LATER)) == {"DL306"}


@posix_only
def test_index_does_not_follow_a_folder_link_out_of_the_root(tmp_path):
    blog, posts, outside = _blog(tmp_path)
    os.symlink(outside, posts / "old")
    run = _lint_one(blog)
    assert run.rc == 0 and run.findings == [], run.findings


@pytest.mark.slow
@posix_only
def test_index_does_not_follow_a_post_link_out_of_the_root(tmp_path):
    blog, posts, outside = _blog(tmp_path)
    os.symlink(outside / EARLIER, posts / EARLIER)
    run = _lint_one(blog)
    assert run.rc == 0 and run.findings == [], run.findings


@posix_only
def test_index_follows_links_that_stay_inside_the_root(tmp_path):
    blog, posts, outside = _blog(tmp_path)
    (posts / "2025").mkdir()
    os.replace(outside / EARLIER, posts / "2025" / EARLIER)
    os.symlink("2025", posts / "this-year")
    run = _lint_one(blog)
    assert set(run.rules_for(LATER)) == {"DL306"}
    assert all("this-year" not in f["message"] or "2025/" not in f["message"] for f in run.findings)


@posix_only
def test_link_to_the_file_system_root_is_not_walked(tmp_path):
    blog, posts, _ = _blog(tmp_path)
    os.symlink("/", posts / "root")
    t0 = time.monotonic()
    run = _lint_one(blog)
    assert time.monotonic() - t0 < 20
    assert run.findings == [] and "/proc" not in run.stdout


def test_post_roots_at_the_file_system_root_is_refused(tmp_path):
    (tmp_path / LATER).write_text(GOOD_POST, encoding="utf-8")
    (tmp_path / "c.toml").write_text('post-roots = ["/"]\n', encoding="utf-8")
    run = lint_cli("--config", "c.toml", "--no-cache", LATER, cwd=tmp_path, timeout=20)
    assert_one_line_error(run, "post-roots", "root of the file system")


def test_index_walk_is_bounded(tmp_path, monkeypatch):
    from digestlint import corpus_index, walk

    for i in range(12):
        d = tmp_path / f"d{i:02d}"
        d.mkdir()
        for j in range(3):
            (d / f"p{j}.md").write_text("x", encoding="utf-8")
    assert len(corpus_index.post_files(str(tmp_path), recursive=True)) == 36
    monkeypatch.setattr(walk, "MAX_FILES", 10)
    assert len(corpus_index.post_files(str(tmp_path), recursive=True)) == 10
    monkeypatch.setattr(walk, "MAX_FILES", 1000)
    monkeypatch.setattr(walk, "MAX_DIRS", 4)
    assert len(corpus_index.post_files(str(tmp_path), recursive=True)) == 9  # the root and 3 folders

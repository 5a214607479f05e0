"""DL306's index of the blog's other posts: the one walker, and only the posts include/exclude select."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from digestlint import config as cfg
from digestlint import corpus_index, engine, walk

PAPER = "# 1. [The Quest for Generalizable Motion Generation](https://arxiv.org/abs/2510.26794)\n\n요약.\n"
LATER = "2025-10-31-daily-papers.md"
EARLIER = "2025-10-01-daily-papers.md"


def _post(date: str) -> str:
    return f"---\ndate: {date}\n---\n\n{PAPER}"


def _dl306(cwd: Path, paths, cache: bool = False) -> list[str]:
    resolver = cfg.ConfigResolver(None, False)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = engine.run(list(paths), resolver, cfg.Overrides(select=("DL306",)), jobs=1, cache=cache)
    finally:
        os.chdir(old)
    assert not result.errors
    return [f"{f.path}: {f.message}" for f in result.findings]


@pytest.fixture
def blog(tmp_path) -> Path:
    posts = tmp_path / "posts"  # not _posts: there include takes every file (``**/_posts/**``)
    posts.mkdir()
    (posts / LATER).write_text(_post("2025-10-31"), encoding="utf-8")
    return tmp_path


def test_control_an_earlier_post_is_indexed(blog):
    (blog / "posts" / EARLIER).write_text(_post("2025-10-01"), encoding="utf-8")
    found = _dl306(blog, [f"posts/{LATER}"])
    assert len(found) == 1 and EARLIER in found[0], found


@pytest.mark.parametrize("cache", [False, True])
def test_a_readme_beside_the_posts_is_not_indexed(blog, cache):
    # a README (or an about page) quoting a paper is not a post: include does not select it
    (blog / "posts" / "README.md").write_text(_post("2025-01-01"), encoding="utf-8")
    (blog / "about.md").write_text(_post("2025-01-01"), encoding="utf-8")
    assert _dl306(blog, [f"posts/{LATER}"], cache=cache) == []
    assert _dl306(blog, [f"posts/{LATER}"], cache=cache) == []  # (with a cache: from the stored table)
    (blog / "posts" / EARLIER).write_text(_post("2025-10-01"), encoding="utf-8")  # a new post beside them
    found = _dl306(blog, [f"posts/{LATER}"], cache=cache)
    assert len(found) == 1 and EARLIER in found[0], found
    (blog / "posts" / EARLIER).unlink()
    (blog / ".digestlint.toml").write_text('post-roots = ["."]\n', encoding="utf-8")
    assert _dl306(blog, [f"posts/{LATER}"], cache=cache) == []


@pytest.mark.parametrize("cache", [False, True])
def test_an_excluded_post_is_not_indexed(blog, cache):
    (blog / "posts" / "drafts").mkdir()
    (blog / "posts" / "drafts" / EARLIER).write_text(_post("2025-10-01"), encoding="utf-8")
    (blog / "posts" / "2025-09-01-old.md").write_text(_post("2025-09-01"), encoding="utf-8")
    (blog / ".digestlint.toml").write_text('post-roots = ["posts"]\nexclude = ["posts/drafts/**", "*-old.md"]\n',
                                           encoding="utf-8")
    assert _dl306(blog, [f"posts/{LATER}"], cache=cache) == []
    (blog / ".digestlint.toml").write_text('post-roots = ["posts"]\nexclude = ["*-old.md"]\n', encoding="utf-8")
    found = _dl306(blog, [f"posts/{LATER}"], cache=cache)
    assert len(found) == 1 and f"drafts/{EARLIER}" in found[0], found


def test_post_files_selects_what_discovery_selects(blog):
    posts = blog / "posts"
    (posts / "README.md").write_text("x", encoding="utf-8")
    (posts / "node_modules").mkdir()
    (posts / "node_modules" / EARLIER).write_text("x", encoding="utf-8")
    (posts / ".hidden.md").write_text("x", encoding="utf-8")
    (posts / "2025").mkdir()
    (posts / "2025" / EARLIER).write_text("x", encoding="utf-8")
    conf = cfg.ConfigResolver(None, False).for_path(posts / LATER)
    every = corpus_index.post_files(str(posts), recursive=True)
    assert [os.path.relpath(p, posts) for p in every] == sorted(["2025/" + EARLIER, LATER, "README.md"])
    selected = corpus_index.post_files(str(posts), recursive=True, posts=conf.posts)
    assert [os.path.relpath(p, posts) for p in selected] == sorted(["2025/" + EARLIER, LATER])
    discovered = engine.discover([str(posts)], cfg.ConfigResolver(None, False))
    assert sorted(os.path.abspath(t.fs_path) for t in discovered) == selected


def test_one_skip_list():
    assert engine.MARKDOWN_SUFFIXES is walk.MARKDOWN_SUFFIXES
    assert not hasattr(engine, "SKIP_DIRS") and not hasattr(corpus_index, "_SKIP_DIRS")

"""Which files are posts: the ``include`` setting (default: Jekyll post names and ``_posts/``),
the warning for a folder without posts, ``--force-include`` (the pre-commit hook)."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import GOOD, ROOT, run_cli

POST = "2025-10-31-daily-papers-20251031.md"


@pytest.fixture
def blog(tmp_path):
    """A Jekyll blog: posts under _posts/ and a dated post at the top, plus pages that are not posts."""
    good = (GOOD / POST).read_text(encoding="utf-8")
    (tmp_path / "_posts" / "old").mkdir(parents=True)
    (tmp_path / "_posts" / POST).write_text(good, encoding="utf-8")
    (tmp_path / "_posts" / "old" / "notes.md").write_text("under _posts/: a post whatever its name\n", encoding="utf-8")
    (tmp_path / "2025-11-01-daily.md").write_text("a Jekyll name outside _posts/\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# My blog\n\nNot a post.\n", encoding="utf-8")
    (tmp_path / "about.markdown").write_text("# About\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "idea.md").write_text("# an idea\n", encoding="utf-8")
    return tmp_path


def _paths(res) -> list[str]:
    return sorted({f["path"] for f in json.loads(res.stdout)})


@pytest.mark.slow
def test_bare_run_lints_posts_only(blog):
    res = run_cli("--format", "json", "--no-cache", cwd=blog)
    assert res.returncode == 1, res.stderr
    # README.md, about.markdown and drafts/idea.md are not posts: never linted by a folder walk
    assert _paths(res) == ["2025-11-01-daily.md", "_posts/old/notes.md"]
    shown = run_cli("--no-cache", cwd=blog)
    assert b"3 files checked" in shown.stdout


def test_named_file_is_always_linted(blog):
    res = run_cli("--format", "json", "--no-cache", "README.md", "drafts/idea.md", cwd=blog)
    assert _paths(res) == ["README.md", "drafts/idea.md"]
    assert res.stderr == b""


@pytest.mark.slow
def test_force_include_filters_named_files(blog):
    res = run_cli("--format", "json", "--no-cache", "--force-include", "README.md", "drafts/idea.md",
                  "2025-11-01-daily.md", f"_posts/{POST}", cwd=blog)
    assert _paths(res) == ["2025-11-01-daily.md"]
    # files left out on purpose are no warning (a pre-commit run that staged only README.md)
    res = run_cli("--no-cache", "--force-include", "README.md", cwd=blog)
    assert res.returncode == 0 and res.stderr == b"", res.stderr


@pytest.mark.slow
def test_include_setting_replaces_the_default(blog):
    (blog / ".digestlint.toml").write_text('include = ["drafts/*.md", "README.md"]\n', encoding="utf-8")
    res = run_cli("--format", "json", "--no-cache", cwd=blog)
    assert _paths(res) == ["README.md", "drafts/idea.md"]
    (blog / ".digestlint.toml").write_text('include = "*.md"\n', encoding="utf-8")
    res = run_cli("--no-cache", cwd=blog)
    assert res.returncode == 2 and b"include" in res.stderr


def test_folder_outside_the_working_directory(blog, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("cwd")
    res = run_cli("--format", "json", "--no-cache", blog, cwd=elsewhere)
    assert [p.rsplit("/", 2)[-2:] for p in _paths(res)] == [[blog.name, "2025-11-01-daily.md"], ["old", "notes.md"]]


@pytest.mark.slow
def test_folder_without_posts_warns(blog):
    res = run_cli("--no-cache", "drafts", "_posts", cwd=blog)
    err = res.stderr.decode()
    assert "digestlint: warning: drafts: no post found (1 markdown file not matching 'include'" in err
    assert "_posts:" not in err  # it has posts
    (blog / "empty").mkdir()
    res = run_cli("--no-cache", "empty", cwd=blog)
    assert "digestlint: warning: empty: no post found (no markdown file;" in res.stderr.decode()
    assert res.returncode == 0  # a warning, not a failure (nothing is wrong with a post)


def test_hook_definition_is_limited_to_posts():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["entry"].split()[1:] == ["--force-include"]
    assert hook["types"] == ["markdown"]


@pytest.mark.slow
def test_hook_entry_end_to_end(blog):
    """What pre-commit runs: the hook's entry with the staged markdown files appended."""
    import shlex

    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entry = shlex.split(hook["entry"])
    assert entry[0] == "digestlint"
    staged = ["README.md", "about.markdown", "drafts/idea.md", f"_posts/{POST}"]
    res = run_cli(*entry[1:], "--no-cache", *staged, cwd=blog)
    assert res.returncode == 0, res.stdout + res.stderr  # the pages are left alone, the post is good
    staged.append("2025-11-01-daily.md")
    res = run_cli(*entry[1:], "--no-cache", *staged, cwd=blog)
    assert res.returncode == 1 and b"2025-11-01-daily.md:1:1: DL003" in res.stdout


@pytest.mark.slow
def test_samples_are_posts_by_default(tmp_path, samples):
    for p in samples.glob("*.md"):
        shutil.copyfile(p, tmp_path / p.name)
    res = run_cli("--no-cache", "--fail-on", "never", ".", cwd=tmp_path)
    assert f"{len(list(samples.glob('*.md')))} files checked".encode() in res.stdout


@pytest.mark.slow
def test_run_inside_posts_folder(blog):
    """``**/_posts/**`` matches the absolute path too: a bare run started inside _posts/ lints its posts."""
    res = run_cli("--format", "json", "--no-cache", cwd=blog / "_posts")
    assert _paths(res) == ["old/notes.md"]  # the good post has no finding; notes.md has several
    assert b"2 files checked" in run_cli("--no-cache", cwd=blog / "_posts").stdout

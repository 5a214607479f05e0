"""The one-file fast path (digestlint.quick): a run over a named post that nothing changed since
is answered from its record without importing click, the rules, the parser or PyYAML, with
exactly the report and exit status of a full run; any change it depends on makes a full run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from conftest import GOOD

HEAVY = ("click", "yaml", "markdown_it", "rapidfuzz", "jsonschema", "langdetect")

_PROBE = r"""
import json, sys
sys.argv = ["digestlint", *sys.argv[1:]]
from digestlint.entry import main
try:
    main()
    code = 0
except SystemExit as exc:
    code = exc.code
sys.stdout.flush()
mods = sorted(m for m in sys.modules if m.split(".")[0] in ("digestlint",) + HEAVY)
sys.stderr.write("\nPROBE " + json.dumps({"code": code, "modules": mods}) + "\n")
""".replace("HEAVY", repr(HEAVY))

OLD = time.time() - 3600  # stamps older than quick.RACY_SECONDS


def _age(*paths):
    for p in paths:
        os.utime(p, (OLD, OLD))


@pytest.fixture
def blog(tmp_path):
    posts = tmp_path / "_posts"
    posts.mkdir()
    for src in sorted(GOOD.glob("*.md")):
        (posts / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    _age(*posts.iterdir(), posts, tmp_path)
    return tmp_path


def _run(cwd, *args, env=None):
    full = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "CI")}
    full.update({"NO_COLOR": "1", **(env or {})})
    proc = subprocess.run([sys.executable, "-c", _PROBE, *map(str, args)], cwd=cwd, capture_output=True, env=full, timeout=120)
    err = proc.stderr.decode("utf-8", "replace")
    head, _, probe = err.rpartition("\nPROBE ")
    info = json.loads(probe)
    return proc.stdout, info["code"], info["modules"], head


def _replayed(modules):
    return not any(m.startswith("digestlint.rules.") or m.split(".")[0] in HEAVY for m in modules) \
        and "digestlint.cli" not in modules


def _post(blog):
    return "_posts/" + sorted(p.name for p in (blog / "_posts").iterdir())[-1]


def test_a_cache_hit_run_imports_no_rule_module(blog):
    post = _post(blog)
    out1, code1, mods1, _ = _run(blog, post)
    assert any(m.startswith("digestlint.rules.") for m in mods1)  # the first run lints
    out2, code2, mods2, err2 = _run(blog, post)
    assert _replayed(mods2), mods2
    assert not [m for m in mods2 if m.startswith("digestlint.rules")]
    assert (out2, code2, err2) == (out1, code1, "")


@pytest.mark.slow
@pytest.mark.parametrize("args", [("--format", "json"), ("--format=sarif",), ("--format", "github", "-q"),
                                  ("--format", "junit"), ("--statistics", "--select", "DL2,DL3", "--fail-on", "error")])
def test_the_replayed_report_is_the_full_runs(blog, args):
    post = _post(blog)
    full = _run(blog, "--no-cache", *args, post)  # never recorded: --no-cache is not a replayable option
    first = _run(blog, *args, post)
    again = _run(blog, *args, post)
    assert _replayed(again[2]) and not _replayed(full[2]) and not _replayed(first[2])
    assert full[0] == first[0] == again[0] and full[1] == first[1] == again[1]


@pytest.mark.slow
def test_an_edited_post_is_linted_again(blog):
    post = _post(blog)
    _run(blog, post)
    path = blog / post
    path.write_text(path.read_text(encoding="utf-8").replace("# 1. [", "# 1.  [", 1), encoding="utf-8")
    out, code, mods, _ = _run(blog, post)
    assert not _replayed(mods)
    assert b"DL202" in out and code == 1  # the heading as edited


@pytest.mark.slow
def test_a_new_configuration_file_is_read(blog):
    post = _post(blog)
    path = blog / post
    path.write_text(path.read_text(encoding="utf-8").replace("# 1. [", "# 1.  [", 1), encoding="utf-8")
    _age(path, path.parent)
    before = _run(blog, "--format", "json", post)
    assert {f["rule"] for f in json.loads(before[0])} == {"DL202"}
    assert _replayed(_run(blog, "--format", "json", post)[2])
    (blog / ".digestlint.toml").write_text('ignore = ["DL202"]\n', encoding="utf-8")
    out, code, mods, _ = _run(blog, "--format", "json", post)
    assert not _replayed(mods)
    assert json.loads(out) == [] and code == 0


@pytest.mark.slow
def test_another_post_of_the_blog_is_seen_by_dl306(blog):
    post = _post(blog)
    _run(blog, post)
    assert _replayed(_run(blog, post)[2])
    # an earlier post of the blog with the same paper: the linted post now republishes it
    text = (blog / post).read_text(encoding="utf-8")
    (blog / "_posts" / "2020-01-01-daily-papers-20200101.md").write_text(text.replace(post[7:17], "2020-01-01"),
                                                                        encoding="utf-8")
    out, code, mods, _ = _run(blog, post)
    assert not _replayed(mods)
    assert b"DL306" in out and code == 1


@pytest.mark.slow
def test_the_environment_is_part_of_the_key(blog):
    post = _post(blog)
    plain = _run(blog, post)[0]
    out, _code, mods, _ = _run(blog, post, env={"GITHUB_ACTIONS": "true"})  # the github format by default
    assert not _replayed(mods) and out.startswith(b"digestlint: ") and out != plain


@pytest.mark.slow
def test_a_stamp_of_a_moment_ago_is_not_trusted(blog):
    post = _post(blog)
    other = sorted((blog / "_posts").iterdir())[0]
    assert other.name != post[7:]
    os.utime(other)  # touched now: could change again within the same mtime tick (the linted post
    _run(blog, post)  # itself is compared by content)
    assert not _replayed(_run(blog, post)[2])


@pytest.mark.parametrize("args", [("--no-cache",), ("-o", "out.txt"), ("--fix",), ("--baseline", "b.json"), ("_posts",),
                                  ("--cache-dir", "elsewhere")])
def test_runs_that_are_never_replayed(blog, args):
    from digestlint import quick

    post = _post(blog)
    argv = [*args, post] if args != ("_posts",) else list(args)
    assert quick.eligible(argv) is None


def test_the_fast_paths_constants_follow_the_package():
    from digestlint import cache, config, parallel, quick

    assert quick.CONFIG_NAMES == config.CONFIG_NAMES
    assert quick.CACHE_FORMAT == cache.FORMAT
    assert quick.CACHE_DIR_NAME == cache.CACHE_DIR_NAME
    assert quick.MAX_FILES == parallel.SMALL_RUN
    cache.environment_key.cache_clear()
    assert quick.environment_key() == cache.environment_key()

"""The one-file start cache (digestlint.startcache): compiled regular expressions and parsed
shipped data kept in the cache's environment folder change nothing a run reports, a damaged
file is a miss, and only a run that may be recorded reads or writes them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

import pytest

from conftest import GOOD
from digestlint import data, startcache

OLD = time.time() - 3600


@pytest.fixture
def folder(tmp_path, monkeypatch):
    startcache.uninstall()
    monkeypatch.setattr(startcache, "MIN_SECONDS", 0.0)  # every new pattern makes save() write
    yield tmp_path
    startcache.uninstall()
    re.purge()


def _fresh_process_state():
    """What a new process would have: nothing installed, re's own cache empty."""
    startcache.uninstall()
    re.purge()


PATTERNS = [
    (r"(?P<word>[가-힣]+)\s+(?P=word)", 0),
    (r"[\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff]+|\bfoo(?:bar|baz){2,5}\b", re.IGNORECASE),
    (r"(?m)^#{1,6}[ \t]+(?P<title>.*?)[ \t]*$", 0),
    (r"(a)(b)?(?P<c>c)|[^\W\d_]{3,}", re.VERBOSE),
]
TEXTS = ["한국어 한국어 문장", "FOOBARBAZ foobarbar 模型 テスト", "# Title  \n## Other #\ntext", "abc xyz 123"]


def _findings(patterns):
    out = []
    for (p, f), compiled in zip(PATTERNS, patterns):
        assert compiled.pattern == p
        for t in TEXTS:
            out.append([(m.span(), m.groups(), m.groupdict()) for m in compiled.finditer(t)])
        out.append((compiled.flags, compiled.groups, dict(compiled.groupindex)))
    return out


def test_a_stored_program_rebuilds_the_same_pattern(folder):
    reference = [re.compile(p, f) for p, f in PATTERNS]
    expected = _findings(reference)
    _fresh_process_state()
    startcache.install(str(folder))
    first = [re.compile(p, f) for p, f in PATTERNS]
    assert _findings(first) == expected
    assert all(a == b for a, b in zip(first, reference))  # Pattern.__eq__ compares the programs
    startcache.save(str(folder))
    stored = json.loads((folder / f"regex-{startcache._interpreter_tag()}.json").read_text())
    assert {(p, f) for p, f, _entry in stored["patterns"]} >= {(p, int(f)) for p, f in PATTERNS}

    _fresh_process_state()
    startcache.install(str(folder))
    assert all((p, int(f)) in startcache._patterns for p, f in PATTERNS)
    again = [re.compile(p, f) for p, f in PATTERNS]
    assert _findings(again) == expected
    assert all(a == b for a, b in zip(again, reference))


def test_a_damaged_file_is_a_miss(folder):
    path = folder / f"regex-{startcache._interpreter_tag()}.json"
    p = r"[가-힣]+(?P<x>\d{2,})"
    bad_entries = [
        [p, 0, [32, 1, {"x": 1}, [1, 2, 3, 999999]]],  # a program _sre rejects
        [p, 0, [32, 1, {"x": 1}, ["not", "ints"]]],
        [p, 0, "not a list"],
        ["x", "flags", [0, 0, {}, []]],
    ]
    for entry in bad_entries:
        path.write_text(json.dumps({"v": startcache.VERSION, "patterns": [entry]}))
        _fresh_process_state()
        startcache.install(str(folder))
        compiled = re.compile(p)
        assert compiled.fullmatch("한국123").group("x") == "123"
    for text in ("{not json", json.dumps([1, 2]), json.dumps({"v": 999, "patterns": []})):
        path.write_text(text)
        _fresh_process_state()
        startcache.install(str(folder))
        assert re.compile(p).fullmatch("한국12")


def test_shipped_data_comes_back_identical(folder):
    names = ["sections.yaml", "layouts/default.yaml"]
    names = [n for n in names if (data.data_dir() / n).is_file()]
    assert names
    data.load.cache_clear()
    reference = {n: data.load(n) for n in names}
    data.load.cache_clear()
    startcache.install(str(folder))
    assert {n: data.load(n) for n in names} == reference
    startcache.save(str(folder))
    stored = json.loads((folder / "data.json").read_text(encoding="utf-8"))
    assert set(stored["files"]) >= set(names)
    startcache.uninstall()
    data.load.cache_clear()
    startcache.install(str(folder))
    got = {n: data.load(n) for n in names}
    assert got == reference
    assert json.dumps(got, sort_keys=False) == json.dumps(reference, sort_keys=False)  # order of keys too
    data.load.cache_clear()


def test_only_values_json_keeps_exactly_are_stored():
    import datetime

    assert startcache._exact_json({"a": [1, 2.5, "x", None, True, {"b": []}]})
    for value in ({1: "int key"}, {"d": datetime.date(2025, 1, 1)}, (1, 2), {"s": {1, 2}}, float("nan"), b"x"):
        assert not startcache._exact_json(value)


def _run(cwd, *args):
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "CI")}
    env["NO_COLOR"] = "1"
    code = "import sys; sys.argv = ['digestlint', *sys.argv[1:]]\nfrom digestlint.entry import main\nmain()"
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, env=env, timeout=120)
    return proc.stdout, proc.returncode


@pytest.mark.slow
def test_an_edited_post_reports_the_same_with_the_start_cache(tmp_path):
    posts = tmp_path / "_posts"
    posts.mkdir()
    for src in sorted(GOOD.glob("*.md")):
        (posts / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    for p in [*posts.iterdir(), posts, tmp_path]:
        os.utime(p, (OLD, OLD))
    post = posts / sorted(p.name for p in posts.iterdir())[-1]
    rel = "_posts/" + post.name
    original = post.read_text(encoding="utf-8")
    reports = []
    for i, extra in enumerate(["", "\n정보 부족.\n", "\nmodel 模型 title:  \"x\n", ""]):
        post.write_text(original + extra, encoding="utf-8")
        os.utime(post, (OLD + i, OLD + i))
        expected = _run(tmp_path, "--no-cache", "--format", "json", rel)
        got = _run(tmp_path, "--format", "json", rel)
        assert got == expected
        reports.append(got)
    env_dirs = list((tmp_path / ".digestlint_cache" / "v1").iterdir())
    assert len(env_dirs) == 1
    names = {p.name for p in env_dirs[0].iterdir()}
    assert "data.json" in names and any(n.startswith("regex-") for n in names)
    assert reports[0] == reports[3]


@pytest.mark.slow
def test_runs_without_a_record_write_no_start_cache(tmp_path):
    posts = tmp_path / "_posts"
    posts.mkdir()
    for src in sorted(GOOD.glob("*.md"))[:3]:
        (posts / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    _run(tmp_path, "--no-cache", "_posts/" + sorted(p.name for p in posts.iterdir())[0])
    assert not (tmp_path / ".digestlint_cache").exists()
    _run(tmp_path, "_posts")  # a folder: never recorded
    _run(tmp_path, "_posts")
    for env_dir in (tmp_path / ".digestlint_cache" / "v1").iterdir():
        assert not any(n == "data.json" or n.startswith("regex-") for n in os.listdir(env_dir))

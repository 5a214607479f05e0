"""The content-hash cache: hits, misses, invalidation, corrupt files, corpus rules on warm runs."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import GOOD, ROOT, run_cli

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402  (benchmarks/generate.py: deterministic realistic posts)

from digestlint import cache as cache_mod  # noqa: E402
from digestlint import config as cfg  # noqa: E402
from digestlint import engine, parallel  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("blog")
    generate.generate(12, base, seed=3)
    return base


@pytest.fixture
def blog(corpus, tmp_path, monkeypatch) -> Path:
    shutil.copytree(corpus / "_posts", tmp_path / "_posts")
    for post in (tmp_path / "_posts").glob("*.md"):  # a finding in every post, to see where it came from
        with post.open("a", encoding="utf-8") as fh:
            fh.write("\n# 98. [A stub](https://arxiv.org/abs/2510.0)\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


#: findings made at the end of every run, never stored with a file's result
UNCACHED_RULES = ("DL306", "DL006")
MARK = "(from the cache) "


def mark_cache(blog: Path) -> None:
    """Prefix the message of every finding stored in the cache with :data:`MARK`: a later run
    that reports a marked finding took the file's result from the cache, an unmarked one linted
    the file again (behaviour seen from outside: no call to an internal is counted)."""
    for shard in (blog / ".digestlint_cache").glob("v1/*/results-*.json"):
        data = json.loads(shard.read_text(encoding="utf-8"))
        for entry in data["entries"].values():
            for row in entry["r"]["f"]:  # [line, column, end line, end column, rule, name, severity, message, ...]
                assert row[4].startswith("DL") and isinstance(row[7], str)
                if not row[7].startswith(MARK):
                    row[7] = MARK + row[7]
        shard.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def origins(findings) -> tuple[set[str], set[str]]:
    """``(paths read from the cache, paths linted)`` of a run's findings (after :func:`mark_cache`)."""
    cached, linted = set(), set()
    for f, _extra in findings:
        if f["rule"] not in UNCACHED_RULES:
            (cached if f["message"].startswith(MARK) else linted).add(f["path"])
    return cached, linted


def unmarked(findings):
    return [({**f, "message": f["message"].removeprefix(MARK)}, extra) for f, extra in findings]


#: a quick selection for the tests about cache mechanics (the language rules are the slow ones)
QUICK = cfg.Overrides(select=("DL1", "DL2", "DL3", "DL501"))


def _run(paths=("_posts",), config=None, overrides=QUICK, **kw):
    resolver = cfg.ConfigResolver(config, False)
    kw.setdefault("jobs", 1)
    result = engine.run(list(paths), resolver, overrides, **kw)
    return [(f.to_json(), f.extra) for f in result.findings], result.errors


def _posts(blog: Path) -> list[Path]:
    return sorted((blog / "_posts").glob("*.md"))


def test_warm_run_lints_nothing_and_gives_identical_findings(blog):
    cold, errors = _run(overrides=cfg.Overrides())
    assert not errors
    assert origins(cold)[1] == {f"_posts/{p.name}" for p in _posts(blog)}  # every post has findings
    assert (blog / ".digestlint_cache" / "v1").is_dir()
    mark_cache(blog)
    warm, _ = _run(overrides=cfg.Overrides())
    assert origins(warm) == (origins(cold)[1], set())  # every result from the cache
    assert unmarked(warm) == cold
    assert any(f["rule"] == "DL306" for f, _ in cold), "the corpus should have a republished paper"
    nocache, _ = _run(overrides=cfg.Overrides(), cache=False)
    assert nocache == cold


def test_changed_file_is_the_only_miss(blog):
    cold, _ = _run()
    mark_cache(blog)
    target = _posts(blog)[4]
    target.write_text(target.read_text(encoding="utf-8") + "\n정보 부족.\n", encoding="utf-8")
    after, _ = _run()
    name = f"_posts/{target.name}"
    assert origins(after) == (origins(cold)[1] - {name}, {name})
    fresh, _ = _run(cache=False)
    assert unmarked(after) == fresh


def test_configuration_change_invalidates(blog):
    cold, _ = _run()
    every = origins(cold)[1]
    mark_cache(blog)
    (blog / ".digestlint.toml").write_text('[rules.section-length]\n', encoding="utf-8")
    same, _ = _run()
    assert origins(same) == (every, set())  # an empty table changes nothing
    (blog / ".digestlint.toml").write_text('ignore = ["DL209"]\n', encoding="utf-8")
    findings, _ = _run()
    assert origins(findings) == (set(), every)
    assert not any(f["rule"] == "DL209" for f, _ in findings)
    mark_cache(blog)
    (blog / ".digestlint.toml").write_text('ignore = ["DL209"]\n[severity]\nDL501 = "info"\n', encoding="utf-8")
    again, _ = _run()
    assert origins(again)[0] == set()


@pytest.mark.parametrize("what", ["version", "data", "code"])
def test_tool_version_data_and_code_changes_invalidate(blog, monkeypatch, what):
    cold, _ = _run()
    every = origins(cold)[1]
    mark_cache(blog)
    if what == "version":
        monkeypatch.setattr(cache_mod, "__version__", "99.0.0")
    elif what == "data":
        from digestlint import data

        monkeypatch.setattr(data, "data_fingerprint", lambda: "changed-data")
    else:
        monkeypatch.setattr(cache_mod, "code_fingerprint", lambda: "changed-code")
    cache_mod.environment_key.cache_clear()
    try:
        changed, _ = _run()
        assert origins(changed) == (set(), every)  # a fresh environment: every post linted
        mark_cache(blog)
        again, _ = _run()
        assert origins(again) == (every, set())
    finally:
        monkeypatch.undo()
        cache_mod.environment_key.cache_clear()


def test_shipped_data_fingerprint_covers_every_data_file():
    from digestlint import data

    names = {p.name for p in data.data_dir().iterdir() if p.is_file()}
    assert {"sections.yaml", "links.yaml"} <= names
    assert len(data.data_fingerprint()) == 16


def test_rule_pack_change_invalidates(blog, monkeypatch):
    pack = blog / "extra.yaml"
    pack.write_text("# no phrases yet\n", encoding="utf-8")
    a = cache_mod.packs_fingerprint((str(pack),))
    pack.write_text("# other content\n", encoding="utf-8")
    cache_mod.packs_fingerprint.cache_clear()
    b = cache_mod.packs_fingerprint((str(pack),))
    assert a != b
    assert cache_mod.packs_fingerprint(()) == ""

    # through a run: the same settings, a different pack content -> a different key
    from digestlint.config import FileSettings

    s = FileSettings(rules=("DL501",), severities={}, options={}, language="ko", max_file_size=10,
                     config_source=None, config_root=str(blog), rule_packs=(str(pack),))
    store = cache_mod.Cache(blog / ".digestlint_cache")
    k1 = store.key(s, "p.md", "d")
    pack.write_text("# third content\n", encoding="utf-8")
    cache_mod.packs_fingerprint.cache_clear()
    store2 = cache_mod.Cache(blog / ".digestlint_cache")
    assert store2.key(s, "p.md", "d") != k1


def test_key_depends_on_path_settings_and_content(tmp_path):
    from digestlint.config import FileSettings

    s1 = FileSettings(rules=("DL501",), severities={}, options={}, language="ko", max_file_size=10,
                      config_source=None, config_root=str(tmp_path))
    s2 = FileSettings(rules=("DL502",), severities={}, options={}, language="ko", max_file_size=10,
                      config_source=None, config_root=str(tmp_path))
    store = cache_mod.Cache(tmp_path / "c")
    keys = {store.key(s1, "a.md", "x"), store.key(s1, "b.md", "x"), store.key(s1, "a.md", "y"), store.key(s2, "a.md", "x")}
    assert len(keys) == 4


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong-shape", "wrong-entries", "empty"])
def test_corrupt_cache_files_are_ignored(blog, damage):
    cold, _ = _run()
    shards = sorted((blog / ".digestlint_cache").rglob("*.json"))
    assert shards
    for shard in shards:
        raw = shard.read_bytes()
        if damage == "garbage":
            shard.write_bytes(b"\x00\xff not json")
        elif damage == "truncated":
            shard.write_bytes(raw[: len(raw) // 2])
        elif damage == "wrong-shape":
            shard.write_text("[1, 2, 3]")
        elif damage == "empty":
            shard.write_bytes(b"")
        else:  # right envelope, entries of the wrong shape
            data = json.loads(raw)
            data["entries"] = {k: {"t": v.get("t"), "r": {"f": [["x"]], "c": [], "s": 5}, "s": "?", "v": None}
                               for k, v in data["entries"].items()}
            shard.write_text(json.dumps(data))
    again, errors = _run()
    assert not errors
    assert again == cold  # nothing of the damaged files was used
    mark_cache(blog)
    usable, _ = _run()  # and the cache is usable again
    assert origins(usable) == (origins(cold)[1], set())


def test_concurrent_writers_merge_and_writes_are_atomic(tmp_path):
    from digestlint.engine import FileResult
    from digestlint.model import Finding

    root = tmp_path / "c"
    a, b = cache_mod.Cache(root), cache_mod.Cache(root)
    fa = FileResult("a.md", None, [Finding("a.md", 1, 1, 1, 2, "DL501", "placeholder-text", "error", "m")])
    fb = FileResult("b.md", None, [], corpus={"DL306": {"date": None, "papers": []}})
    # the same shard for both keys: a's write must survive b's
    a.put("ab" + "0" * 38, fa)
    b.put("ab" + "1" * 38, fb)
    a.save()
    b.save()
    c = cache_mod.Cache(root)
    got_a = c.get("ab" + "0" * 38, "a.md", None)
    got_b = c.get("ab" + "1" * 38, "b.md", None)
    assert got_a is not None and got_a.findings == fa.findings
    assert got_b is not None and got_b.corpus == fb.corpus
    leftovers = [p.name for p in root.rglob("*.tmp")]
    assert leftovers == []
    assert (root / ".gitignore").read_text().strip().endswith("*")


def test_unwritable_cache_folder_is_not_an_error(blog):
    target = blog / "not-a-folder"
    target.write_text("a file where the cache folder should be")
    cold, errors = _run(cache_dir=str(target))
    assert not errors and cold


def test_stale_environments_are_pruned(tmp_path, monkeypatch):
    root = tmp_path / "c"
    for i in range(6):
        d = root / "v1" / f"old{i}"
        d.mkdir(parents=True)
        (d / "results-00.json").write_text("{}")
        os.utime(d, (1000 + i, 1000 + i))
    from digestlint.engine import FileResult

    store = cache_mod.Cache(root)
    store.put("00" + "0" * 38, FileResult("a.md", None))
    store.save()
    left = sorted(p.name for p in (root / "v1").iterdir())
    assert store.env in left
    assert len(left) == cache_mod.KEEP_ENVIRONMENTS
    assert "old5" in left and "old0" not in left


def test_corpus_rule_summaries_round_trip_like_the_cache():
    from digestlint.engine import FileResult

    r = FileResult("a.md", None, corpus={"DL306": {"papers": [("2510.00001", 3, 4)]}})
    assert parallel.normalise(r)
    assert r.corpus == {"DL306": {"papers": [["2510.00001", 3, 4]]}}
    bad = FileResult("b.md", None, corpus={"X": {1, 2}})
    assert not parallel.normalise(bad)


def _first_id(text: str) -> str:
    import re

    return re.search(r"^# 1\. \[.*?\]\(https://arxiv\.org/abs/([0-9.]+)\)", text, re.M).group(1)


def test_one_file_run_takes_the_blog_index_from_the_cache(blog):
    # an index entry is only trusted for a file older than a couple of seconds (racy mtimes)
    for p in _posts(blog):
        os.utime(p, (1_700_000_000, 1_700_000_000))
    later, other = _posts(blog)[-1], _posts(blog)[0]
    one = [f"_posts/{later.name}"]
    first, _ = _run(one)
    assert not [f for f, _ in first if f["rule"] == "DL306"]
    # another post now has the linted post's first paper, with its size, mtime and inode kept:
    # the stored index is trusted, so the post is not read again
    text = other.read_text(encoding="utf-8")
    old_id, new_id = _first_id(text), _first_id(later.read_text(encoding="utf-8"))
    assert len(old_id) == len(new_id) and old_id != new_id
    with other.open("r+", encoding="utf-8") as fh:
        fh.write(text.replace(old_id, new_id))
    os.utime(other, (1_700_000_000, 1_700_000_000))
    second, _ = _run(one)
    assert second == first
    assert _run(one, cache=False)[0] != first  # (a run without the stored index reads it)
    # its mtime changed: it is read again, and the repeated paper found
    os.utime(other, (1_700_000_100, 1_700_000_100))
    third, _ = _run(one)
    found = [f for f, _ in third if f["rule"] == "DL306"]
    assert len(found) == 1 and new_id in found[0]["message"] and other.name in found[0]["message"], found
    assert third == _run(one, cache=False)[0]


def test_dl306_warm_and_cold_runs_agree(blog):
    # the linted posts' index comes from the bytes linted on a cold run, from the stored table
    # on a warm one, and from the files without a cache: the same findings every way
    cold, _ = _run()
    warm, _ = _run()
    nocache, _ = _run(cache=False)
    dl306 = [f for f, _ in cold if f["rule"] == "DL306"]
    assert dl306
    assert [f for f, _ in warm if f["rule"] == "DL306"] == dl306 == [f for f, _ in nocache if f["rule"] == "DL306"]
    one = [f"_posts/{_posts(blog)[-1].name}"]
    assert [f for f, _ in _run(one)[0] if f["rule"] == "DL306"] == [f for f, _ in _run(one, cache=False)[0]
                                                                     if f["rule"] == "DL306"]


def test_republished_paper_seen_on_a_warm_run_after_an_edit(blog):
    posts = _posts(blog)
    cold, _ = _run()
    mark_cache(blog)
    # publish the first post's first paper again in the last post: the warm run lints only the
    # last post but must compare it with every other (cached) post
    first_text = posts[0].read_text(encoding="utf-8")
    heading = next(line for line in first_text.splitlines() if line.startswith("# 1. "))
    text = posts[-1].read_text(encoding="utf-8").replace("\r\n", "\n")
    posts[-1].write_text(text.rstrip("\n") + "\n\n" + heading.replace("# 1. ", "# 99. ") + "\n", encoding="utf-8")
    warm, _ = _run()
    last = f"_posts/{posts[-1].name}"
    assert origins(warm) == (origins(cold)[1] - {last}, {last})
    warm = unmarked(warm)
    cold, _ = _run(cache=False)
    assert warm == cold
    assert any(f["rule"] == "DL306" and f["path"].endswith(posts[-1].name) and posts[0].name in f["message"]
               for f, _ in warm)


@pytest.mark.slow
def test_cli_cache_on_by_default_and_no_cache(tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    for f in GOOD.glob("*.md"):
        shutil.copyfile(f, posts / f.name)
    res = run_cli("--no-cache", "posts", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert not (tmp_path / ".digestlint_cache").exists()
    res = run_cli("posts", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / ".digestlint_cache" / ".gitignore").is_file()
    res2 = run_cli("posts", cwd=tmp_path)
    assert res2.stdout == res.stdout
    res = run_cli("--cache-dir", "elsewhere", "posts", cwd=tmp_path)
    assert (tmp_path / "elsewhere" / "v1").is_dir()
    (tmp_path / ".digestlint.toml").write_text('cache = false\n', encoding="utf-8")
    shutil.rmtree(tmp_path / ".digestlint_cache")
    run_cli("posts", cwd=tmp_path)
    assert not (tmp_path / ".digestlint_cache").exists()
    (tmp_path / ".digestlint.toml").write_text('cache-dir = "build/lintcache"\n', encoding="utf-8")
    run_cli("posts", cwd=tmp_path)
    assert (tmp_path / "build" / "lintcache" / "v1").is_dir()


def _loads_jsonschema(conf: Path) -> bool:
    """Whether loading ``conf`` in a fresh process validates it (imports jsonschema): what a
    validated configuration spares every later one-file run."""
    import subprocess

    code = ("import sys; from pathlib import Path; from digestlint import config; "
            f"config.load_config_file(Path({str(conf)!r})); print('jsonschema' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=conf.parent, check=True)
    return out.stdout.strip() == "True"


def _markers(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / ".digestlint_cache").rglob("valid-config/*"))


@pytest.mark.slow  # two fresh processes
def test_a_validated_configuration_is_not_validated_again(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    conf = tmp_path / ".digestlint.toml"
    conf.write_text('ignore = ["DL209"]\n', encoding="utf-8")
    posts = tmp_path / "_posts"
    posts.mkdir()
    shutil.copyfile(sorted(GOOD.glob("*.md"))[0], posts / "2025-01-01-a.md")
    cfg.load_config_file(conf)
    assert not (tmp_path / ".digestlint_cache").exists()  # loading a configuration writes nothing
    assert _loads_jsonschema(conf)  # so nothing marks it valid
    _run(cache=False)  # a run without the cache writes nothing either
    assert not (tmp_path / ".digestlint_cache").exists()
    _run()  # a run that uses the cache records the table as valid
    assert len(_markers(tmp_path)) == 1
    assert not _loads_jsonschema(conf)  # the next load skips jsonschema
    conf.write_text('ignore = ["DL209"]\nbogus = 1\n', encoding="utf-8")
    for _ in range(2):  # an invalid table is never marked valid
        with pytest.raises(cfg.ConfigError, match="unknown key 'bogus'"):
            cfg.load_config_file(conf)
    assert len(_markers(tmp_path)) == 1
    conf.write_text('cache = false\nignore = ["DL209"]\n', encoding="utf-8")
    _run()
    assert _loads_jsonschema(conf)  # cache = false: no marker either
    assert len(_markers(tmp_path)) == 1


def test_loading_a_configuration_from_the_language_server_writes_nothing(tmp_path):
    conf = tmp_path / ".digestlint.toml"
    conf.write_text('ignore = ["DL209"]\n', encoding="utf-8")
    (tmp_path / "_posts").mkdir()
    post = tmp_path / "_posts" / "2025-01-01-a.md"
    post.write_text(sorted(GOOD.glob("*.md"))[0].read_text(encoding="utf-8"), encoding="utf-8")
    resolver = cfg.ConfigResolver()  # as the language server and the Python API resolve
    config = resolver.for_path(post)
    assert config.source == str(conf)
    cfg.settings_for(config, cfg.Overrides(), post)
    assert sorted(tmp_path.iterdir()) == sorted([conf, tmp_path / "_posts"])  # no .digestlint_cache

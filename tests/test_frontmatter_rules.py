"""The front matter rules DL101-DL106 on the real sample posts, the good fixtures, a corpus of
posts (DL106), the CLI (--fix, configuration) and a few properties of their messages."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from conftest import GOOD, _settings, lint_text, run_cli

FM_RULES = ["DL101", "DL102", "DL103", "DL104", "DL105", "DL106"]

# Every DL1xx finding the real samples give with the default configuration: the 2025-09-13 post's
# title lost its opening quote (`title: Daily Papers — 2025-09-13"`).
SAMPLE_FINDINGS = [
    ("2025-09-13-daily-papers-20250913.md", 3, 8, 3, 34, "DL102",
     "unbalanced quote: 'title' ends with a stray \" that has no matching opening quote"),
]


def _lint_corpus(files: dict[str, str], options=None, select=FM_RULES):
    """Lint several posts in one run (so DL106 sees them all); returns sorted findings."""
    from digestlint import engine

    settings = _settings(select, options)
    results = [engine.lint_bytes(text.encode("utf-8"), name, None, settings) for name, text in files.items()]
    for r in results:
        assert not r.errors, r.errors
    corpus, errors = engine.run_corpus(results, {r.path: settings for r in results})
    assert not errors, errors
    return engine.sort_findings([f for r in results for f in r.findings] + corpus)


def _read_samples(samples: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.md"))}


def _key(f):
    return (os.path.basename(f.path), f.line, f.column, f.end_line, f.end_column, f.rule, f.message)


def test_samples_give_exactly_the_known_findings(samples):
    findings = _lint_corpus(_read_samples(samples))
    assert [_key(f) for f in findings] == SAMPLE_FINDINGS


def test_samples_through_the_cli(samples):
    res = run_cli("--isolated", "--no-cache", "--format", "json", "--select", ",".join(FM_RULES), samples)
    assert res.returncode == 1, res.stderr
    out = json.loads(res.stdout)
    found = out["findings"] if isinstance(out, dict) else out
    got = [(os.path.basename(f["path"]), f["line"], f["column"], f["end_line"], f["end_column"], f["rule"], f["message"]) for f in found]
    assert got == SAMPLE_FINDINGS
    assert found[0]["severity"] == "error" and found[0]["fix"]["safe"] is True
    assert [e["text"] for e in found[0]["fix"]["edits"]] == ['"Daily Papers — 2025-09-13"']


def test_samples_with_huggingface_in_the_vocabulary(samples):
    """A blog that lists the correct spelling gets the samples' `hugginface` on every post."""
    findings = _lint_corpus(_read_samples(samples), options={"tag-typo": {"extra-vocabulary": ["huggingface"]}}, select=["DL106"])
    assert [(_key(f)[0], f.line, f.column, f.end_column, f.severity) for f in findings] == [
        (name, 5, 16, 26, "warning") for name in sorted(p.name for p in samples.glob("*.md"))
    ]
    assert all("'hugginface' looks like a misspelling of 'huggingface'" in f.message for f in findings)


@pytest.mark.parametrize("path", sorted(GOOD.glob("*.md")), ids=lambda p: p.name)
def test_good_fixtures_are_clean(path):
    text = path.read_text(encoding="utf-8")
    assert lint_text(text, select=FM_RULES, path=path.name) == []


def test_good_fixtures_together_are_clean():
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(GOOD.glob("*.md"))}
    assert _lint_corpus(files) == []


# ------------------------------------------------------------------ DL106 over a corpus
def _post(date: str, tags: str) -> str:
    return (
        f"---\nlayout: post\ntitle: \"Daily Papers — {date}\"\ndate: {date} 08:15:00\n"
        f"tags: {tags}\ncategories: []\n---\n\n# 1. [A](https://arxiv.org/abs/2510.26794)\n"
    )


def _corpus(tag_lists: list[str]) -> dict[str, str]:
    return {f"2025-10-{i + 1:02d}-daily.md": _post(f"2025-10-{i + 1:02d}", tags) for i, tags in enumerate(tag_lists)}


def test_a_rare_variant_of_a_frequent_tag_is_reported_in_its_post_only():
    files = _corpus(["[papers, diffusion]"] * 4 + ["[papers, difusion]"])
    findings = _lint_corpus(files, select=["DL106"])
    assert [(f.path, f.line, f.column, f.message) for f in findings] == [
        ("2025-10-05-daily.md", 5, 16, "tag 'difusion' looks like a misspelling of 'diffusion', which 4 of the linted posts use ('difusion': 1)")
    ]


def test_no_suggestion_when_neither_spelling_clearly_dominates():
    files = _corpus(["[papers, diffusion]"] * 2 + ["[papers, difusion]"] * 2)
    assert _lint_corpus(files, select=["DL106"]) == []


def test_frequency_thresholds_are_options():
    files = _corpus(["[papers, diffusion]"] * 2 + ["[papers, difusion]"])
    assert _lint_corpus(files, select=["DL106"]) == []  # 2 posts: not "clearly" more frequent
    opts = {"tag-typo": {"min-frequency": 2, "frequency-ratio": 2}}
    assert [f.path for f in _lint_corpus(files, options=opts, select=["DL106"])] == ["2025-10-03-daily.md"]


def test_frequent_short_and_numbered_tags_are_not_typos():
    files = _corpus(["[papers, llm, qwen3, gpt-4o]"] * 5 + ["[papers, ml, qwen2, gpt-4]"])
    assert _lint_corpus(files, select=["DL106"]) == []


@pytest.mark.slow
def test_dl106_is_fast_on_a_large_blog():
    words = [f"topic{chr(97 + i % 26)}{chr(97 + (i // 26) % 26)}" for i in range(600)]
    files = {}
    for i in range(2000):
        tags = ", ".join(["papers", words[i % 600], words[(i * 7) % 600], "hugginface" if i % 50 else "huggingface"])
        files[f"p{i:04d}.md"] = f"---\ntags: [{tags}]\n---\n"
    from digestlint import engine

    settings = _settings(["DL106"])
    results = [engine.lint_bytes(t.encode(), n, None, settings) for n, t in files.items()]
    start = time.perf_counter()
    corpus, errors = engine.run_corpus(results, {r.path: settings for r in results})
    elapsed = time.perf_counter() - start
    assert not errors
    # the frequency heuristic follows the blog's habit: the 40 posts with the other spelling are
    # the rare ones (a vocabulary entry says which spelling is right; tested below)
    assert len(corpus) == 40 and {f.line for f in corpus} == {2}
    assert all("'huggingface' looks like a misspelling of 'hugginface', which 1960" in f.message for f in corpus)
    assert elapsed < 3.0, elapsed
    vocab = _settings(["DL106"], {"tag-typo": {"extra-vocabulary": ["huggingface"]}})
    corpus, _ = engine.run_corpus(results, {r.path: vocab for r in results})
    assert len(corpus) == 1960 and all("(a vocabulary tag)" in f.message for f in corpus)


# ------------------------------------------------------------------ CLI: --fix and configuration
def test_fix_repairs_the_stray_quote_keeping_bom_and_crlf(tmp_path, samples):
    src = (samples / "2025-09-13-daily-papers-20250913.md").read_text(encoding="utf-8")
    post = tmp_path / "2025-09-13-daily-papers-20250913.md"
    post.write_bytes(b"\xef\xbb\xbf" + src.replace("\n", "\r\n").encode("utf-8"))
    res = run_cli("--isolated", "--no-cache", "--select", "DL102", "--fix", post)
    assert res.returncode == 0, (res.stdout, res.stderr)
    data = post.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf---\r\nlayout: post\r\ntitle: \"Daily Papers \xe2\x80\x94 2025-09-13\"\r\ndate:")
    expected = src.replace('title: Daily Papers — 2025-09-13"', 'title: "Daily Papers — 2025-09-13"')
    assert data.decode("utf-8")[1:].replace("\r\n", "\n") == expected


def test_quoting_policy_and_vocabulary_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        "[tool.digestlint]\nselect = ['DL102', 'DL106']\n"
        "[tool.digestlint.rules.front-matter-quoting]\nquoting = {title = 'single'}\n"
        "[tool.digestlint.rules.tag-typo]\nextra-vocabulary = ['huggingface']\n",
        encoding="utf-8",
    )
    (tmp_path / "2025-10-01-daily.md").write_text(_post("2025-10-01", "[papers, hugginface]"), encoding="utf-8")
    res = run_cli("--no-cache", "--format", "json", ".", cwd=tmp_path)
    out = json.loads(res.stdout)
    found = out["findings"] if isinstance(out, dict) else out
    assert [(f["rule"], f["line"], f["column"]) for f in found] == [("DL102", 3, 8), ("DL106", 5, 16)], res.stderr
    assert found[0]["fix"]["edits"][0]["text"] == "'Daily Papers — 2025-10-01'"


def test_bad_option_is_a_configuration_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        "[tool.digestlint.rules.front-matter-quoting]\nquoting = {title = 'fancy'}\n", encoding="utf-8"
    )
    (tmp_path / "a.md").write_text(_post("2025-10-01", "[papers]"), encoding="utf-8")
    res = run_cli("--no-cache", ".", cwd=tmp_path)
    assert res.returncode == 2
    assert b"Traceback" not in res.stderr and b"fancy" in res.stderr


# ------------------------------------------------------------------ messages and positions
def test_schema_messages_never_contain_the_value():
    huge = "x" * 20000
    text = f"---\nlayout: post\ntitle: [{huge}]\ndate: {huge}\ntags: {{a: {huge}}}\ncategories: []\n---\n"
    findings = lint_text(text, select=["DL101"])
    assert [(f.line, f.column) for f in findings] == [(3, 1), (4, 1), (5, 1)]
    assert all(len(f.message) < 200 and "xxxxx" not in f.message for f in findings)


def test_quoting_fix_escapes_and_reads_back():
    import yaml

    from digestlint.rules.dl102_front_matter_quoting import double_quoted

    for value in ['a "b" \\ c', "tab\there", "line\nbreak", "\u2028sep", "emoji 😀", "", "'", "bell\x07"]:
        assert yaml.safe_load("k: " + double_quoted(value)) == {"k": value}


@pytest.mark.parametrize("rule", FM_RULES)
def test_documentation_and_option_defaults(rule):
    import jsonschema

    from digestlint import registry

    r = registry.lookup(rule)
    doc = r.documentation()
    for heading in ("## What it does", "## Why", "## Example", "## Fix safety"):
        assert heading in doc
    assert "Bad" in doc and "Good" in doc
    schema = {"type": "object", "properties": r.options_schema, "additionalProperties": False}
    jsonschema.validate(r.defaults(), schema)
    assert set(r.defaults()) == set(r.options_schema)

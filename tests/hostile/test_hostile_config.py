"""Hostile configuration: every bad configuration is a one-line exit-2 error naming what is wrong."""

from __future__ import annotations

import pytest

from conftest import run_cli
from hostile_helpers import assert_canary_linted, assert_one_line_error, lint_cli, write_canary

BAD_CONFIGS = [
    # name, .digestlint.toml bytes, words the one-line message must contain
    ("unknown-key", b"colour = true\n", ["unknown key", "colour"]),
    ("unknown-nested-key", b"[rules.section-length]\nmax-charz = 3\n", ["max-charz"]),
    ("unknown-rule-table", b"[rules.DL999]\nx = 1\n", ["DL999"]),
    ("wrong-type-select", b'select = "DL001"\n', ["select", "array"]),
    ("wrong-type-max-size", b'max-file-size = "big"\n', ["max-file-size"]),
    ("negative-max-size", b"max-file-size = -5\n", ["max-file-size"]),
    ("bool-for-int", b"max-file-size = true\n", ["max-file-size"]),
    ("wrong-type-rules", b"rules = 5\n", ["rules"]),
    ("bad-severity", b'[severity]\nDL501 = "fatal"\n', ["DL501", "fatal"]),
    ("bad-fail-on", b'fail-on = "sometimes"\n', ["fail-on"]),
    ("bad-language", b'language = "../../etc"\n', ["language"]),
    ("unknown-selector", b'select = ["DL9"]\n', ["DL9"]),
    ("empty-selector", b'select = [""]\n', ["select"]),
    ("invalid-glob", b'exclude = ["[abc"]\n', ["exclude", "[abc"]),
    ("invalid-glob-per-file", b'[per-file-ignores]\n"x[" = ["DL501"]\n', ["per-file-ignores"]),
    ("nul-in-glob", b'exclude = ["a\\u0000b"]\n', ["exclude"]),
    ("reversed-range-glob", b'exclude = ["[z-a]"]\n', ["exclude", "[z-a]"]),
    # DL302's paths are globs too: validated up front, not an internal error per file
    ("dl302-paths-glob", b'[rules.DL302]\npaths = ["[z-a]"]\n', ["rules.DL302.paths", "[z-a]"]),
    ("dl302-paths-glob-by-name", b'[rules.missing-alphaxiv-link]\npaths = ["ok/*.md", "x["]\n',
     ["rules.missing-alphaxiv-link.paths", "x["]),
    ("invalid-toml", b"select = [\n", ["invalid TOML"]),
    ("invalid-toml-duplicate", b"fail-on = 'error'\nfail-on = 'info'\n", ["invalid TOML"]),
    ("not-utf8", b"\xff\xfeselect = []\n", ["invalid TOML"]),
    ("binary", b"\x00\x01\x02\x03", ["invalid TOML"]),
    ("empty-selection", b'ignore = ["ALL"]\n', ["selection is empty"]),
    ("empty-selection-2", b"select = []\n", ["selection is empty"]),
    ("deep-toml", b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n", []),
]


@pytest.mark.slow
@pytest.mark.parametrize("name,content,needles", BAD_CONFIGS, ids=[c[0] for c in BAD_CONFIGS])
def test_bad_config_is_one_line_exit_2(tmp_path, name, content, needles):
    (tmp_path / ".digestlint.toml").write_bytes(content)
    write_canary(tmp_path)
    run = lint_cli("--config", ".digestlint.toml", ".", cwd=tmp_path, json_output=False)
    assert_one_line_error(run, *needles)

    proc = run_cli(".", cwd=tmp_path, timeout=30)
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr, proc.stderr


@pytest.mark.parametrize("name,content", [
    ("pyproject-bad-table", b'[tool.digestlint]\nselect = "x"\n'),
    ("pyproject-invalid-toml", b"[tool.digestlint\nselect = []\n"),
    ("pyproject-table-is-string", b'[tool]\ndigestlint = "yes"\n'),
])
def test_bad_pyproject(tmp_path, name, content):
    (tmp_path / "pyproject.toml").write_bytes(content)
    write_canary(tmp_path)

    proc = run_cli(".", cwd=tmp_path, timeout=30)
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert b"Traceback" not in proc.stderr
    assert len(proc.stderr.decode().strip().splitlines()) == 1, proc.stderr


@pytest.mark.parametrize("args,needle", [
    (("--config", "missing.toml"), "missing.toml"),
    (("--config", "."), "--config"),
    (("--select", "DL001", "--ignore", "DL001"), "selection is empty"),
    (("--select", "nonsense"), "nonsense"),
    (("--ignore", "DL9999"), "DL9999"),
    (("--format", "xml"), "xml"),
    (("--fail-on", "sometimes"), "sometimes"),
    (("--explain", "DL999"), "DL999"),
])
def test_bad_command_line_is_one_line_exit_2(tmp_path, args, needle):
    write_canary(tmp_path)

    proc = run_cli(*args, ".", cwd=tmp_path, timeout=30)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, (proc.returncode, err)
    assert "Traceback" not in err and needle in err, err


@pytest.mark.slow
def test_config_in_unreadable_place_and_deep_tree(tmp_path):
    deep = tmp_path
    for i in range(60):
        deep = deep / f"d{i}"
    deep.mkdir(parents=True)
    write_canary(deep)
    run = lint_cli(".", cwd=tmp_path)
    assert_canary_linted(run)


@pytest.mark.slow
def test_config_selecting_no_rule_for_some_files_is_fine(tmp_path):
    """per-file-ignores may switch every rule off for some files on purpose: not an error."""
    (tmp_path / ".digestlint.toml").write_text('include = ["*.md"]\n[per-file-ignores]\n"old-*" = ["ALL"]\n', encoding="utf-8")
    write_canary(tmp_path)
    (tmp_path / "old-post.md").write_bytes(b"")

    proc = run_cli("--format", "json", ".", cwd=tmp_path, timeout=30)
    assert proc.returncode == 1, proc.stderr
    import json

    findings = json.loads(proc.stdout)
    assert not [f for f in findings if f["path"].endswith("old-post.md")]
    assert [f for f in findings if f["path"].endswith("canary.md")]


@pytest.mark.slow
def test_exclude_globs_run_in_linear_time():
    # '**/' eight times: a backtracking regex over a deep path took 52 s (with the regex engine
    # this never finishes: it is polynomial of degree 8 in the depth)
    from digestlint.config import glob_to_regex
    from test_hostile_linear import assert_linear

    rx = glob_to_regex("**/" * 8 + "z.md")

    def match(n: int) -> None:
        path = "/".join(["d"] * n) + "/y.md"
        for _ in range(40):
            assert rx.search(path) is None
    assert_linear(match, 1000)


@pytest.mark.slow
def test_exclude_with_many_double_stars_on_a_deep_tree_via_the_cli(tmp_path):
    deep = tmp_path
    for _ in range(40):
        deep = deep / "d"
    deep.mkdir(parents=True)
    write_canary(deep)
    (tmp_path / ".digestlint.toml").write_text('exclude = ["' + "**/" * 8 + 'nothing.md"]\n', encoding="utf-8")
    run = lint_cli(".", cwd=tmp_path)
    assert_canary_linted(run)
    assert run.seconds < 20, run.seconds


def test_globs_and_layout_regexes_match_file_names_that_are_not_utf8():
    # file names that are not UTF-8 arrive with lone surrogates; RE2 matches UTF-8
    from digestlint import layout
    from digestlint.config import glob_to_regex

    assert glob_to_regex("caf*.md").search("posts/caf\udce9.md")
    assert not glob_to_regex("x*.md").search("caf\udce9.md")
    lay = layout.resolve("one-paper-per-file", "test")
    rx = lay.date_file_name or layout.default_layout().date_file_name
    if rx is not None:
        rx.search("2025-10-31-caf\udce9.md")
    from digestlint.userregex import compile_regex

    m = compile_regex(r"caf(?P<x>.)\.md").fullmatch("caf\udce9.md")
    assert m is not None and m.group("x") == "\udce9" and m.span("x") == (3, 4)

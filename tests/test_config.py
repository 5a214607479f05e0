"""Configuration discovery (nearest file wins), --config/--isolated, and validation errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli

BROKEN = "---\ntitle: [x\n---\n"
NO_FM = "# 1. [Paper](https://arxiv.org/abs/2510.26794)\n"


def rules_of(res):
    return sorted((f["path"], f["rule"]) for f in json.loads(res.stdout))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b").mkdir()
    (tmp_path / "c").mkdir()
    for d in ("a", "a/b", "c"):
        (tmp_path / d / "2025-01-01-broken.md").write_text(BROKEN)
        (tmp_path / d / "2025-01-01-nofm.md").write_text(NO_FM)
    return tmp_path


def test_nearest_config_wins(tree):
    (tree / "pyproject.toml").write_text('[tool.digestlint]\nselect = ["DL003", "DL004"]\nignore = ["DL003"]\n')
    (tree / "a" / ".digestlint.toml").write_text('select = ["DL003", "DL004"]\nignore = ["DL004"]\n')
    # a pyproject.toml without a [tool.digestlint] table is not a configuration
    (tree / "a" / "b" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    res = run_cli(".", "--format", "json", cwd=tree)
    assert rules_of(res) == [
        ("a/2025-01-01-nofm.md", "DL003"),
        ("a/b/2025-01-01-nofm.md", "DL003"),
        ("c/2025-01-01-broken.md", "DL004"),
    ]


@pytest.mark.slow
def test_config_flag_and_isolated(tree):
    (tree / "a" / ".digestlint.toml").write_text('ignore = ["DL003", "DL004"]\n')
    (tree / "only4.toml").write_text('select = ["DL004"]\n')
    res = run_cli("a", "--config", "only4.toml", "--format", "json", cwd=tree)
    assert rules_of(res) == [("a/2025-01-01-broken.md", "DL004"), ("a/b/2025-01-01-broken.md", "DL004")]
    res = run_cli("a", "--isolated", "--select", "DL003,DL004", "--format", "json", cwd=tree)
    assert len(rules_of(res)) == 4


@pytest.mark.slow
def test_exclude_and_per_file_ignores(tree):
    (tree / ".digestlint.toml").write_text(
        'select = ["DL003", "DL004"]\nexclude = ["c"]\n[per-file-ignores]\n"a/b/*.md" = ["missing-front-matter"]\n'
    )
    res = run_cli(".", "--format", "json", cwd=tree)
    assert rules_of(res) == [
        ("a/2025-01-01-broken.md", "DL004"),
        ("a/2025-01-01-nofm.md", "DL003"),
        ("a/b/2025-01-01-broken.md", "DL004"),
    ]
    # an excluded file named explicitly is still excluded (pre-commit passes file names)
    res = run_cli("c/2025-01-01-broken.md", "--format", "json", cwd=tree)
    assert rules_of(res) == []


def test_severity_override_and_fail_on_from_config(tree):
    (tree / ".digestlint.toml").write_text('select = ["DL004"]\nfail-on = "error"\n[severity]\nDL004 = "warning"\n')
    res = run_cli("c", "--format", "json", cwd=tree)
    data = json.loads(res.stdout)
    assert data[0]["severity"] == "warning"
    assert res.returncode == 0  # warning does not reach fail-on = error


def test_rule_options_validated(tree):
    (tree / ".digestlint.toml").write_text('[rules.invalid-front-matter]\nfoo = 1\n')
    res = run_cli("c", cwd=tree)
    assert res.returncode == 2
    err = res.stderr.decode()
    assert ".digestlint.toml" in err and "foo" in err


@pytest.mark.slow
@pytest.mark.parametrize(
    "content,needle",
    [
        ('selekt = ["DL004"]\n', "unknown key 'selekt'"),
        ('select = "DL004"\n', "key 'select': expected array"),
        ('fail-on = "sometimes"\n', "key 'fail-on'"),
        ('max-file-size = -1\n', "key 'max-file-size'"),
        ('select = ["DL999"]\n', "unknown rule selector 'DL999'"),
        ('exclude = ["[abc"]\n', "invalid glob"),
        ('[severity]\nDL004 = "fatal"\n', "key 'severity.DL004'"),
        ('[rules.no-such-rule]\nx = 1\n', "unknown rule 'no-such-rule'"),
        ('select = [\n', "invalid TOML"),
    ],
)
def test_validation_errors_are_one_line_exit_2(tree, content, needle):
    (tree / ".digestlint.toml").write_text(content)
    res = run_cli("c", cwd=tree)
    err = res.stderr.decode()
    assert res.returncode == 2, err
    assert needle in err, err
    assert ".digestlint.toml" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_pyproject_errors_name_the_table(tree):
    (tree / "pyproject.toml").write_text('[tool.digestlint]\nbogus = true\n')
    res = run_cli("c", cwd=tree)
    assert res.returncode == 2
    assert "pyproject.toml [tool.digestlint]: unknown key 'bogus'" in res.stderr.decode()


def test_missing_config_file(tree):
    res = run_cli("c", "--config", "nope.toml", cwd=tree)
    assert res.returncode == 2 and "nope.toml" in res.stderr.decode()


def test_glob_translation():
    from digestlint.config import glob_to_regex

    assert glob_to_regex("drafts/**").search("drafts/a/b.md")
    assert not glob_to_regex("drafts/**").search("x/drafts2/b.md")
    assert glob_to_regex("*.md").search("a/b/c.md")
    assert glob_to_regex("_posts/2023-*").search("_posts/2023-01-01-x.md")
    assert not glob_to_regex("_posts/2023-*").search("_posts/2024-01-01-x.md")
    assert glob_to_regex("**/old/*.md").search("x/y/old/a.md")
    assert glob_to_regex("node?").search("a/node1")

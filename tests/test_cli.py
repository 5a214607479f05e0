"""End-to-end runs of the installed ``digestlint`` command (real subprocesses)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import GOOD, ROOT, run_cli

BROKEN_FM = "---\nlayout: post\ntitle: [x\n---\n\n# 1. [Paper](https://arxiv.org/abs/2510.26794)\n"


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    posts = tmp_path / "posts"
    posts.mkdir()
    for f in GOOD.glob("*.md"):
        shutil.copyfile(f, posts / f.name)
    (posts / "2025-11-01-broken.md").write_text(BROKEN_FM, encoding="utf-8")
    (posts / "notes.txt").write_text("not markdown", encoding="utf-8")
    hidden = posts / ".drafts"
    hidden.mkdir()
    (hidden / "x.md").write_text("no front matter", encoding="utf-8")
    site = tmp_path / "posts" / "_site"
    site.mkdir()
    (site / "y.md").write_text("no front matter", encoding="utf-8")
    return tmp_path


def test_text_output_and_exit_status(blog):
    res = run_cli("posts", "--select", "DL001,DL002,DL003,DL004", cwd=blog)
    out = res.stdout.decode()
    assert res.returncode == 1, res.stderr
    assert "posts/2025-11-01-broken.md:3:1: DL004 [error]" in out
    assert "(invalid-front-matter)" in out
    assert ".drafts" not in out and "_site" not in out and "notes.txt" not in out
    assert out.strip().splitlines()[-1].startswith("Found 1 problem (1 error) in 1 file; 3 files checked.")
    assert "\x1b[" not in out  # no colour in a pipe


def test_exit_zero_when_clean(blog):
    res = run_cli("posts", "--select", "DL003", cwd=blog)
    assert res.returncode == 0
    assert "All good: 3 files checked" in res.stdout.decode()


@pytest.mark.slow
def test_fail_on(blog):
    assert run_cli("posts", "--select", "DL004", "--fail-on", "never", cwd=blog).returncode == 0
    assert run_cli("posts", "--select", "DL004", "--fail-on", "error", cwd=blog).returncode == 1


def test_json_output_matches_schema(blog):
    import jsonschema

    schema = json.loads((ROOT / "rules" / "findings.schema.json").read_text())
    res = run_cli("posts", "--format", "json", cwd=blog)
    data = json.loads(res.stdout)
    jsonschema.validate(data, schema)
    assert any(f["rule"] == "DL004" and f["path"] == "posts/2025-11-01-broken.md" for f in data)
    keys = [(f["path"], f["line"], f["column"], f["rule"]) for f in data]
    assert keys == sorted(keys)


@pytest.mark.slow
def test_deterministic_output(blog):
    a = run_cli("posts", "--format", "json", "--no-cache", cwd=blog) if False else run_cli("posts", "--format", "json", cwd=blog)
    b = run_cli("posts", "--format", "json", cwd=blog)
    assert a.stdout == b.stdout


@pytest.mark.slow
def test_stdin_mode_uses_filename_for_positions_and_config(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".digestlint.toml").write_text('ignore = ["DL004"]\n')
    res = run_cli("-", "--stdin-filename", "sub/post.md", "--select", "DL003,DL004", "--format", "json", cwd=tmp_path, input=BROKEN_FM.encode())
    assert res.returncode == 0, res.stdout  # DL004 ignored by the config found from the stdin name
    res = run_cli("-", "--stdin-filename", "other.md", "--select", "DL004", "--format", "json", cwd=tmp_path, input=BROKEN_FM.encode())
    data = json.loads(res.stdout)
    assert [(f["path"], f["line"], f["rule"]) for f in data] == [("other.md", 3, "DL004")]


@pytest.mark.slow
def test_select_by_prefix_and_name(blog):
    res = run_cli("posts", "--select", "DL00", "--format", "json", cwd=blog)
    assert {f["rule"] for f in json.loads(res.stdout)} <= {"DL001", "DL002", "DL003", "DL004"}
    res = run_cli("posts", "--select", "invalid-front-matter", "--format", "json", cwd=blog)
    assert {f["rule"] for f in json.loads(res.stdout)} == {"DL004"}
    res = run_cli("posts", "--ignore", "DL004", "--select", "DL0", "--format", "json", cwd=blog)
    assert "DL004" not in {f["rule"] for f in json.loads(res.stdout)}


def test_unknown_selector_is_usage_error(blog):
    res = run_cli("posts", "--select", "DL999", cwd=blog)
    assert res.returncode == 2
    err = res.stderr.decode()
    assert "DL999" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_unknown_format_is_usage_error(blog):
    res = run_cli("posts", "--format", "yaml", cwd=blog)
    assert res.returncode == 2 and "yaml" in res.stderr.decode()


@pytest.mark.slow
def test_list_rules_and_explain():
    res = run_cli("--list-rules")
    out = res.stdout.decode()
    assert res.returncode == 0
    assert "DL001" in out and "unreadable-file" in out and "SEVERITY" in out
    res = run_cli("--explain", "DL004")
    out = res.stdout.decode()
    assert res.returncode == 0 and "## Example" in out and "Bad" in out and "Good" in out
    res = run_cli("--explain", "invalid-front-matter")
    assert res.returncode == 0
    res = run_cli("--explain", "DL999")
    assert res.returncode == 2


def test_every_registered_rule_is_documented():
    from digestlint import registry

    for rule in registry.all_rules():
        doc = rule.documentation()
        for heading in ("## What it does", "## Why", "## Example", "## Fix safety"):
            assert heading in doc, f"{rule.id} lacks {heading}"


def test_statistics_and_quiet(blog):
    res = run_cli("posts", "--select", "DL004", "--statistics", "--quiet", cwd=blog)
    assert res.returncode == 1
    assert res.stdout.decode() == "1  DL004       invalid-front-matter\n"


def _spaced_titles(blog):
    """Two posts with a wide gap in their first title (DL209, safely fixable)."""
    for post in sorted((blog / "posts").glob("2025-10-*.md")):
        post.write_text(post.read_text(encoding="utf-8").replace("# 1. [", "# 1. [The   ", 1), encoding="utf-8")


def test_statistics_prints_only_the_table(blog):
    _spaced_titles(blog)
    res = run_cli("posts", "--select", "DL004,DL209", "--statistics", cwd=blog)
    assert res.returncode == 1
    assert res.stdout.decode().splitlines() == [
        "2  DL209  [*]  title-whitespace",
        "1  DL004       invalid-front-matter",
        "",
        "Found 3 problems (1 error, 2 warnings) in 3 files; 3 files checked. 2 fixable with --fix.",
    ]
    res = run_cli("posts", "--select", "DL004,DL209", "--statistics", "--format", "json", cwd=blog)
    assert res.returncode == 1
    assert json.loads(res.stdout) == [
        {"code": "DL209", "name": "title-whitespace", "count": 2, "fixable": True},
        {"code": "DL004", "name": "invalid-front-matter", "count": 1, "fixable": False},
    ]
    res = run_cli("posts", "--statistics", "--format", "sarif", cwd=blog)
    assert res.returncode == 2 and b"--statistics" in res.stderr


def test_unsafe_fixes_without_fix_warns_and_changes_nothing(blog):
    plain = run_cli("posts", "--select", "DL004", cwd=blog)
    res = run_cli("posts", "--select", "DL004", "--unsafe-fixes", cwd=blog)
    assert res.returncode == plain.returncode == 1 and res.stdout == plain.stdout
    assert "digestlint: warning: --unsafe-fixes does nothing without --fix or --diff" in res.stderr.decode()
    assert b"--unsafe-fixes" not in run_cli("posts", "--select", "DL004", "--diff", "--unsafe-fixes", cwd=blog).stderr


def test_version():
    from digestlint import __version__

    res = run_cli("--version")
    assert res.returncode == 0 and __version__ in res.stdout.decode()


def test_python_dash_m(blog):
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "digestlint", "posts", "--select", "DL004"], cwd=blog, capture_output=True)
    assert res.returncode == 1 and b"DL004" in res.stdout


def test_missing_path_is_a_finding_not_a_crash(blog):
    res = run_cli("posts", "nope.md", "--select", "DL001,DL004", "--format", "json", cwd=blog)
    data = json.loads(res.stdout)
    assert ("nope.md", "DL001") in {(f["path"], f["rule"]) for f in data}
    assert ("posts/2025-11-01-broken.md", "DL004") in {(f["path"], f["rule"]) for f in data}


def test_unreadable_bytes_are_findings(blog):
    posts = blog / "posts"
    (posts / "2025-11-02-latin1.md").write_bytes("---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    (posts / "2025-11-03-binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    res = run_cli("posts", "--select", "DL001", "--format", "json", cwd=blog)
    found = {(f["path"], f["line"], f["column"]) for f in json.loads(res.stdout)}
    assert ("posts/2025-11-02-latin1.md", 2, 11) in found
    assert any(p == "posts/2025-11-03-binary.md" for p, _, _ in found)


def test_output_file(blog):
    res = run_cli("posts", "--select", "DL004", "--format", "json", "--output-file", "out.json", cwd=blog)
    assert res.returncode == 1 and res.stdout == b""
    assert json.loads((blog / "out.json").read_text())[0]["rule"] == "DL004"


def test_color_only_when_forced(blog):
    res = run_cli("posts", "--select", "DL004", "--color", cwd=blog, env={"NO_COLOR": ""})
    assert "\x1b[" in res.stdout.decode()


def test_color_from_the_environment(blog):
    """NO_COLOR (non-empty) disables colour, FORCE_COLOR (non-empty) forces it in a pipe (NO_COLOR
    wins when both are set); --color/--no-color win over both."""
    def colored(*flags, **env):
        res = run_cli("posts", "--select", "DL004", *flags, cwd=blog, env={"NO_COLOR": "", "FORCE_COLOR": "", **env})
        assert res.returncode == 1
        return "\x1b[" in res.stdout.decode()

    assert not colored()
    assert colored(FORCE_COLOR="1")
    assert not colored(FORCE_COLOR="1", NO_COLOR="1")
    assert not colored("--no-color", FORCE_COLOR="1")
    assert colored("--color", NO_COLOR="1")
    run_cli("posts", "--select", "DL004", "-o", "out.txt", cwd=blog, env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "\x1b[" not in (blog / "out.txt").read_text(encoding="utf-8")  # never in a file


def test_progress_bar_never_in_pipes(blog):
    res = run_cli("posts", "--select", "DL004", cwd=blog)
    assert b"files\r" not in res.stderr and b"[#" not in res.stderr


@pytest.mark.slow
def test_progress_bar_on_a_terminal(tmp_path):
    import pty
    import subprocess

    from conftest import digestlint_exe

    for i in range(25):
        (tmp_path / f"2025-10-{i + 1:02d}-p.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    env["TERM"] = "xterm"
    proc = subprocess.run([*digestlint_exe(), ".", "--select", "DL003"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=slave, env=env, timeout=60)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    err = b"".join(chunks)
    assert b"25/25" in err
    assert proc.returncode == 0
    # CI logs never get one, even on a terminal
    master, slave = pty.openpty()
    env["CI"] = "true"
    subprocess.run([*digestlint_exe(), ".", "--select", "DL003"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=slave, env=env, timeout=60)
    os.close(slave)
    try:
        err = os.read(master, 4096)
    except OSError:
        err = b""
    os.close(master)
    assert b"files" not in err


def test_summary_counts_safe_and_unsafe_fixes_apart():
    from digestlint.formats import Report, render
    from digestlint.model import Finding, FindingFix

    def finding(safe):
        return Finding("a.md", 1, 1, 1, 2, "DL209", "title-whitespace", "warning", "m", FindingFix(safe, "", ()))

    out = render("text", [finding(True), finding(False), finding(False)], Report(files=1))
    assert "1 fixable with --fix. 2 more with --fix --unsafe-fixes." in out


# ------------------------------------------------------------------------------ did you mean
@pytest.mark.parametrize("toml,expected", [
    ('severty = {}\n', "unknown key 'severty' (did you mean 'severity'?)"),
    ('language = "kr"\n', "unknown language 'kr' (did you mean 'ko'?)"),
    ('language = "Korean"\n', "unknown language 'Korean' (did you mean 'ko'?)"),
    ('select = ["DL5O1"]\n', "unknown rule selector 'DL5O1' (did you mean 'DL501'?)"),
    ('[rules.placeholder-txt]\n', "unknown rule 'placeholder-txt' in 'rules' (did you mean 'placeholder-text'?)"),
    ('[tool.digestlint]\nselect = ["DL1"]\n', "in .digestlint.toml the keys go at the top level"),
])
def test_config_errors_suggest_what_was_meant(blog, toml, expected):
    (blog / ".digestlint.toml").write_text(toml, encoding="utf-8")
    res = run_cli("posts", "--no-cache", cwd=blog)
    err = res.stderr.decode()
    assert res.returncode == 2 and res.stdout == b"", err
    assert len(err.strip().splitlines()) == 1 and expected in err, err


def test_selector_flags_suggest_what_was_meant(blog):
    res = run_cli("posts", "--select", "placeholder-txt", cwd=blog)
    assert res.returncode == 2 and "(did you mean 'placeholder-text'?)" in res.stderr.decode()
    res = run_cli("--explain", "DL5O1")
    assert res.returncode == 2 and "(did you mean 'DL501'?)" in res.stderr.decode()


# ------------------------------------------------------------------------------ show settings / files
def test_show_files_lists_what_would_be_linted(blog):
    (blog / "posts" / "README.md").write_text("# about\n", encoding="utf-8")
    res = run_cli("--show-files", "posts", cwd=blog)
    assert res.returncode == 0, res.stderr
    listed = res.stdout.decode().splitlines()
    assert listed == sorted(listed) and "posts/2025-11-01-broken.md" in listed
    assert not any("README" in p or ".drafts" in p or "_site" in p for p in listed)
    (blog / ".digestlint.toml").write_text('exclude = ["posts/2025-11-*"]\n', encoding="utf-8")
    excluded = run_cli("--show-files", "posts", cwd=blog).stdout.decode().splitlines()
    assert excluded == [p for p in listed if "2025-11-" not in p]
    assert run_cli("--show-files", "--isolated", "posts", cwd=blog).stdout.decode().splitlines() == listed


def test_show_settings_prints_the_resolved_configuration(blog):
    (blog / "posts" / ".digestlint.toml").write_text('language = "ja"\nignore = ["DL4"]\n[severity]\nDL209 = "error"\n', encoding="utf-8")
    res = run_cli("--show-settings", "posts/2025-11-05-new.md", cwd=blog)
    assert res.returncode == 0, res.stderr
    out = res.stdout.decode()
    lines = out.splitlines()
    assert f"config-file: {blog / 'posts' / '.digestlint.toml'}" in lines
    assert "language: ja" in lines and "layout: default" in lines and "linted: yes" in lines
    assert any(line.split() == ["DL209", "title-whitespace", "error"] for line in lines)
    assert not any(line.strip().startswith("DL401") for line in lines)
    data = json.loads(run_cli("--show-settings", "posts/2025-11-05-new.md", "--format", "json", cwd=blog).stdout)
    assert data["language"] == "ja" and "DL401" in data["disabled"]
    assert {r["code"]: r["severity"] for r in data["rules"]}["DL209"] == "error"
    isolated = run_cli("--show-settings", "posts/x.md", "--isolated", "--select", "DL2", cwd=blog).stdout.decode()
    assert "config-file: none (the defaults)" in isolated and "language: ko" in isolated
    assert "rules: 10 enabled" in isolated
    assert run_cli("--show-settings", "posts/x.md", cwd=blog).stdout == run_cli("--show-settings", "posts/x.md", cwd=blog).stdout


def test_help_names_the_other_commands():
    out = run_cli("--help").stdout.decode()
    assert "digestlint lsp" in out and "digestlint sources fetch" in out and "--show-settings" in out


def test_one_summary_wording_across_formats(blog):
    """The text format's last line is the github format's summary (after 'digestlint: ')."""
    for select in ("DL004", "DL003"):
        text = run_cli("posts", "--select", select, cwd=blog).stdout.decode().splitlines()[-1]
        github = run_cli("posts", "--select", select, "--format", "github", cwd=blog).stdout.decode().splitlines()[-1]
        stats = run_cli("posts", "--select", select, "--statistics", cwd=blog).stdout.decode().splitlines()[-1]
        assert github == f"digestlint: {text}" and stats == text
    assert text == "All good: 3 files checked, no problems."

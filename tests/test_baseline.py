"""--write-baseline / --baseline: keys that survive regeneration of unrelated text, counts, staleness."""

from __future__ import annotations

import json

import pytest

from conftest import GOOD, run_cli
from digestlint import baseline as bl
from digestlint.model import Finding

GOOD_POST = (GOOD / "2025-10-31-daily-papers-20251031.md").read_text(encoding="utf-8")
NAME = "2025-10-31-daily-papers-20251031.md"
SELECT = ("--select", "DL209,DL304")


def _bad(post: str) -> str:
    """Two old problems: a wide gap in the first title (DL209), a wrong locale in the second paper (DL304)."""
    lines = post.split("\n")
    titles = [i for i, line in enumerate(lines) if line.startswith("# ")]
    lines[titles[0]] = lines[titles[0]].replace("[The Quest", "[The   Quest", 1)
    alphaxiv = [i for i, line in enumerate(lines) if "alphaxiv.org/ko/" in line]
    lines[alphaxiv[1]] = lines[alphaxiv[1]].replace("/ko/", "/en/", 1)
    return "\n".join(lines)


@pytest.fixture
def blog(tmp_path):
    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / NAME).write_text(_bad(GOOD_POST), encoding="utf-8")
    return tmp_path


def _json(res):
    return json.loads(res.stdout)


@pytest.mark.slow
def test_write_then_hide_then_fail_only_on_new_problems(blog):
    res = run_cli(*SELECT, "--write-baseline", "baseline.json", "_posts", cwd=blog)
    assert res.returncode == 0, res.stderr
    assert res.stdout.decode().splitlines()[-1] == "Recorded 2 findings (2 entries) in the baseline baseline.json; 1 file checked."
    assert "All good" not in res.stdout.decode()
    data = json.loads((blog / "baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert {(e["path"], e["rule"], e["count"]) for e in data["entries"]} == {
        (f"_posts/{NAME}", "DL209", 1),
        (f"_posts/{NAME}", "DL304", 1),
    }
    assert all(e["paper"].count(".") == 1 for e in data["entries"])  # arXiv IDs, not URLs
    assert not any("line" in e for e in data["entries"])

    res = run_cli(*SELECT, "--format", "json", "--baseline", "baseline.json", "_posts", cwd=blog)
    assert res.returncode == 0 and _json(res) == [], res.stderr
    assert "2 findings hidden by the baseline baseline.json" in res.stderr.decode()
    res = run_cli(*SELECT, "--baseline", "baseline.json", "_posts", cwd=blog)
    assert res.returncode == 0
    assert res.stdout.decode().splitlines()[-1] == "No new problems: 1 file checked (2 findings hidden by the baseline)."
    # a machine format says what it wrote on stderr (its stdout is the format's)
    res = run_cli(*SELECT, "--format", "json", "--write-baseline", "again.json", "_posts", cwd=blog)
    assert _json(res) == [] and "recorded 2 findings (2 entries) in the baseline again.json" in res.stderr.decode()

    # regenerate unrelated text above the findings: lines shift, the baseline still matches
    post = blog / "_posts" / NAME
    text = post.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    post.write_text(head + sep + "\n새로 생성된 소개 문단이다.\n\n" * 3 + body, encoding="utf-8")
    res = run_cli(*SELECT, "--format", "json", "--baseline", "baseline.json", "_posts", cwd=blog)
    assert res.returncode == 0 and _json(res) == [], (res.stdout, res.stderr)

    # a new problem of the same rule in another paper is reported
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("alphaxiv.org/ko/", "alphaxiv.org/ja/", 1), encoding="utf-8")
    res = run_cli(*SELECT, "--format", "json", "--baseline", "baseline.json", "_posts", cwd=blog)
    assert res.returncode == 1
    assert [f["rule"] for f in _json(res)] == ["DL304"]


@pytest.mark.slow
def test_works_from_another_working_directory(blog):
    run_cli(*SELECT, "--write-baseline", "baseline.json", "_posts", cwd=blog)
    res = run_cli(*SELECT, "--baseline", "../baseline.json", NAME, cwd=blog / "_posts")
    assert res.returncode == 0, (res.stdout, res.stderr)


@pytest.mark.slow
def test_entries_that_no_longer_match_are_reported(blog):
    run_cli(*SELECT, "--write-baseline", "baseline.json", "_posts", cwd=blog)
    post = blog / "_posts" / NAME
    post.write_text(post.read_text(encoding="utf-8").replace("[The   Quest", "[The Quest"), encoding="utf-8")
    res = run_cli(*SELECT, "--baseline", "baseline.json", "_posts", cwd=blog)
    assert res.returncode == 0
    err = res.stderr.decode()
    assert "1 baseline entry of baseline.json no longer match" in err
    assert f"_posts/{NAME}: DL209 paper 2510.26794" in err
    # entries of files that were not linted this time are not stale
    other = blog / "other.md"
    other.write_text(GOOD_POST, encoding="utf-8")
    res = run_cli(*SELECT, "--baseline", "baseline.json", "other.md", cwd=blog)
    assert "no longer match" not in res.stderr.decode()


def _f(text="A  B", paper="https://arxiv.org/abs/2510.26794v2", line=3, message="runs of spaces"):
    return Finding("p.md", line, 1, line, 5, "DL209", "title-whitespace", "warning", message, text=text, paper=paper)


def test_identical_findings_are_counted(tmp_path):
    target = str(tmp_path / "b.json")
    data = bl.build([_f(line=3), _f(line=9)], target)
    assert [e["count"] for e in data["entries"]] == [2]
    bl.write([_f(line=3)], target)  # one recorded ...
    applied = bl.apply(bl.load(target), [_f(line=30), _f(line=90)], ["p.md"])
    assert len(applied.findings) == 1 and applied.hidden == 1  # ... hides one of two


def test_key_ignores_line_numbers_and_paper_versions():
    a, b = _f(line=3, message="gap at column 7"), _f(line=50, message="gap at column 12", paper="https://arxiv.org/pdf/2510.26794")
    assert bl.finding_key(a) == bl.finding_key(b)
    assert bl.finding_key(a) != bl.finding_key(_f(text="C  D"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "content,message",
    [
        ("not json", "not valid JSON"),
        ('{"entries": []}', "not a digestlint baseline"),
        ('{"version": 99, "entries": []}', "unsupported baseline version"),
        ('{"version": 1, "entries": [{"path": "x"}]}', "entry 0 lacks"),
        ('{"version": 1, "entries": [{"path": "x", "rule": "DL1", "paper": "", "hash": "h", "count": 0}]}', "positive integer"),
    ],
)
def test_bad_baseline_files_are_a_one_line_error(tmp_path, content, message):
    (tmp_path / "b.json").write_text(content, encoding="utf-8")
    (tmp_path / "p.md").write_text(GOOD_POST, encoding="utf-8")
    res = run_cli("--baseline", "b.json", "p.md", cwd=tmp_path)
    assert res.returncode == 2
    err = res.stderr.decode().strip()
    assert message in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_missing_baseline_file(tmp_path):
    (tmp_path / "p.md").write_text(GOOD_POST, encoding="utf-8")
    res = run_cli("--baseline", "nope.json", "p.md", cwd=tmp_path)
    assert res.returncode == 2 and b"cannot read" in res.stderr

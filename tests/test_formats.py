"""The CI output formats: github (workflow commands), sarif (validated with jsonschema), junit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import GOOD, ROOT, run_cli
from digestlint.formats import Report, render
from digestlint.formats.github_format import escape_data, escape_property
from digestlint.model import Finding, FindingFix

SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"

BAD = "no front matter here\n"
BAD_FM = '---\nlayout: post\ntitle: [unclosed\n---\n본문.\n'


def _finding(**kw):
    base = dict(path="_posts/a.md", line=3, column=2, end_line=3, end_column=7, rule="DL501",
                name="placeholder-text", severity="error", message="placeholder text instead of content: '정보 부족'")
    base.update(kw)
    if isinstance(base.get("fix"), dict):  # written as the JSON output's fix object
        base["fix"] = FindingFix.from_json(base["fix"])
    return Finding(**base)


def _report(paths=("_posts/a.md",)):
    from digestlint import registry

    return Report(files=len(paths), version="1.2.3", rules=registry.all_rules(), paths=tuple(paths))


@pytest.fixture
def posts(tmp_path):
    tmp_path = tmp_path / "_posts"  # every markdown file under _posts/ is a post
    tmp_path.mkdir()
    (tmp_path / "bad.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "broken.md").write_text(BAD_FM, encoding="utf-8")
    (tmp_path / "good.md").write_text((GOOD / "2025-10-31-daily-papers-20251031.md").read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


# ------------------------------------------------------------------------------ github
def test_github_escaping_follows_the_runner_rules():
    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_command_per_severity():
    out = render("github", [_finding(), _finding(severity="warning", line=4), _finding(severity="info", line=5)], _report())
    lines = out.splitlines()
    assert lines[0] == (
        "::error file=_posts/a.md,line=3,col=2,endLine=3,endColumn=7,title=DL501 placeholder-text::"
        "placeholder text instead of content: '정보 부족'"
    )
    assert lines[1].startswith("::warning file=_posts/a.md,line=4,")
    assert lines[2].startswith("::notice file=_posts/a.md,line=5,")


def test_github_escapes_file_names_and_messages():
    out = render("github", [_finding(path="posts/a,b:c.md", message="line1\nline2 100%")], _report())
    assert "file=posts/a%2Cb%3Ac.md," in out
    assert out.splitlines()[0].endswith("::line1%0Aline2 100%25")


@pytest.mark.slow
def test_github_is_the_default_under_github_actions(posts):
    res = run_cli("bad.md", cwd=posts, env={"GITHUB_ACTIONS": "true"})
    assert res.returncode == 1
    first = res.stdout.decode().splitlines()[0]
    assert first.startswith("::error file=bad.md,line=1,col=1,"), first
    assert "title=DL003 missing-front-matter::" in first
    # an explicit --format still wins
    res = run_cli("--format", "json", "bad.md", cwd=posts, env={"GITHUB_ACTIONS": "true"})
    assert json.loads(res.stdout)[0]["rule"] == "DL003"


# ------------------------------------------------------------------------------ sarif
@pytest.fixture
def sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip("../shared/schemas/sarif-schema-2.1.0.json is not beside the repository")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    cls.check_schema(schema)
    return cls(schema)


def _assert_valid(validator, data):
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, [(list(e.absolute_path), e.message) for e in errors[:5]]


def test_sarif_cli_output_is_valid_and_complete(posts, sarif_validator, tmp_path):
    out = posts / "out.sarif"
    res = run_cli("--format", "sarif", "--select", "DL003,DL004", "--output-file", out, ".", cwd=posts)
    assert res.returncode == 1, res.stderr
    assert res.stdout == b""
    data = json.loads(out.read_text(encoding="utf-8"))
    _assert_valid(sarif_validator, data)
    run = data["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    from digestlint import registry

    assert [r["id"] for r in rules] == [r.id for r in registry.all_rules()]
    for r in rules:
        assert r["name"] and r["shortDescription"]["text"] and r["fullDescription"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert r["help"]["text"] and r["help"]["markdown"]
        assert r["helpUri"].endswith("#" + r["id"].lower())
    results = run["results"]
    by_file = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: res for res in results}
    assert set(by_file) == {"bad.md", "broken.md"}
    bad = by_file["bad.md"]
    assert bad["ruleId"] == "DL003" and rules[bad["ruleIndex"]]["id"] == "DL003"
    assert bad["level"] == "error"
    assert bad["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 21}
    assert by_file["broken.md"]["ruleId"] == "DL004"


def test_sarif_levels_fixes_and_uris(sarif_validator):
    fix = {"safe": True, "description": "replace it", "edits": [
        {"line": 3, "column": 2, "end_line": 3, "end_column": 7, "offset": 10, "end_offset": 15, "text": "내용"}]}
    findings = [
        _finding(fix=fix, path="_posts/한글 파일.md"),
        _finding(severity="info", rule="DL001", name="unreadable-file", path="sub\\dir/x.md"),
    ]
    data = json.loads(render("sarif", findings, _report()))
    _assert_valid(sarif_validator, data)
    r0, r1 = data["runs"][0]["results"]
    assert r0["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "_posts/%ED%95%9C%EA%B8%80%20%ED%8C%8C%EC%9D%BC.md"
    assert r0["fixes"][0]["artifactChanges"][0]["replacements"][0] == {
        "deletedRegion": {"startLine": 3, "startColumn": 2, "endLine": 3, "endColumn": 7},
        "insertedContent": {"text": "내용"},
    }
    assert r1["level"] == "note"
    assert r1["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "sub/dir/x.md"
    assert data["runs"][0]["columnKind"] == "unicodeCodePoints"
    assert r0["partialFingerprints"]["digestlint/v1"] != r1["partialFingerprints"]["digestlint/v1"]


def test_sarif_on_the_real_samples_is_valid(samples, sarif_validator):
    res = run_cli("--format", "sarif", *sorted(samples.glob("*.md")))
    assert res.returncode in (0, 1), res.stderr
    data = json.loads(res.stdout)
    _assert_valid(sarif_validator, data)


# ------------------------------------------------------------------------------ junit
def test_junit_one_testcase_per_finding_and_one_per_clean_file(posts):
    res = run_cli("--format", "junit", "--select", "DL003,DL004", ".", cwd=posts)
    assert res.returncode == 1
    root = ET.fromstring(res.stdout)
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    failing = [c for c in cases if c.find("failure") is not None]
    passing = [c for c in cases if c.find("failure") is None]
    assert [(c.get("classname"), c.get("name")) for c in passing] == [("good.md", "no problems")]
    assert all(len(c.findall("failure")) == 1 for c in failing)
    bad = [c for c in failing if c.get("classname") == "bad.md"]
    assert [(c.get("name"), c.get("line")) for c in bad] == [("DL003 missing-front-matter at 1:1", "1")]
    failure = bad[0].find("failure")
    assert failure.get("type") == "DL003" and failure.get("message").startswith("[error] DL003 missing-front-matter: ")
    assert failure.text.startswith("bad.md:1:1: DL003 [error]")
    assert {c.get("classname") for c in failing} == {"bad.md", "broken.md"}
    for element in (root, suite):
        assert element.get("tests") == str(len(cases)) and element.get("failures") == str(len(failing))
    findings = json.loads(run_cli("--format", "json", "--select", "DL003,DL004", ".", cwd=posts).stdout)
    assert len(failing) == len(findings)


def test_junit_escapes_markup_and_control_characters():
    out = render("junit", [_finding(message='a <b> & "c" \x1b[0m')], _report(("_posts/a.md", "_posts/b.md")))
    root = ET.fromstring(out.encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert 'a <b> & "c" \ufffd[0m' in failure.get("message")
    assert len(root.findall("testsuite/testcase")) == 2


@pytest.mark.slow
def test_output_file_for_every_format(posts):
    for fmt in ("github", "sarif", "junit"):
        target = posts / f"out.{fmt}"
        res = run_cli("--format", fmt, "-o", target, "bad.md", cwd=posts)
        assert res.returncode == 1 and res.stdout == b""
        assert "DL003" in target.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------ streamed output
def _many():
    fix = {"safe": True, "description": "trim", "edits": [{"line": 3, "column": 2, "end_line": 3, "end_column": 4,
                                                           "offset": 9, "end_offset": 11, "text": ""}]}
    return [
        _finding(path="_posts/a.md", line=1),
        _finding(path="_posts/a.md", line=2, fix=fix, message='"quoted" <tag> & \u202e'),
        _finding(path="_posts/b.md", line=5, severity="warning", rule="DL209", name="title-whitespace",
                 fix={**fix, "safe": False}),
        _finding(path="_posts/c d.md", line=9, severity="info", message="line\nbreak"),
    ]


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
@pytest.mark.parametrize("quiet,statistics", [(False, False), (True, False), (False, True)])
def test_streamed_output_is_the_rendered_output(fmt, quiet, statistics):
    """A streamed run writes each file's findings as they come (formats.stream): the pieces joined
    are exactly what render() gives for every finding at once, and valid in the format."""
    from digestlint.formats import stream

    findings = _many()
    paths = ("_posts/a.md", "_posts/b.md", "_posts/c d.md", "_posts/clean.md")
    report = _report(paths)
    report.quiet, report.statistics = quiet, statistics
    groups = [(p, [f for f in findings if f.path == p]) for p in paths]
    pieces = list(stream(fmt, iter(groups), report))
    assert len(pieces) > 2  # written a file at a time, not built whole
    assert "".join(pieces) == render(fmt, findings, report)
    for empty in ([], [("_posts/clean.md", [])]):
        assert "".join(stream(fmt, iter(empty), _report(tuple(p for p, _ in empty)))) == render(fmt, [], _report(tuple(p for p, _ in empty)))
    text = "".join(pieces)
    if fmt in ("json", "sarif"):
        json.loads(text)
    elif fmt == "junit":
        root = ET.fromstring(text.encode("utf-8"))
        assert root.get("tests") == "5" and root.get("failures") == "4"  # four findings, one clean file
        assert [c.get("classname") for c in root.iter("testcase")] == ["_posts/a.md", "_posts/a.md", *paths[1:]]


@pytest.mark.slow
def test_cli_output_is_sorted_by_path_with_corpus_findings_merged(tmp_path):
    """Findings are written per file in path order ('a-c.md' before 'a/x.md', though a folder's
    entries are found first), a corpus rule's finding (DL306) in its file's place, every format."""
    post = (GOOD / "2025-10-31-daily-papers-20251031.md").read_text(encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "2025-10-31-x.md").write_text(post.replace("# 1. [", "# 1.  ["), encoding="utf-8")
    later = post.replace("2025-10-31", "2025-11-02").replace("# 1. [", "# 1.  [")
    (tmp_path / "a-c.md").write_text(later, encoding="utf-8")
    res = run_cli("--no-cache", "--isolated", "--format", "json", "a", "a-c.md", cwd=tmp_path)
    got = json.loads(res.stdout)
    assert [f["path"] for f in got] == sorted(f["path"] for f in got)
    assert {f["path"] for f in got} == {"a-c.md", "a/2025-10-31-x.md"}
    assert any(f["rule"] == "DL306" and f["path"] == "a-c.md" for f in got)
    keys = [(f["path"], f["line"], f["column"], f["rule"]) for f in got]
    assert keys == sorted(keys)
    text = run_cli("--no-cache", "--isolated", "a", "a-c.md", cwd=tmp_path).stdout.decode()
    lines = [ln for ln in text.splitlines() if ":" in ln and not ln.startswith("Found")]
    assert len(lines) == len(got) and lines[0].startswith("a-c.md:")

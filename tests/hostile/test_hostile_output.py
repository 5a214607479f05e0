"""Threat: output that crashes on, or is corrupted by, hostile file names and locales.

A file name that is not UTF-8 (`\\xff.md`) must not crash SARIF (its URI names the real bytes,
`%FF.md`); `PYTHONIOENCODING=latin-1` must not crash any format (machine formats stay UTF-8,
text for people gets `\\uXXXX` escapes); GitHub annotations must not pass U+202E (which
reverses the log line) or ESC (a terminal sequence) through raw, nor name a file that does not
exist; a UTF-32 post is reported as UTF-32 (not UTF-16); `-o post.md post.md` is refused.
"""

from __future__ import annotations

import json
import os

import pytest

from hostile_helpers import CANARY, CANARY_NAME, GOOD_POST, assert_canary_linted, assert_one_line_error, lint_cli, write_canary

posix_only = pytest.mark.skipif(os.name != "posix", reason="arbitrary bytes in file names")


def _bad_name(tmp_path, name: bytes = b"2025-01-01-\xff.md", text: str = CANARY) -> None:
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as fh:
        fh.write(text.encode("utf-8"))


@posix_only
def test_sarif_with_a_file_name_that_is_not_utf8(tmp_path):
    write_canary(tmp_path)
    _bad_name(tmp_path)
    run = lint_cli("--format", "sarif", ".", cwd=tmp_path, json_output=False)
    assert run.rc == 1, run.stderr
    sarif = json.loads(run.stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"2025-01-01-%FF.md", CANARY_NAME}


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_pythonioencoding_latin1(tmp_path, fmt):
    write_canary(tmp_path)
    (tmp_path / "2025-10-31-daily-papers-korean.md").write_text(GOOD_POST.replace("## Introduction", "## 소개", 1), encoding="utf-8")
    run = lint_cli("--format", fmt, ".", cwd=tmp_path, json_output=False, env={"PYTHONIOENCODING": "latin-1"})
    assert run.rc == 1, run.stderr
    if fmt in ("json", "sarif"):
        json.loads(run.stdout)  # valid UTF-8 JSON
    if fmt == "text":
        assert CANARY_NAME in run.stdout


@posix_only
def test_github_annotations_escape_bidi_and_escape_characters(tmp_path):
    write_canary(tmp_path)
    name = "2025-10-31-\u202egnp.md"
    (tmp_path / name).write_text(CANARY, encoding="utf-8")
    _bad_name(tmp_path, b"2025-10-31-esc-\x1b[31m.md")
    run = lint_cli("--format", "github", ".", cwd=tmp_path, json_output=False)
    assert run.rc == 1, run.stderr
    assert "\u202e" not in run.stdout and "\x1b" not in run.stdout
    lines = [line for line in run.stdout.splitlines() if line.startswith("::")]
    # a name GitHub cannot be given: the annotation has no file property, the message names it visibly
    bidi = [line for line in lines if "\\u202e" in line]
    assert bidi and all("file=" not in line.split("::")[1] for line in bidi)
    assert any("2025-10-31-\\u202egnp.md:" in line for line in bidi)
    esc = [line for line in lines if "esc-\\x1b[31m.md" in line]
    assert esc and all("file=" not in line.split("::")[1] for line in esc)
    # an ordinary name keeps its location
    assert any(f"file={CANARY_NAME},line=" in line for line in lines)


def test_github_messages_escape_control_characters():
    from digestlint.formats.github_format import command
    from digestlint.model import Finding

    f = Finding("p.md", 1, 1, 1, 2, "DL501", "placeholder-text", "warning", "bad \u202etext\x1b[2J here")
    line = command(f)
    assert line.endswith("::bad \\u202etext\\x1b[2J here")
    assert "file=p.md,line=1" in line


@pytest.mark.parametrize("bom, codec", [(b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be")])
def test_utf32_is_reported_as_utf32(tmp_path, bom, codec):
    write_canary(tmp_path)
    (tmp_path / "2025-01-01-wide.md").write_bytes(bom + GOOD_POST.encode(codec))
    run = lint_cli(".", cwd=tmp_path)
    assert_canary_linted(run)
    wide = [f for f in run.findings if f["path"].endswith("wide.md")]
    assert [f["rule"] for f in wide] == ["DL001"]
    assert "UTF-32" in wide[0]["message"] and "UTF-16" not in wide[0]["message"]


@pytest.mark.parametrize("args", [("-o", "2025-01-01-post.md", "2025-01-01-post.md"), ("-o", "2025-01-01-post.md", "."),
                                  ("-o", "./sub/../2025-01-01-post.md", "2025-01-01-post.md")])
def test_output_file_that_is_an_input_is_refused(tmp_path, args):
    post = tmp_path / "2025-01-01-post.md"
    post.write_text(CANARY, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    run = lint_cli(*args, cwd=tmp_path, json_output=False)
    assert_one_line_error(run, "--output-file", "one of the files being linted")
    assert post.read_text(encoding="utf-8") == CANARY


def test_output_file_beside_the_inputs_is_fine(tmp_path):
    write_canary(tmp_path)
    run = lint_cli("-o", "report.txt", ".", cwd=tmp_path, json_output=False)
    assert run.rc == 1
    assert CANARY_NAME in (tmp_path / "report.txt").read_text(encoding="utf-8")

"""The public Python API: digestlint.lint / digestlint.fix, typed dataclasses, lazy imports."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys

import pytest

import digestlint
from conftest import GOOD, ROOT, run_cli

POST = "2025-10-31-daily-papers-20251031.md"
GOOD_TEXT = (GOOD / POST).read_text(encoding="utf-8")
#: DL209 twice (safe fixes) and a placeholder (DL501, no fix)
BAD_TEXT = GOOD_TEXT.replace("Data, Model, and Evaluation", "Data, Model, and   Evaluation", 1)


def test_lint_matches_the_command_line(tmp_path):
    path = tmp_path / "_posts" / POST
    path.parent.mkdir()
    path.write_text(BAD_TEXT, encoding="utf-8")
    cli = json.loads(run_cli("--isolated", "--no-cache", "--format", "json", path).stdout)
    api = digestlint.lint(BAD_TEXT, path=str(path), config={})
    assert [(f.rule, f.line, f.column, f.end_line, f.end_column, f.message, f.severity, f.name) for f in api] == [
        (f["rule"], f["line"], f["column"], f["end_line"], f["end_column"], f["message"], f["severity"], f["name"]) for f in cli]
    assert api and all(isinstance(f, digestlint.Finding) for f in api)


def test_findings_are_frozen_dataclasses_with_offsets():
    (f, *_) = [f for f in digestlint.lint(BAD_TEXT, path=POST, config={}) if f.rule == "DL209"]
    assert dataclasses.is_dataclass(f)
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.line = 3  # type: ignore[misc]
    assert BAD_TEXT[f.offset:f.end_offset] == "   "
    assert f.paper == "2510.26794"  # the arXiv ID of the paper it is about
    assert f.fix is not None and f.fix.safe
    (edit,) = f.fix.edits
    assert (edit.offset, edit.end_offset, edit.text) == (f.offset, f.end_offset, " ")
    assert str(f).startswith(f"{POST}:{f.line}:{f.column}: DL209 [warning] ")


@pytest.mark.parametrize("newline, bom", [("\r\n", ""), ("\r", ""), ("\n", "\ufeff")])
def test_offsets_index_the_text_as_given(newline, bom):
    text = bom + BAD_TEXT.replace("\n", newline)
    lf = {(f.rule, f.line, f.column): f for f in digestlint.lint(BAD_TEXT, path=POST, config={})}
    got = digestlint.lint(text, path=POST, config={})
    assert [(f.rule, f.line, f.column) for f in got] == list(lf)  # positions do not move
    for f in got:
        plain = lf[(f.rule, f.line, f.column)]
        assert text[f.offset:f.end_offset].replace("\r\n", "\n").replace("\r", "\n") == BAD_TEXT[plain.offset:plain.end_offset]
        if f.fix:
            for e in f.fix.edits:
                assert 0 <= e.offset <= e.end_offset <= len(text)


def test_fix_returns_the_fixed_text_and_what_remains():
    result = digestlint.fix(BAD_TEXT, path=POST, config={})
    assert isinstance(result, digestlint.FixResult)
    assert result.text == GOOD_TEXT and result.changed and result.fixed == 1
    assert result.remaining == tuple(digestlint.lint(GOOD_TEXT, path=POST, config={}))
    again = digestlint.fix(result.text, path=POST, config={})
    assert again.text == result.text and not again.changed


def test_fix_keeps_line_endings_and_bom():
    text = "\ufeff" + BAD_TEXT.replace("\n", "\r\n")
    result = digestlint.fix(text, path=POST, config={})
    assert result.text == "\ufeff" + GOOD_TEXT.replace("\n", "\r\n")


def test_fix_leaves_an_unparseable_text_alone():
    text = BAD_TEXT.split("\n---\n", 1)[1]  # no front matter
    result = digestlint.fix(text, path=POST, config={})
    assert result.text == text and not result.changed and result.problem and "does not parse" in result.problem
    assert "DL003" in {f.rule for f in result.remaining}


def test_config_mapping_select_and_errors():
    only = digestlint.lint(BAD_TEXT, path=POST, config={"select": ["DL501"]})
    assert only == []
    assert {f.rule for f in digestlint.lint(BAD_TEXT, path=POST, config={}, select=["title-whitespace"])} == {"DL209"}
    assert digestlint.lint(BAD_TEXT, path=POST, config={}, ignore=["DL2"]) == []
    with pytest.raises(digestlint.ConfigError, match="unknown language 'kr'"):
        digestlint.lint(GOOD_TEXT, config={"language": "kr"})
    with pytest.raises(digestlint.ConfigError, match="did you mean 'DL501'"):
        digestlint.lint(GOOD_TEXT, select=["DL5O1"])
    with pytest.raises(digestlint.ConfigError):
        digestlint.lint(GOOD_TEXT, blog="/nonexistent/blog")


def test_configuration_file_and_discovery(tmp_path):
    (tmp_path / ".digestlint.toml").write_text('ignore = ["title-whitespace"]\n', encoding="utf-8")
    (tmp_path / "_posts").mkdir()
    found = digestlint.lint(BAD_TEXT, path=str(tmp_path / "_posts" / POST))  # the nearest configuration
    assert "DL209" not in {f.rule for f in found}
    named = digestlint.lint(BAD_TEXT, path=POST, config=tmp_path / ".digestlint.toml")
    assert "DL209" not in {f.rule for f in named}


def test_corpus_rules_with_the_blogs_folder(tmp_path):
    blog = tmp_path / "_posts"
    blog.mkdir()
    shutil.copyfile(GOOD / POST, blog / POST)
    tomorrow = GOOD_TEXT.replace("2025-10-31", "2025-11-01")
    name = str(blog / "2025-11-01-daily-papers-20251101.md")
    without = digestlint.lint(tomorrow, path=name, config={})
    assert "DL306" not in {f.rule for f in without}  # the file does not exist yet: no folder to read
    republished = [f for f in digestlint.lint(tomorrow, path=name, config={}, blog=blog) if f.rule == "DL306"]
    # the whole post repeats the earlier one: one finding for the post (issue 14), naming it
    assert len(republished) == 1 and "all 3 papers" in republished[0].message, republished
    assert POST in republished[0].message
    # the post itself, already in the folder, is not compared with its own copy on disk
    assert "DL306" not in {f.rule for f in digestlint.lint(GOOD_TEXT, path=str(blog / POST), config={}, blog=blog)}


def test_bad_text_is_a_finding_not_an_exception():
    assert [f.rule for f in digestlint.lint("---\ntitle: x\n---\n\x00", config={})] == ["DL001"]
    big = digestlint.lint(GOOD_TEXT, config={"max-file-size": 100})
    assert [f.rule for f in big] == ["DL002"]


def test_import_digestlint_stays_light():
    code = ("import sys, digestlint; heavy = [m for m in ('digestlint.api', 'digestlint.engine', 'markdown_it', 'jsonschema', "
            "'click', 'yaml') if m in sys.modules]; print(heavy); digestlint.lint; print('digestlint.api' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[]" and out[1] == "True"


def test_public_names_are_typed():
    assert (ROOT / "src" / "digestlint" / "py.typed").is_file()
    assert set(digestlint.__all__) >= {"lint", "fix", "Finding", "Fix", "Edit", "FixResult", "ConfigError"}
    for cls in (digestlint.Finding, digestlint.Fix, digestlint.Edit, digestlint.FixResult):
        assert dataclasses.is_dataclass(cls)
        assert all(f.type for f in dataclasses.fields(cls))
    with pytest.raises(AttributeError):
        digestlint.no_such_name  # noqa: B018


def test_readme_generate_lint_reprompt_loop_runs(tmp_path, monkeypatch):
    """The README's example, run as written with a stand-in model: a bad answer, then a good one."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "def generate_post" in b]
    i = GOOD_TEXT.index("\n", GOOD_TEXT.index("## Limitations"))
    placeholder = GOOD_TEXT[: i + 1] + "\n정보 부족.\n" + GOOD_TEXT[GOOD_TEXT.index("\n## ", i):]  # DL501, no fix
    answers = iter([placeholder, GOOD_TEXT])
    prompts = []

    def ask_model(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    (tmp_path / "_posts").mkdir()
    monkeypatch.chdir(tmp_path)  # a blog: its posts under _posts/
    namespace = {"ask_model": ask_model}
    exec(compile(block, "README.md", "exec"), namespace)
    text = namespace["generate_post"]("Daily papers of 2025-10-31", f"_posts/{POST}")
    assert text == GOOD_TEXT
    assert len(prompts) == 2 and "DL501 placeholder-text" in prompts[1]  # the second prompt quotes the findings

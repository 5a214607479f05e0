"""Inline suppressions: next-line, ranges, file-wide; by ID or name; none named = all."""

from __future__ import annotations

from pathlib import Path

import pytest

from digestlint.document import Document

from conftest import FRONT_MATTER, lint_text

POST = FRONT_MATTER + """<!-- digestlint-disable-next-line DL501 -->
정보 부족.
<!-- digestlint-disable DL401 placeholder-text -->
a
b
<!-- digestlint-enable DL401 -->
c
<!-- digestlint-disable -->
d
```
<!-- digestlint-disable-file DL999 -->
```
"""


def test_parsing():
    sup = Document(POST).suppressions
    # (rule ID or "*", first line, last line, directive): names are resolved to IDs
    assert (("DL501", 9, 9, 0)) in sup.entries
    assert ("DL401", 10, 13, 1) in sup.entries
    assert ("DL501", 10, 20, 1) in sup.entries  # placeholder-text, never re-enabled: to the end
    assert ("*", 15, 20, 3) in sup.entries
    assert not any(first == 1 for _, first, _, _ in sup.entries)  # the one inside a code fence does not count
    assert sup.suppresses(9, ("DL501", "placeholder-text"))
    assert not sup.suppresses(9, ("DL502", "llm-artifact"))
    assert sup.suppresses(11, ("DL401", "untranslated-text"))
    assert sup.suppresses(14, ("DL501", "placeholder-text"))  # by name
    assert not sup.suppresses(14, ("DL401", "untranslated-text"))
    assert sup.suppresses(16, ("DL203", "paper-numbering"))  # all rules
    assert Document(POST).suppression_problems == []  # DL999 is inside a code fence


def test_file_wide_by_name_and_all():
    text = "<!-- digestlint-disable-file missing-front-matter -->\n# x\n"
    assert lint_text(text, select=["DL003"]) == []
    assert [f.rule for f in lint_text("# x\n", select=["DL003"])] == ["DL003"]
    assert lint_text("<!-- digestlint-disable-file -->\n# x\n", select=["DL003"]) == []
    assert [f.rule for f in lint_text("<!-- digestlint-disable-file DL004 -->\n# x\n", select=["DL003"])] == ["DL003"]


def test_range_suppression_by_id_end_to_end():
    text = "<!-- digestlint-disable DL003 -->\n# x\n<!-- digestlint-enable DL003 -->\n"
    assert lint_text(text, select=["DL003"]) == []
    text = "\n<!-- digestlint-disable DL003 -->\n# x\n"
    assert [f.line for f in lint_text(text, select=["DL003"])] == [1]  # line 1 is before the range


PLACEHOLDERS = FRONT_MATTER + """
# 1. [Paper](https://arxiv.org/abs/2510.26794)

## Results
<!-- digestlint-disable-next-line DL501 -->
정보 부족.

정보 부족.

<!-- digestlint-disable placeholder-text -->
정보 부족.

<!-- digestlint-enable placeholder-text -->
정보 부족.
"""


def test_placeholder_suppressions_end_to_end():
    lines = [f.line for f in lint_text(PLACEHOLDERS, select=["DL501"])]
    assert lines == [15, 21]  # 13 by next-line, 18 inside the disabled range
    # the same through the command line, with the rule named by ID in one place and by name in another
    from conftest import run_cli
    import json

    res = run_cli("-", "--stdin-filename", "post.md", "--select", "DL501", "--format", "json", input=PLACEHOLDERS.encode())
    assert [f["line"] for f in json.loads(res.stdout)] == [15, 21]


# ---------------------------------------------------------------------------- DL005 / DL006
import json as _json

from conftest import run_cli as _run_cli

TYPO = FRONT_MATTER + """
# 1. [Paper](https://arxiv.org/abs/2510.26794)

## Results
<!-- digestlint-disable-nextline DL501 -->
정보 부족.

정보 부족.
"""


def _cli_json(text: str, *args: str) -> list[dict]:
    res = _run_cli("-", "--stdin-filename", "2025-10-31-daily.md", "--isolated", "--no-cache", "--format", "json",
                   *args, input=text.encode())
    assert res.returncode in (0, 1), res.stderr
    return _json.loads(res.stdout)


def test_typo_in_directive_disables_nothing_and_is_dl005():
    found = _cli_json(TYPO, "--select", "DL501,DL005")
    assert [(f["rule"], f["line"]) for f in found] == [("DL005", 12), ("DL501", 13), ("DL501", 15)]
    dl005 = found[0]
    assert dl005["severity"] == "error" and dl005["column"] == 6
    assert "digestlint-disable-nextline" in dl005["message"] and "did you mean 'digestlint-disable-next-line'" in dl005["message"]


@pytest.mark.slow
def test_unknown_rule_disables_nothing_and_is_dl005():
    for comment in ("<!-- digestlint-disable-next-line DL599 -->", "<!-- digestlint-disable DL599 -->",
                    "<!-- digestlint-disable-file placeholder-txt -->", "<!-- digestlint-disable-next-line DL501 DL599 -->"):
        text = TYPO.replace("<!-- digestlint-disable-nextline DL501 -->", comment)
        found = _cli_json(text, "--select", "DL501,DL005")
        assert [(f["rule"], f["line"]) for f in found] == [("DL005", 12), ("DL501", 13), ("DL501", 15)], comment
    text = TYPO.replace("<!-- digestlint-disable-nextline DL501 -->", "<!-- digestlint-disable-file placeholder-txt -->")
    assert "did you mean 'placeholder-text'" in _cli_json(text, "--select", "DL005")[0]["message"]


@pytest.mark.slow
def test_valid_directives_still_work_with_case_and_description():
    for comment in ("<!-- digestlint-disable-next-line dl501 -->", "<!-- digestlint-disable-next-line DL501 -- on purpose -->",
                    "<!-- digestlint-disable-next-line placeholder-text,DL401 -->", "<!-- digestlint-disable-next-line ALL -->"):
        text = TYPO.replace("<!-- digestlint-disable-nextline DL501 -->", comment)
        assert [(f["rule"], f["line"]) for f in _cli_json(text, "--select", "DL501,DL005")] == [("DL501", 15)], comment


UNUSED = FRONT_MATTER + """
# 1. [Paper](https://arxiv.org/abs/2510.26794)

## Results
<!-- digestlint-disable-next-line DL501 -->
정보 부족.

<!-- digestlint-disable-next-line DL501 -->
결과가 좋다.

<!-- digestlint-disable-next-line DL501, DL401 -->
정보 부족.
"""


@pytest.mark.slow
def test_dl006_unused_suppression_is_opt_in():
    assert [f["rule"] for f in _cli_json(UNUSED)].count("DL006") == 0  # not in the default selection
    found = [f for f in _cli_json(UNUSED, "--select", "DL501,DL401,DL006") if f["rule"] == "DL006"]
    assert [(f["line"], f["column"], f["severity"]) for f in found] == [(15, 1, "info"), (18, 1, "info")]
    assert "DL501 (placeholder-text)" in found[0]["message"]
    assert "DL401 (untranslated-text)" in found[1]["message"] and "DL501" not in found[1]["message"]
    # a rule that is not checked is not reported as unused
    found = [f for f in _cli_json(UNUSED, "--select", "DL501,DL006") if f["rule"] == "DL006"]
    assert [f["line"] for f in found] == [15]
    # explicit ALL includes the opt-in rule (as in ruff)
    assert any(f["rule"] == "DL006" for f in _cli_json(UNUSED, "--select", "ALL"))


@pytest.mark.slow
def test_dl006_counts_corpus_suppressions_and_file_wide_dl006(tmp_path):
    from conftest import FRONT_MATTER as FM

    first = FM.replace("2025-10-31", "2025-10-30") + "\n# 1. [Paper](https://arxiv.org/abs/2510.26794)\n"
    second = FM + "<!-- digestlint-disable-file DL306 -->\n\n# 1. [Paper](https://arxiv.org/abs/2510.26794)\n"
    (tmp_path / "2025-10-30-a.md").write_text(first, encoding="utf-8")
    (tmp_path / "2025-10-31-b.md").write_text(second, encoding="utf-8")
    res = _run_cli(".", "--isolated", "--no-cache", "--format", "json", "--select", "DL306,DL006", cwd=tmp_path)
    assert _json.loads(res.stdout) == [], res.stdout  # the DL306 finding was suppressed: the comment was used
    (tmp_path / "2025-10-30-a.md").unlink()
    res = _run_cli(".", "--isolated", "--no-cache", "--format", "json", "--select", "DL306,DL006", cwd=tmp_path)
    assert [(f["rule"], f["line"]) for f in _json.loads(res.stdout)] == [("DL006", 8)]
    text = second.replace("DL306 -->", "DL306 -->\n<!-- digestlint-disable-file DL006 -->")
    (tmp_path / "2025-10-31-b.md").write_text(text, encoding="utf-8")
    res = _run_cli(".", "--isolated", "--no-cache", "--format", "json", "--select", "DL306,DL006", cwd=tmp_path)
    assert _json.loads(res.stdout) == []


@pytest.mark.slow
def test_dl006_same_on_a_warm_cache(tmp_path):
    post = tmp_path / "2025-10-31-daily.md"
    post.write_text(UNUSED, encoding="utf-8")
    runs = []
    for _ in range(2):
        res = _run_cli(str(post), "--isolated", "--format", "json", "--select", "DL501,DL401,DL006",
                       "--cache-dir", str(tmp_path / "cache"))
        runs.append(_json.loads(res.stdout))
    assert runs[0] == runs[1] and [f["line"] for f in runs[0] if f["rule"] == "DL006"] == [15, 18]


def test_dl006_in_the_editor_path():
    from digestlint import config as cfg, engine

    conf = cfg.Config(source="test", root=Path.cwd(), table={"select": ["DL501", "DL401", "DL306", "DL006"]})
    settings = cfg.settings_for(conf, cfg.Overrides(), None)
    text = UNUSED + "<!-- digestlint-disable-file DL306 -->\n"
    found = [f for f in engine.lint_text(text, "2025-10-31-daily.md", settings) if f.rule == "DL006"]
    assert [f.line for f in found] == [15, 18]  # DL306 (a corpus rule) is not judged in the editor

"""Threat: text that looks right but is encoded so that rules miss it.

A post saved in NFD (decomposed Hangul, as some macOS tools write it) looks the same as its NFC
form but every phrase list, section name and syllable count missed it; control separators
(U+2028/U+2029), deep blockquote nesting and other evasions hid placeholders and duplicate keys.
Each case lints the evasive form and asserts the same finding as the plain form, at the right
place in the file as written.
"""

from __future__ import annotations

import json
import unicodedata

import pytest

import hostile_helpers  # noqa: F401  (puts tests/ on sys.path)
from conftest import GOOD, _settings, lint_text, run_cli

POST_NAME = "2025-10-31-daily-papers-20251031.md"
BASE = (GOOD / POST_NAME).read_text(encoding="utf-8")


def _defective() -> str:
    """The good post with Korean defects of several rules."""
    post = BASE.replace("## Conclusion  \n", "## 결론\n", 1)  # DL207 (fixable: Conclusion)
    post = post.replace("## Results  \n", "## Results  \n정보 부족\n\n", 1)  # DL501
    post = post.replace("## Limitations  \n", "## Limitations  \n다음은 논문의 요약입니다.\n\n", 1)  # DL502
    return post


def _key(f):
    return (f.rule, f.line, f.message)


def test_nfd_post_gets_the_findings_of_its_nfc_form_and_one_dl007():
    nfc = _defective()
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    plain = lint_text(nfc)
    decomposed = lint_text(nfd)
    assert {"DL207", "DL501", "DL502"} <= {f.rule for f in plain}
    assert [f.rule for f in decomposed].count("DL007") == 1
    assert sorted(map(_key, plain)) == sorted(_key(f) for f in decomposed if f.rule != "DL007")
    # columns are those of the file as written: the reported span, normalised, is the same text
    nfc_lines, nfd_lines = nfc.split("\n"), nfd.split("\n")
    by_key = {_key(f): f for f in plain}
    for f in decomposed:
        if f.rule == "DL007":
            continue
        g = by_key[_key(f)]
        assert f.end_line == g.end_line
        if f.line == f.end_line:
            written = nfd_lines[f.line - 1][f.column - 1:f.end_column - 1]
            assert unicodedata.normalize("NFC", written) == nfc_lines[g.line - 1][g.column - 1:g.end_column - 1], f


def test_nfd_speech_level_and_term_variants():
    text = BASE.replace("## Results  \n", "## Results  \n확산 모델을 쓴다. 확산모델을 쓴다. 확산 모델이 좋다.\n\n", 1)
    text = text.replace("## Method  \n", "## Method  \n이 방법은 효율적입니다.\n\n", 1)
    nfc = lint_text(text, select=["DL403", "DL406"])
    nfd = lint_text(unicodedata.normalize("NFD", text), select=["DL403", "DL406"])
    assert {f.rule for f in nfc} == {"DL403", "DL406"}
    assert list(map(_key, nfc)) == list(map(_key, nfd))


def test_nfd_section_length_counts_syllables_not_jamo():
    opts = {"DL506": {"max-chars": 60}}
    nfc = lint_text(BASE, select=["DL506"], options=opts)
    nfd = lint_text(unicodedata.normalize("NFD", BASE), select=["DL506"], options=opts)
    assert nfc and list(map(_key, nfc)) == list(map(_key, nfd))


def test_nfd_dl007_is_reported_at_the_first_decomposed_character():
    text = BASE.replace("## Results  \n", "## Results  \n" + unicodedata.normalize("NFD", "결과 요약.") + "\n\n", 1)
    found = lint_text(text, select=["DL007"])
    line = text.split("\n").index(unicodedata.normalize("NFD", "결과 요약.")) + 1
    assert [(f.rule, f.line, f.column, f.end_column) for f in found] == [("DL007", line, 1, 4)]
    assert "1 line" in found[0].message
    assert lint_text(BASE, select=["DL007"]) == []


def test_fix_of_an_nfd_post_normalises_and_applies_the_other_fixes(tmp_path):
    post = tmp_path / POST_NAME
    nfd = unicodedata.normalize("NFD", _defective())
    post.write_bytes(nfd.replace("\n", "\r\n").encode("utf-8"))
    res = run_cli("--fix", "--format", "json", post.name, cwd=tmp_path)
    assert res.returncode in (0, 1), res.stderr
    fixed = post.read_bytes().decode("utf-8")
    assert unicodedata.is_normalized("NFC", fixed)
    assert "## Conclusion\r\n" in fixed and "## 결론" not in fixed  # DL207's fix was not lost
    assert "\r\n" in fixed and "\n" not in fixed.replace("\r\n", "")  # line endings kept
    remaining = {f["rule"] for f in json.loads(res.stdout)}
    assert "DL007" not in remaining and "DL207" not in remaining


def test_fix_text_of_nfd_is_stable():
    from digestlint import autofix

    nfd = unicodedata.normalize("NFD", _defective())
    out, result, problem = autofix.fix_bytes(nfd.encode(), POST_NAME, _settings())
    assert problem is None and result is not None
    again, result2, _ = autofix.fix_bytes(out, POST_NAME, _settings())
    assert again == out and result2.applied == 0


# ------------------------------------------------------------------------------ evasions
FM = '---\nlayout: post\ntitle: "Daily Papers — 2025-10-31"\ndate: 2025-10-31 08:15:00\ntags: [papers]\ncategories: []\n---\n'
HEAD = ("# 1. [T](https://arxiv.org/abs/2510.26794)\n\n> [Alphaxiv](https://www.alphaxiv.org/ko/overview/2510.26794)\n\n"
        "## Introduction\n\n")


def _at(found, rule):
    return [(f.line, f.column) for f in found if f.rule == rule]


@pytest.mark.parametrize("sep", ["\u2028", "\u2029"])
def test_placeholder_behind_a_line_separator(sep):
    # '…다.<U+2028>정보 부족' renders on two lines; the placeholder was read as the sentence's tail
    text = FM + HEAD + "좋은 내용이다." + sep + "정보 부족\n"
    assert _at(lint_text(text, select=["DL501"]), "DL501") == [(14, 10)]


@pytest.mark.parametrize("depth", [5, 19, 20, 21, 40, 200])
def test_placeholder_inside_deeply_nested_blockquotes(depth):
    # markdown-it drops the content of quotes nested 20 deep: nothing inside was checked
    text = FM + HEAD + "> " * depth + "정보 부족\n"
    assert _at(lint_text(text, select=["DL501"]), "DL501") == [(14, 2 * depth + 1)]


def test_heading_inside_deep_blockquotes_is_no_paper():
    text = FM + HEAD + "> " * 25 + "# 2. [X](https://arxiv.org/abs/2510.26213)\n"
    found = lint_text(text, select=["DL201", "DL203", "DL305"])
    assert found == []


@pytest.mark.parametrize("yaml_block,line,col", [
    ("extra:\n  a: 1\n  a: 2\n", 9, 3),
    ("extra: {a: 1, b: 2, a: 3}\n", 7, 21),
    ("authors:\n  - name: A\n    name: B\n", 9, 5),
    ("deep:\n  x:\n    y: 1\n    y: 2\n", 10, 5),
])
def test_duplicate_key_below_the_top_level(yaml_block, line, col):
    text = FM.replace("categories: []\n", "categories: []\n" + yaml_block) + HEAD
    found = lint_text(text, select=["DL105"])
    assert _at(found, "DL105") == [(line, col)], [(f.line, f.column, f.message) for f in found]
    assert "more than once" in found[0].message


def test_suppression_in_a_front_matter_comment_is_not_honoured():
    text = FM.replace("layout: post\n", "layout: post\n# <!-- digestlint-disable-file -->\n") + HEAD + "정보 부족\n"
    found = lint_text(text, select=["DL501", "DL005"])
    assert _at(found, "DL501") == [(15, 1)]
    assert _at(found, "DL005") == [(3, 8)]


def test_suppression_in_a_front_matter_value_is_not_honoured():
    # the title's date differs from `date` (DL103); a directive inside the value must not silence it
    text = FM.replace('title: "Daily Papers — 2025-10-31"',
                      'title: "Daily Papers — 2025-10-30 <!-- digestlint-disable-file DL103 -->"') + HEAD
    found = lint_text(text, select=["DL103", "DL005"])
    assert {f.rule for f in found} == {"DL103", "DL005"}, [(f.rule, f.message) for f in found]


def test_invalid_date_value_is_reported_at_its_key():
    text = FM.replace("date: 2025-10-31 08:15:00\n", "tags2: []\ndate: 2025-02-30\n") + HEAD
    found = lint_text(text, select=["DL004"])
    assert _at(found, "DL004") == [(5, 1)], [(f.line, f.column, f.message) for f in found]
    assert "day is out of range" in found[0].message

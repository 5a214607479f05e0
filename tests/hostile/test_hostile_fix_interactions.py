"""Threat: fixes that are each right but wrong together, and fixes that spread a defect.

Two fixes applied in one pass each see the post before the other one: DL302 inserted the
Alphaxiv link that a stray fence (DL502, deleted in the same pass) was hiding, and the post
ended with the link twice. A fix must also never copy a wrong value into a second place (DL302
copying a future arXiv ID) nor lose a character the value holds (DL102 dropping an NBSP).
Every case runs ``digestlint --fix`` end to end and lints the result again.
"""

from __future__ import annotations

import json

import pytest

from conftest import GOOD, run_cli

pytestmark = pytest.mark.slow  # see docs/DEVELOPING.md, "Test tiers"

NAME = "2025-10-31-daily-papers-20251031.md"
POST = (GOOD / NAME).read_text(encoding="utf-8")
ALPHAXIV = "> [Alphaxiv](https://www.alphaxiv.org/ko/overview/2510.26794)"


def _fix(tmp_path, text: str, *extra: str) -> tuple[str, list]:
    post = tmp_path / NAME
    post.write_text(text, encoding="utf-8")
    res = run_cli("--fix", *extra, post.name, cwd=tmp_path)
    assert res.returncode in (0, 1), res.stderr
    assert b"Traceback" not in res.stderr
    after = run_cli("--format", "json", "--no-cache", post.name, cwd=tmp_path)
    return post.read_text(encoding="utf-8"), json.loads(after.stdout)


def _fenced_first_paper() -> str:
    lines = POST.split("\n")
    heading = next(i for i, line in enumerate(lines) if line.startswith("# 1."))
    second = next(i for i, line in enumerate(lines) if line.startswith("# 2."))
    return "\n".join(lines[:heading + 1] + ["```markdown"] + lines[heading + 1:second - 1] + ["```", ""] + lines[second:])


def test_link_insertion_waits_for_the_fence_deletion_that_reveals_the_link(tmp_path):
    text = _fenced_first_paper()
    assert text.count(ALPHAXIV) == 1
    fixed, findings = _fix(tmp_path, text, "--unsafe-fixes")
    assert fixed.count(ALPHAXIV) == 1, fixed[:800]
    assert "```markdown" not in fixed
    rules = [f["rule"] for f in findings]
    assert "DL302" not in rules and "DL502" not in rules, rules
    # fixing again changes nothing
    again, _ = _fix(tmp_path, fixed, "--unsafe-fixes")
    assert again == fixed


def test_link_fix_without_unsafe_fixes_still_inserts_when_nothing_hides_it(tmp_path):
    text = POST.replace(ALPHAXIV + "\n\n", "", 1)
    fixed, findings = _fix(tmp_path, text)
    assert fixed.count(ALPHAXIV) == 1
    assert "DL302" not in [f["rule"] for f in findings]


def test_link_fix_does_not_copy_a_future_arxiv_id(tmp_path):
    # the heading's ID is from 2026-10, after the post's date: a typo (DL308); inserting an
    # Alphaxiv link with it would make a second wrong link (DL308 then fired twice)
    text = POST.replace("https://arxiv.org/abs/2510.26794)", "https://arxiv.org/abs/2610.26794)", 1)
    text = text.replace(ALPHAXIV + "\n\n", "", 1)
    fixed, findings = _fix(tmp_path, text)
    assert "2610.26794" in fixed and fixed.count("2610.26794") == 1
    rules = [f["rule"] for f in findings]
    assert rules.count("DL308") == 1 and "DL302" in rules


def test_quoting_fix_keeps_a_trailing_nbsp(tmp_path):
    text = POST.replace('title: "Daily Papers — 2025-10-31"', 'title: Daily Papers — 2025-10-31\u00a0"', 1)
    fixed, findings = _fix(tmp_path, text)
    assert 'title: "Daily Papers — 2025-10-31\u00a0"\n' in fixed
    assert "DL102" not in [f["rule"] for f in findings]

"""Data-driven rule cases (in the manner of sqlfluff's YAML test cases).

Every ``tests/rule_cases/*.yaml`` file names a rule and lists cases::

    rule: DL501
    cases:
      - name: placeholder alone in a section
        doc: |            # the whole post text
          ...
        expect:           # the rule's findings, in order ([] for a pass case)
          - {line: 12, column: 1, message: "정보 부족"}   # message: a substring
        fixed: |          # optional: the text after applying the rule's fixes
          ...
        options: {...}    # optional: the rule's options
        path: x.md        # optional file name (default 2025-10-31-daily-papers-20251031.md)
        language: zh      # optional target language (default ko)

A case with ``fixed`` is linted again after the fix, and must then be clean for the rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import lint_text

CASE_DIR = Path(__file__).parent / "rule_cases"


def _cases():
    for path in sorted(CASE_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{path.stem}::{case['name']}")


@pytest.mark.parametrize("rule,case", list(_cases()))
def test_rule_case(rule, case):
    from digestlint import registry
    from digestlint.fixes import apply_edits, finding_edits

    r = registry.lookup(rule)
    assert r is not None, f"unknown rule {rule}"
    options = {r.name: case["options"]} if case.get("options") else None
    path = case.get("path", "2025-10-31-daily-papers-20251031.md")
    findings = [f for f in lint_text(case["doc"], select=[rule], options=options, path=path, language=case.get("language", "ko")) if f.rule == r.id]
    expected = case.get("expect", [])
    got = [(f.line, f.column if "column" in e else None) for f, e in zip(findings, expected)]
    assert len(findings) == len(expected) and got == [(e["line"], e.get("column")) for e in expected], [
        (f.line, f.column, f.message) for f in findings
    ]
    for f, e in zip(findings, expected):
        if "message" in e:
            assert e["message"] in f.message, f.message
        if "end_line" in e:
            assert (f.end_line, f.end_column) == (e["end_line"], e["end_column"])
    if "fixed" in case:
        edits = finding_edits(findings, unsafe=case.get("unsafe", False))
        fixed, _ = apply_edits(case["doc"], edits)
        assert fixed == case["fixed"]
        again = [f for f in lint_text(fixed, select=[rule], options=options, path=path, language=case.get("language", "ko")) if f.rule == r.id and f.fix]
        assert again == [], "the fixed text still has fixable findings"

"""Data-driven rule cases (in the manner of sqlfluff's YAML test cases).

Every ``tests/rule_cases/DLNNN.yaml`` file names a rule and lists cases. A case is a shared post
of ``tests/rule_cases/_bases.yaml`` plus the lines that differ, or a whole text::

    rule: DL501
    cases:
      - name: placeholder alone in a section
        base: post        # a post of _bases.yaml (front, stub, post, three-papers, many-papers)
        replace:          # optional, in order: each ``old`` occurs exactly once in the text so far
          - old: |
              고자원 언어 편향과 음조 모델링 제한 등의 한계가 존재한다.
            new: |
              정보 부족.
        body: |           # optional: appended to the text
          ...
        # or, instead of base/replace/body:  doc: |  (the whole post text)
        expect:           # the rule's findings, in order ([] for a pass case)
          - {line: 12, column: 1, message: "정보 부족"}   # message: a substring
        fixed:            # optional: the text after applying the rule's fixes, as a whole text or
          - old: "A  B"   # as replacements of the case's text (same rules as replace:)
            new: "A B"
        options: {...}    # optional: the rule's options
        path: x.md        # optional file name (default 2025-10-31-daily-papers-20251031.md)
        language: zh      # optional target language (default ko)
        unsafe: true      # optional: apply unsafe fixes too

A base of ``_bases.yaml`` is a text or, the same way, another base plus ``replace``/``body``. A
case with ``fixed`` is linted again after the fix, and must then be clean for the rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import lint_text

CASE_DIR = Path(__file__).parent / "rule_cases"
BASES_FILE = CASE_DIR / "_bases.yaml"
_TEXT_KEYS = ("doc", "base", "replace", "body")


def _replaced(text: str, replace, where: str) -> str:
    for r in replace or ():
        old, new = r["old"], r["new"]
        n = text.count(old)
        assert n == 1, f"{where}: replace: {old!r} occurs {n} times (it must occur once)"
        text = text.replace(old, new, 1)
    return text


def expand(spec, bases: dict, where: str, seen: tuple = ()) -> str:
    """The text of a case (or of a base): ``doc``, or ``base`` + ``replace`` + ``body``."""
    if isinstance(spec, str):
        return spec
    if "doc" in spec:
        assert not any(k in spec for k in _TEXT_KEYS[1:]), f"{where}: doc and base/replace/body"
        return spec["doc"]
    name = spec.get("base")
    assert name in bases, f"{where}: unknown base {name!r} (the bases: {', '.join(bases)})"
    assert name not in seen, f"{where}: base {name!r} is its own base"
    text = expand(bases[name], bases, f"base {name}", seen + (name,))
    return _replaced(text, spec.get("replace"), where) + spec.get("body", "")


def load_cases() -> list[tuple[str, str, dict]]:
    """``(file stem, rule, case)`` for every case, ``case["doc"]`` (and a ``fixed`` given as
    replacements) expanded to the whole text."""
    bases = yaml.safe_load(BASES_FILE.read_text(encoding="utf-8"))
    out = []
    for path in sorted(CASE_DIR.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            where = f"{path.name}: {case['name']}"
            full = {k: v for k, v in case.items() if k not in _TEXT_KEYS}
            full["doc"] = expand(case, bases, where)
            if isinstance(case.get("fixed"), list):
                full["fixed"] = _replaced(full["doc"], case["fixed"], where + ": fixed")
            out.append((path.stem, data["rule"], full))
    return out


def _cases():
    for stem, rule, case in load_cases():
        yield pytest.param(rule, case, id=f"{stem}::{case['name']}")


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


def test_every_base_is_used_and_a_replacement_must_be_unambiguous():
    bases = yaml.safe_load(BASES_FILE.read_text(encoding="utf-8"))
    used = set()
    for path in CASE_DIR.glob("DL*.yaml"):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            used.add(case.get("base"))
    for spec in bases.values():
        if isinstance(spec, dict):
            used.add(spec.get("base"))
    assert set(bases) <= used, f"bases no case uses: {sorted(set(bases) - used)}"
    text = expand({"base": "post", "replace": [{"old": "## Results\n", "new": "## Findings\n"}]}, bases, "t")
    assert "## Findings\n" in text and "## Results\n" not in text
    with pytest.raises(AssertionError, match="occurs 0 times"):
        expand({"base": "post", "replace": [{"old": "no such line", "new": ""}]}, bases, "t")
    with pytest.raises(AssertionError, match="occurs 3 times"):
        expand({"base": "three-papers", "replace": [{"old": "## Results\n", "new": ""}]}, bases, "t")

"""Structure rules DL201-DL210: the real samples, the good fixtures, the shared section options,
fix round trips and robustness on arbitrary headings."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FRONT_MATTER, GOOD, lint_text, run_cli

STRUCTURE = [f"DL2{n:02d}" for n in range(1, 11)]

FM = FRONT_MATTER + """
"""


def _paper(n: int, sections, aid: str = "2510.24992") -> str:
    out = [f"# {n}. [POWSM: A Phonetic Open Whisper-Style Speech Foundation Model](https://arxiv.org/abs/{aid})", ""]
    out += [f"> [Alphaxiv](https://www.alphaxiv.org/ko/overview/{aid})", ""]
    for name in sections:
        out += [f"## {name}", "POWSM은 음소 인식과 음성 인식을 하나의 모델로 수행한다.", ""]
    return "\n".join(out) + "\n"


def _structure(findings):
    return [(f.line, f.column, f.end_column, f.rule) for f in findings if f.rule in STRUCTURE]


# ------------------------------------------------------------------ the samples, exactly
# (line, column, end column) of each run of spaces in a title; every other structure rule is silent
SAMPLE_FINDINGS = {
    "2025-09-13-daily-papers-20250913.md": [],
    "2025-09-22-daily-papers-20250922.md": [(10, 76, 79), (33, 74, 77), (77, 77, 80), (123, 77, 80)],
    "2025-10-09-daily-papers-20251009.md": [(10, 78, 81), (54, 73, 76), (188, 62, 65), (209, 75, 78)],
    "2025-10-29-daily-papers-20251029.md": [
        (31, 75, 78),
        (54, 74, 77),
        (98, 67, 70),
        (119, 74, 77),
        (140, 75, 78),
        (163, 75, 78),
    ],
    "2025-10-31-daily-papers-20251031.md": [(10, 70, 73), (31, 75, 78)],
}


@pytest.mark.parametrize("name", sorted(SAMPLE_FINDINGS))
def test_samples_give_exactly_these_structure_findings(samples, name):
    text = (samples / name).read_text(encoding="utf-8")
    got = _structure(lint_text(text, select=STRUCTURE, path=name))
    assert got == [(line, col, end, "DL209") for line, col, end in SAMPLE_FINDINGS[name]]
    lines = text.split("\n")
    for line, col, end in SAMPLE_FINDINGS[name]:
        assert lines[line - 1][col - 1 : end - 1] == "   "  # the finding is the run of spaces itself
        assert lines[line - 1].startswith("# ")


def test_samples_are_all_listed(samples):
    assert sorted(p.name for p in samples.glob("*.md")) == sorted(SAMPLE_FINDINGS)


@pytest.mark.parametrize("name", ["2025-10-29-daily-papers-20251029.md", "2025-10-31-daily-papers-20251031.md"])
def test_fixing_title_whitespace_gives_the_good_post(samples, name):
    from digestlint.fixes import apply_edits, finding_edits

    text = (samples / name).read_text(encoding="utf-8")
    findings = lint_text(text, select=["DL209"], path=name)
    fixed, applied = apply_edits(text, finding_edits(findings))
    assert applied == len(SAMPLE_FINDINGS[name])
    good = (GOOD / name).read_text(encoding="utf-8")

    def headings(t):
        return [line for line in t.split("\n") if line.startswith("# ")]

    # the good fixtures are the samples with their defects repaired: the headings are identical
    assert headings(fixed) == headings(good)
    if name == "2025-10-31-daily-papers-20251031.md":  # whose only defect is the title spaces
        assert fixed == good


@pytest.mark.parametrize("path", sorted(GOOD.glob("*.md")), ids=lambda p: p.name)
def test_good_posts_are_clean(path):
    text = path.read_text(encoding="utf-8")
    assert _structure(lint_text(text, select=STRUCTURE, path=path.name)) == []


@pytest.mark.slow
def test_cli_fix_on_a_sample_copy(samples, tmp_path):
    name = "2025-09-22-daily-papers-20250922.md"
    shutil.copyfile(samples / name, tmp_path / name)
    res = run_cli("--isolated", "--no-cache", "--select", "DL2", "--fix", name, cwd=tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    fixed = (tmp_path / name).read_text(encoding="utf-8")
    assert "   " not in "".join(line for line in fixed.split("\n") if line.startswith("# "))
    again = run_cli("--isolated", "--no-cache", "--select", "DL2", "--format", "json", name, cwd=tmp_path)
    assert again.returncode == 0 and json.loads(again.stdout) == []


# ------------------------------------------------------------------ posts of real size and shape
STD = ["Introduction", "Method", "Results", "Limitations", "Conclusion"]


def test_39_papers_clean_and_with_defects():
    papers = [_paper(n, STD, f"2510.{20000 + n}") for n in range(1, 40)]
    assert _structure(lint_text(FM + "".join(papers), select=STRUCTURE)) == []
    # paper 20: Limitations misspelt and placed last; paper 31: numbered 30 and Results twice
    papers[19] = _paper(20, ["Introduction", "Method", "Results", "Conclusion", "Limitaions"], "2510.20020")
    papers[30] = _paper(30, ["Introduction", "Method", "Results", "Results", "Limitations", "Conclusion"], "2510.20031")
    text = FM + "".join(papers)
    rules = [f.rule for f in lint_text(text, select=STRUCTURE)]
    assert rules == ["DL205", "DL207", "DL203", "DL206"]


def test_a_fully_translated_paper_is_one_finding_per_heading_and_fixes_clean():
    from digestlint.fixes import apply_edits, finding_edits

    text = FM + _paper(1, ["서론", "방법", "결과", "한계", "결론"])
    findings = lint_text(text, select=STRUCTURE)
    assert [f.rule for f in findings] == ["DL207"] * 5  # not also five missing sections
    fixed, _ = apply_edits(text, finding_edits(findings))
    assert fixed == FM + _paper(1, STD)
    assert lint_text(fixed, select=STRUCTURE) == []


# ------------------------------------------------------------------ one option source
CUSTOM = {"missing-section": {"sections": ["요약", "방법", "결과"], "aliases": {"요약": ["Summary", "개요"]}}}


def test_custom_sections_drive_every_section_rule():
    clean = FM + _paper(1, ["요약", "방법", "결과"])
    assert _structure(lint_text(clean, select=STRUCTURE, options=CUSTOM)) == []
    # the default English sections are unknown once the blog configured its own
    english = FM + _paper(1, STD)
    found = [(f.rule, f.message) for f in lint_text(english, select=STRUCTURE, options=CUSTOM)]
    assert sorted({r for r, _ in found}) == ["DL204", "DL207"]
    assert sum(r == "DL204" for r, _ in found) == 3 and sum(r == "DL207" for r, _ in found) == 5
    wrong = FM + _paper(1, ["방법", "요약", "결과", "방법", "Summary"])
    rules = [(f.line, f.rule) for f in lint_text(wrong, select=STRUCTURE, options=CUSTOM)]
    # 요약 (line 16) is out of order; 방법 again (line 22); Summary is an alias of 요약: a second 요약
    # (DL206) and a heading DL207 names but cannot rename (요약 exists already)
    assert rules == [(16, "DL205"), (22, "DL206"), (25, "DL206"), (25, "DL207")]


def test_aliases_of_a_section_that_is_not_configured_are_ignored():
    text = FM + _paper(1, ["요약", "방법", "결과", "결론"])
    found = [f for f in lint_text(text, select=["DL207"], options=CUSTOM)]
    assert len(found) == 1 and "is no required section" in found[0].message and found[0].fix is None


def test_an_alias_of_two_sections_is_suggested_but_not_fixed():
    opts = {"missing-section": {"aliases": {"Results": ["평가"], "Conclusion": ["평가"]}}}
    text = FM + _paper(1, ["Introduction", "Method", "Results", "Limitations", "평가"])
    (f,) = lint_text(text, select=["DL207"], options=opts)
    assert "'## Results'" in f.message and "'## Conclusion'" in f.message and f.fix is None


def test_invalid_section_options_are_a_configuration_error(tmp_path):
    (tmp_path / "post.md").write_text(FM + _paper(1, STD), encoding="utf-8")
    (tmp_path / ".digestlint.toml").write_text("[rules.missing-section]\nsections = []\n", encoding="utf-8")
    res = run_cli("--no-cache", "post.md", cwd=tmp_path)
    assert res.returncode == 2
    assert b"Traceback" not in res.stderr and b"sections" in res.stderr


def test_trailing_spaces_and_closing_hashes_on_section_headings():
    text = FM + _paper(1, ["Introduction  ", "Method ##", "Results\t", "Limitations", "Conclusion"])
    assert _structure(lint_text(text, select=STRUCTURE)) == []


# ------------------------------------------------------------------ robustness
_TOKENS = list("#[]()1. \t:*_`abc>-") + ["결론", "Limitaions", "Method", "https://arxiv.org/abs/2510.1", "\n", "   "]
_heading_text = st.lists(st.sampled_from(_TOKENS), max_size=25).map("".join)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_heading_text, min_size=1, max_size=6))
def test_arbitrary_headings_never_crash_and_stay_in_bounds(parts):
    body = "".join(f"# {p}\n\n## {p[::-1]}\n\n" for p in parts)
    text = FM + body
    findings = lint_text(text, select=STRUCTURE)
    n_lines = text.count("\n") + 1
    for f in findings:
        assert 1 <= f.line <= f.end_line <= n_lines
        assert f.line < f.end_line or f.column <= f.end_column
    from digestlint.fixes import apply_edits, finding_edits

    fixed, _ = apply_edits(text, finding_edits(findings))
    lint_text(fixed, select=STRUCTURE)  # fixed text lints without error

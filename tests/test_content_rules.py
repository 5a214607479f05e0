"""The content rules (DL501-DL506, DL601) on the real samples and the good fixtures."""

from __future__ import annotations

import pytest

from conftest import FRONT_MATTER, GOOD, lint_text

CONTENT_RULES = ["DL501", "DL502", "DL503", "DL504", "DL505", "DL506", "DL601"]

# Every content finding the real samples give: the two `정보 부족.` Limitations sections. The
# samples have no truncated, redundant or repeated text, no chatter and no broken emphasis.
EXPECTED = {
    "2025-09-13-daily-papers-20250913.md": [("DL501", 103, 1, 103, 6)],
    "2025-09-22-daily-papers-20250922.md": [("DL501", 72, 1, 72, 6)],
    "2025-10-09-daily-papers-20251009.md": [],
    "2025-10-29-daily-papers-20251029.md": [],
    "2025-10-31-daily-papers-20251031.md": [],
}


def _content_findings(path):
    text = path.read_text(encoding="utf-8")
    return [
        (f.rule, f.line, f.column, f.end_line, f.end_column)
        for f in lint_text(text, select=CONTENT_RULES, path=path.name)
        if f.rule in CONTENT_RULES
    ]


def test_samples_give_exactly_the_known_content_findings(samples):
    got = {p.name: _content_findings(p) for p in sorted(samples.glob("*.md"))}
    assert got == {name: EXPECTED.get(name, []) for name in got}


def test_sample_placeholder_message_names_the_phrase(samples):
    text = (samples / "2025-09-13-daily-papers-20250913.md").read_text(encoding="utf-8")
    (f,) = [f for f in lint_text(text, select=["DL501"]) if f.rule == "DL501"]
    assert "'정보 부족'" in f.message and f.severity == "error"


@pytest.mark.parametrize("path", sorted(GOOD.glob("*.md")), ids=lambda p: p.name)
def test_good_fixtures_are_clean(path):
    assert _content_findings(path) == []


POST = FRONT_MATTER + """
# 1. [Paper](https://arxiv.org/abs/2510.26794)

## Limitations

{body}
"""


def test_placeholder_section_is_not_also_a_length_or_truncation_finding():
    findings = lint_text(POST.format(body="- 정보 부족"), select=CONTENT_RULES)
    assert [(f.rule, f.line, f.column) for f in findings] == [("DL501", 13, 3)]


def test_section_length_reports_a_placeholder_section_when_dl501_is_off():
    findings = lint_text(POST.format(body="정보 부족."), select=["DL506"])
    assert [(f.rule, f.line, f.column) for f in findings] == [("DL506", 11, 4)]


def test_truncated_post_end_is_reported_at_the_last_character():
    body = "현재 연구는 영어 데이터에 국한되며, 평가에는 도구 이름 유효성,"
    (f,) = lint_text(POST.format(body=body), select=["DL503"])
    assert (f.line, f.column, f.end_line, f.end_column) == (13, len(body), 13, len(body) + 1)
    assert f.severity == "warning"


def test_fuzzy_threshold_100_turns_near_misses_off():
    text = POST.format(body="정보부족힘.")
    assert [f.rule for f in lint_text(text, select=["DL501"])] == ["DL501"]
    assert lint_text(text, select=["DL501"], options={"placeholder-text": {"fuzzy-threshold": 100}}) == []


def test_suppression_comment_silences_a_placeholder():
    text = POST.format(body="<!-- digestlint-disable-next-line DL501 -->\n정보 부족.")
    assert lint_text(text, select=["DL501"]) == []


def test_crlf_and_bom_positions():
    text = "\ufeff" + POST.format(body="본 연구는 **마크다운(Markdown)**을 사용한다.").replace("\n", "\r\n")
    (f,) = lint_text(text, select=["DL601"])
    assert (f.line, f.column) == (13, 23)


def test_hostile_inputs_do_not_crash_the_content_rules():
    bodies = [
        "**" * 500 + "가" + "*" * 777,
        "_" * 1000 + "한" + "__" * 300,
        "정보 " * 2000 + "부족",
        "- " + "a," * 3000,
        "`" * 50 + "x" + "`" * 49 + "**(a)**을",
        "[x](" * 200 + "**(b)**를",
        "<think>" * 100,
        "{{" * 300 + "}}" * 300,
        "&amp;**(가)**나 \\**(다)**라 ![i](x**(y)**z)",
    ]
    for body in bodies:
        lint_text(POST.format(body=body), select=CONTENT_RULES)  # lint_text asserts no rule crashed


def test_content_rules_are_fast_on_a_long_post():
    import time

    para = "본 연구는 새로운 방법을 제안하며, 다양한 실험에서 기존 방법을 능가하는 성능을 보였다. "
    sections = "".join(f"## {name}\n\n{para * 8}{i}번째 문장이다.\n\n" for i, name in enumerate(["Introduction", "Method", "Results", "Limitations", "Conclusion"]))
    post = POST.replace("## Limitations\n\n{body}\n", "")
    papers = "".join(f"# {n}. [P{n}](https://arxiv.org/abs/2510.{26700 + n})\n\n{sections}" for n in range(1, 41))
    text = post.replace("# 1. [Paper](https://arxiv.org/abs/2510.26794)\n\n", papers)
    t0 = time.perf_counter()
    lint_text(text, select=CONTENT_RULES)
    assert time.perf_counter() - t0 < 10

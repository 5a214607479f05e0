"""One defect, one finding (issue 14): when a finding names the root cause at a place, the
findings that are its consequences there are not reported. Rules declare whom they yield to
(``Rule.defers_to``); the engine drops the overlapping consequences (``engine.root_causes``).

Each shape below is a real one from the issue. The consequences are real findings (they are
reported when the root rule is not selected), and with the root rule selected only the root
cause is left."""

from __future__ import annotations

import pytest

from conftest import FRONT_MATTER, lint_text

INTRO = (
    "## Introduction\n- Goal: 본 연구는 새로운 방법을 제안하는 것을 목표로 한다.\n"
    "- Motivation: 기존 방법은 느리다는 한계가 있었다.\n- Contribution: 빠르고 정확한 모델을 제안하였다.\n\n"
)
METHOD = "본 방법은 두 단계의 학습 절차로 구성되며 각 단계에서 서로 다른 손실 함수를 사용하였다."


def body(method=METHOD, limitations="계산 비용이 크다는 한계가 있으며 추가 연구가 필요하다.", extra=""):
    return (
        INTRO + f"## Method\n{method}\n\n## Results\n제안 방법은 세 벤치마크에서 기존 방법보다 높은 성능을 달성하였다.\n\n"
        f"## Limitations\n{limitations}\n\n{extra}## Conclusion\n본 연구는 효율적인 학습 방법의 가능성을 보여주었다.\n\n"
    )


def paper(n, aid, lead=None, **kw):
    if lead is None:
        lead = f"> [Alphaxiv](https://www.alphaxiv.org/ko/overview/{aid})\n\n"
    return f"# {n}. [A Paper Title](https://arxiv.org/abs/{aid})\n\n" + lead + body(**kw)


FM = FRONT_MATTER + "\n"
SHAPES = {
    # a title wrapped over two lines: the heading has no link, the tail is stray lead text
    "wrapped title": (
        FM + paper(1, "2510.26794") + "# 2. [A Title Wrapped Over\nTwo Lines](https://arxiv.org/abs/2510.26795)\n\n"
        "> [Alphaxiv](https://www.alphaxiv.org/ko/overview/2510.26795)\n\n" + body(),
        ("DL202", 30),
        {("DL301", 30), ("DL210", 31)},
    ),
    # a javascript: Alphaxiv link: no valid Alphaxiv link, and a lead line that is no link
    "javascript link": (
        FM + paper(1, "2510.26794") + paper(2, "2510.26795", lead="> [Alphaxiv](javascript:alert(1))\n\n"),
        ("DL307", 32),
        {("DL302", 30), ("DL210", 32)},
    ),
    "placeholder sentence": (FM + paper(1, "2510.26794", limitations="정보가 부족합니다."), ("DL501", 25), {("DL403", 25)}),
    "chatter line": (
        FM + paper(1, "2510.26794", method="다음은 이 논문의 요약입니다. " + METHOD),
        ("DL502", 19),
        {("DL403", 19)},
    ),
    "truncated section": (FM + paper(1, "2510.26794", limitations="계산 비용이 크다는"), ("DL503", 25), {("DL506", 24)}),
    "duplicated section": (
        FM + paper(1, "2510.26794", extra=f"## Method\n{METHOD}\n\n"),
        ("DL206", 27),
        {("DL504", 27)},  # and DL505 on line 28, which in turn is DL504's consequence
    ),
}
SELECT = ["DL2", "DL3", "DL4", "DL5"]


def found(text, select):
    return {(f.rule, f.line) for f in lint_text(text, select=select) if f.rule != "DL306"}


@pytest.mark.parametrize("name", list(SHAPES))
def test_root_cause_only(name):
    text, root, consequences = SHAPES[name]
    assert found(text, SELECT) == {root}


def selected_without(rule):
    from digestlint import registry

    return [r.id for prefix in SELECT for r in registry.resolve_selector(prefix) if r.id != rule and r.default_enabled]


@pytest.mark.parametrize("name", list(SHAPES))
def test_consequences_are_reported_without_their_root_rule(name):
    text, root, consequences = SHAPES[name]
    without = found(text, selected_without(root[0]))
    assert consequences <= without, without
    assert root not in without


def test_a_root_cause_elsewhere_hides_nothing():
    # the placeholder of paper 1 does not explain a polite sentence of paper 2; the duplicated
    # section of paper 1 does not explain a repeated sentence of paper 2
    polite = "제안 방법은 세 벤치마크에서 높은 성능을 달성하였습니다."
    text = (FM + paper(1, "2510.26794", limitations="정보가 부족합니다.", extra=f"## Method\n{METHOD}\n\n")
            + paper(2, "2510.26795", method=f"{METHOD} {METHOD}", limitations=polite))
    got = found(text, SELECT)
    assert ("DL501", 25) in got and ("DL206", 27) in got
    assert ("DL403", 25) not in got and ("DL505", 28) not in got and ("DL504", 27) not in got
    assert ("DL505", 43) in got  # paper 2's loop
    assert ("DL403", 49) in got  # paper 2's polite sentence


def test_suppressing_the_root_accepts_the_defect():
    text, root, consequences = SHAPES["duplicated section"]
    lines = text.split("\n")
    lines.insert(root[1] - 1, "<!-- digestlint-disable-next-line DL206 -->")
    got = found("\n".join(lines), SELECT)
    assert not any(rule in ("DL206", "DL504", "DL505") for rule, _line in got), got


def test_many_findings_are_filtered_without_pairwise_comparison():
    # a hostile post: thousands of placeholder sentences in the polite register
    text = FM + paper(1, "2510.26794", limitations="정보가 부족합니다. " * 3000)
    import time

    t0 = time.perf_counter()
    got = lint_text(text, select=["DL403", "DL501"])
    assert time.perf_counter() - t0 < 30
    assert len([f for f in got if f.rule == "DL501"]) == 3000
    assert not [f for f in got if f.rule == "DL403" and f.line == 25]  # the placeholder line


def test_defers_to_names_real_rules_without_cycles():
    from digestlint import registry

    table = {r.id: r for r in registry.all_rules()}
    for r in table.values():
        for owner in r.defers_to:
            assert owner in table and owner != r.id, (r.id, owner)
        if r.defers_to:
            assert r.defers_why, r.id

    def reaches(start, goal, seen=()):
        return any(o == goal or (o not in seen and reaches(o, goal, (*seen, o))) for o in table[start].defers_to)

    assert not [r for r in table if reaches(r, r)]


def test_rules_md_explains_which_finding_wins():
    from conftest import ROOT

    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "## Which finding wins when two describe one defect" in text
    assert "| [DL505](#dl505) repeated-sentence | [DL206](#dl206) duplicate-section, [DL504](#dl504) redundant-section |" in text


def test_a_finding_that_explains_nothing_near_it_hides_nothing():
    # a heading at the wrong level does not explain a missing Alphaxiv link (the generated blog:
    # both defects in one paper); a malformed link of no link kind does not explain it either
    level = FM + paper(1, "2510.26794") + "### 2. [A Paper Title](https://arxiv.org/abs/2510.26795)\n\n" + body()
    got = found(level, SELECT)
    assert ("DL202", 30) in got and ("DL302", 30) in got
    other = FM + paper(1, "2510.26794") + paper(2, "2510.26795", lead="> [Code](javascript:alert(1))\n\n")
    got = found(other, SELECT)
    assert ("DL307", 32) in got and ("DL302", 30) in got


def test_a_section_that_is_a_copy_is_one_finding_not_also_its_sentences():
    goal = "본 연구는 새로운 방법을 제안하는 것을 목표로 하며 기존 방법의 속도 한계를 해결하고자 한다."
    text = (FM + "# 1. [A Paper Title](https://arxiv.org/abs/2510.26794)\n\n"
            "> [Alphaxiv](https://www.alphaxiv.org/ko/overview/2510.26794)\n\n"
            + body().replace("- Goal: 본 연구는 새로운 방법을 제안하는 것을 목표로 한다.", f"- Goal: {goal}")
            .replace("본 연구는 효율적인 학습 방법의 가능성을 보여주었다.", goal + " 의의가 크다."))
    assert ("DL505", 28) in found(text, selected_without("DL504"))
    got = found(text, SELECT)
    assert ("DL504", 27) in got and not any(rule == "DL505" for rule, _line in got), got

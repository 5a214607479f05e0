"""The content/structure rules' fast paths decide exactly what the slow paths decide.

Each shortcut (a pre-filter, a specialised regex, a C parser) is compared with the general
code it stands in for, on generated inputs built from the pieces that matter.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digestlint import rulepacks
from digestlint.analysis import prose as prose_lib

FAST = settings(max_examples=300, deadline=None)


# DL101's fast schema check: tests/test_reference_impls.py (fast_check vs jsonschema).


# ---------------------------------------------------------------------------- rule packs
_PIECES = ["정보 부족", "정보가 부족", "해당 없음", "없음", "N/A", "n / a", "TODO", "tbd", "Sure, here", "sure", "measure",
           "I'm sorry, but", "I can't", "can", "{{ x }}", "{{ site.url }}", "<think>", "</Answer>", "[TODO]", "[내용]",
           "다음은 논문의 요약입니다", "İ", "ſ", "K", " ", "\n", ".", ",", "'", "가", "다."]


@FAST
@given(st.lists(st.sampled_from(_PIECES), max_size=8).map("".join), st.sampled_from(["DL501", "DL502"]))
def test_phrase_gate_skips_only_phrases_that_cannot_match(text, rule):
    rd = rulepacks.rule_data(rule, ())
    wheres = ("sentence", "anywhere")
    expected = []
    for ph in rd.phrases:  # every phrase regex, no anchors, no gate
        if ph.where in wheres:
            expected.extend((m.start(), -m.end(), i, ph.text, m.span()) for i, m in enumerate(ph.regex.finditer(text)))
    expected.sort(key=lambda t: (t[0], t[1], t[2]))
    got = [(ph.text, m.span()) for ph, m in rd.phrase_matches(text, wheres)]
    words = {ph.text: [w for w in re.split(r"[\W_]+", ph.text) if w] for ph in rd.phrases}
    # the anchor (the longest word, lowercased) is part of the contract: a phrase runs only when it occurs
    want = [(t, span) for _s, _e, _i, t, span in expected
            if not words[t] or max(words[t], key=len).lower() in text.lower()]
    assert got == want


@FAST
@given(st.lists(st.sampled_from(_PIECES), max_size=8).map("".join), st.sampled_from(["DL501", "DL502"]))
def test_pattern_gate_agrees_with_the_patterns(text, rule):
    rd = rulepacks.rule_data(rule, ())
    for wheres in (("anywhere",), ("anywhere", "alone")):
        expected = any(p.regex.search(text) for p in rd.patterns if p.where in wheres)
        assert rd.patterns_may_match(text, wheres) == expected


_GATE_PIECES = _PIECES + ["되지", " 않았다", "구체적인 ", "언급은 ", "존재하지 않는다", "[", "]", "내용", "다음은 ", "요약입니다",
                         "명시는 ", "본문에서 ", "제공", "상세히 ", "기술", "하지 않았", "한계를 ", "{%", "%}", "以下是", "总结"]


@FAST
@given(st.lists(st.sampled_from(_GATE_PIECES), max_size=10).map("".join), st.sampled_from(["DL501", "DL502"]),
       st.sampled_from([None, ("limitations",), ("method",)]))
def test_literal_prefilter_and_gate_agree_with_the_patterns(text, rule, section):
    rd = rulepacks.rule_data(rule, ())
    for wheres in (("anywhere",), ("anywhere", "alone")):
        expected = any(p.regex.search(text) for p in rd.patterns if p.where in wheres and (section is None or p.applies_in(section)))
        assert rd.patterns_may_match(text, wheres, section) == expected


def test_required_literals():
    req = rulepacks.required_literals
    assert req(re.compile(r"abc\s(?:de|fg)h?i")) == [{"abc"}, {"de", "fg"}, {"i"}]
    assert req(re.compile(r"(?:x|\d)y")) == [{"y"}]  # an alternative without a literal: no set
    assert req(re.compile(r"a(?:bc)?d")) == [{"a"}, {"d"}]  # an optional group is not required
    assert req(re.compile(r"(?:ab)+c")) == [{"ab"}, {"c"}]
    assert req(re.compile(r"think-가", re.I)) == [{"-가"}]  # case-insensitive: only uncased characters
    assert req(re.compile(r"\d+")) == []


def test_pattern_gate_with_groups_stays_conservative():
    """Patterns with groups are not combined into the RE2 gate (a back-reference would change
    meaning): the answer is then "may match" unless the literal prefilter rules the text out."""
    rd = rulepacks.RuleData(patterns=[rulepacks.Pattern(regex=re.compile(r"(a)\1"), where="anywhere")])
    assert rd.patterns_may_match("xya", ("anywhere",))  # no gate: the pattern decides
    assert not rd.patterns_may_match_reference("xya", ("anywhere",))
    assert rd.patterns_may_match("xaa", ("anywhere",)) and rd.patterns_may_match_reference("xaa", ("anywhere",))
    # the literal prefilter still applies (a match needs an 'a')
    assert not rd.patterns_may_match("xyz", ("anywhere",))


# ---------------------------------------------------------------------------- prose
_PROSE = ["ab", " ", "Z", ".", "e.g.", "vs.", "Fig.", "U.S.", "\n", "다.", "함.", "한다", "!", "?", "。", "…", "！",
          "\"", "'", ")", "*", "_", "`code`", "<b>", "](x)", "http://a.b", " A", " a"]


@FAST
@given(st.lists(st.sampled_from(_PROSE), max_size=14).map("".join))
def test_specialised_sentence_split_agrees(text):
    assert prose_lib.sentences(text) == prose_lib.sentences_reference(text)


@FAST
@given(st.lists(st.sampled_from(_PROSE), max_size=14).map("".join))
def test_mask_keeps_length_and_newlines(text):
    masked = prose_lib.mask_region(text, 0).text
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]


# ---------------------------------------------------------------------------- DL102
_FM_KEYS = ["title", "date", "tags", "a"]
_FM_VALUES = ['"Daily — 2025"', "'it''s'", "plain text", 'Daily Papers — 2025-09-13"', "'unbalanced", "[a, b, '가']",
              "\n  - x\n  - 'y'", "|\n  blk", ">-\n  fold", "2025-01-01", "123", "yes", "~", "", "{x: 1}", "“curly”",
              "a #c", "x\u2028y", "😀 emoji", "'multi\n  line'", '"esc \\t \\u00e9"']


def _signature(node):
    import yaml

    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        return ("S", node.tag, node.value, node.style, node.start_mark.index, node.end_mark.index)
    if isinstance(node, yaml.SequenceNode):
        return ("Q", node.tag, node.flow_style, node.start_mark.index, node.end_mark.index, [_signature(i) for i in node.value])
    return ("M", node.tag, node.flow_style, node.start_mark.index, node.end_mark.index,
            [(_signature(k), _signature(v)) for k, v in node.value])


@FAST
@given(st.lists(st.tuples(st.sampled_from(_FM_KEYS), st.sampled_from(_FM_VALUES)), min_size=1, max_size=4))
def test_dl102_libyaml_tree_equals_pure_python_tree(pairs):
    yaml = pytest.importorskip("yaml")
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    from digestlint import frontmatter
    from digestlint.rules.dl102_front_matter_quoting import _plain_style_none

    text = "\n".join(f"{k}: {v}" for k, v in pairs) + "\n"
    try:
        frontmatter.parse(text)
    except frontmatter.FrontMatterError:
        return  # DL102 never sees it
    try:
        fast = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return  # DL102 falls back to the pure-Python composer
    _plain_style_none(fast)
    assert _signature(fast) == _signature(yaml.compose(text, Loader=yaml.SafeLoader))
